package org.flexisip.common.filter;

/**
 * A SIP boolean expression that does not follow the grammar of spec/filters.md §3: where the problem is and
 * what was expected there. Raised when the configuration is loaded (spec/filters.md §3.11: every syntax error is
 * reported cleanly, unlike Flexisip 2.4 which aborts on some of them).
 */
public final class FilterSyntaxException extends Exception {
    private final String text;
    private final int position;
    private final String expected;

    /**
     * @param text     the whole expression
     * @param position 0-based character offset of the problem in {@code text}
     * @param expected what was expected there, or what is wrong ({@code expected an operand after '=='})
     */
    FilterSyntaxException(String text, int position, String expected) {
        super("at position " + position + ": " + expected + " in \"" + text + "\"", null, false, false);
        this.text = text;
        this.position = position;
        this.expected = expected;
    }

    /** The expression that failed to parse. */
    public String text() {
        return text;
    }

    /** The 0-based character offset of the problem; the text length when the expression ended too early. */
    public int position() {
        return position;
    }

    /** What was expected at {@link #position()}, or what is wrong there, without the position. */
    public String expected() {
        return expected;
    }
}
