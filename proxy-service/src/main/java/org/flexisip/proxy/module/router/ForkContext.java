package org.flexisip.proxy.module.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;
import org.flexisip.common.sip.transaction.ServerTransaction;
import org.flexisip.common.time.Cancellable;
import org.flexisip.proxy.module.BranchOwner;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.jboss.logging.Logger;

/**
 * One forked request (spec/proxy.md §14 rules 10–19): its branches by q group, what the caller is told, and when.
 * <ul>
 * <li>Call fork: provisional responses go to the caller; a 2xx is forwarded at once and the other branches get
 * CANCEL with {@code Reason: SIP;cause=200;text="Call completed elsewhere"}; a 6xx ends the fork (unless
 * {@code fork-no-global-decline}) with {@code cause=600 "Busy Everywhere"}; an urgent failure starts
 * {@code call-fork-urgent-timeout}, after which the best response is given if nothing rings;
 * {@code call-fork-timeout} cancels what is pending and answers the best response or 408.</li>
 * <li>Message fork: a 2xx is forwarded; with {@code message-fork-late}, no 2xx within
 * {@code message-accept-timeout} gives {@code 202 Accepted} and delivery goes on, to devices that register later
 * too, until {@code message-delivery-timeout}; later answers are not forwarded.</li>
 * <li>Basic fork: the first 2xx, or the best final response once every branch has answered.</li>
 * </ul>
 * The next q group starts when the current one has failed or after {@code call-fork-current-branches-timeout}.
 * Confined to the SIP loop.
 *
 * <p>An answered fork that has ended lets go of the request event, the launcher (which holds the event too) and
 * the responses collected: the Agent keeps it as long as the caller's transaction and its branches (32 s after a
 * 2xx, RFC 6026), and all it does then is pass further 2xx of a call to the caller's transaction.
 */
final class ForkContext implements BranchOwner {
    private static final Logger LOG = Logger.getLogger(ForkContext.class);
    static final String REASON_COMPLETED = "SIP;cause=200;text=\"Call completed elsewhere\"";
    static final String REASON_DECLINED = "SIP;cause=600;text=\"Busy Everywhere\"";

    /** The forked request; null once an answered fork has ended (see the class doc). */
    private RequestEvent event;
    /** The caller's transaction, for the further 2xx of a call once {@link #event} is gone. */
    private final ServerTransaction server;
    private final ForkKind kind;
    private final ForkSettings settings;
    private final ProxyServices services;
    private Consumer<Target> launcher;
    private final Runnable onEnd;
    private List<List<Target>> groups;
    private Map<ClientTransaction, SipResponse> finals = new IdentityHashMap<>();
    private final List<ClientTransaction> branches = new ArrayList<>();
    private final List<SipResponse> refused = new ArrayList<>();
    private Set<String> targeted = new HashSet<>();
    private final List<Cancellable> timers = new ArrayList<>();
    private int nextGroup;
    private int launching;
    private boolean ringing;
    private boolean answered;
    private boolean ended;
    private Cancellable urgentTimer;
    private Cancellable groupTimer;

    ForkContext(RequestEvent event, ForkKind kind, ForkSettings settings, ProxyServices services,
            List<List<Target>> groups, Consumer<Target> launcher, Runnable onEnd) {
        this.event = event;
        this.server = event.transaction().orElse(null);
        this.kind = kind;
        this.settings = settings;
        this.services = services;
        this.groups = groups;
        this.launcher = launcher;
        this.onEnd = onEnd;
    }

    ForkKind kind() {
        return kind;
    }

    /** Whether the fork waits for devices that register after it started (fork-late). */
    boolean acceptsLateTargets() {
        return !ended && (kind == ForkKind.MESSAGE ? settings.messageForkLate() : settings.forkLate() && !answered);
    }

    void start() {
        if (kind == ForkKind.CALL) {
            timers.add(services.timers().schedule(settings.callTimeout(), this::onCallTimeout));
        } else if (kind == ForkKind.MESSAGE && settings.messageForkLate()) {
            timers.add(services.timers().schedule(settings.messageAcceptTimeout(), this::onAcceptTimeout));
            timers.add(services.timers().schedule(settings.messageDeliveryTimeout(), this::end));
        } else if (settings.forkLate() && kind == ForkKind.CALL) {
            timers.add(services.timers().schedule(settings.callTimeout(), this::onCallTimeout));
        }
        launchNextGroup();
        if (launching == 0 && branches.isEmpty()) {
            checkCompletion();
        }
    }

    /** A device registered during the fork (fork-late): it gets its branch unless it had one. */
    void addLateTarget(Target target) {
        if (!acceptsLateTargets() || !targeted.add(target.key())) {
            return;
        }
        LOG.debugf("fork of %s: late target %s", event, target.requestUri());
        launch(target);
    }

    private void launchNextGroup() {
        if (nextGroup >= groups.size()) {
            return;
        }
        List<Target> group = groups.get(nextGroup++);
        for (Target t : group) {
            if (targeted.add(t.key())) {
                launch(t);
            }
        }
        if (nextGroup < groups.size() && kind == ForkKind.CALL) {
            groupTimer = services.timers().schedule(settings.currentBranchesTimeout(), () -> {
                if (!answered) {
                    launchNextGroup();
                }
            });
            timers.add(groupTimer);
        }
    }

    private void launch(Target target) {
        if (launcher == null) {
            return; // Ended and answered: no branch starts any more.
        }
        launching++;
        launcher.accept(target);
    }

    @Override
    public void onBranchStarted(ClientTransaction branch) {
        launching = Math.max(0, launching - 1);
        branches.add(branch);
        if (answered && kind == ForkKind.CALL) {
            services.cancel(branch, REASON_COMPLETED); // A late device of a call that is already answered (rule 17).
        }
    }

    @Override
    public void onBranchRefused(SipResponse response) {
        launching = Math.max(0, launching - 1);
        refused.add(response);
        checkCompletion();
    }

    @Override
    public void onBranchResponse(ClientTransaction branch, SipResponse response) {
        int status = response.statusCode();
        if (answered) {
            if (kind == ForkKind.CALL && status >= 200 && status < 300) {
                // RFC 3261 §16.7 step 5: every 2xx of an INVITE goes back.
                if (event != null) {
                    services.respond(event, response);
                } else if (server != null) {
                    server.respond(response);
                }
            }
            return;
        }
        if (status < 200) {
            if (status == 100 || kind == ForkKind.MESSAGE) {
                return;
            }
            ringing |= status >= 180;
            services.respond(event, response);
            return;
        }
        finals.put(branch, response);
        // The other branches are cancelled before the caller is answered: answering ends the fork, which then
        // forgets the responses that tell which branches are still pending.
        if (status < 300) {
            cancelPending(REASON_COMPLETED);
            answer(response);
            return;
        }
        if (status >= 600 && kind == ForkKind.CALL && !settings.noGlobalDecline()) {
            cancelPending(REASON_DECLINED);
            answer(response);
            return;
        }
        if (kind == ForkKind.CALL && urgentTimer == null && settings.isUrgent(status)) {
            urgentTimer = services.timers().schedule(settings.urgentTimeout(), this::onUrgentTimeout);
            timers.add(urgentTimer);
        }
        checkCompletion();
    }

    @Override
    public void onCallerCancel() {
        answered = true; // The core answers 487.
        cancelPending(null);
        end();
    }

    private void checkCompletion() {
        if (answered || launching > 0 || branches.stream().anyMatch(b -> !finals.containsKey(b))) {
            return;
        }
        if (nextGroup < groups.size()) {
            if (groupTimer != null) {
                groupTimer.cancel();
            }
            launchNextGroup();
            return;
        }
        if (kind == ForkKind.MESSAGE && settings.messageForkLate()) {
            return; // Waits for the accept timeout (202), then for devices that register.
        }
        answerBest(false);
    }

    private void onUrgentTimeout() {
        if (!answered && !ringing) {
            cancelPending(null);
            answerBest(false);
        }
    }

    private void onCallTimeout() {
        if (!answered) {
            cancelPending(null);
            answerBest(true);
        }
        end();
    }

    private void onAcceptTimeout() {
        if (!answered) {
            answered = true;
            services.respond(event, generated(202, "Accepted"));
        }
    }

    /** The best final response, or 408 when a timeout leaves none (or 404/480 when no branch ever left). */
    private void answerBest(boolean timeout) {
        List<SipResponse> all = new ArrayList<>();
        for (ClientTransaction b : branches) {
            SipResponse r = finals.get(b);
            if (r != null) {
                all.add(r);
            }
        }
        all.addAll(refused);
        SipResponse best = BestResponse.of(all).orElseGet(() -> timeout ? generated(408, "Request Timeout")
                : generated(404, "Not Found"));
        answer(best);
    }

    /** A message fork with message-fork-late stays for late devices until message-delivery-timeout. */
    private boolean lingers() {
        return kind == ForkKind.MESSAGE && settings.messageForkLate();
    }

    private void answer(SipResponse response) {
        answered = true;
        services.respond(event, response);
        if (!lingers()) {
            end();
        }
    }

    private void cancelPending(String reason) {
        for (ClientTransaction b : branches) {
            if (!finals.containsKey(b)) {
                services.cancel(b, reason);
            }
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        timers.forEach(Cancellable::cancel);
        timers.clear();
        onEnd.run();
        if (answered) {
            // Fresh small collections rather than clear(): a cleared map keeps its table.
            event = null;
            launcher = null;
            groups = List.of();
            finals = new IdentityHashMap<>(1);
            targeted = new HashSet<>(1);
            refused.clear();
        }
    }

    private SipResponse generated(int status, String reason) {
        SipRequest request = event.receivedRequest();
        SipResponse r = SipResponse.to(request, status, reason).build();
        AddressHeader to = r.to();
        if (to.tag().isPresent()) {
            return r;
        }
        String tag = Integer.toHexString(request.callId().hashCode() ^ System.identityHashCode(this));
        return r.copy().set(HeaderName.TO, to.withTag(tag).toString()).build();
    }
}
