package org.flexisip.common.sip.uri;

import java.util.Objects;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * An address as From, To, Contact, Route and the like carry it (RFC 3261 §25.1):
 * <pre>
 * name-addr      =  [ display-name ] LAQUOT addr-spec RAQUOT
 * addr-spec      =  SIP-URI / SIPS-URI / absoluteURI
 * display-name   =  *(token LWS)/ quoted-string
 * </pre>
 * As RFC 4475 §3.1.1.6 asks, a display name made of tokens may be followed by {@code <} with no white space
 * ({@code caller<sip:caller@example.com>}).
 *
 * @param displayName unescaped (quoted-pairs undone, so it may hold NUL, BEL or DEL); for a display name made of
 *                    tokens, the text from the first token to the last; empty when there is none
 * @param uri         the address
 * @param bracketed   whether the URI is (to be) written inside {@code <>}; always true with a display name
 */
public record NameAddr(Optional<String> displayName, Uri uri, boolean bracketed) {

    /**
     * @throws IllegalArgumentException when the display name holds a CR or LF, which no quoted-string can carry
     */
    public NameAddr {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(uri, "uri");
        if (displayName.isPresent()) {
            String name = displayName.get();
            if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("CR or LF in a display name");
            }
            bracketed = true;
        }
    }

    /** {@code <uri>} without display name. */
    public static NameAddr of(Uri uri) {
        return new NameAddr(Optional.empty(), uri, true);
    }

    /** {@code "displayName" <uri>}. */
    public static NameAddr of(String displayName, Uri uri) {
        return new NameAddr(Optional.of(displayName), uri, true);
    }

    /** A copy with another URI, keeping the display name and the brackets. */
    public NameAddr withUri(Uri newUri) {
        return new NameAddr(displayName, newUri, bracketed);
    }

    /**
     * Parses a whole text holding one {@code name-addr} or {@code addr-spec}, white space around allowed.
     */
    public static NameAddr parse(String text) throws SipSyntaxException {
        SipScanner scanner = new SipScanner(text);
        NameAddr address = parse(scanner);
        scanner.skipWhitespace();
        if (!scanner.atEnd()) {
            throw scanner.error("unexpected text after the address");
        }
        return address;
    }

    /**
     * Reads a {@code name-addr} or an {@code addr-spec} at the scanner's position (white space first skipped).
     * It stops right after the {@code >} of a name-addr, or before the first ';', ',' or white space after an
     * addr-spec: there, what follows ';' is a header parameter, not a URI parameter (RFC 3261 §20.10; RFC 4475
     * §3.3.12). An addr-spec holding a '?' is refused, for RFC 3261 §20 requires the brackets around a URI with
     * a comma, question mark or semicolon (RFC 4475 §3.1.2.13).
     *
     * @throws SipSyntaxException with an offset in the scanner's text
     */
    public static NameAddr parse(SipScanner scanner) throws SipSyntaxException {
        scanner.skipWhitespace();
        String text = scanner.text();
        int c = scanner.peek();
        if (c == '"') {
            String name = scanner.expectQuotedString();
            scanner.skipWhitespace();
            return bracketed(scanner, Optional.of(name));
        }
        if (c == '<') {
            return bracketed(scanner, Optional.empty());
        }
        int start = scanner.position();
        int length = text.length();
        int p = start;
        int nameEnd = start;
        while (p < length && SipChars.isToken(text.charAt(p))) {
            while (p < length && SipChars.isToken(text.charAt(p))) {
                p++;
            }
            nameEnd = p;
            while (p < length && SipChars.isWsp(text.charAt(p))) {
                p++;
            }
        }
        if (nameEnd > start && p < length && text.charAt(p) == '<') {
            scanner.position(p);
            return bracketed(scanner, Optional.of(text.substring(start, nameEnd)));
        }
        int end = start;
        while (end < length) {
            char e = text.charAt(end);
            if (e == ';' || e == ',' || e == ' ' || e == '\t' || e == '\r' || e == '\n') {
                break;
            }
            if (e == '?') {
                throw new SipSyntaxException("a URI with '?' must be enclosed in '<' '>'", end);
            }
            end++;
        }
        if (end == start) {
            throw scanner.error("expected an address");
        }
        Uri uri = parseUri(text, start, end);
        scanner.position(end);
        return new NameAddr(Optional.empty(), uri, false);
    }

    private static NameAddr bracketed(SipScanner scanner, Optional<String> displayName) throws SipSyntaxException {
        scanner.expect('<', "'<' before the URI");
        int start = scanner.position();
        int close = scanner.text().indexOf('>', start);
        if (close < 0) {
            throw new SipSyntaxException("expected '>' closing the URI", start);
        }
        Uri uri = parseUri(scanner.text(), start, close);
        scanner.position(close + 1);
        return new NameAddr(displayName, uri, true);
    }

    /** The URI in {@code text[start, end)}, errors reported at their offset in {@code text}. */
    private static Uri parseUri(String text, int start, int end) throws SipSyntaxException {
        try {
            return Uri.parse(start == 0 && end == text.length() ? text : text.substring(start, end));
        } catch (SipSyntaxException e) {
            throw new SipSyntaxException(e.reason(), start + e.offset());
        }
    }

    /**
     * {@code name <uri>} when the display name is a sequence of tokens, {@code "name" <uri>} otherwise (with
     * '"', '\' and control characters escaped as quoted-pairs), {@code <uri>} without display name, and the
     * bare URI when not bracketed (unless it holds a ',', ';' or '?', RFC 3261 §20).
     */
    @Override
    public String toString() {
        String text = uri.toString();
        if (displayName.isEmpty()) {
            return bracketed || needsBrackets(text) ? "<" + text + ">" : text;
        }
        String name = displayName.get();
        StringBuilder b = new StringBuilder(name.length() + text.length() + 6);
        if (isTokenSequence(name)) {
            b.append(name);
        } else {
            b.append('"');
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII; the rest is a quoted-pair
                if (c == '"' || c == '\\' || (c < 0x20 && c != '\t') || c == 0x7F) {
                    b.append('\\');
                }
                b.append(c);
            }
            b.append('"');
        }
        return b.append(" <").append(text).append('>').toString();
    }

    private static boolean needsBrackets(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == ',' || c == ';' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** {@code token *( SP token )}: the display name can be written without quotes. */
    private static boolean isTokenSequence(String name) {
        if (name.isEmpty() || name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != ' ' && !SipChars.isToken(c)) {
                return false;
            }
        }
        return true;
    }
}
