package org.flexisip.common.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportSpecTest {

    @Test
    void sipStarListensOnUdpAndTcpOnEveryAddressOnPort5060() throws Exception {
        TransportSpec t = TransportSpec.parse("sip:*");
        assertEquals(EnumSet.of(TransportSpec.Protocol.UDP, TransportSpec.Protocol.TCP), t.protocols());
        assertEquals(5060, t.port());
        assertTrue(t.isWildcard());
    }

    @Test
    void sipsIsTlsOnPort5061() throws Exception {
        TransportSpec t = TransportSpec.parse("sips:*");
        assertEquals(EnumSet.of(TransportSpec.Protocol.TLS), t.protocols());
        assertEquals(5061, t.port());
    }

    @Test
    void transportParameterSelectsOneProtocol() throws Exception {
        assertEquals(EnumSet.of(TransportSpec.Protocol.TCP), TransportSpec.parse("sip:127.0.0.1:5070;transport=tcp")
                .protocols());
        assertEquals(EnumSet.of(TransportSpec.Protocol.UDP), TransportSpec.parse("sip:127.0.0.1;transport=udp")
                .protocols());
    }

    @Test
    void maddrIsTheBindAddressWhileTheHostIsAdvertised() throws Exception {
        TransportSpec t = TransportSpec.parse("sips:sip.example.org:5061;maddr=10.0.0.5");
        assertEquals("sip.example.org", t.advertisedHost());
        assertEquals(Optional.of("10.0.0.5"), t.bindHost());
    }

    @Test
    void bracketedIpv6IsBoundWithoutBrackets() throws Exception {
        TransportSpec t = TransportSpec.parse("sip:[::1]:5080");
        assertEquals(Optional.of("::1"), t.bindHost());
        assertEquals(5080, t.port());
    }

    @Test
    void tlsParametersOfASipsUriAreKept() throws Exception {
        TransportSpec t = TransportSpec.parse("sips:localhost:5062;tls-verify-incoming=1");
        assertEquals("1", t.tlsParameters().get("tls-verify-incoming"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sip:*;transport=tls | use the sips scheme",
            "sip:*;transport=sctp | unknown transport 'sctp'",
            "sips:*;foo=bar | Bad parameters 'foo' given in transports definition",
            "sip:*;tls-verify-incoming=1 | not allowed on a sip: transport",
            "sip:2001:db8::1 | brackets",
            "http://example.org | expected a sip: or sips: URI",
            "sip:[::1 | not a valid SIP URI"})
    void misconfiguredTransportRefusesTheStartNamingTheUri(String uri, String reason) {
        TransportConfigurationException e = assertThrows(TransportConfigurationException.class,
                () -> TransportSpec.parse(uri));
        assertTrue(e.getMessage().contains("'" + uri + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void noTransportAtAllIsRefused() {
        TransportConfigurationException e = assertThrows(TransportConfigurationException.class,
                () -> TransportSpec.parseAll(List.of()));
        assertTrue(e.getMessage().contains("No sip transport defined"));
    }

    @Test
    void uniqueIdIsDerivedDeterministicallyFromTheTransports() throws Exception {
        List<TransportSpec> specs = TransportSpec.parseAll(List.of("sip:127.0.0.1:5070"));
        String id = SipTransports.uniqueId("", specs);
        assertEquals(16, id.length());
        assertTrue(id.matches("[0-9a-f]{16}"));
        assertEquals(id, SipTransports.uniqueId("", TransportSpec.parseAll(List.of("sip:127.0.0.1:5070"))));
        assertTrue(!id.equals(SipTransports.uniqueId("", TransportSpec.parseAll(List.of("sip:127.0.0.1:5071")))));
    }

    @Test
    void configuredUniqueIdIsLowercased() {
        assertEquals("0123456789abcdef", SipTransports.uniqueId("0123456789ABCDEF", List.of()));
    }
}
