package org.flexisip.common.registrar;

import static org.flexisip.common.registrar.BindingRulesTest.bound;
import static org.flexisip.common.registrar.BindingRulesTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.Test;

class InternalRegistrarDbTest {
    private final RegistrarSettings settings = new RegistrarSettings(List.of("+sip.instance", "pn-tok", "line"), 12,
            "message-expires");
    private final ManualClock clock = new ManualClock();
    private final InternalRegistrarDb db = new InternalRegistrarDb(settings, clock, false);
    private final List<String> changes = new ArrayList<>();

    static SipUri uri(String text) {
        try {
            return SipUri.parse(text);
        } catch (SipSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static final SipUri ALICE = uri("sip:alice@example.org");

    private static BindRequest aliasRequest(String callId, String contact) {
        return new BindRequest(List.of(bound(contact, 600)), callId, 1, List.of(), List.of(), "", true, false,
                Optional.empty(), false);
    }

    private List<String> keys(Record record) {
        return record.bindings().stream().map(Binding::key).toList();
    }

    @Test
    void bindReturnsTheRecordThatFetchFindsAgain() {
        Record bound = db.bind(ALICE, request("c1", 1,
                bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600))).join();
        Record fetched = db.fetch(uri("sip:alice@EXAMPLE.org;transport=tcp"), false).join();
        assertEquals("alice@example.org", fetched.key());
        assertEquals(bound, fetched);
        assertEquals(List.of("\"<urn:uuid:1>\""), keys(fetched));
    }

    @Test
    void fetchOfAnUnknownAorIsAnEmptyRecord() {
        Record fetched = db.fetch(uri("sip:nobody@example.org"), false).join();
        assertTrue(fetched.isEmpty());
        assertEquals("nobody@example.org", fetched.key());
    }

    @Test
    void fetchHidesExpiredBindings() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 60))).join();
        db.bind(ALICE, request("c2", 1, bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600))).join();
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of("\"<urn:uuid:2>\""), keys(db.fetch(ALICE, false).join()));
    }

    @Test
    void bindRefusedByTheRulesFailsWithRegistrarExceptionAndKeepsTheRecord() {
        db.bind(ALICE, request("c1", 3, bound("<sip:alice@192.0.2.1>", 600))).join();
        CompletionException e = assertThrows(CompletionException.class,
                () -> db.bind(ALICE, request("c1", 3, bound("<sip:alice@192.0.2.1>", 0))).join());
        RegistrarException cause = assertInstanceOf(RegistrarException.class, e.getCause());
        assertEquals(400, cause.status());
        assertEquals(1, db.fetch(ALICE, false).join().bindings().size());
    }

    @Test
    void recursiveFetchReplacesAnAliasByTheBindingsOfItsRecord() {
        SipUri support = uri("sip:support@example.org");
        db.bind(support, aliasRequest("s1", "<sip:alice@example.org>")).join();
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600))).join();
        Record record = db.fetch(support, true).join();
        assertEquals("support@example.org", record.key());
        assertEquals(List.of("\"<urn:uuid:1>\""), keys(record));
    }

    @Test
    void recursiveFetchGoesOneLevelOnly() {
        SipUri support = uri("sip:support@example.org");
        SipUri team = uri("sip:team@example.org");
        db.bind(support, aliasRequest("s1", "<sip:team@example.org>")).join();
        db.bind(team, aliasRequest("t1", "<sip:alice@example.org>")).join();
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 600))).join();
        Record record = db.fetch(support, true).join();
        assertEquals(1, record.bindings().size());
        assertEquals("sip:alice@example.org", record.bindings().get(0).contact().uri().toString());
    }

    @Test
    void nonRecursiveFetchKeepsTheAliasBinding() {
        SipUri support = uri("sip:support@example.org");
        db.bind(support, aliasRequest("s1", "<sip:alice@example.org>")).join();
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 600))).join();
        Record record = db.fetch(support, false).join();
        assertEquals("sip:alice@example.org", record.bindings().get(0).contact().uri().toString());
    }

    /** RFC 5627: a GRUU's {@code gr=} value names the binding of that {@code +sip.instance}. */
    @Test
    void fetchInstanceFindsTheBindingByGruuValue() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600),
                bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600))).join();
        Optional<Binding> found = db.fetchInstance(ALICE, "urn:uuid:2").join();
        assertEquals(Optional.of("\"<urn:uuid:2>\""), found.map(Binding::key));
        assertEquals(Optional.of("\"<urn:uuid:1>\""),
                db.fetchInstance(ALICE, "\"<urn:uuid:1>\"").join().map(Binding::key));
    }

    @Test
    void fetchInstanceOfAnExpiredBindingIsEmpty() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 60))).join();
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Optional.empty(), db.fetchInstance(ALICE, "urn:uuid:1").join());
    }

    @Test
    void clearDeletesTheRecordAndPublishesAnEmptyContactKey() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 600))).join();
        db.subscribe("alice@example.org", (key, contactKey) -> changes.add(key + "|" + contactKey));
        db.clear(ALICE).join();
        assertTrue(db.fetch(ALICE, false).join().isEmpty());
        assertEquals(List.of("alice@example.org|"), changes);
    }

    @Test
    void publishCallsEverySubscriberOfTheKey() {
        db.subscribe("alice@example.org", (key, contactKey) -> changes.add("first " + contactKey));
        db.subscribe("alice@example.org", (key, contactKey) -> changes.add("second " + contactKey));
        db.subscribe("bob@example.org", (key, contactKey) -> changes.add("bob " + contactKey));
        db.publish("alice@example.org", "k1");
        assertEquals(List.of("first k1", "second k1"), changes);
    }

    @Test
    void unsubscribedListenerIsNoLongerCalled() {
        RecordListener listener = (key, contactKey) -> changes.add(contactKey);
        db.subscribe("alice@example.org", listener);
        db.unsubscribe("alice@example.org", listener);
        db.publish("alice@example.org", "k1");
        assertTrue(changes.isEmpty());
    }

    @Test
    void failingListenerDoesNotStopTheOthers() {
        db.subscribe("alice@example.org", (key, contactKey) -> {
            throw new IllegalStateException("listener bug");
        });
        db.subscribe("alice@example.org", (key, contactKey) -> changes.add(contactKey));
        db.publish("alice@example.org", "k1");
        assertEquals(List.of("k1"), changes);
    }

    @Test
    void purgeExpiredRemovesTheRecordAndPublishesItsExpiry() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 60))).join();
        db.subscribe("alice@example.org", (key, contactKey) -> changes.add(key + "|" + contactKey));
        clock.advance(Duration.ofSeconds(60));
        db.purgeExpired();
        assertEquals(List.of("alice@example.org|"), changes);
        assertEquals(Set.of(), db.localAors());
    }

    @Test
    void localAorsListsRecordsWithLiveBindings() {
        db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 600))).join();
        db.bind(uri("sip:bob@example.org"), request("c2", 1, bound("<sip:bob@192.0.2.2>", 60))).join();
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Set.of("sip:alice@example.org"), db.localAors());
    }

    @Test
    void keyOfUsesTheGlobalDomainWhenAsked() {
        InternalRegistrarDb merged = new InternalRegistrarDb(settings, clock, true);
        assertEquals("alice@merged", merged.keyOf(ALICE));
        assertEquals("alice@example.org", db.keyOf(ALICE));
        assertEquals("example.org", db.keyOf(uri("sip:Example.ORG")));
    }

    @Test
    void futuresAreAlreadyCompleted() {
        assertTrue(db.bind(ALICE, request("c1", 1, bound("<sip:alice@192.0.2.1>", 600))).isDone());
        assertTrue(db.fetch(ALICE, true).isDone());
        assertTrue(db.fetchInstance(ALICE, "x").isDone());
        assertTrue(db.clear(ALICE).isDone());
        assertTrue(db.isAvailable());
    }
}
