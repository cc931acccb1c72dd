package org.flexisip.proxy.module;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.jboss.logging.Logger;

/**
 * Runs requests and responses through the modules in chain order (spec/proxy.md §1): each enabled module whose
 * filter accepts the message sees it, until one replies, drops, suspends or takes it. A suspended request comes
 * back right after the module that suspended it, on the SIP loop.
 */
public final class ModuleChain {
    private static final Logger LOG = Logger.getLogger(ModuleChain.class);

    private final List<ChainLink> links;
    private final Executor sipLoop;
    private final ChainEnd end;

    public ModuleChain(List<ChainLink> links, Executor sipLoop, ChainEnd end) {
        this.links = List.copyOf(links);
        this.sipLoop = sipLoop;
        this.end = end;
    }

    public List<ChainLink> links() {
        return links;
    }

    /** A new request, from the first module. */
    public void onRequest(RequestEvent event) {
        run(event, 0);
    }

    /** A response, through every module (§1.1); exceptions drop it (§1.3). */
    public void onResponse(ResponseEvent event) {
        for (ChainLink link : links) {
            if (!link.accepts(event.response())) {
                continue;
            }
            try {
                if (link.module().onResponse(event) == ResponseOutcome.DROP) {
                    LOG.debugf("%s dropped %s", link, event);
                    return;
                }
            } catch (Exception | LinkageError e) {
                LOG.errorf(e, "%s failed on response %s: dropped", link, event);
                return;
            }
        }
        end.responseDone(event);
    }

    /** Every 5 s (§1.5). */
    public void onIdle() {
        for (ChainLink link : links) {
            try {
                link.module().onIdle();
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed on its idle tick", link);
            }
        }
    }

    /** {@link Module#start()} of every module, on the SIP loop. */
    public void start() {
        for (ChainLink link : links) {
            link.module().start();
        }
    }

    /** {@link Module#reload()} of every module, on the SIP loop. */
    public void reload() {
        for (ChainLink link : links) {
            try {
                link.module().reload();
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed to reload", link);
            }
        }
    }

    public void close() {
        for (ChainLink link : links) {
            try {
                link.module().close();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s failed to close", link);
            }
        }
    }

    void resume(RequestEvent event) {
        sipLoop.execute(() -> run(event, event.position() + 1));
    }

    void replyLater(RequestEvent event, RequestOutcome.Reply reply) {
        sipLoop.execute(() -> answer(event, response(event, reply)));
    }

    private void run(RequestEvent event, int from) {
        for (int i = from; i < links.size(); i++) {
            ChainLink link = links.get(i);
            if (!link.accepts(event.request())) {
                continue;
            }
            event.enter(this, i);
            RequestOutcome outcome;
            try {
                outcome = link.module().onRequest(event);
            } catch (Exception | LinkageError e) {
                outcome = failure(link, event, e);
            }
            if (outcome instanceof RequestOutcome.Continue) {
                continue;
            }
            if (outcome instanceof RequestOutcome.Reply r) {
                LOG.debugf("%s answered %d to %s", link, r.status(), event);
                answer(event, response(event, r));
            } else if (outcome instanceof RequestOutcome.Drop) {
                LOG.debugf("%s dropped %s", link, event);
            } else if (outcome instanceof RequestOutcome.Suspend) {
                LOG.debugf("%s suspended %s", link, event);
            } else {
                LOG.tracef("%s took %s", link, event);
            }
            return;
        }
        end.requestNotTaken(event);
    }

    /** A module's answer: shown to the modules that asked for it (RequestEvent#onModuleAnswer), then sent. */
    private void answer(RequestEvent event, SipResponse response) {
        try {
            event.answered(response);
        } catch (RuntimeException e) {
            LOG.errorf(e, "a module failed on the answer %d to %s", response.statusCode(), event);
        }
        end.reply(event, response);
    }

    /** §1.3: an invalid request is a 400, anything else a 500; both logged with the module's name. */
    private static RequestOutcome failure(ChainLink link, RequestEvent event, Throwable e) {
        if (e instanceof InvalidHeaderException || e instanceof SipSyntaxException) {
            LOG.infof("%s found %s invalid: %s", link, event, e.getMessage());
            return RequestOutcome.reply(400, e instanceof InvalidHeaderException ? e.getMessage() : "Bad Request");
        }
        LOG.errorf(e, "%s failed on %s", link, event);
        return RequestOutcome.reply(500, "Internal Server Error");
    }

    /** The response a module asked for: built from the request as received, with a To tag (RFC 3261 §8.2.6.2). */
    static SipResponse response(RequestEvent event, RequestOutcome.Reply reply) {
        if (reply.response() != null) {
            return reply.response();
        }
        SipRequest received = event.receivedRequest();
        SipResponse.Builder b = SipResponse.to(received, reply.status(), reply.reason());
        for (SipHeader h : reply.headers()) {
            b.add(h);
        }
        if (reply.status() > 100) {
            try {
                AddressHeader to = received.to();
                if (to.tag().isEmpty()) {
                    b.set(HeaderName.TO, to.withTag(Long.toHexString(ThreadLocalRandom.current().nextLong()))
                            .toString());
                }
            } catch (RuntimeException e) {
                // A To that does not parse is copied as it is: the answer is a 400 about it anyway.
            }
        }
        return b.build();
    }
}
