package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code name-addr} and {@code addr-spec} in address headers (RFC 3261 §20.10, §25.1; RFC 4475). */
class NameAddrTest {

    @Test
    void parsesQuotedDisplayNameAndStopsAfterRaquot() throws SipSyntaxException {
        SipScanner scanner = new SipScanner("\"Bob\" <sip:bob@biloxi.com>;tag=a73kszlfl");
        NameAddr address = NameAddr.parse(scanner);
        assertEquals(Optional.of("Bob"), address.displayName());
        assertEquals("sip:bob@biloxi.com", address.uri().toString());
        assertTrue(address.bracketed());
        assertEquals(";tag=a73kszlfl", scanner.rest());
    }

    @Test
    void undoesQuotedPairsInDisplayName() throws SipSyntaxException {
        // RFC 4475 §3.1.1.1 (wsinv), From
        NameAddr address = NameAddr.parse(new SipScanner("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>"));
        assertEquals(Optional.of("J Rosenberg \\\""), address.displayName());
    }

    @Test
    void keepsControlCharactersOfQuotedPairs() throws SipSyntaxException {
        // RFC 4475 §3.1.1.2 (intmeth), To: quoted-pairs of BEL, NUL and DEL
        NameAddr address = NameAddr.parse(new SipScanner("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" "
                + "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>"));
        assertEquals(Optional.of("BEL:\u0007 NUL:\u0000 DEL:\u007f"), address.displayName());
        assertEquals(Optional.of("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"),
                ((SipUri) address.uri()).user());
    }

    @Test
    void readsDisplayNameMadeOfTokens() throws SipSyntaxException {
        // RFC 4475 §3.1.1.2 (intmeth), From
        NameAddr address = NameAddr.parse(new SipScanner("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>"));
        assertEquals(Optional.of("token1~` token2'+_ token3*%!.-"), address.displayName());
    }

    @Test
    void acceptsNoWhiteSpaceBetweenDisplayNameAndLaquot() throws SipSyntaxException {
        // RFC 4475 §3.1.1.6 (lwsdisp)
        NameAddr address = NameAddr.parse(new SipScanner("caller<sip:caller@example.com>;tag=323"));
        assertEquals(Optional.of("caller"), address.displayName());
        assertEquals("sip:caller@example.com", address.uri().toString());
    }

    @Test
    void leavesParametersAfterBareAddrSpecToTheHeader() throws SipSyntaxException {
        // RFC 4475 §3.3.12 (cparam01)
        SipScanner scanner = new SipScanner("sip:+19725552222@gw1.example.net;unknownparam");
        NameAddr address = NameAddr.parse(scanner);
        assertFalse(address.bracketed());
        assertFalse(((SipUri) address.uri()).hasParameter("unknownparam"));
        assertEquals(";unknownparam", scanner.rest());
    }

    @Test
    void keepsParametersInsideBracketsInTheUri() throws SipSyntaxException {
        // RFC 4475 §3.3.13 (cparam02)
        SipScanner scanner = new SipScanner("<sip:+19725552222@gw1.example.net;unknownparam>");
        NameAddr address = NameAddr.parse(scanner);
        assertTrue(((SipUri) address.uri()).hasParameter("unknownparam"));
        assertTrue(scanner.atEnd());
    }

    @Test
    void refusesBareAddrSpecWithHeaders() {
        // RFC 4475 §3.1.2.13 (regbadct)
        SipSyntaxException e = assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("sip:user@example.com?Route=%3Csip:sip.example.com%3E")));
        assertEquals(20, e.offset());
    }

    @Test
    void acceptsHeadersInsideBrackets() throws SipSyntaxException {
        // RFC 4475 §3.3.14 (regescrt)
        NameAddr address = NameAddr.parse(new SipScanner("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>"));
        assertEquals(List.of(Map.entry("Route", "<sip:sip.example.com>")), ((SipUri) address.uri()).headers());
    }

    @Test
    void refusesUnquotedDisplayNameWithComma() {
        // RFC 4475 §3.1.2.15 (baddn)
        assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("Bell, Alexander <sip:a.g.bell@example.com>;tag=43")));
        assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("Watson, Thomas <sip:t.watson@example.org>")));
    }

    @Test
    void refusesUnterminatedQuotedDisplayName() {
        // RFC 4475 §3.1.2.6 (quotbal)
        assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("\"Mr. J. User <sip:j.user@example.com>")));
    }

    @Test
    void refusesWhiteSpaceInsideBracketsAtItsOffset() {
        // RFC 4475 §3.1.2.14 (badaspec)
        SipSyntaxException e = assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("\"Watson, Thomas\" < sip:t.watson@example.org >")));
        assertEquals(18, e.offset());
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse(new SipScanner("<sip:t.watson@example.org >")));
    }

    @Test
    void refusesMissingRaquot() {
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse(new SipScanner("<sip:a@example.com")));
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse(new SipScanner("\"A\" sip:a@example.com")));
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse(new SipScanner("<>")));
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse(new SipScanner("  ")));
    }

    @Test
    void reportsUriErrorsAtTheirOffsetInTheHeaderValue() {
        SipSyntaxException e = assertThrows(SipSyntaxException.class,
                () -> NameAddr.parse(new SipScanner("To: \"A\" <sip:a@example.com:99999>", 4)));
        assertEquals(27, e.offset());
    }

    @ParameterizedTest
    @ValueSource(strings = { "isbn:2983792873", "<http://www.example.com>", "<name:John_Smith>" })
    void acceptsUnknownSchemesInAddresses(String text) throws SipSyntaxException {
        // RFC 4475 §3.3.4 (unksm2)
        assertInstanceOf(OpaqueUri.class, NameAddr.parse(new SipScanner(text)).uri());
    }

    @Test
    void stopsBeforeCommaBetweenAddresses() throws SipSyntaxException {
        SipScanner bracketed = new SipScanner("  <sip:a@example.com>, <sip:b@example.com>");
        assertEquals("sip:a@example.com", NameAddr.parse(bracketed).uri().toString());
        assertEquals(", <sip:b@example.com>", bracketed.rest());
        SipScanner bare = new SipScanner("sip:a@example.com,sip:b@example.com");
        assertEquals("sip:a@example.com", NameAddr.parse(bare).uri().toString());
        assertEquals(",sip:b@example.com", bare.rest());
    }

    @Test
    void parsesWholeTextWithSurroundingWhiteSpace() throws SipSyntaxException {
        assertEquals("sip:a@example.com", NameAddr.parse(" <sip:a@example.com> ").uri().toString());
        assertThrows(SipSyntaxException.class, () -> NameAddr.parse("<sip:a@example.com> x"));
    }

    @Test
    void keepsEmptyQuotedDisplayName() throws SipSyntaxException {
        NameAddr address = NameAddr.parse("\"\" <sip:a@example.com>");
        assertEquals(Optional.of(""), address.displayName());
        assertEquals("\"\" <sip:a@example.com>", address.toString());
    }

    @Test
    void printsTokenDisplayNameWithoutQuotes() throws SipSyntaxException {
        assertEquals("caller <sip:caller@example.com>", NameAddr.parse("caller<sip:caller@example.com>").toString());
    }

    @Test
    void quotesDisplayNameThatIsNotTokens() throws SipSyntaxException {
        NameAddr address = NameAddr.of("Watson, Thomas", SipUri.parse("sip:t.watson@example.org"));
        assertEquals("\"Watson, Thomas\" <sip:t.watson@example.org>", address.toString());
    }

    @Test
    void escapesQuoteAndBackslashWhenPrinting() throws SipSyntaxException {
        String text = "\"J Rosenberg \\\\\\\"\" <sip:jdrosen@example.com>";
        NameAddr address = NameAddr.parse(text);
        assertEquals(text, address.toString());
        assertEquals(address, NameAddr.parse(address.toString()));
    }

    @Test
    void escapesControlCharactersAsQuotedPairsWhenPrinting() throws SipSyntaxException {
        // RFC 4475 §3.1.1.2 (intmeth): BEL, NUL and DEL are not qdtext
        String text = "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:a@example.com>";
        NameAddr address = NameAddr.parse(text);
        assertEquals(text, address.toString());
        assertEquals("\"tab\there\" <sip:a@example.com>", NameAddr.of("tab\there", address.uri()).toString());
    }

    @Test
    void printsBareAddrSpecWithoutBracketsUnlessNeeded() throws SipSyntaxException {
        assertEquals("sip:a@example.com", NameAddr.parse("sip:a@example.com").toString());
        assertEquals("<sip:a@example.com>", NameAddr.parse("<sip:a@example.com>").toString());
        NameAddr withParameter = new NameAddr(Optional.empty(), SipUri.parse("sip:a@example.com;lr"), false);
        assertEquals("<sip:a@example.com;lr>", withParameter.toString());
    }

    @Test
    void alwaysBracketsWithDisplayName() throws SipSyntaxException {
        assertTrue(new NameAddr(Optional.of("A"), SipUri.parse("sip:a@example.com"), false).bracketed());
    }

    @Test
    void refusesCrOrLfInDisplayName() {
        assertThrows(IllegalArgumentException.class,
                () -> NameAddr.of("a\r\nVia: x", SipUri.parse("sip:a@example.com")));
    }
}
