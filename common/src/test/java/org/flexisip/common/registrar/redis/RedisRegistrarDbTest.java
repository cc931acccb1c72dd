package org.flexisip.common.registrar.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.ContactSerializer;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Vertx;

/** {@link RedisRegistrarDb} against a real {@code redis-server} (spec/registrar-db.md §4). */
class RedisRegistrarDbTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final RegistrarSettings SETTINGS = new RegistrarSettings(List.of("+sip.instance", "pn-tok", "line"),
            12, "message-expires");
    private static final SipUri ALICE = uri("sip:alice@example.org");
    private static final String ALICE_KEY = "alice@example.org";
    private static final String INSTANCE_1 = "\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"";
    private static final String CONTACT_1 = "<sip:alice@192.0.2.1:5060;transport=tcp>;+sip.instance=" + INSTANCE_1;

    @TempDir
    Path dir;

    private Vertx vertx;
    private RedisServer server;
    private final List<RedisRegistrarDb> dbs = new ArrayList<>();
    private final List<Optional<String>> availability = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRedis() {
        vertx = Vertx.vertx();
        server = RedisServer.start(dir);
    }

    @AfterEach
    void stopEverything() throws Exception {
        dbs.forEach(RedisRegistrarDb::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.stop();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operations and layout

    @Test
    void bindReturnsTheRecordThatFetchFindsAgain() {
        RedisRegistrarDb db = connected();
        Record bound = db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        Record fetched = db.fetch(uri("sip:alice@EXAMPLE.org;transport=tcp"), false).join();
        assertEquals(ALICE_KEY, fetched.key());
        assertEquals(bound, fetched);
        assertEquals(List.of(INSTANCE_1), keys(fetched));
    }

    @Test
    void fetchOfAnUnknownAorIsAnEmptyRecord() {
        Record fetched = connected().fetch(uri("sip:nobody@example.org"), false).join();
        assertTrue(fetched.isEmpty());
        assertEquals("nobody@example.org", fetched.key());
    }

    @Test
    void hashFieldIsTheContactKeyAndValueTheSerializedBinding() {
        RedisRegistrarDb db = connected();
        Record bound = db.bind(ALICE, new BindRequest(List.of(new BindRequest.NewContact(contact(CONTACT_1), 600)),
                "call-1", 7, List.of("sip:proxy.example.org;lr"), List.of("application/sdp"), "Linphone/5.2 (ring)",
                false, false, Optional.of("7f3a"), false)).join();
        Binding binding = bound.bindings().get(0);

        Map<String, String> hash = server.hgetall("fs:" + ALICE_KEY);

        assertEquals(Map.of(INSTANCE_1, new ContactSerializer("message-expires").serialize(binding)), hash);
        assertTrue(hash.get(INSTANCE_1).contains(";fs-conn-id=7f3a;callid=call-1;expires=600;cseq=7;updatedAt="),
                hash.get(INSTANCE_1));
    }

    @Test
    void expireAtIsTheLatestBindingLifetimeEnd() {
        RedisRegistrarDb db = connected();
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        Record record = db.bind(ALICE, request("c2", 1, "<sip:alice@192.0.2.2>;message-expires=3000", 60)).join();
        long latest = record.bindings().stream().mapToLong(Binding::lifetimeEnd).max().orElseThrow();
        assertEquals(record.bindings().get(1).registerTime() + 3000, latest);
        assertEquals(latest, server.command("EXPIRETIME", "fs:" + ALICE_KEY));
    }

    @Test
    void fetchInstanceFindsABindingByItsKeyOrTheBareInstanceId() {
        RedisRegistrarDb db = connected();
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        db.bind(ALICE, request("c2", 1, "<sip:alice@192.0.2.2>", 600)).join();

        Optional<Binding> exact = db.fetchInstance(ALICE, INSTANCE_1).join();
        Optional<Binding> bare = db.fetchInstance(ALICE, "urn:uuid:00000000-0000-0000-0000-000000000001").join();

        assertEquals(Optional.of(INSTANCE_1), exact.map(Binding::key));
        assertEquals(exact, bare);
        assertEquals(Optional.empty(), db.fetchInstance(ALICE, "urn:uuid:unknown").join());
    }

    @Test
    void expiryZeroDeletesTheFieldAndRemovingTheLastBindingDeletesTheHash() {
        RedisRegistrarDb db = connected();
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        db.bind(ALICE, request("c2", 1, "<sip:alice@192.0.2.2>", 600)).join();

        db.bind(ALICE, request("c1", 2, CONTACT_1, 0)).join();
        assertEquals(1, server.hgetall("fs:" + ALICE_KEY).size());
        assertFalse(server.hgetall("fs:" + ALICE_KEY).containsKey(INSTANCE_1));

        db.bind(ALICE, request("c2", 2, "<sip:alice@192.0.2.2>", 0)).join();
        assertEquals(0L, server.command("EXISTS", "fs:" + ALICE_KEY));
        assertTrue(db.fetch(ALICE, false).join().isEmpty());
    }

    @Test
    void bindRefusedByTheRulesFailsWithItsStatusAndKeepsTheRecord() {
        RedisRegistrarDb db = connected();
        db.bind(ALICE, request("c1", 3, "<sip:alice@192.0.2.1>", 600)).join();
        RegistrarException e = failure(db.bind(ALICE, request("c1", 3, "<sip:alice@192.0.2.1>", 0)));
        assertEquals(400, e.status());
        assertFalse(e.isUnavailable());
        assertEquals(1, db.fetch(ALICE, false).join().bindings().size());
        assertTrue(db.isAvailable());
    }

    @Test
    void clearDeletesTheHashAndPublishesAnEmptyContactKey() {
        RedisRegistrarDb db = connected();
        List<String> changes = subscribe(db, ALICE_KEY);
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();

        db.clear(ALICE).join();

        assertEquals(0L, server.command("EXISTS", "fs:" + ALICE_KEY));
        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|"));
        assertTrue(db.fetch(ALICE, false).join().isEmpty());
    }

    @Test
    void fetchRecursiveReplacesAliasBindingsByTheirTargetsBindings() {
        RedisRegistrarDb db = connected();
        db.bind(uri("sip:bob@example.org"), request("b1", 1, "<sip:bob@192.0.2.9>", 600)).join();
        db.bind(ALICE, new BindRequest(List.of(new BindRequest.NewContact(contact("<sip:bob@example.org>"), 600)),
                "a1", 1, List.of(), List.of(), "", true, false, Optional.empty(), false)).join();

        Record direct = db.fetch(ALICE, false).join();
        Record resolved = db.fetch(ALICE, true).join();

        assertEquals("sip:bob@example.org", direct.bindings().get(0).contact().uri().toString());
        assertEquals("sip:bob@192.0.2.9", resolved.bindings().get(0).contact().uri().toString());
    }

    @Test
    void concurrentBindsFromTwoProcessesKeepTheContactLimit() {
        RegistrarSettings three = new RegistrarSettings(SETTINGS.uniqueIdParameters(), 3, "message-expires");
        RedisRegistrarDb first = connected(RedisSettings.of("127.0.0.1", server.port()), three);
        RedisRegistrarDb second = connected(RedisSettings.of("127.0.0.1", server.port()), three);
        List<CompletableFuture<Record>> binds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RedisRegistrarDb db = i % 2 == 0 ? first : second;
            binds.add(db.bind(ALICE, request("c" + i, 1, "<sip:alice@192.0.2." + (i + 1) + ">", 600)));
        }
        binds.forEach(CompletableFuture::join);

        assertEquals(3, server.hgetall("fs:" + ALICE_KEY).size());
        assertEquals(3, first.fetch(ALICE, false).join().bindings().size());
    }

    @Test
    void localAorsListsTheRecordsBoundThroughThisProcess() {
        RedisRegistrarDb db = connected();
        RedisRegistrarDb other = connected();
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        other.bind(uri("sip:bob@example.org"), request("b1", 1, "<sip:bob@192.0.2.9>", 600)).join();

        assertEquals(Set.of("sip:alice@example.org"), db.localAors());

        db.clear(ALICE).join();
        assertEquals(Set.of(), db.localAors());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Publish / subscribe

    @Test
    void publishOfOneInstanceReachesTheSubscriberOfAnother() {
        RedisRegistrarDb subscriber = connected();
        RedisRegistrarDb binder = connected();
        List<String> changes = subscribe(subscriber, ALICE_KEY);

        binder.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        binder.publish(ALICE_KEY, INSTANCE_1);

        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|" + INSTANCE_1));
    }

    @Test
    void theLastUnsubscribeEndsTheRedisSubscription() {
        RedisRegistrarDb db = connected();
        RecordListener first = (k, c) -> { };
        RecordListener second = (k, c) -> { };
        db.subscribe(ALICE_KEY, first);
        db.subscribe(ALICE_KEY, second);
        await().atMost(BOUND).until(() -> server.subscribers(ALICE_KEY) == 1);

        db.unsubscribe(ALICE_KEY, first);
        db.subscribe("bob@example.org", first);
        await().atMost(BOUND).until(() -> server.subscribers("bob@example.org") == 1);
        assertEquals(1, server.subscribers(ALICE_KEY));

        db.unsubscribe(ALICE_KEY, second);
        await().atMost(BOUND).until(() -> server.subscribers(ALICE_KEY) == 0);
    }

    @Test
    void expiryOfARecordReachesItsSubscribersWithAnEmptyContactKey() {
        RedisRegistrarDb db = connected();
        List<String> changes = subscribe(db, ALICE_KEY);
        await().atMost(BOUND).until(() -> server.subscribers(RedisRegistrarDb.EXPIRED_CHANNEL) == 1);

        db.bind(ALICE, request("c1", 1, CONTACT_1, 1)).join();

        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|"));
        assertEquals(0L, server.command("EXISTS", "fs:" + ALICE_KEY));
        assertEquals(Optional.of(true), db.keyspaceEventsEnabled());
    }

    @Test
    void killedSubscriptionConnectionIsReopenedAndSubscribedAgain() {
        RedisRegistrarDb db = connected();
        List<String> changes = subscribe(db, ALICE_KEY);

        server.command("CLIENT", "KILL", "TYPE", "pubsub");

        await().atMost(BOUND).until(() -> db.isAvailable() && server.subscribers(ALICE_KEY) == 1
                && server.subscribers(RedisRegistrarDb.EXPIRED_CHANNEL) == 1);
        server.command("PUBLISH", ALICE_KEY, "k2");
        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|k2"));
        assertEquals(List.of(Optional.empty()), availability, "reopened at once, never unavailable");
    }

    @Test
    void unansweredKeepAlivePingReopensTheSubscriptionConnection() {
        RedisRegistrarDb db = connected(RedisSettings.of("127.0.0.1", server.port())
                .withSubscriptionKeepAlive(Duration.ofSeconds(1)), SETTINGS);
        List<String> changes = subscribe(db, ALICE_KEY);
        String before = subscriptionClientId();

        server.command("CLIENT", "PAUSE", "2500", "ALL");

        await().atMost(BOUND).until(() -> !subscriptionClientId().equals(before) && db.isAvailable()
                && server.subscribers(ALICE_KEY) == 1);
        server.command("PUBLISH", ALICE_KEY, "k3");
        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|k3"));
    }

    @Test
    void missingKeyspaceNotificationsAreReported() throws Exception {
        server.stop();
        Path other = Files.createDirectory(dir.resolve("no-events"));
        server = RedisServer.start(other, "--notify-keyspace-events", "");
        RedisRegistrarDb db = connected();
        assertEquals(Optional.of(false), db.keyspaceEventsEnabled());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Availability (spec/proxy.md §12 rule 14)

    @Test
    void stoppedRedisFailsOperationsAtOnceAndReportsTheError() throws Exception {
        RedisRegistrarDb db = connected();
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();

        server.stop();

        RegistrarException first = failureWithin3s(db.fetch(ALICE, false));
        assertTrue(first.isUnavailable());
        await().atMost(BOUND).until(() -> !db.isAvailable() && lastAvailability().isPresent());
        RegistrarException next = failureWithin3s(db.bind(ALICE, request("c1", 2, CONTACT_1, 600)));
        assertTrue(next.isUnavailable());
        assertEquals(503, next.status());
        assertTrue(failureWithin3s(db.fetchInstance(ALICE, INSTANCE_1)).isUnavailable());
        assertTrue(failureWithin3s(db.clear(ALICE)).isUnavailable());
    }

    @Test
    void restartedRedisIsAvailableAgainWithItsBindingsAndSubscriptions() {
        RedisRegistrarDb db = connected();
        List<String> changes = subscribe(db, ALICE_KEY);
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();

        server.stop();
        await().atMost(BOUND).until(() -> !db.isAvailable() && lastAvailability().isPresent());
        server.restart();

        await().atMost(BOUND).until(() -> db.isAvailable() && lastAvailability().isEmpty());
        assertEquals(List.of(INSTANCE_1), keys(db.fetch(ALICE, false).join()));
        await().atMost(BOUND).until(() -> server.subscribers(ALICE_KEY) == 1);
        server.command("PUBLISH", ALICE_KEY, "after-restart");
        await().atMost(BOUND).until(() -> changes.contains(ALICE_KEY + "|after-restart"));
    }

    @Test
    void redisUnreachableAtStartIsUnavailableAndFailsFast() throws Exception {
        server.stop();
        RedisRegistrarDb db = open(RedisSettings.of("127.0.0.1", server.port()), SETTINGS);

        await().atMost(BOUND).until(() -> lastAvailability().isPresent());
        assertFalse(db.isAvailable());
        assertTrue(failureWithin3s(db.fetch(ALICE, false)).isUnavailable());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Authentication (spec/registrar-db.md §4.9)

    @Test
    void authenticatesWithThePassword() throws Exception {
        restartWith("secret", "--requirepass", "secret");
        RedisRegistrarDb db = connected(RedisSettings.of("127.0.0.1", server.port()).withAuth("", "secret"),
                SETTINGS);
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        assertEquals(1, server.hgetall("fs:" + ALICE_KEY).size());
    }

    @Test
    void authenticatesWithAnAclUser() throws Exception {
        restartWith("", "--user", "flexisip", "on", ">s3cret:x", "~*", "&*", "+@all");
        RedisRegistrarDb db = connected(
                RedisSettings.of("127.0.0.1", server.port()).withAuth("flexisip", "s3cret:x"), SETTINGS);
        db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
        assertEquals(List.of(INSTANCE_1), keys(db.fetch(ALICE, false).join()));
    }

    @Test
    void wrongPasswordMakesTheDatabaseUnavailable() throws Exception {
        restartWith("secret", "--requirepass", "secret");
        RedisRegistrarDb db = open(RedisSettings.of("127.0.0.1", server.port()).withAuth("", "wrong"), SETTINGS);

        await().atMost(BOUND).until(() -> lastAvailability().isPresent());
        assertFalse(db.isAvailable());
        assertTrue(failureWithin3s(db.fetch(ALICE, false)).isUnavailable());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Replication (spec/registrar-db.md §4.10)

    @Test
    void configuredReplicaLeadsToItsMaster() throws Exception {
        RedisServer replica = replicaOf(server);
        try {
            RedisRegistrarDb db = connected(RedisSettings.of("127.0.0.1", replica.port())
                    .withSlaveCheckPeriod(Duration.ofSeconds(1)), SETTINGS);
            await().atMost(BOUND).until(() -> server.subscribers(RedisRegistrarDb.EXPIRED_CHANNEL) == 1);
            await().atMost(BOUND).until(db::isAvailable);

            db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();

            assertEquals(1, server.hgetall("fs:" + ALICE_KEY).size());
        } finally {
            replica.stop();
        }
    }

    @Test
    void lostMasterFallsBackToAReplicaForReads() throws Exception {
        RedisServer replica = replicaOf(server);
        try {
            RedisRegistrarDb db = connected(RedisSettings.of("127.0.0.1", server.port())
                    .withSlaveCheckPeriod(Duration.ofSeconds(1)), SETTINGS);
            db.bind(ALICE, request("c1", 1, CONTACT_1, 600)).join();
            await().atMost(BOUND).until(() -> replica.hgetall("fs:" + ALICE_KEY).size() == 1);
            await().atMost(BOUND).until(() -> db.knownReplicas().contains("127.0.0.1:" + replica.port()));

            server.stop();

            await().atMost(BOUND).until(() -> lastAvailability().isPresent());
            await().atMost(BOUND).until(() -> db.isAvailable()
                    && replica.subscribers(RedisRegistrarDb.EXPIRED_CHANNEL) == 1);
            assertEquals(List.of(INSTANCE_1), keys(db.fetch(ALICE, false).join()));
            assertTrue(failure(db.bind(ALICE, request("c1", 2, CONTACT_1, 600))).isUnavailable());
        } finally {
            replica.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The {@code id=} of the one subscription connection, empty when there is none. */
    private String subscriptionClientId() {
        String list = ((String) server.command("CLIENT", "LIST", "TYPE", "pubsub")).strip();
        return list.isEmpty() ? "" : list.substring(0, list.indexOf(' '));
    }

    private RedisServer replicaOf(RedisServer master) throws Exception {
        RedisServer replica = RedisServer.start(Files.createDirectory(dir.resolve("replica")), "--replicaof",
                "127.0.0.1", Integer.toString(master.port()));
        await().atMost(BOUND).until(() -> ((String) replica.command("INFO", "replication"))
                .contains("master_link_status:up"));
        return replica;
    }

    private void restartWith(String password, String... args) throws Exception {
        server.stop();
        server = RedisServer.startWithPassword(Files.createDirectory(dir.resolve("auth")), password, args);
    }

    private RedisRegistrarDb open(RedisSettings redis, RegistrarSettings settings) {
        RedisRegistrarDb db = new RedisRegistrarDb(redis, settings, SipClock.system(), false, vertx,
                availability::add);
        dbs.add(db);
        return db;
    }

    private RedisRegistrarDb connected(RedisSettings redis, RegistrarSettings settings) {
        RedisRegistrarDb db = open(redis, settings);
        await().atMost(BOUND).until(db::isAvailable);
        return db;
    }

    private RedisRegistrarDb connected() {
        return connected(RedisSettings.of("127.0.0.1", server.port()), SETTINGS);
    }

    /** Subscribes a listener recording {@code key|contactKey}, and waits until Redis has the subscription. */
    private List<String> subscribe(RedisRegistrarDb db, String key) {
        List<String> changes = new CopyOnWriteArrayList<>();
        db.subscribe(key, (k, contactKey) -> changes.add(k + "|" + contactKey));
        await().atMost(BOUND).until(() -> server.subscribers(key) >= 1);
        return changes;
    }

    private Optional<String> lastAvailability() {
        return availability.isEmpty() ? Optional.empty() : availability.get(availability.size() - 1);
    }

    private static RegistrarException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(BOUND.toSeconds(),
                TimeUnit.SECONDS));
        return assertInstanceOf(RegistrarException.class, e.getCause());
    }

    /** The failure of an operation, which must come within 3 s (never a hang). */
    private static RegistrarException failureWithin3s(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(3, TimeUnit.SECONDS));
        return assertInstanceOf(RegistrarException.class, e.getCause());
    }

    private static List<String> keys(Record record) {
        return record.bindings().stream().map(Binding::key).toList();
    }

    static SipUri uri(String text) {
        try {
            return SipUri.parse(text);
        } catch (SipSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static AddressHeader contact(String text) {
        try {
            return AddressHeader.parse(text);
        } catch (SipSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static BindRequest request(String callId, long cseq, String contact, long expires) {
        return new BindRequest(List.of(new BindRequest.NewContact(contact(contact), expires)), callId, cseq, List.of(),
                List.of(), "", false, false, Optional.empty(), false);
    }
}
