package org.flexisip.common.sip.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.uri.Uri;
import org.junit.jupiter.api.Test;

class SipMessageTest {
    private static final String REGISTER = "REGISTER sip:example.org SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKb\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.3;branch=z9hG4bKc\r\n"
            + "Max-Forwards: 70\r\n"
            + "f: <sip:alice@example.org>;tag=a73kszlfl\r\n"
            + "t: <sip:alice@example.org>\r\n"
            + "i: 1j9FpLxk3uxtm8tn@192.0.2.1\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "m: <sip:alice@192.0.2.1:5062>;expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"\r\n"
            + "X-Odd:   keep   me  \r\n"
            + "Supported: outbound,  path\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    private static SipRequest register() {
        Decoded d = new SipMessageParser().parseDatagram(REGISTER.getBytes(StandardCharsets.US_ASCII));
        return (SipRequest) assertInstanceOf(Decoded.Message.class, d, d::toString).message();
    }

    @Test
    void compactFormsAreTheSameHeadersAsTheirLongForms() {
        SipRequest m = register();
        assertEquals(3, m.vias().size());
        assertEquals("1j9FpLxk3uxtm8tn@192.0.2.1", m.callId());
        assertEquals(2, m.headers("Via").size());
        assertEquals(1, m.headers("m").size());
        assertEquals("v", m.headers(HeaderName.VIA).get(0).name());
    }

    @Test
    void typedAccessReadsContactParameters() {
        SipRequest m = register();
        assertEquals(3600, m.contacts().get(0).expires().getAsLong());
        assertEquals("<urn:uuid:00000000-0000-0000-0000-000000000001>", m.contacts().get(0).instance().orElseThrow());
        assertEquals(List.of("outbound", "path"), m.supported());
    }

    @Test
    void unknownHeaderSurvivesByteForByte() {
        SipRequest m = register();
        SipRequest changed = m.copy().set(HeaderName.MAX_FORWARDS, "69").build();
        assertTrue(new String(changed.toBytes(), StandardCharsets.US_ASCII).contains("X-Odd:   keep   me  \r\n"));
        assertEquals("keep   me", changed.headerValue("x-odd").orElseThrow());
    }

    @Test
    void removingTheTopViaKeepsTheOtherValueOfItsLine() {
        SipRequest m = register().copy().removeFirstValue(HeaderName.VIA).build();
        assertEquals(List.of("192.0.2.2", "192.0.2.3"), m.vias().stream().map(ViaHeader::host).toList());
    }

    @Test
    void replacingTheTopViaKeepsItsLineInPlace() {
        SipRequest m = register();
        int firstLine = m.headers().indexOf(m.headers(HeaderName.VIA).get(0));
        SipRequest stamped = m.copy().replaceFirstValue(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKx")
                .build();
        assertEquals(firstLine, stamped.headers().indexOf(stamped.headers(HeaderName.VIA).get(0)));
        assertEquals(List.of("192.0.2.9", "192.0.2.2", "192.0.2.3"), stamped.vias().stream().map(ViaHeader::host)
                .toList());
    }

    @Test
    void replacingTheOnlyViaLineDoesNotMoveItToTheEnd() {
        SipRequest m = register().copy().remove(HeaderName.VIA).addFirst(HeaderName.VIA,
                "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa").add("X-Last", "1").build();
        SipRequest stamped = m.copy().replaceFirstValue(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa;"
                + "received=192.0.2.7").build();
        assertEquals("X-Last", stamped.headers().get(stamped.headers().size() - 1).name());
    }

    @Test
    void addingAViaPutsItOnTop() {
        ViaHeader ours = ViaHeader.builder("UDP", "proxy.example.org").branch("z9hG4bKproxy1").rport().build();
        SipRequest m = register().copy().addFirst(HeaderName.VIA, ours.toString()).build();
        assertEquals("proxy.example.org", m.topVia().host());
        assertTrue(m.topVia().hasRport());
        assertEquals(4, m.vias().size());
    }

    @Test
    void contentLengthIsRecomputedFromTheBody() {
        SipRequest m = register().copy().body("hello".getBytes(StandardCharsets.US_ASCII), "text/plain").build();
        String wire = new String(m.toBytes(), StandardCharsets.US_ASCII);
        assertTrue(wire.contains("Content-Length: 5\r\n"), wire);
        assertFalse(wire.contains("Content-Length: 0"), wire);
        assertTrue(wire.endsWith("\r\n\r\nhello"), wire);
    }

    @Test
    void missingContentLengthIsAddedWhenSerialized() {
        SipRequest m = register().copy().remove(HeaderName.CONTENT_LENGTH).build();
        assertTrue(new String(m.toBytes(), StandardCharsets.US_ASCII).contains("Content-Length: 0\r\n"));
    }

    @Test
    void unchangedCopySerializesLikeTheOriginal() {
        SipRequest m = register();
        assertArrayEquals(m.toBytes(), m.copy().build().toBytes());
        assertArrayEquals(REGISTER.getBytes(StandardCharsets.US_ASCII), m.toBytes());
    }

    @Test
    void changingTheRequestUriRewritesTheStartLine() throws Exception {
        SipRequest m = register().copy().requestUri(Uri.parse("sip:registrar.example.org")).build();
        assertTrue(new String(m.toBytes(), StandardCharsets.US_ASCII)
                .startsWith("REGISTER sip:registrar.example.org SIP/2.0\r\n"));
    }

    @Test
    void buildingWithoutMandatoryHeadersIsRefused() throws Exception {
        assertThrows(IllegalStateException.class,
                () -> SipRequest.builder("OPTIONS", Uri.parse("sip:example.org")).build());
    }

    @Test
    void responseToARequestCopiesItsRoutingHeadersByteForByte() {
        SipRequest m = register();
        SipResponse r = SipResponse.to(m, 200, "OK").add("Expires", "3600").build();
        String wire = new String(r.toBytes(), StandardCharsets.US_ASCII);
        assertTrue(wire.startsWith("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKa, "), wire);
        assertEquals(m.callId(), r.callId());
        assertEquals(m.cseq(), r.cseq());
    }

    @Test
    void malformedLazyHeaderThrowsAnInvalidHeaderExceptionNamingIt() {
        SipRequest m = register().copy().set(HeaderName.EXPIRES, "soon").build();
        InvalidHeaderException e = assertThrows(InvalidHeaderException.class, m::expires);
        assertEquals("Expires", e.header());
    }

    @Test
    void theLastHeaderOfADatagramWithoutTheEmptyLineStaysOnItsOwnLine() {
        String unterminated = REGISTER.substring(0, REGISTER.indexOf("Content-Length"))
                .replaceAll("\r\n$", "");
        SipMessage m = ((Decoded.Message) new SipMessageParser().parseDatagram(
                unterminated.getBytes(StandardCharsets.US_ASCII))).message();
        String wire = new String(m.copy().add("X-A", "1").build().toBytes(), StandardCharsets.US_ASCII);
        assertTrue(wire.contains("\r\nSupported: outbound,  path\r\nX-A: 1\r\n"), wire);
    }

    @Test
    void routingListsOfAParsedMessageCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> register().contacts().clear());
    }

    @Test
    void removingTheFirstValueOfATokenListKeepsTheOthers() {
        SipRequest m = register().copy().removeFirstValue(HeaderName.SUPPORTED).build();
        assertEquals(List.of("path"), m.supported());
    }

    @Test
    void aHeaderNameThatIsNotATokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SipHeader.of("X-Evil: 1\r\nFoo", "bar"));
    }

    @Test
    void headerNameLookupIsCaseInsensitive() {
        assertEquals(HeaderName.CALL_ID, HeaderName.of("cAlL-iD").orElseThrow());
        assertEquals(HeaderName.CALL_ID, HeaderName.of("I").orElseThrow());
        assertEquals(HeaderName.WWW_AUTHENTICATE, HeaderName.of("www-authenticate").orElseThrow());
        assertTrue(HeaderName.of("X-Unknown").isEmpty());
    }

    @Test
    void foldedValuesAreUnfoldedToOneSpace() {
        String folded = REGISTER.replace("Supported: outbound,  path", "Supported: outbound,\r\n   path");
        SipMessage m = ((Decoded.Message) new SipMessageParser().parseDatagram(
                folded.getBytes(StandardCharsets.US_ASCII))).message();
        assertEquals("outbound, path", m.headerValue(HeaderName.SUPPORTED).orElseThrow());
        assertArrayEquals(folded.getBytes(StandardCharsets.US_ASCII), m.toBytes());
    }
}
