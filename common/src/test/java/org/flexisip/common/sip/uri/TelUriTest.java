package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tel URIs (RFC 3966). */
class TelUriTest {

    @Test
    void parsesGlobalNumber() throws SipSyntaxException {
        TelUri uri = TelUri.parse("tel:+1-201-555-0123");
        assertEquals("tel", uri.scheme());
        assertEquals("+1-201-555-0123", uri.number());
        assertTrue(uri.global());
        assertTrue(uri.parameters().isEmpty());
    }

    @Test
    void parsesLocalNumberWithParameters() throws SipSyntaxException {
        // RFC 3966 §6
        TelUri uri = TelUri.parse("tel:7042;phone-context=example.com;ext=12");
        assertFalse(uri.global());
        assertEquals("7042", uri.number());
        assertEquals(Optional.of("example.com"), uri.parameters().get("Phone-Context"));
        assertEquals(Optional.of("12"), uri.parameters().get("ext"));
    }

    @Test
    void readsSchemeCaseInsensitivelyAndPrintsOriginalText() throws SipSyntaxException {
        TelUri uri = TelUri.parse("TEL:+33(0)1.23;Foo=%41");
        assertEquals("tel", uri.scheme());
        assertEquals("TEL:+33(0)1.23;Foo=%41", uri.toString());
        assertEquals(Optional.of("A"), uri.parameters().get("foo"));
    }

    @Test
    void ignoresVisualSeparatorsWhenComparing() throws SipSyntaxException {
        TelUri a = TelUri.parse("tel:+1-201-555-0123");
        TelUri b = TelUri.parse("tel:+1(201)555.0123");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, TelUri.parse("tel:+1-201-555-0124"));
    }

    @Test
    void comparesParametersInAnyOrderAndCase() throws SipSyntaxException {
        assertEquals(TelUri.parse("tel:7042;a=B;phone-context=EXAMPLE.com"),
                TelUri.parse("tel:7042;phone-context=example.com;A=b"));
        assertNotEquals(TelUri.parse("tel:7042;phone-context=example.com;ext=1"),
                TelUri.parse("tel:7042;phone-context=example.com"));
    }

    @Test
    void comparesHexDigitsOfLocalNumbersCaseInsensitively() throws SipSyntaxException {
        assertEquals(TelUri.parse("tel:*12aB#;phone-context=x.com"), TelUri.parse("tel:*12Ab#;phone-context=x.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "tel:", "tel:+", "tel:+-.", "tel:+1-800-FLOWERS", "tel:12 34", "tel:+1;", "tel:+1;=x",
            "tel:+1;a=", "tel:+1;a_b=1", "tel:+1;a=%4" })
    void refusesMalformedTelUris(String text) {
        assertThrows(SipSyntaxException.class, () -> TelUri.parse(text));
    }

    @Test
    void buildsFromNumberAndParameters() {
        TelUri uri = TelUri.of("+33-1-23", UriParameters.empty().with("ext", "12").with("x", "a b"));
        assertEquals("tel:+33-1-23;ext=12;x=a%20b", uri.toString());
        assertThrows(IllegalArgumentException.class, () -> TelUri.of("+33 1", UriParameters.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> TelUri.of("+331", UriParameters.empty().with("bad name", "1")));
    }
}
