package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §19.1.4 URI comparison, including every example pair of that section. */
class SipUriEqualityTest {

    private static void assertEquivalent(String a, String b) throws SipSyntaxException {
        SipUri x = SipUri.parse(a);
        SipUri y = SipUri.parse(b);
        assertEquals(x, y);
        assertEquals(y, x);
        assertEquals(x.hashCode(), y.hashCode());
    }

    private static void assertNotEquivalent(String a, String b) throws SipSyntaxException {
        SipUri x = SipUri.parse(a);
        SipUri y = SipUri.parse(b);
        assertNotEquals(x, y);
        assertNotEquals(y, x);
    }

    @Test
    void matchesEscapedUserAndCaseInsensitiveHostAndParameters() throws SipSyntaxException {
        assertEquivalent("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp");
    }

    @Test
    void ignoresParameterPresentInOnlyOneUri() throws SipSyntaxException {
        assertEquivalent("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5");
        assertEquivalent("sip:carol@chicago.com", "sip:carol@chicago.com;security=on");
        assertEquivalent("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on");
    }

    @Test
    void isNotTransitive() throws SipSyntaxException {
        // RFC 3261 §19.1.4: both match sip:carol@chicago.com, not each other
        assertNotEquivalent("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off");
    }

    @Test
    void ignoresParameterOrder() throws SipSyntaxException {
        assertEquivalent("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com");
    }

    @Test
    void ignoresHeaderOrder() throws SipSyntaxException {
        assertEquivalent("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x");
    }

    @Test
    void comparesUserinfoCaseSensitively() throws SipSyntaxException {
        assertNotEquivalent("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP");
    }

    @Test
    void distinguishesAbsentPortFromDefaultPort() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060");
    }

    @Test
    void distinguishesAbsentTransportFromExplicitTransport() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp");
    }

    @Test
    void distinguishesAbsentPortAndTransportFromExplicitOnes() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp");
    }

    @Test
    void neverIgnoresHeaderComponent() throws SipSyntaxException {
        assertNotEquivalent("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting");
    }

    @Test
    void distinguishesHostNameFromItsAddress() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4");
    }

    @Test
    void sipAndSipsUrisAreNeverEqual() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com", "sips:bob@biloxi.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "user=phone", "ttl=15", "method=INVITE", "maddr=239.255.255.1", "transport=udp" })
    void requiresUserTtlMethodMaddrAndTransportInBothUris(String parameter) throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com;" + parameter);
    }

    @Test
    void ignoresLrPresentInOnlyOneUri() throws SipSyntaxException {
        assertEquivalent("sip:proxy.example.com", "sip:proxy.example.com;lr");
    }

    @Test
    void comparesParameterValuesCaseInsensitively() throws SipSyntaxException {
        assertEquivalent("sip:bob@biloxi.com;foo=BAR;maddr=Host.Example.COM",
                "sip:bob@biloxi.com;FOO=bar;maddr=host.example.com");
        assertNotEquivalent("sip:bob@biloxi.com;foo=bar", "sip:bob@biloxi.com;foo=baz");
    }

    @Test
    void distinguishesFlagFromValuedParameter() throws SipSyntaxException {
        assertNotEquivalent("sip:bob@biloxi.com;lr", "sip:bob@biloxi.com;lr=on");
    }

    @Test
    void keepsEscapedReservedCharacterApartFromRawOne() throws SipSyntaxException {
        // "Characters other than those in the reserved set are equivalent to their encoding"
        assertNotEquivalent("sip:a%3Bb@example.com", "sip:a;b@example.com");
        assertEquivalent("sip:a%2db@example.com", "sip:a-b@example.com");
    }

    @Test
    void comparesPasswords() throws SipSyntaxException {
        assertNotEquivalent("sip:alice:x@atlanta.com", "sip:alice:y@atlanta.com");
        assertNotEquivalent("sip:alice@atlanta.com", "sip:alice:x@atlanta.com");
        assertEquivalent("sip:alice:%78@atlanta.com", "sip:alice:x@atlanta.com");
    }

    @Test
    void requiresSameUserPresence() throws SipSyntaxException {
        assertNotEquivalent("sip:atlanta.com", "sip:alice@atlanta.com");
    }

    @Test
    void comparesHeaderNamesAndValuesCaseInsensitively() throws SipSyntaxException {
        assertEquivalent("sip:a@b.com?Subject=Hello", "sip:a@b.com?subject=hello");
        assertNotEquivalent("sip:a@b.com?Subject=hello&Subject=hello", "sip:a@b.com?Subject=hello");
    }

    @Test
    void matchesBuiltUriWithParsedOne() throws SipSyntaxException {
        SipUri built = SipUri.builder("AtLanTa.CoM").user("alice").parameter("transport", "TCP").build();
        assertEquivalent(built.toString(), "sip:%61lice@atlanta.com;transport=tcp");
        assertEquals(built, SipUri.parse("sip:%61lice@atlanta.com;transport=tcp"));
    }

    @ParameterizedTest
    @CsvSource({ "sip:[2001:DB8::1], sip:[2001:db8:0:0:0:0:0:1]", "sip:[::ffff:192.0.2.2], sip:[::FFFF:c000:202]",
            "sip:u@[2001:db8:::192.0.2.1], sip:u@[2001:db8::c000:201]" })
    void comparesIpv6HostsByValue(String a, String b) throws SipSyntaxException {
        assertEquivalent(a, b);
    }

    @Test
    void distinguishesDifferentIpv6Hosts() throws SipSyntaxException {
        assertNotEquivalent("sip:[2001:db8::1]", "sip:[2001:db8::2]");
    }
}
