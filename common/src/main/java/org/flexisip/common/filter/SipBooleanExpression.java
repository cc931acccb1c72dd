package org.flexisip.common.filter;

import java.util.Objects;

import org.flexisip.common.sip.message.SipMessage;

/**
 * A SIP boolean expression, or filter (spec/filters.md): a condition on one SIP request or response, such as
 * {@code is_request && request.method-name == 'INVITE'}. It decides whether a module processes a message
 * ({@code module::<Name>/filter}), whether a body is logged ({@code global/show-body-for}), and more
 * (spec/filters.md §1).
 *
 * <p>The text is compiled once by {@link #parse} into a small tree of conditions; {@link #evaluate} walks it,
 * evaluating left to right with short circuit, and never throws. Immutable and safe to share between threads.
 *
 * <h2>Grouping</h2>
 * {@code &&} and {@code ||} have the same precedence and take everything to their right as their right operand,
 * as in Flexisip: {@code A && B || C} means {@code A && (B || C)}, and {@code A || B && C} means
 * {@code A || (B && C)} (spec/filters.md §3.1). Parenthesise to group otherwise.
 *
 * <h2>Regular expressions</h2>
 * {@code v regex 'p'} is true when the whole value matches {@code p} ({@link java.util.regex.Matcher#matches()}).
 * Flexisip uses ECMAScript regular expressions ({@code std::regex}); we use {@link java.util.regex.Pattern} with
 * no flags, which reads the common syntax alike (classes, {@code \d \w \s}, quantifiers, lazy quantifiers,
 * groups, alternation, {@code (?:)}, lookahead, back references). Differences:
 * <ul>
 * <li>Java accepts more: lookbehind {@code (?<=)}, possessive quantifiers {@code a*+}, atomic groups, inline
 * flags {@code (?i)}, {@code \p{...}} classes, {@code \A \Z \Q...\E}. A pattern using them would have been
 * refused by Flexisip 2.4.</li>
 * <li>Java refuses some ECMAScript forms: {@code [^]} and {@code []} (write {@code [\s\S]} for any character),
 * and a <code>&#123;</code> that does not start a quantifier (escape it).</li>
 * <li>A back reference to a group that did not take part in the match matches the empty string in ECMAScript
 * and fails in Java.</li>
 * <li>Inside a character class, Java treats {@code &&} as intersection and {@code [} as a nested class; escape
 * them there ({@code [\[]}).</li>
 * </ul>
 */
public final class SipBooleanExpression {
    private static final SipBooleanExpression ALWAYS_TRUE =
            new SipBooleanExpression("", new Condition.Constant(true));

    private final String text;
    private final Condition root;

    private SipBooleanExpression(String text, Condition root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Compiles {@code text}. An empty or blank text is always true (spec/filters.md §1); its text is kept as
     * given.
     *
     * @throws FilterSyntaxException with the position of the first problem and what was expected there
     */
    public static SipBooleanExpression parse(String text) throws FilterSyntaxException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return ALWAYS_TRUE;
        }
        if (text.isBlank()) {
            return new SipBooleanExpression(text, ALWAYS_TRUE.root);
        }
        return new SipBooleanExpression(text, ExpressionParser.parse(text));
    }

    /** The empty expression: true for every message. */
    public static SipBooleanExpression alwaysTrue() {
        return ALWAYS_TRUE;
    }

    /**
     * Whether {@code message} satisfies the expression. Never throws: an element that is absent or malformed
     * makes its variable the empty string (spec/filters.md §3.10).
     */
    public boolean evaluate(SipMessage message) {
        return root.test(message);
    }

    /** The source text, as given to {@link #parse}. */
    public String text() {
        return text;
    }

    /** Same text: two expressions written alike. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SipBooleanExpression e && text.equals(e.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The source text. */
    @Override
    public String toString() {
        return text;
    }
}
