package org.flexisip.proxy.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code REGISTRAR_*} text replies of spec/config.md §9.2, on an in-memory database and a manual clock. */
class RegistrarCliTest {
    private final ManualClock clock = new ManualClock();
    private final InternalRegistrarDb db = new InternalRegistrarDb(
            new RegistrarSettings(List.of("+sip.instance", "pn-tok", "line"), 10, "message-expires"), clock, false);
    private final RegistrarCli cli = cli(db);

    private static RegistrarCli cli(RegistrarDb db) {
        return new RegistrarCli(new RegistrarCommands(() -> db, new Random(7), 1), new ObjectMapper());
    }

    private static String run(RegistrarCli cli, String command, String arguments) throws Exception {
        return cli.execute(command, arguments).get(5, TimeUnit.SECONDS);
    }

    private String run(String command, String arguments) throws Exception {
        return run(cli, command, arguments);
    }

    @Test
    void getOfAnUnknownAorAnswersThe24NotFoundText() throws Exception {
        assertEquals("Error - 404 Not Found: the registrar database does not contain the requested AOR",
                run("REGISTRAR_GET", "sip:nobody@example.org"));
    }

    @Test
    void upsertAnswersTheRecordAsTabIndentedJson() throws Exception {
        String reply = run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 3600 dev-1");
        assertTrue(reply.startsWith("{\n\t\"contacts\" : [\n\t\t{\n\t\t\t\"contact\" : \"sip:alice@192.0.2.10\","), reply);
        assertTrue(reply.contains("\"expires-at\" : " + (clock.now().getEpochSecond() + 3600)), reply);
        assertTrue(reply.contains("\"unique-id\" : \"dev-1\""), reply);
    }

    @Test
    void upsertWithAQuotedUuidKeepsItAsTheContactKey() throws Exception {
        run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 3600 \"<urn:uuid:1>\"");
        Record record = db.fetch(SipUri.parse("sip:alice@example.org"), false).get();
        assertEquals("\"<urn:uuid:1>\"", record.bindings().get(0).key());
    }

    @Test
    void deleteFindsAKeyGivenWithoutItsQuotesAndAngleBrackets() throws Exception {
        run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 3600 \"<urn:uuid:1>\"");
        assertEquals("{\n\t\"contacts\" : [ ]\n}", run("REGISTRAR_DELETE", "sip:alice@example.org urn:uuid:1"));
    }

    @Test
    void deleteMatchesAGeneratedKeyByKeyOnly() throws Exception {
        db.bind(SipUri.parse("sip:bob@example.org"), new BindRequest(List.of(new BindRequest.NewContact(
                org.flexisip.common.sip.header.AddressHeader.of(SipUri.parse("sip:bob@192.0.2.20")), 600)),
                "call-1", 1, List.of(), List.of(), "", false, false, Optional.empty(), false)).get();
        String key = db.fetch(SipUri.parse("sip:bob@example.org"), false).get().bindings().get(0).key();
        assertTrue(key.startsWith("fs-gen-"), key);
        run("REGISTRAR_DELETE", "sip:bob@example.org " + key);
        assertTrue(db.fetch(SipUri.parse("sip:bob@example.org"), false).get().isEmpty());
    }

    @Test
    void upsertWithANegativeExpireTellsToUseRegistrarDelete() throws Exception {
        String reply = run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 -1");
        assertTrue(reply.startsWith("Error - expire must be greater than 0"), reply);
        assertTrue(reply.contains("use REGISTRAR_DELETE"), reply);
    }

    @Test
    void upsertWithAnInvalidAorAnswersInvalidSipUri() throws Exception {
        assertEquals("Error - Invalid SIP URI: alice@example.org",
                run("REGISTRAR_UPSERT", "alice@example.org sip:alice@192.0.2.10 60"));
    }

    @Test
    void upsertWithTooFewArgumentsGivesTheUsage() throws Exception {
        assertEquals("Error - 'REGISTRAR_UPSERT' command expects 3 or 4 arguments: <aor> <uri> <expire> [<uuid>]",
                run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10"));
    }

    @Test
    void clearAnswersDoneAndEmptiesTheRecord() throws Exception {
        run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 3600");
        assertEquals("Done - Cleared AOR: sip:alice@example.org", run("REGISTRAR_CLEAR", "sip:alice@example.org"));
        assertTrue(db.fetch(SipUri.parse("sip:alice@example.org"), false).get().isEmpty());
    }

    @Test
    void dumpListsTheAorsWithLiveBindings() throws Exception {
        run("REGISTRAR_UPSERT", "sip:alice@example.org sip:alice@192.0.2.10 3600");
        assertEquals("{\n\t\"aors\" : [\n\t\t\"sip:alice@example.org\"\n\t]\n}", run("REGISTRAR_DUMP", ""));
    }

    @Test
    void unreachableDatabaseAnswersFailedToConnect() throws Exception {
        assertEquals("Error - Failed to connect to the registrar database",
                run(cli(new UnreachableDb()), "REGISTRAR_GET", "sip:alice@example.org"));
    }

    @Test
    void handlesOnlyTheRegistrarCommands() {
        assertTrue(cli.handles("REGISTRAR_DUMP"));
        assertTrue(!cli.handles("CONFIG_GET"));
    }

    /** A database whose every operation fails as an unreachable Redis does. */
    private static final class UnreachableDb implements RegistrarDb {
        private static <T> CompletableFuture<T> down() {
            return CompletableFuture.failedFuture(RegistrarException.unavailable("connection refused", null));
        }

        @Override
        public CompletableFuture<Record> bind(SipUri aor, BindRequest request) {
            return down();
        }

        @Override
        public CompletableFuture<Record> fetch(SipUri aor, boolean recursive) {
            return down();
        }

        @Override
        public CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey) {
            return down();
        }

        @Override
        public CompletableFuture<Void> clear(SipUri aor) {
            return down();
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
            return aor.toString();
        }

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
