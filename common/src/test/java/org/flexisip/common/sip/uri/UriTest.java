package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dispatch on the scheme (RFC 3261 §25.1 {@code absoluteURI}) and opaque URIs (RFC 4475 §3.3.2-3.3.4). */
class UriTest {

    @ParameterizedTest
    @ValueSource(strings = { "sip:alice@atlanta.com", "SIPS:bob@biloxi.com", "Sip:[::1]" })
    void readsSipAndSipsAsSipUri(String text) throws SipSyntaxException {
        assertEquals(text, assertInstanceOf(SipUri.class, Uri.parse(text)).toString());
    }

    @Test
    void readsTelAsTelUri() throws SipSyntaxException {
        assertEquals("+1-201-555-0123", assertInstanceOf(TelUri.class, Uri.parse("tel:+1-201-555-0123")).number());
    }

    @Test
    void readsUnknownSchemeAsOpaqueUri() throws SipSyntaxException {
        // RFC 4475 §3.3.2 (unkscm)
        OpaqueUri uri = assertInstanceOf(OpaqueUri.class, Uri.parse("nobodyKnowsThisScheme:totallyopaquecontent"));
        assertEquals("nobodyknowsthisscheme", uri.scheme());
        assertEquals("totallyopaquecontent", uri.schemeSpecificPart());
        assertEquals("nobodyKnowsThisScheme:totallyopaquecontent", uri.toString());
    }

    @Test
    void readsAtypicalSchemeAsOpaqueUri() throws SipSyntaxException {
        // RFC 4475 §3.3.3 (novelsc)
        OpaqueUri uri = assertInstanceOf(OpaqueUri.class, Uri.parse("soap.beep://192.0.2.103:3002"));
        assertEquals("soap.beep", uri.scheme());
        assertEquals("//192.0.2.103:3002", uri.schemeSpecificPart());
    }

    @ParameterizedTest
    @CsvSource({ "isbn:2983792873, isbn", "http://www.example.com, http", "name:John_Smith, name",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6, urn", "mailto:a%20b@example.com?subject=x, mailto" })
    void readsUnknownSchemesOfAddressesAsOpaqueUris(String text, String scheme) throws SipSyntaxException {
        // RFC 4475 §3.3.4 (unksm2)
        Uri uri = Uri.parse(text);
        assertInstanceOf(OpaqueUri.class, uri);
        assertEquals(scheme, uri.scheme());
        assertEquals(text, uri.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "|0", "user@example.com|4", "1abc:x|0", ":x|0", "ab c:x|2", "foo:|4",
            "foo:a b|5", "foo:a%2|5", "foo:<x>|4", "sip:|4", "tel:|4" })
    void refusesTextThatIsNoUriWithTheOffsetOfTheFault(String text, int offset) {
        String input = text == null ? "" : text;
        assertEquals(offset, assertThrows(SipSyntaxException.class, () -> Uri.parse(input)).offset());
    }

    @Test
    void comparesOpaqueUrisWithCaseInsensitiveScheme() throws SipSyntaxException {
        assertEquals(Uri.parse("HTTP://www.example.com"), Uri.parse("http://www.example.com"));
        assertEquals(Uri.parse("HTTP://www.example.com").hashCode(), Uri.parse("http://www.example.com").hashCode());
        assertNotEquals(Uri.parse("http://www.example.com"), Uri.parse("http://WWW.example.com"));
    }

    @Test
    void neverMatchesUrisOfDifferentTypes() throws SipSyntaxException {
        assertNotEquals(Uri.parse("sip:+1234@example.com;user=phone"), Uri.parse("tel:+1234"));
        assertNotEquals(Uri.parse("sip:example.com"), Uri.parse("foo:example.com"));
    }

    @Test
    void buildsOpaqueUriFromParts() {
        OpaqueUri uri = OpaqueUri.of("urn", "service:sos");
        assertEquals("urn:service:sos", uri.toString());
        assertThrows(IllegalArgumentException.class, () -> OpaqueUri.of("sip", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> OpaqueUri.of("urn", "a b"));
    }
}
