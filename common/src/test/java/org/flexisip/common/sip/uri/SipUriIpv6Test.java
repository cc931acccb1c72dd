package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IPv6 references in SIP URIs: the URIs of the RFC 5118 torture messages, and malformed addresses. */
class SipUriIpv6Test {

    @Test
    void keepsBracketsOfIpv6Reference() throws SipSyntaxException {
        // RFC 5118 §4.1 (ipv6-good)
        SipUri uri = SipUri.parse("sip:[2001:db8::10]");
        assertEquals("[2001:db8::10]", uri.host());
        assertEquals(OptionalInt.empty(), uri.port());
        SipUri contact = SipUri.parse("sip:caller@[2001:db8::1]");
        assertEquals(Optional.of("caller"), contact.user());
        assertEquals("[2001:db8::1]", contact.host());
    }

    @Test
    void refusesIpv6AddressWithoutBrackets() {
        // RFC 5118 §4.2 (ipv6-bad)
        assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:2001:db8::10"));
    }

    @Test
    void takesNoPortFromInsideTheBrackets() throws SipSyntaxException {
        // RFC 5118 §4.3 (port-ambiguous)
        SipUri uri = SipUri.parse("sip:[2001:db8::10:5070]");
        assertEquals("[2001:db8::10:5070]", uri.host());
        assertEquals(OptionalInt.empty(), uri.port());
    }

    @Test
    void readsPortAfterTheBrackets() throws SipSyntaxException {
        // RFC 5118 §4.4 (port-unambiguous)
        SipUri uri = SipUri.parse("sip:[2001:db8::10]:5070");
        assertEquals("[2001:db8::10]", uri.host());
        assertEquals(OptionalInt.of(5070), uri.port());
    }

    @Test
    void acceptsIpv4MappedAddress() throws SipSyntaxException {
        // RFC 5118 §4.9 (ipv4-mapped-ipv6)
        assertEquals("[::ffff:192.0.2.2]", SipUri.parse("sip:ted@[::ffff:192.0.2.2]").host());
    }

    @Test
    void acceptsIpv4SuffixAfterTwoColons() throws SipSyntaxException {
        // RFC 5118 §4.10 (ipv6-correct-abnf-2-colons)
        assertEquals("[2001:db8::192.0.2.1]", SipUri.parse("sip:user@[2001:db8::192.0.2.1]").host());
    }

    @Test
    void toleratesThreeColonsBeforeIpv4SuffixAsRfc3261AbnfAllows() throws SipSyntaxException {
        // RFC 5118 §4.10 (ipv6-bug-abnf-3-colons): kept as written, equal to the two-colon form
        SipUri uri = SipUri.parse("sip:user@[2001:db8:::192.0.2.1]");
        assertEquals("[2001:db8:::192.0.2.1]", uri.host());
        assertEquals(SipUri.parse("sip:user@[2001:db8::192.0.2.1]"), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = { "[::]", "[::1]", "[1::]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:192.0.2.1]",
            "[::192.0.2.1]", "[fe80::1:2:3:4:5:6]", "[FFFF::abcd]" })
    void acceptsIpv6TextForms(String host) throws SipSyntaxException {
        assertEquals(host, SipUri.parse("sip:" + host + ":5060").host());
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[:1]", "[1:]", "[1::2::3]", "[1:2:3:4:5:6:7]", "[1:2:3:4:5:6:7:8:9]",
            "[1:2:3:4::5:6:7:8]", "[12345::]", "[::g]", "[1:::2]", "[:::]", "[::1.2.3]", "[::256.1.1.1]",
            "[1:2:3:4:5:6:7:1.2.3.4]", "[2001:db8::1", "[::1%eth0]" })
    void refusesMalformedIpv6References(String host) {
        SipSyntaxException e = assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:u@" + host));
        assertEquals(host.indexOf(']') < 0 ? 6 : 7, e.offset());
    }
}
