package org.flexisip.proxy.module.registrar;

import static org.flexisip.proxy.module.registrar.RegistrarHarness.event;
import static org.flexisip.proxy.module.registrar.RegistrarHarness.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordKey;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

/**
 * spec/proxy.md §12 rule 14: a database that cannot answer never leaves a REGISTER hanging. On a fake database
 * only, not on each backend: it must fail in ways (never answering, answering after the timeout, a bug) that neither
 * the in-memory database nor a live Redis can be made to show on demand. A real Redis lost and back is
 * RedisRegistrarDbTest's subject (common) and the proxy's end to end in deploy's RedisRegistrarTest.
 */
class RegistrarUnavailableTest {
    private static final String PHONE = "Contact: <sip:alice@192.0.2.10:5062>";

    @Test
    void bindFailingAsUnavailableIsAnswered503WithRetryAfter() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.UNAVAILABLE));
        SipResponse r = h.send(register(1, PHONE));
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.reasonPhrase());
        assertEquals("5", r.headerValue(HeaderName.RETRY_AFTER).orElseThrow());
        assertTrue(r.to().tag().isPresent());
    }

    @Test
    void fetchFailingAsUnavailableIsAnswered503WithRetryAfter() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.UNAVAILABLE));
        SipResponse r = h.send(register(1));
        assertEquals(503, r.statusCode());
        assertEquals("5", r.headerValue(HeaderName.RETRY_AFTER).orElseThrow());
    }

    @Test
    void clearFailingAsUnavailableIsAnswered503WithRetryAfter() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.UNAVAILABLE));
        SipResponse r = h.send(register(1, "Contact: *", "Expires: 0"));
        assertEquals(503, r.statusCode());
        assertEquals(1, h.counter("count-clear-finished"));
    }

    @Test
    void databaseNotAvailableIsAnswered503AtOnceWithoutBeingAsked() throws Exception {
        FakeDb db = new FakeDb(Answer.NEVER);
        db.available = false;
        RegistrarHarness h = RegistrarHarness.withDb(db);
        SipResponse r = h.send(register(1, PHONE));
        assertEquals(503, r.statusCode());
        assertEquals("5", r.headerValue(HeaderName.RETRY_AFTER).orElseThrow());
        assertEquals(List.of(), db.calls);
    }

    @Test
    void databaseThatDoesNotAnswerIsAnswered503AfterTheTimeout() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.NEVER));
        h.run(event(register(1, PHONE)));
        h.services.advance(Registrar.DATABASE_TIMEOUT.minus(Duration.ofSeconds(1)));
        assertEquals(List.of(), h.replies);
        h.services.advance(Duration.ofSeconds(1));
        assertEquals(1, h.replies.size());
        assertEquals(503, h.replies.get(0).statusCode());
        assertEquals("5", h.replies.get(0).headerValue(HeaderName.RETRY_AFTER).orElseThrow());
        assertEquals(1, h.counter("count-bind-finished"));
    }

    @Test
    void lateAnswerAfterTheTimeoutIsNotSentTwice() throws Exception {
        FakeDb db = new FakeDb(Answer.LATER);
        RegistrarHarness h = RegistrarHarness.withDb(db);
        h.run(event(register(1, PHONE)));
        h.services.advance(Registrar.DATABASE_TIMEOUT);
        db.pending.get(0).complete(Record.empty("alice@example.org"));
        assertEquals(1, h.replies.size());
        assertEquals(503, h.replies.get(0).statusCode());
    }

    @Test
    void answerInTimeCancelsTheTimeout() throws Exception {
        FakeDb db = new FakeDb(Answer.LATER);
        RegistrarHarness h = RegistrarHarness.withDb(db);
        h.run(event(register(1, PHONE)));
        db.pending.get(0).complete(Record.empty("alice@example.org"));
        h.services.advance(Registrar.DATABASE_TIMEOUT);
        assertEquals(1, h.replies.size());
        assertEquals(200, h.replies.get(0).statusCode());
    }

    @Test
    void refusalByTheDatabaseIsAnsweredWithItsStatusAndReason() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.REFUSED));
        SipResponse r = h.send(register(1, PHONE));
        assertEquals(403, r.statusCode());
        assertEquals("Too many contacts in REGISTER", r.reasonPhrase());
    }

    @Test
    void unexpectedDatabaseFailureIsAnswered500() throws Exception {
        RegistrarHarness h = RegistrarHarness.withDb(new FakeDb(Answer.BUG));
        assertEquals(500, h.send(register(1, PHONE)).statusCode());
    }

    private enum Answer {
        UNAVAILABLE, REFUSED, BUG, NEVER, LATER
    }

    /** A database whose futures fail as told, never complete, or wait for the test. */
    private static final class FakeDb implements RegistrarDb {
        final Answer answer;
        final List<String> calls = new ArrayList<>();
        final List<CompletableFuture<Record>> pending = new ArrayList<>();
        boolean available = true;

        FakeDb(Answer answer) {
            this.answer = answer;
        }

        private <T> CompletableFuture<T> outcome(String call) {
            calls.add(call);
            return switch (answer) {
                case UNAVAILABLE -> CompletableFuture.failedFuture(
                        RegistrarException.unavailable("Redis unreachable", null));
                case REFUSED -> CompletableFuture.failedFuture(
                        RegistrarException.invalid(403, "Too many contacts in REGISTER"));
                case BUG -> CompletableFuture.failedFuture(new IllegalStateException("bug"));
                case NEVER, LATER -> new CompletableFuture<>();
            };
        }

        @Override
        public CompletableFuture<Record> bind(SipUri aor, BindRequest request) {
            CompletableFuture<Record> f = outcome("bind");
            pending.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Record> fetch(SipUri aor, boolean recursive) {
            return outcome("fetch");
        }

        @Override
        public CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey) {
            return outcome("fetchInstance");
        }

        @Override
        public CompletableFuture<Void> clear(SipUri aor) {
            return outcome("clear");
        }

        @Override
        public void subscribe(String key, RecordListener listener) {
        }

        @Override
        public void unsubscribe(String key, RecordListener listener) {
        }

        @Override
        public void publish(String key, String contactKey) {
        }

        @Override
        public Set<String> localAors() {
            return Set.of();
        }

        @Override
        public String keyOf(SipUri aor) {
            return RecordKey.of(aor, false);
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public void close() {
        }
    }
}
