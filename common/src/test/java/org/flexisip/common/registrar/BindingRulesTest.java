package org.flexisip.common.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.Test;

class BindingRulesTest {
    private static final String AOR_KEY = "alice@example.org";
    private final RegistrarSettings settings = new RegistrarSettings(List.of("+sip.instance", "pn-tok", "line"), 3,
            "message-expires");
    private final BindingRules rules = new BindingRules(settings);
    private final ManualClock clock = new ManualClock();

    private long now() {
        return clock.now().getEpochSecond();
    }

    static AddressHeader contact(String text) {
        try {
            return AddressHeader.parse(text);
        } catch (SipSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static BindRequest.NewContact bound(String contact, long expires) {
        return new BindRequest.NewContact(contact(contact), expires);
    }

    static BindRequest request(String callId, long cseq, BindRequest.NewContact... contacts) {
        return new BindRequest(Arrays.asList(contacts), callId, cseq, List.of(), List.of(), "", false, false,
                Optional.empty(), false);
    }

    private Record apply(Record current, BindRequest request) throws RegistrarException {
        return rules.apply(current, request, now()).record();
    }

    private Record bind(BindRequest request) throws RegistrarException {
        return apply(Record.empty(AOR_KEY), request);
    }

    @Test
    void keyIsTheSipInstanceWithItsQuotes() throws RegistrarException {
        Record r = bind(request("c1", 1,
                bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1234>\"", 600)));
        assertEquals("\"<urn:uuid:1234>\"", r.bindings().get(0).key());
    }

    @Test
    void keyIsThePnTokUriParameterWithoutInstance() throws RegistrarException {
        Record r = bind(request("c1", 1, bound("<sip:alice@192.0.2.1;pn-type=apple;pn-tok=ABCD;app-id=x>", 600)));
        assertEquals("ABCD", r.bindings().get(0).key());
    }

    @Test
    void keyFollowsTheOrderOfUniqueIdParameters() throws RegistrarException {
        Record r = bind(request("c1", 1,
                bound("<sip:alice@192.0.2.1;pn-tok=ABCD>;+sip.instance=\"<urn:uuid:1234>\"", 600)));
        assertEquals("\"<urn:uuid:1234>\"", r.bindings().get(0).key());
    }

    @Test
    void keyIsGeneratedWithoutUniqueIdParameter() throws RegistrarException {
        Record r = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>", 600)));
        String key = r.bindings().get(0).key();
        assertTrue(key.matches("fs-gen-[A-Za-z0-9_-]{20}"), key);
        assertTrue(BindingRules.isGeneratedKey(key));
    }

    @Test
    void generatedKeysDiffer() {
        assertNotEquals(rules.generateKey(), rules.generateKey());
    }

    @Test
    void identicalPushParametersReplaceTheOldBinding() throws RegistrarException {
        Record first = bind(request("c1", 1, bound(
                "<sip:alice@192.0.2.1;pn-provider=apns;pn-prid=TOKEN;pn-param=ABC.app>;+sip.instance=\"<urn:uuid:1>\"",
                600)));
        BindingRules.Outcome outcome = rules.apply(first, request("c2", 1, bound(
                "<sip:alice@192.0.2.9:5070;pn-provider=apns;pn-prid=TOKEN;pn-param=ABC.app>;+sip.instance=\"<urn:uuid:2>\"",
                600)), now());
        assertEquals(List.of("\"<urn:uuid:2>\""), outcome.record().bindings().stream().map(Binding::key).toList());
        assertEquals(Set.of("\"<urn:uuid:1>\""), outcome.removed());
    }

    @Test
    void identicalLegacyPushParametersReplaceTheOldBinding() throws RegistrarException {
        Record first = bind(request("c1", 1, bound(
                "<sip:alice@192.0.2.1;pn-type=apple;pn-tok=T;app-id=org.app>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        Record second = apply(first, request("c2", 1, bound(
                "<sip:alice@192.0.2.2;pn-type=apple;pn-tok=T;app-id=org.app>;+sip.instance=\"<urn:uuid:2>\"", 600)));
        assertEquals(List.of("\"<urn:uuid:2>\""), second.bindings().stream().map(Binding::key).toList());
    }

    @Test
    void differentPushParametersKeepBothBindings() throws RegistrarException {
        Record first = bind(request("c1", 1, bound("<sip:alice@192.0.2.1;pn-provider=apns;pn-prid=A>", 600)));
        Record second = apply(first, request("c2", 1, bound("<sip:alice@192.0.2.2;pn-provider=apns;pn-prid=B>", 600)));
        assertEquals(2, second.bindings().size());
    }

    @Test
    void sameInstanceUpdatesTheBinding() throws RegistrarException {
        Record first = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        clock.advance(Duration.ofSeconds(30));
        Record second = apply(first,
                request("c2", 1, bound("<sip:alice@192.0.2.7:5080>;+sip.instance=\"<urn:uuid:1>\"", 300)));
        assertEquals(1, second.bindings().size());
        Binding b = second.bindings().get(0);
        assertEquals("sip:alice@192.0.2.7:5080", b.contact().uri().toString());
        assertEquals(now(), b.registerTime());
        assertEquals(300, b.expires());
        assertEquals("c2", b.callId());
    }

    @Test
    void sameUriWithoutKeysUpdatesTheBindingAndKeepsItsKey() throws RegistrarException {
        Record first = bind(request("c1", 1, bound("<sip:alice@192.0.2.1;transport=tcp>", 600)));
        Record second = apply(first, request("c1", 2, bound("<sip:alice@192.0.2.1;transport=TCP>", 300)));
        assertEquals(1, second.bindings().size());
        assertEquals(first.bindings().get(0).key(), second.bindings().get(0).key());
        assertEquals(2, second.bindings().get(0).cseq());
    }

    /** RFC 3261 §10.3 step 7: same Call-ID, CSeq not higher than the stored one. */
    @Test
    void sameUriSameCallIdWithCseqNotHigherIsReplayed() throws RegistrarException {
        Record first = bind(request("c1", 5, bound("<sip:alice@192.0.2.1>", 600)));
        RegistrarException e = assertThrows(RegistrarException.class,
                () -> apply(first, request("c1", 5, bound("<sip:alice@192.0.2.1>", 600))));
        assertEquals(400, e.status());
        assertEquals("Replayed CSeq", e.reason());
        assertFalse(e.isUnavailable());
    }

    @Test
    void sameUriFromAnotherCallIdUpdatesWhateverTheCseq() throws RegistrarException {
        Record first = bind(request("c1", 5, bound("<sip:alice@192.0.2.1>", 600)));
        Record second = apply(first, request("c2", 1, bound("<sip:alice@192.0.2.1>", 600)));
        assertEquals(1, second.bindings().size());
        assertEquals("c2", second.bindings().get(0).callId());
    }

    @Test
    void sameUriIsNotComparedWhenTheNewContactHasAnInstance() throws RegistrarException {
        Record first = bind(request("c1", 5, bound("<sip:alice@192.0.2.1>", 600)));
        Record second = apply(first,
                request("c1", 5, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        assertEquals(2, second.bindings().size());
    }

    @Test
    void matchKeyOnlyIgnoresSameUri() throws RegistrarException {
        Record first = bind(request("c1", 5, bound("<sip:alice@192.0.2.1>", 600)));
        BindRequest delete = new BindRequest(List.of(bound("<sip:alice@192.0.2.1>", 0)), "admin", 1, List.of(),
                List.of(), "", false, false, Optional.empty(), true);
        assertEquals(1, apply(first, delete).bindings().size());
    }

    @Test
    void matchKeyOnlyRemovesTheBindingOfThatKey() throws RegistrarException {
        Record first = bind(request("c1", 5, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        BindRequest delete = new BindRequest(List.of(bound("<sip:x@invalid>;+sip.instance=\"<urn:uuid:1>\"", 0)),
                "admin", 1, List.of(), List.of(), "", false, false, Optional.empty(), true);
        assertTrue(apply(first, delete).isEmpty());
    }

    @Test
    void expiryZeroRemovesTheMatchedBinding() throws RegistrarException {
        Record first = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600),
                bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600)));
        BindingRules.Outcome outcome = rules.apply(first,
                request("c1", 2, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 0)), now());
        assertEquals(List.of("\"<urn:uuid:2>\""), outcome.record().bindings().stream().map(Binding::key).toList());
        assertEquals(Set.of("\"<urn:uuid:1>\""), outcome.removed());
        assertTrue(outcome.bound().isEmpty());
    }

    @Test
    void expiredBindingsArePurgedOnWrite() throws RegistrarException {
        Record first = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 60)));
        clock.advance(Duration.ofSeconds(60));
        BindingRules.Outcome outcome = rules.apply(first,
                request("c2", 1, bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600)), now());
        assertEquals(List.of("\"<urn:uuid:2>\""), outcome.record().bindings().stream().map(Binding::key).toList());
        assertEquals(Set.of("\"<urn:uuid:1>\""), outcome.removed());
    }

    @Test
    void evictsTheLeastRecentlyUpdatedOverMaxContactsByAor() throws RegistrarException {
        Record r = Record.empty(AOR_KEY);
        for (int i = 1; i <= 3; i++) {
            r = apply(r, request("c" + i, 1,
                    bound("<sip:alice@192.0.2." + i + ">;+sip.instance=\"<urn:uuid:" + i + ">\"", 600)));
            clock.advance(Duration.ofSeconds(1));
        }
        r = apply(r, request("c1", 2, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        clock.advance(Duration.ofSeconds(1));
        r = apply(r, request("c4", 1, bound("<sip:alice@192.0.2.4>;+sip.instance=\"<urn:uuid:4>\"", 600)));
        assertEquals(List.of("\"<urn:uuid:3>\"", "\"<urn:uuid:1>\"", "\"<urn:uuid:4>\""),
                r.bindings().stream().map(Binding::key).toList());
    }

    @Test
    void bindingsAreOrderedLeastRecentlyUpdatedFirst() throws RegistrarException {
        Record r = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        clock.advance(Duration.ofSeconds(1));
        r = apply(r, request("c2", 1, bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600)));
        clock.advance(Duration.ofSeconds(1));
        r = apply(r, request("c1", 2, bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600)));
        assertEquals(List.of("\"<urn:uuid:2>\"", "\"<urn:uuid:1>\""), r.bindings().stream().map(Binding::key).toList());
    }

    /** Rule 18: 2.4 answers 500; we do better. */
    @Test
    void refusesMoreNonZeroContactsThanMaxContactsByAorWith403() {
        RegistrarException e = assertThrows(RegistrarException.class, () -> bind(request("c1", 1,
                bound("<sip:alice@192.0.2.1>", 600), bound("<sip:alice@192.0.2.2>", 600),
                bound("<sip:alice@192.0.2.3>", 600), bound("<sip:alice@192.0.2.4>", 600))));
        assertEquals(403, e.status());
        assertEquals("Too many contacts in REGISTER", e.reason());
    }

    @Test
    void zeroExpiryContactsDoNotCountTowardsTheLimit() throws RegistrarException {
        Record r = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>", 600), bound("<sip:alice@192.0.2.2>", 600),
                bound("<sip:alice@192.0.2.3>", 600), bound("<sip:alice@192.0.2.4>", 0)));
        assertEquals(3, r.bindings().size());
    }

    @Test
    void storesEveryDetailOfTheRegistration() throws RegistrarException {
        BindRequest request = new BindRequest(List.of(bound(
                "\"Alice\" <sip:alice@192.0.2.1:5062;transport=tcp;fs-conn-id=7f3a>;expires=600;q=0.5;+sip.instance=\"<urn:uuid:1>\"",
                3600)), "call-1", 12, List.of("sip:proxy.example.org;lr"), List.of("application/sdp", "text/plain"),
                "Linphone/5.2 (Pixel)", true, true, Optional.empty(), false);
        Binding b = bind(request).bindings().get(0);
        assertEquals(Optional.of("Alice"), b.contact().displayName());
        assertEquals("sip:alice@192.0.2.1:5062;transport=tcp", b.contact().uri().toString());
        assertEquals(";q=0.5;+sip.instance=\"<urn:uuid:1>\"", b.contact().params().toString());
        assertEquals(Optional.of("7f3a"), b.connectionId());
        assertEquals("call-1", b.callId());
        assertEquals(12, b.cseq());
        assertEquals(now(), b.registerTime());
        assertEquals(3600, b.expires());
        assertEquals(0.5, b.q());
        assertEquals(List.of("sip:proxy.example.org;lr"), b.path());
        assertEquals(List.of("application/sdp", "text/plain"), b.accept());
        assertEquals("Linphone/5.2 (Pixel)", b.userAgent());
        assertTrue(b.alias());
        assertTrue(b.usedAsRoute());
    }

    @Test
    void connectionIdOfTheRequestAppliesWhenTheContactHasNone() throws RegistrarException {
        BindRequest request = new BindRequest(List.of(bound("<sip:alice@192.0.2.1>", 600)), "c1", 1, List.of(),
                List.of(), "", false, false, Optional.of("abc"), false);
        assertEquals(Optional.of("abc"), bind(request).bindings().get(0).connectionId());
    }

    @Test
    void messageExpiresKeepsTheBindingForMessageOnly() throws RegistrarException {
        Record first = bind(request("c1", 1,
                bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\";message-expires=3600", 60)));
        clock.advance(Duration.ofSeconds(120));
        Record second = apply(first,
                request("c2", 1, bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600)));
        Binding kept = second.binding("\"<urn:uuid:1>\"").orElseThrow();
        assertEquals(3600, kept.messageExpires());
        assertFalse(kept.isValidAt(now()));
        assertTrue(kept.isValidForMessageAt(now()));
        assertEquals(List.of("\"<urn:uuid:2>\""), second.validAt(now()).stream().map(Binding::key).toList());
    }

    @Test
    void unparsableMessageExpiresIsZero() throws RegistrarException {
        Record r = bind(request("c1", 1, bound("<sip:alice@192.0.2.1>;message-expires=soon", 60)));
        assertEquals(0, r.bindings().get(0).messageExpires());
    }

    @Test
    void refusesContactThatIsNotASipUri() {
        RegistrarException e = assertThrows(RegistrarException.class,
                () -> bind(request("c1", 1, bound("<tel:+33123456789>", 600))));
        assertEquals(400, e.status());
    }

    @Test
    void outcomeListsTheBindingsWrittenInRequestOrder() throws RegistrarException {
        BindingRules.Outcome outcome = rules.apply(Record.empty(AOR_KEY), request("c1", 1,
                bound("<sip:alice@192.0.2.1>;+sip.instance=\"<urn:uuid:1>\"", 600),
                bound("<sip:alice@192.0.2.2>;+sip.instance=\"<urn:uuid:2>\"", 600)), now());
        assertEquals(List.of("\"<urn:uuid:1>\"", "\"<urn:uuid:2>\""),
                outcome.bound().stream().map(Binding::key).toList());
        assertTrue(outcome.removed().isEmpty());
    }

    @Test
    void bareKeyDropsQuotesAndAngleBrackets() {
        assertEquals("urn:uuid:1", BindingRules.bareKey("\"<urn:uuid:1>\""));
        assertEquals("urn:uuid:1", BindingRules.bareKey("urn:uuid:1"));
    }
}
