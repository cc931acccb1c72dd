package org.flexisip.common.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;

class ContactSerializerTest {
    /** spec/registrar-db.md §4.2. */
    private static final String SPEC_EXAMPLE = "<sip:alice@192.0.2.10:5062;transport=tcp;fs-conn-id=7f3a;"
            + "callid=a84b4c76e66710;expires=3600;cseq=12;updatedAt=1735686000;alias=no;usedAsRoute=no"
            + "?Path=%3Csip:proxy.example.org:5060%3Btransport%3Dtcp%3Blr%3E&User-Agent=Linphone/5.2>"
            + ";+sip.instance=\"<urn:uuid:6f1b...>\";+org.linphone.specs=\"groupchat/1.2,lime\"";
    private static final String KEY = "\"<urn:uuid:6f1b...>\"";

    private final ContactSerializer serializer = new ContactSerializer("message-expires");

    @Test
    void parsesTheSpecExample() throws SipSyntaxException {
        Binding b = serializer.parse(KEY, SPEC_EXAMPLE);
        assertEquals(KEY, b.key());
        assertEquals("sip:alice@192.0.2.10:5062;transport=tcp", b.contact().uri().toString());
        assertEquals(Optional.of("<urn:uuid:6f1b...>"), b.instanceId());
        assertEquals(Optional.of("groupchat/1.2,lime"), b.contact().param("+org.linphone.specs"));
        assertEquals(Optional.of("7f3a"), b.connectionId());
        assertEquals("a84b4c76e66710", b.callId());
        assertEquals(3600, b.expires());
        assertEquals(12, b.cseq());
        assertEquals(1735686000L, b.registerTime());
        assertFalse(b.alias());
        assertFalse(b.usedAsRoute());
        assertEquals(List.of("sip:proxy.example.org:5060;transport=tcp;lr"), b.path());
        assertEquals(List.of(), b.accept());
        assertEquals("Linphone/5.2", b.userAgent());
        assertEquals(0, b.messageExpires());
    }

    @Test
    void serializesTheSpecExampleExactly() throws SipSyntaxException {
        assertEquals(SPEC_EXAMPLE, serializer.serialize(serializer.parse(KEY, SPEC_EXAMPLE)));
    }

    @Test
    void roundTripKeepsEveryField() throws SipSyntaxException {
        Binding original = new Binding("fs-gen-AAAAAAAAAAAAAAAAAAAA",
                BindingRulesTest.contact("Alice <sip:alice@[2001:db8::1]:5061;transport=tls>;q=0.7;message-expires=604800"),
                "call id@host;x", 42, 1735686000L, 600, 604800, true, true,
                List.of("sip:edge.example.org;lr", "sip:core.example.org:5070;transport=tcp;lr"),
                List.of("application/sdp", "message/cpim"), "Linphone Desktop/5.2 (Ubuntu) LinphoneCore/5.3",
                Optional.of("1f"));
        String value = serializer.serialize(original);
        Binding read = serializer.parse(original.key(), value);
        assertEquals(original, read);
    }

    @Test
    void roundTripWithoutOptionalParts() throws SipSyntaxException {
        Binding original = new Binding("k", BindingRulesTest.contact("<sip:bob@192.0.2.3>"), "c", 1, 100, 60, 0,
                false, false, List.of(), List.of(), "", Optional.empty());
        String value = serializer.serialize(original);
        assertEquals("<sip:bob@192.0.2.3;callid=c;expires=60;cseq=1;updatedAt=100;alias=no;usedAsRoute=no>", value);
        assertEquals(original, serializer.parse("k", value));
    }

    @Test
    void readsABareUri() throws SipSyntaxException {
        Binding b = serializer.parse("k",
                "sip:bob@192.0.2.3;callid=c;expires=60;cseq=7;updatedAt=100;alias=yes?User-Agent=x");
        assertEquals("sip:bob@192.0.2.3", b.contact().uri().toString());
        assertEquals(7, b.cseq());
        assertTrue(b.alias());
        assertEquals("x", b.userAgent());
    }

    @Test
    void readsAValueInsideAngleBrackets() throws SipSyntaxException {
        Binding b = serializer.parse("k", "<sip:bob@192.0.2.3;callid=c;expires=60;cseq=7;updatedAt=100>");
        assertEquals("c", b.callId());
        assertEquals(60, b.expires());
        assertEquals(160, b.sipExpiry());
    }

    @Test
    void missingOrUnparsableFieldsAreZeroOrFalse() throws SipSyntaxException {
        Binding b = serializer.parse("k", "<sip:bob@192.0.2.3;expires=soon;alias=maybe>");
        assertEquals("", b.callId());
        assertEquals(0, b.expires());
        assertEquals(0, b.cseq());
        assertEquals(0, b.registerTime());
        assertFalse(b.alias());
        assertFalse(b.usedAsRoute());
        assertEquals(Optional.empty(), b.connectionId());
    }

    @Test
    void readsMessageExpiresFromTheContactParameter() throws SipSyntaxException {
        Binding b = serializer.parse("k", "<sip:bob@192.0.2.3;expires=60;updatedAt=100>;message-expires=3600");
        assertEquals(3600, b.messageExpires());
        assertEquals(3700, b.lifetimeEnd());
    }

    @Test
    void refusesAValueThatIsNoSipContact() {
        assertThrows(SipSyntaxException.class, () -> serializer.parse("k", "<tel:+33123456789>"));
        assertThrows(SipSyntaxException.class, () -> serializer.parse("k", "not a contact"));
    }
}
