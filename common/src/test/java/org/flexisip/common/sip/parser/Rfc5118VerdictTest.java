package org.flexisip.common.sip.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.uri.SipUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 5118 IPv6 torture messages (CRLF copies of {@code torture/rfc5118/wire-crlf}). */
class Rfc5118VerdictTest {
    private final SipMessageParser parser = new SipMessageParser();

    private SipMessage parse(String file) {
        Decoded d = parser.parseDatagram(TortureMessages.bytes("rfc5118/wire-crlf/" + file));
        return assertInstanceOf(Decoded.Message.class, d, () -> file + ": " + d).message();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv6-good", "port-ambiguous", "port-unambiguous", "via-received-param-with-delim",
        "via-received-param-no-delim", "ipv6-in-sdp", "mult-ip-in-header", "mult-ip-in-sdp", "ipv4-mapped-ipv6",
        "ipv6-bug-abnf-3-colons", "ipv6-correct-abnf-2-colons"})
    void validIpv6MessagesParse(String file) {
        parse(file);
    }

    @Test
    void unbracketedIpv6RequestUriIsRefusedWith400() {
        Decoded d = parser.parseDatagram(TortureMessages.bytes("rfc5118/wire-crlf/ipv6-bad"));
        assertEquals(400, assertInstanceOf(Decoded.Rejected.class, d, d::toString).statusCode());
    }

    @Test
    void aPortInsideTheBracketsIsPartOfTheAddress() {
        SipUri uri = (SipUri) ((org.flexisip.common.sip.message.SipRequest) parse("port-ambiguous")).requestUri();
        assertEquals("[2001:db8::10:5070]", uri.host());
        assertEquals(java.util.OptionalInt.empty(), uri.port());
    }

    @Test
    void viaReceivedKeepsTheWholeIpv6Address() {
        assertEquals("2001:db8::9:255", parse("via-received-param-no-delim").topVia().received().orElseThrow());
    }

    @Test
    void multipleViasMixIpv6AndIpv4() {
        List<ViaHeader> vias = parse("mult-ip-in-header").vias();
        assertEquals(3, vias.size());
        assertEquals("[2001:db8::9:1]", vias.get(0).host());
        assertEquals(6050, vias.get(0).port().getAsInt());
        assertEquals("192.0.2.200", vias.get(2).received().orElseThrow());
    }
}
