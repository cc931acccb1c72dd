package org.flexisip.proxy.module.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;

/**
 * A Registrar in a one-module chain, with an {@link InternalRegistrarDb} (or a given database) on the same
 * {@link org.flexisip.common.time.ManualClock}, recording what the chain answers and what it lets go on.
 * Configuration lines are {@code param=value} of {@code module::Registrar} or {@code section/param=value};
 * {@code reg-domains} is {@code example.org} unless given.
 */
final class RegistrarHarness {
    static final InetSocketAddress CLIENT = TestMessages.CLIENT;
    static final InetSocketAddress PROXY = TestMessages.PROXY;

    final RegistrarServices services = new RegistrarServices();
    final FlexisipConfig config;
    final ConfigSection section;
    final RegistrarDb db;
    final Registrar registrar;
    final List<SipResponse> replies = new ArrayList<>();
    final List<RequestEvent> notTaken = new ArrayList<>();
    private final ModuleChain chain;

    private RegistrarHarness(Function<RegistrarHarness, RegistrarDb> database, RandomGenerator random,
            String... lines) throws Exception {
        List<String> overrides = new ArrayList<>();
        overrides.add("module::Registrar/reg-domains=example.org");
        for (String line : lines) {
            overrides.add(line.substring(0, line.indexOf('=')).contains("/") ? line : "module::Registrar/" + line);
        }
        this.config = TestConfigs.with(overrides.toArray(String[]::new));
        this.section = config.section("module::Registrar").orElseThrow();
        this.db = database.apply(this);
        this.registrar = Registrar.create(new ModuleContext(section, config, services), db, random);
        this.chain = new ModuleChain(List.of(new ChainLink(section.spec().module().orElseThrow(), section,
                registrar)), Runnable::run, new ChainEnd() {
                    @Override
                    public void reply(RequestEvent event, SipResponse response) {
                        replies.add(response);
                    }

                    @Override
                    public void requestNotTaken(RequestEvent event) {
                        notTaken.add(event);
                    }

                    @Override
                    public void responseDone(ResponseEvent event) {
                        throw new AssertionError("no response goes through the Registrar here");
                    }
                });
    }

    /** With an internal database. */
    static RegistrarHarness with(String... lines) throws Exception {
        return new RegistrarHarness(RegistrarHarness::internal, new SplittableRandom(1), lines);
    }

    static RegistrarHarness with(RandomGenerator random, String... lines) throws Exception {
        return new RegistrarHarness(RegistrarHarness::internal, random, lines);
    }

    static RegistrarHarness withDb(RegistrarDb db, String... lines) throws Exception {
        return new RegistrarHarness(h -> db, new SplittableRandom(1), lines);
    }

    private static RegistrarDb internal(RegistrarHarness h) {
        return new InternalRegistrarDb(RegistrarSettings.from(h.section), h.services.clock, false);
    }

    // ---- running requests ----

    /** Runs the REGISTER through the chain and returns the only answer. */
    SipResponse send(String text) {
        return send(event(text));
    }

    SipResponse send(SipRequest request) {
        return send(new RequestEvent(new IncomingMessage(request, TransportSpec.Protocol.UDP, CLIENT, PROXY,
                Optional.empty()), null));
    }

    SipResponse send(RequestEvent event) {
        int before = replies.size();
        chain.onRequest(event);
        assertEquals(before + 1, replies.size(), "one answer expected");
        return replies.get(replies.size() - 1);
    }

    /** Runs a request through the chain, expecting no answer yet. */
    void run(RequestEvent event) {
        chain.onRequest(event);
    }

    static RequestEvent event(String text) {
        return new RequestEvent(TestMessages.udp(text), null);
    }

    // ---- messages ----

    /** A REGISTER from {@code sip:alice@example.org} (From and To), Call-ID {@code reg-1}, with the given lines. */
    static String register(int cseq, String... lines) {
        return registerFrom("<sip:alice@example.org>", cseq, lines);
    }

    static String registerFrom(String from, int cseq, String... lines) {
        StringBuilder b = new StringBuilder("REGISTER sip:example.org SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-reg" + cseq + ";rport=5062\n"
                + "Max-Forwards: 70\n"
                + "From: " + from + ";tag=a1\n"
                + "To: " + from + "\n"
                + "Call-ID: reg-1@192.0.2.10\n"
                + "CSeq: " + cseq + " REGISTER\n");
        Arrays.stream(lines).forEach(l -> b.append(l).append('\n'));
        return b.append("Content-Length: 0\n\n").toString();
    }

    /** A REGISTER whose Contact line is {@code contactValue} as it is (no parser check: built, not parsed). */
    static SipRequest withContactLine(String text, String contactValue) {
        SipRequest parsed = (SipRequest) TestMessages.parse(text);
        return parsed.copy().set(HeaderName.CONTACT, contactValue).build();
    }

    // ---- reading answers and the database ----

    /** The Contact values of a response, as written. */
    static List<String> contacts(SipResponse response) {
        List<String> values = new ArrayList<>();
        for (SipHeader h : response.headers(HeaderName.CONTACT)) {
            values.add(h.value());
        }
        return values;
    }

    Record record(String aor) {
        try {
            return db.fetch(SipUri.parse(aor), false).join();
        } catch (org.flexisip.common.sip.grammar.SipSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    long counter(String name) {
        return section.entry(name).counter().get();
    }
}
