package org.flexisip.proxy.module.registrar;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.ManualClock;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;

/**
 * A Registrar in a one-module chain, on the database of a {@link RegistrarBackend} (or a given database) with a
 * {@link org.flexisip.common.time.ManualClock}, recording what the chain answers and what it lets go on.
 * Configuration lines are {@code param=value} of {@code module::Registrar} or {@code section/param=value};
 * {@code reg-domains} is {@code example.org} unless given.
 * <p>
 * Databases may answer on another thread (Redis's event loop): {@link #send} waits for the answer, {@link #record}
 * for every database operation started so far, and {@link Published} for what subscribers are told.
 */
final class RegistrarHarness {
    static final InetSocketAddress CLIENT = TestMessages.CLIENT;
    static final InetSocketAddress PROXY = TestMessages.PROXY;
    static final Duration BOUND = RegistrarBackend.BOUND;

    final RegistrarServices services;
    final FlexisipConfig config;
    final ConfigSection section;
    final RegistrarDb db;
    final Registrar registrar;
    final List<SipResponse> replies = new CopyOnWriteArrayList<>();
    final List<RequestEvent> notTaken = new CopyOnWriteArrayList<>();
    private final ModuleChain chain;
    private final AtomicInteger inFlight = new AtomicInteger();

    private RegistrarHarness(ManualClock clock, List<String> backendLines,
            BiFunction<FlexisipConfig, SipClock, RegistrarDb> database, RandomGenerator random, String... lines)
            throws Exception {
        this.services = new RegistrarServices(clock);
        List<String> overrides = new ArrayList<>();
        overrides.add("module::Registrar/reg-domains=example.org");
        overrides.addAll(backendLines);
        for (String line : lines) {
            overrides.add(line.substring(0, line.indexOf('=')).contains("/") ? line : "module::Registrar/" + line);
        }
        this.config = TestConfigs.with(overrides.toArray(String[]::new));
        this.section = config.section("module::Registrar").orElseThrow();
        this.db = new InFlight(database.apply(config, clock));
        this.registrar = Registrar.create(new ModuleContext(section, config, services), db, random);
        registrar.start();
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

    /** On the database of {@code backend}. */
    static RegistrarHarness on(RegistrarBackend backend, String... lines) throws Exception {
        return on(backend, new SplittableRandom(1), lines);
    }

    static RegistrarHarness on(RegistrarBackend backend, RandomGenerator random, String... lines) throws Exception {
        return new RegistrarHarness(backend.manualClock(), backend.configLines(), backend::open, random, lines);
    }

    /** On a given database (a fake one), with a {@link ManualClock} from its default start. */
    static RegistrarHarness withDb(RegistrarDb db, String... lines) throws Exception {
        return new RegistrarHarness(new ManualClock(), List.of(), (c, clock) -> db, new SplittableRandom(1), lines);
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
        await().atMost(BOUND).until(() -> replies.size() > before);
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

    /**
     * Waits until every database operation started so far has completed (a Redis bind reads the clock when its
     * transaction runs: a test moving time on waits first for the binds of the time before).
     */
    void awaitDatabase() {
        await().atMost(BOUND).until(() -> inFlight.get() == 0);
    }

    /** The record of {@code aor}, read once every database operation started so far has completed. */
    Record record(String aor) {
        awaitDatabase();
        try {
            return db.fetch(SipUri.parse(aor), false).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (org.flexisip.common.sip.grammar.SipSyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("fetch of " + aor, e);
        }
    }

    long counter(String name) {
        return section.entry(name).counter().get();
    }

    /** Subscribes to {@code key} and waits until the subscription works (Redis drops what comes before it). */
    Published listen(String key) {
        Published published = new Published(key);
        db.subscribe(key, (k, contactKey) -> published.received.add(contactKey));
        AtomicInteger probes = new AtomicInteger();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            db.publish(key, Published.MARKER + "probe-" + probes.incrementAndGet());
            return !published.received.isEmpty();
        });
        return published;
    }

    /** The contact keys published on one record key, as a subscriber receives them. */
    final class Published {
        /** Prefix of the keys the harness publishes itself (no contact key looks like it). */
        static final String MARKER = "harness-marker-";
        private final String key;
        private final List<String> received = new CopyOnWriteArrayList<>();
        private int barriers;

        private Published(String key) {
            this.key = key;
        }

        /**
         * Waits until {@code count} contact keys have been received, then until a marker published after them has
         * come back (so that a key published in between is seen too); returns the keys received, markers left out.
         */
        List<String> await(int count) {
            org.awaitility.Awaitility.await().atMost(BOUND).until(() -> keys().size() >= count);
            String barrier = MARKER + "barrier-" + ++barriers;
            db.publish(key, barrier);
            org.awaitility.Awaitility.await().atMost(BOUND).until(() -> received.contains(barrier));
            return keys();
        }

        private List<String> keys() {
            return received.stream().filter(k -> !k.startsWith(MARKER)).toList();
        }
    }

    /** Delegates, counting the operations whose futures have not completed yet. */
    private final class InFlight implements RegistrarDb {
        private final RegistrarDb delegate;

        InFlight(RegistrarDb delegate) {
            this.delegate = delegate;
        }

        private <T> CompletableFuture<T> tracked(Supplier<CompletableFuture<T>> operation) {
            inFlight.incrementAndGet();
            CompletableFuture<T> future;
            try {
                future = operation.get();
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
            future.whenComplete((r, e) -> inFlight.decrementAndGet());
            return future;
        }

        @Override
        public CompletableFuture<Record> bind(SipUri aor, BindRequest request) {
            return tracked(() -> delegate.bind(aor, request));
        }

        @Override
        public CompletableFuture<Record> fetch(SipUri aor, boolean recursive) {
            return tracked(() -> delegate.fetch(aor, recursive));
        }

        @Override
        public CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey) {
            return tracked(() -> delegate.fetchInstance(aor, contactKey));
        }

        @Override
        public CompletableFuture<Void> clear(SipUri aor) {
            return tracked(() -> delegate.clear(aor));
        }

        @Override
        public void subscribe(String key, RecordListener listener) {
            delegate.subscribe(key, listener);
        }

        @Override
        public void unsubscribe(String key, RecordListener listener) {
            delegate.unsubscribe(key, listener);
        }

        @Override
        public void publish(String key, String contactKey) {
            delegate.publish(key, contactKey);
        }

        @Override
        public Set<String> localAors() {
            return delegate.localAors();
        }

        @Override
        public String keyOf(SipUri aor) {
            return delegate.keyOf(aor);
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
