package org.flexisip.common.sip.grammar;

/**
 * A cursor over one header value or URI text (folding already undone) with the primitives of the RFC 3261
 * §25.1 grammar. Naming follows a contract: {@code consumeX} takes X if it is there and reports what it took
 * (leaving the position alone otherwise), {@code expectX} takes X or fails with a {@link SipSyntaxException}
 * carrying the offset. Not thread-safe; one per parse.
 */
public final class SipScanner {
    private final String text;
    private int position;

    public SipScanner(String text) {
        this(text, 0);
    }

    public SipScanner(String text, int start) {
        this.text = text;
        this.position = start;
    }

    public String text() {
        return text;
    }

    public int position() {
        return position;
    }

    public void position(int newPosition) {
        this.position = newPosition;
    }

    public boolean atEnd() {
        return position >= text.length();
    }

    /** The next character, or -1 at the end. */
    public int peek() {
        return position < text.length() ? text.charAt(position) : -1;
    }

    /** The character {@code ahead} positions further, or -1 past the end. */
    public int peek(int ahead) {
        int i = position + ahead;
        return i < text.length() ? text.charAt(i) : -1;
    }

    public char next() {
        return text.charAt(position++);
    }

    public String rest() {
        return text.substring(position);
    }

    /** Takes {@code c} if it is next. */
    public boolean consume(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    public void expect(char c, String what) throws SipSyntaxException {
        if (!consume(c)) {
            throw error("expected " + what);
        }
    }

    /** Skips SP and HTAB (LWS once unfolded). Returns whether anything was skipped. */
    public boolean skipWhitespace() {
        int start = position;
        while (position < text.length() && SipChars.isWsp(text.charAt(position))) {
            position++;
        }
        return position > start;
    }

    /**
     * SWS around a separator (RFC 3261 §25.1: {@code SEMI = SWS ";" SWS} and the like): takes optional white
     * space, {@code c}, optional white space. Leaves the position alone when {@code c} is not there.
     */
    public boolean consumeSeparator(char c) {
        int start = position;
        skipWhitespace();
        if (consume(c)) {
            skipWhitespace();
            return true;
        }
        position = start;
        return false;
    }

    /** {@code token}, or the empty string when none is next. */
    public String consumeToken() {
        int start = position;
        while (position < text.length() && SipChars.isToken(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    public String expectToken(String what) throws SipSyntaxException {
        String token = consumeToken();
        if (token.isEmpty()) {
            throw error("expected " + what);
        }
        return token;
    }

    /** Digits as a string (possibly with leading zeros), or empty. */
    public String consumeDigits() {
        int start = position;
        while (position < text.length() && SipChars.isDigit(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    /**
     * {@code quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE}: returns the content with quoted-pairs
     * undone. The opening quote must be next.
     */
    public String expectQuotedString() throws SipSyntaxException {
        int start = position;
        expect('"', "'\"' opening a quoted string");
        StringBuilder content = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return content.toString();
            }
            if (c == '\\') {
                if (position >= text.length()) {
                    break;
                }
                char escaped = text.charAt(position++);
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF cannot be escaped.
                if (escaped == '\r' || escaped == '\n') {
                    throw new SipSyntaxException("CR or LF after '\\' in a quoted string", position - 1);
                }
                content.append(escaped);
            } else if (c == '\r' || c == '\n') {
                throw new SipSyntaxException("CR or LF inside a quoted string", position - 1);
            } else {
                content.append(c);
            }
        }
        throw new SipSyntaxException("unterminated quoted string", start);
    }

    /** One grammar element read from a scanner (a Via value, an address, a media range...). */
    @FunctionalInterface
    public interface Element<T> {
        T read(SipScanner scanner) throws SipSyntaxException;
    }

    /**
     * {@code element *(COMMA element)} filling the rest of the text (RFC 3261 §7.3.1: several values of a list
     * header on one line), white space allowed around the commas.
     */
    public <T> java.util.List<T> expectCommaList(Element<T> element, String what) throws SipSyntaxException {
        java.util.List<T> list = new java.util.ArrayList<>(2);
        do {
            skipWhitespace();
            list.add(element.read(this));
            skipWhitespace();
        } while (consume(','));
        if (!atEnd()) {
            throw error("expected ',' or the end of the " + what);
        }
        return list;
    }

    /** Like {@link #expectCommaList} but an empty text is an empty list (Accept, Supported, Allow). */
    public <T> java.util.List<T> expectOptionalCommaList(Element<T> element, String what)
            throws SipSyntaxException {
        skipWhitespace();
        return atEnd() ? new java.util.ArrayList<>(0) : expectCommaList(element, what);
    }

    /** One element filling the rest of the text, white space allowed around it. */
    public <T> T expectOnly(Element<T> element, String what) throws SipSyntaxException {
        skipWhitespace();
        T value = element.read(this);
        skipWhitespace();
        if (!atEnd()) {
            throw error("unexpected text after the " + what);
        }
        return value;
    }

    /** An error at the current position. */
    public SipSyntaxException error(String reason) {
        return new SipSyntaxException(reason + (atEnd() ? " at the end" : " at '" + abbreviatedRest() + "'"),
                position);
    }

    private String abbreviatedRest() {
        String rest = text.substring(position);
        return rest.length() <= 20 ? rest : rest.substring(0, 20) + "...";
    }
}
