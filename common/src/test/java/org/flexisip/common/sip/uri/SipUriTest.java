package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, accessors and building of SIP URIs (RFC 3261 §19.1.1, §25.1; RFC 4475 §3.1.1). */
class SipUriTest {

    @Test
    void parsesUserHostAndPort() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:alice@atlanta.com:5070");
        assertEquals("sip", uri.scheme());
        assertFalse(uri.secure());
        assertEquals(Optional.of("alice"), uri.user());
        assertEquals("atlanta.com", uri.host());
        assertEquals(OptionalInt.of(5070), uri.port());
        assertTrue(uri.parameters().isEmpty());
        assertTrue(uri.headers().isEmpty());
    }

    @Test
    void parsesSipsScheme() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sips:bob@biloxi.com");
        assertTrue(uri.secure());
        assertEquals("sips", uri.scheme());
    }

    @Test
    void readsSchemeCaseInsensitivelyAndKeepsUserCase() throws SipSyntaxException {
        SipUri uri = SipUri.parse("SIP:ALICE@AtLanTa.CoM;Transport=udp");
        assertEquals("sip", uri.scheme());
        assertEquals(Optional.of("ALICE"), uri.user());
        assertEquals("AtLanTa.CoM", uri.host());
    }

    @Test
    void parsesPassword() throws SipSyntaxException {
        // RFC 3261 §19.1.3
        SipUri uri = SipUri.parse("sip:alice:secretword@atlanta.com;transport=tcp");
        assertEquals(Optional.of("alice"), uri.user());
        assertEquals(Optional.of("secretword"), uri.password());
    }

    @Test
    void keepsEmptyPasswordApartFromNoPassword() throws SipSyntaxException {
        assertEquals(Optional.of(""), SipUri.parse("sip:alice:@atlanta.com").password());
        assertEquals(Optional.empty(), SipUri.parse("sip:alice@atlanta.com").password());
    }

    @Test
    void hasNoUserWithoutUserinfo() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:atlanta.com;lr");
        assertEquals(Optional.empty(), uri.user());
        assertEquals(Optional.empty(), uri.rawUser());
        assertEquals("atlanta.com", uri.host());
    }

    @Test
    void readsTelephoneSubscriberWithPasswordAndUserParameter() throws SipSyntaxException {
        // RFC 3261 §19.1.3
        SipUri uri = SipUri.parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
        assertEquals(Optional.of("+1-212-555-1212"), uri.user());
        assertEquals(Optional.of("1234"), uri.password());
        assertEquals(Optional.of("phone"), uri.parameter("user"));
    }

    @Test
    void decodesEscapedUserAndKeepsRawForm() throws SipSyntaxException {
        // RFC 4475 §3.1.1.3 (esc01), To
        SipUri uri = SipUri.parse("sip:%75se%72@example.com");
        assertEquals(Optional.of("user"), uri.user());
        assertEquals(Optional.of("%75se%72"), uri.rawUser());
    }

    @Test
    void decodesReservedCharactersInUser() throws SipSyntaxException {
        // RFC 4475 §3.1.1.3 (esc01), Request-URI and From
        assertEquals(Optional.of("sips:user@example.com"),
                SipUri.parse("sip:sips%3Auser%40example.com@example.net").user());
        assertEquals(Optional.of("I have spaces"), SipUri.parse("sip:I%20have%20spaces@example.net").user());
    }

    @Test
    void keepsEscapedNullsInUser() throws SipSyntaxException {
        // RFC 4475 §3.1.1.4 (escnull)
        assertEquals(Optional.of("null-\0-null"), SipUri.parse("sip:null-%00-null@example.com").user());
        SipUri one = SipUri.parse("sip:%00@host5.example.com");
        SipUri two = SipUri.parse("sip:%00%00@host5.example.com");
        assertEquals(Optional.of("\0"), one.user());
        assertEquals(Optional.of("\0\0"), two.user());
        assertFalse(one.equals(two));
    }

    @Test
    void readsSemicolonInUserPartAsUserNotParameter() throws SipSyntaxException {
        // RFC 4475 §3.1.1.9 (semiuri)
        SipUri uri = SipUri.parse("sip:user;par=u%40example.net@example.com");
        assertEquals(Optional.of("user;par=u@example.net"), uri.user());
        assertEquals("example.com", uri.host());
        assertFalse(uri.hasParameter("par"));
        assertTrue(uri.parameters().isEmpty());
    }

    @Test
    void acceptsTheWideRangeOfUserAndPasswordCharacters() throws SipSyntaxException {
        // RFC 4475 §3.1.1.2 (intmeth), Request-URI
        SipUri uri = SipUri.parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
                + "(doesn't-it)@example.com");
        assertEquals(Optional.of("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"), uri.user());
        assertEquals(Optional.of("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"), uri.password());
        assertEquals("example.com", uri.host());
    }

    @Test
    void decodesEscapesOnlyOnce() throws SipSyntaxException {
        // RFC 4475 §3.1.1.3 (esc01), Contact: "%6C%72" is lr, and the value is "value%41", not "valueA"
        SipUri uri = SipUri.parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
        assertEquals(Optional.of("caller"), uri.user());
        assertTrue(uri.lr());
        assertEquals(Optional.of("value%41"), uri.parameter("name"));
    }

    @Test
    void decodesUtf8EscapesAndKeepsStrayOctets() throws SipSyntaxException {
        assertEquals(Optional.of("\u00e9t\u00e9"), SipUri.parse("sip:%C3%A9t%c3%a9@example.com").user());
        assertEquals(Optional.of("a\u00ffb"), SipUri.parse("sip:a%FFb@example.com").user());
    }

    @Test
    void acceptsUnescapedHashInTelephoneUser() throws SipSyntaxException {
        assertEquals(Optional.of("*21#"), SipUri.parse("sip:*21#@example.com").user());
    }

    @Test
    void parsesIpv4Host() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:alice@192.0.2.4:5061");
        assertEquals("192.0.2.4", uri.host());
        assertEquals(OptionalInt.of(5061), uri.port());
    }

    @ParameterizedTest
    @ValueSource(strings = { "sip:alice@192.0.2.256", "sip:alice@192.0.2", "sip:alice@1234.0.2.1", "sip:host.123",
            "sip:-host.example.com", "sip:host-.example.com", "sip:host..example.com", "sip:.example.com" })
    void refusesInvalidHostNamesAndAddresses(String text) {
        SipSyntaxException e = assertThrows(SipSyntaxException.class, () -> SipUri.parse(text));
        int at = text.indexOf('@');
        assertEquals(at < 0 ? 4 : at + 1, e.offset());
    }

    @Test
    void acceptsFullyQualifiedHostWithTrailingDotAndUnderscore() throws SipSyntaxException {
        assertEquals("example.com.", SipUri.parse("sip:example.com.").host());
        assertEquals("flexisip_proxy", SipUri.parse("sip:flexisip_proxy:5060").host());
    }

    @Test
    void acceptsPortsFromZeroTo65535() throws SipSyntaxException {
        assertEquals(OptionalInt.of(0), SipUri.parse("sip:example.com:0").port());
        assertEquals(OptionalInt.of(65535), SipUri.parse("sip:example.com:65535").port());
        assertEquals(OptionalInt.of(5060), SipUri.parse("sip:example.com:05060").port());
    }

    @Test
    void refusesPortAbove65535() {
        SipSyntaxException e = assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:example.com:65536"));
        assertEquals(16, e.offset());
        assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:example.com:99999999999999999999"));
    }

    @Test
    void refusesColonWithoutPort() {
        SipSyntaxException e = assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:example.com:;lr"));
        assertEquals(16, e.offset());
    }

    @Test
    void readsFlagParameterAsEmptyValue() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:proxy.example.com;lr");
        assertTrue(uri.lr());
        assertEquals(Optional.of(""), uri.parameter("lr"));
        assertTrue(uri.hasParameter("LR"));
    }

    @Test
    void hasNoLrWithoutTheParameter() throws SipSyntaxException {
        assertFalse(SipUri.parse("sip:proxy.example.com;transport=tcp").lr());
    }

    @Test
    void readsTransportInLowerCaseWithCaseInsensitiveName() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:alice@atlanta.com;Transport=TCP");
        assertEquals(Optional.of("tcp"), uri.transport());
        assertEquals(Optional.of("TCP"), uri.parameter("transport"));
    }

    @Test
    void readsMaddrAndTtl() throws SipSyntaxException {
        // RFC 3261 §19.1.3
        SipUri uri = SipUri.parse("sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15");
        assertEquals(Optional.of("239.255.255.1"), uri.maddr());
        assertEquals(Optional.of("15"), uri.parameter("ttl"));
        assertEquals(Optional.empty(), uri.transport());
    }

    @Test
    void keepsParameterOrder() throws SipSyntaxException {
        // RFC 4475 §3.1.1.1 (wsinv), Route
        SipUri uri = SipUri.parse("sip:services.example.com;lr;unknownwith=value;unknown-no-value");
        assertEquals(List.of("lr", "unknownwith", "unknown-no-value"), uri.parameters().names());
        assertEquals(Optional.of("value"), uri.parameter("unknownwith"));
    }

    @Test
    void parsesHeadersInOrderUnescaped() throws SipSyntaxException {
        // RFC 3261 §19.1.4
        SipUri uri = SipUri.parse("sip:alice@atlanta.com?subject=project%20x&priority=urgent");
        assertEquals(List.of(Map.entry("subject", "project x"), Map.entry("priority", "urgent")), uri.headers());
    }

    @Test
    void parsesEscapedRouteHeader() throws SipSyntaxException {
        // RFC 4475 §3.3.14 (regescrt)
        SipUri uri = SipUri.parse("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
        assertEquals(List.of(Map.entry("Route", "<sip:sip.example.com>")), uri.headers());
        assertEquals("example.com", uri.host());
    }

    @Test
    void acceptsEmptyHeaderValue() throws SipSyntaxException {
        assertEquals(List.of(Map.entry("h", "")), SipUri.parse("sip:example.com?h=").headers());
    }

    @ParameterizedTest
    @ValueSource(strings = { "sip:host;;lr", "sip:host;", "sip:host;a=", "sip:host?", "sip:host?h", "sip:host?=v",
            "sip:host?h=v&" })
    void refusesEmptyParameterOrHeaderParts(String text) {
        assertThrows(SipSyntaxException.class, () -> SipUri.parse(text));
    }

    @Test
    void refusesPercentWithoutTwoHexDigits() {
        assertEquals(6, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:us%4@host")).offset());
        assertEquals(4, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:%zz@host")).offset());
        assertEquals(11, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:host;a=%")).offset());
    }

    @Test
    void refusesMissingHost() {
        assertEquals(4, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:")).offset());
        assertEquals(9, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:user@")).offset());
        assertEquals(4, assertThrows(SipSyntaxException.class, () -> SipUri.parse("sip:@host")).offset());
    }

    @Test
    void refusesEmbeddedWhiteSpace() {
        // RFC 4475 §3.1.2.8 (lwsruri)
        SipSyntaxException e = assertThrows(SipSyntaxException.class,
                () -> SipUri.parse("sip:user@example.com; lr"));
        assertEquals(21, e.offset());
    }

    @Test
    void refusesOtherSchemes() {
        assertEquals(0, assertThrows(SipSyntaxException.class, () -> SipUri.parse("tel:+123")).offset());
    }

    @Test
    void printsParsedUriAsItsOriginalText() throws SipSyntaxException {
        String text = "SIP:%61lice@AtLanTa.CoM:05060;Transport=TCP;%6C%72?Subject=a%20b";
        assertEquals(text, SipUri.parse(text).toString());
    }

    @Test
    void returnsTheSameUriWhenBuilderChangesNothing() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:cal%6Cer@host5.example.net;%6C%72");
        assertSame(uri, uri.toBuilder().build());
    }

    @Test
    void printsModifiedUriCanonicallyKeepingRawUser() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
        SipUri modified = uri.toBuilder().port(5070).build();
        assertEquals("sip:cal%6Cer@host5.example.net:5070;lr;name=value%2541", modified.toString());
        assertEquals(Optional.of("value%41"), modified.parameter("name"));
    }

    @Test
    void buildsUriEscapingTheUser() throws SipSyntaxException {
        SipUri uri = SipUri.builder("example.com").user("user;par=u@example.net").build();
        assertEquals("sip:user;par=u%40example.net@example.com", uri.toString());
        assertEquals(uri, SipUri.parse(uri.toString()));
        assertEquals(Optional.of("user;par=u@example.net"), SipUri.parse(uri.toString()).user());
    }

    @Test
    void buildsUriEscapingPasswordParametersAndHeaders() {
        SipUri uri = SipUri.builder("example.com").secure(true).user("bob").password("a:b@c").port(5061)
                .parameter("transport", "tls").parameter("x", "a b;c").parameter("lr", null)
                .header("Subject", "a&b=c").header("Priority", "urgent").build();
        assertEquals("sips:bob:a%3Ab%40c@example.com:5061;transport=tls;x=a%20b%3Bc;lr"
                + "?Subject=a%26b%3Dc&Priority=urgent", uri.toString());
    }

    @Test
    void buildsNonAsciiUserAsUtf8Escapes() throws SipSyntaxException {
        SipUri uri = SipUri.builder("example.com").user("j\u00e9r\u00f4me\uD83D\uDE00").build();
        assertEquals("sip:j%C3%A9r%C3%B4me%F0%9F%98%80@example.com", uri.toString());
        assertEquals(uri.user(), SipUri.parse(uri.toString()).user());
    }

    @Test
    void addsBracketsAroundIpv6HostInBuilder() {
        SipUri uri = SipUri.builder("2001:db8::1").port(5060).build();
        assertEquals("[2001:db8::1]", uri.host());
        assertEquals("sip:[2001:db8::1]:5060", uri.toString());
    }

    @Test
    void refusesInvalidHostInBuilder() {
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("bad host").build());
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("example.com;lr").build());
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("[2001:db8::1::2]").build());
    }

    @Test
    void refusesPortOutOfRangeInBuilder() {
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("example.com").port(65536));
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("example.com").port(-1));
    }

    @Test
    void refusesPasswordWithoutUserInBuilder() {
        assertThrows(IllegalStateException.class, () -> SipUri.builder("example.com").password("x").build());
        assertThrows(IllegalArgumentException.class, () -> SipUri.builder("example.com").user(""));
    }

    @Test
    void removesParametersHeadersUserAndPortInBuilder() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sips:alice:pw@atlanta.com:5061;transport=tls;lr?Subject=x");
        SipUri changed = uri.toBuilder().secure(false).noUser().noPassword().noPort().removeParameter("TRANSPORT")
                .clearHeaders().build();
        assertEquals("sip:atlanta.com;lr", changed.toString());
    }

    @Test
    void replacesParameterValueInPlaceInBuilder() throws SipSyntaxException {
        SipUri uri = SipUri.parse("sip:alice@atlanta.com;transport=udp;lr");
        assertEquals("sip:alice@atlanta.com;transport=tcp;lr",
                uri.toBuilder().parameter("transport", "tcp").build().toString());
    }
}
