package org.flexisip.common.filter;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the text of a SIP boolean expression into a tree of {@link Condition}s (spec/filters.md §2, §3):
 * <pre>
 * expr     := term ( ("&amp;&amp;" | "||") expr )?          # right operand = whole remainder
 * term     := "(" expr ")" | "!" term | "true" | "false" | function
 *           | "defined" variable | "numeric" operand
 *           | operand ("==" | "!=" | "contains" | "in" | "notin" | "nin") operand
 *           | operand ("regex" | "regexp") constant
 * operand  := variable | constant
 * function := "is_request" | "is_response"
 * </pre>
 * A recursive descent over tokens read one at a time, so that the first error in reading order is the one
 * reported. One instance parses one text.
 */
final class ExpressionParser {
    /**
     * Most nested parentheses, negations and chained {@code &&}/{@code ||} in one expression: evaluation recurses
     * once per level, and must not run out of stack on a proxy thread.
     */
    static final int MAX_DEPTH = 500;

    private enum Kind {
        WORD, CONSTANT, AND, OR, NOT, EQUALS, NOT_EQUALS, OPEN, CLOSE, END
    }

    /**
     * A token: {@code value} is the word, or the constant without its quotes; {@code start} is its offset in the
     * text.
     */
    private record Token(Kind kind, String value, int start) {
    }

    private final String text;
    private int next;
    private Token token;
    private Token previous;
    private int depth;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /** The tree of a non-blank expression. */
    static Condition parse(String text) throws FilterSyntaxException {
        ExpressionParser parser = new ExpressionParser(text);
        parser.advance();
        Condition root = parser.expression();
        if (parser.token.kind != Kind.END) {
            throw parser.error(parser.token, "expected '&&', '||' or the end of the expression, not "
                    + parser.describe(parser.token));
        }
        return root;
    }

    // ---- grammar ----

    /** {@code expr := term ( ("&&" | "||") expr )?}: the right operand is everything that follows (§3.1). */
    private Condition expression() throws FilterSyntaxException {
        enter();
        Condition left = term();
        Condition result = left;
        if (token.kind == Kind.AND) {
            advance();
            result = new Condition.And(left, expression());
        } else if (token.kind == Kind.OR) {
            advance();
            result = new Condition.Or(left, expression());
        }
        depth--;
        return result;
    }

    private Condition term() throws FilterSyntaxException {
        Token t = token;
        switch (t.kind) {
            case OPEN -> {
                enter();
                advance();
                Condition inner = expression();
                if (token.kind != Kind.CLOSE) {
                    throw error(token, "expected ')' closing the '(' at position " + t.start + ", not "
                            + describe(token));
                }
                advance();
                depth--;
                return inner;
            }
            case NOT -> {
                enter();
                advance();
                Condition negated = new Condition.Not(term());
                depth--;
                return negated;
            }
            case WORD -> {
                return wordTerm(t);
            }
            case CONSTANT -> {
                advance();
                return comparison(new Operand.Literal(t.value), t);
            }
            case AND, OR, CLOSE -> throw error(t, "expected a condition before " + describe(t));
            case EQUALS, NOT_EQUALS -> throw error(t, "expected an operand before " + describe(t));
            default -> throw error(t, previous == null ? "expected a condition"
                    : "expected a condition after " + describe(previous));
        }
    }

    private Condition wordTerm(Token t) throws FilterSyntaxException {
        switch (t.value) {
            case "true", "false" -> {
                advance();
                return new Condition.Constant(t.value.equals("true"));
            }
            case "is_request", "is_response" -> {
                advance();
                return new Condition.MessageKind(t.value.equals("is_request"));
            }
            case "defined" -> {
                advance();
                Token v = token;
                Optional<SipVariable> variable = v.kind == Kind.WORD ? SipVariable.named(v.value) : Optional.empty();
                if (variable.isEmpty()) {
                    throw error(v, "expected a variable after 'defined', not " + describe(v));
                }
                advance();
                return new Condition.Defined(variable.get());
            }
            case "numeric" -> {
                advance();
                return new Condition.Numeric(operand(t));
            }
            case "contains", "in", "notin", "nin", "regex", "regexp" ->
                throw error(t, "expected an operand before " + describe(t));
            default -> {
                Optional<SipVariable> variable = SipVariable.named(t.value);
                if (variable.isEmpty()) {
                    throw error(t, "expected a condition, not " + describe(t));
                }
                advance();
                return comparison(variable.get(), t);
            }
        }
    }

    /** What follows the left operand {@code left}, read from token {@code leftToken}. */
    private Condition comparison(Operand left, Token leftToken) throws FilterSyntaxException {
        Token operator = token;
        Kind kind = operator.kind;
        String word = kind == Kind.WORD ? operator.value : "";
        if (kind == Kind.EQUALS) {
            advance();
            return new Condition.Equals(left, operand(operator));
        }
        if (kind == Kind.NOT_EQUALS) {
            advance();
            return new Condition.NotEquals(left, operand(operator));
        }
        switch (word) {
            case "contains" -> {
                advance();
                return new Condition.Contains(left, operand(operator));
            }
            case "in" -> {
                advance();
                return in(left, operand(operator));
            }
            case "notin", "nin" -> {
                advance();
                return new Condition.Not(in(left, operand(operator)));
            }
            case "regex", "regexp" -> {
                advance();
                return matches(left, operator);
            }
            default -> throw error(operator, "expected an operator (==, !=, contains, in, notin, nin, regex, "
                    + "regexp) after " + describe(leftToken) + ", not " + describe(operator));
        }
    }

    private static Condition in(Operand item, Operand list) {
        if (!list.isConstant()) {
            return new Condition.In(item, list);
        }
        String items = ((Operand.Literal) list).value();
        Set<String> set = new LinkedHashSet<>();
        int i = 0;
        while (i < items.length()) {
            while (i < items.length() && Condition.isBlank(items.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < items.length() && !Condition.isBlank(items.charAt(i))) {
                i++;
            }
            if (i > start) {
                set.add(items.substring(start, i));
            }
        }
        return new Condition.InSet(item, Set.copyOf(set));
    }

    /** {@code regex 'pattern'}: the pattern must be a constant, compiled now. */
    private Condition matches(Operand input, Token operator) throws FilterSyntaxException {
        Token constant = token;
        if (constant.kind != Kind.CONSTANT) {
            throw error(constant, "expected a constant ('...') after " + describe(operator) + ", not "
                    + describe(constant));
        }
        try {
            Pattern pattern = Pattern.compile(constant.value);
            advance();
            return new Condition.Matches(input, pattern);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() + " of the pattern" : "";
            throw error(constant, "invalid regular expression '" + constant.value + "': " + e.getDescription()
                    + where);
        }
    }

    /** {@code operand := variable | constant}, expected after {@code after}. */
    private Operand operand(Token after) throws FilterSyntaxException {
        Token t = token;
        if (t.kind == Kind.CONSTANT) {
            advance();
            return new Operand.Literal(t.value);
        }
        if (t.kind == Kind.WORD) {
            Optional<SipVariable> variable = SipVariable.named(t.value);
            if (variable.isPresent()) {
                advance();
                return variable.get();
            }
        }
        String found = t.kind == Kind.END ? "" : ", not " + describe(t);
        throw error(t, "expected an operand (a variable or a 'constant') after " + describe(after) + found);
    }

    private void enter() throws FilterSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error(token, "expected at most " + MAX_DEPTH + " nested or chained conditions (write a long "
                    + "list of values with 'in')");
        }
    }

    // ---- errors ----

    /**
     * The error to report at {@code at}. A word that is neither a variable nor a keyword is reported as such
     * wherever it is found, with Flexisip's wording (spec/filters.md §2.3).
     */
    private FilterSyntaxException error(Token at, String expected) {
        if (at.kind == Kind.WORD && !isKnownWord(at.value)) {
            return new FilterSyntaxException(text, at.start,
                    "Element '" + at.value + "' is not a variable nor operator name");
        }
        return new FilterSyntaxException(text, at.start, expected);
    }

    private static boolean isKnownWord(String word) {
        return switch (word) {
            case "contains", "in", "notin", "nin", "defined", "regex", "regexp", "numeric", "true", "false",
                    "is_request", "is_response" -> true;
            default -> SipVariable.named(word).isPresent();
        };
    }

    private String describe(Token t) {
        return switch (t.kind) {
            case WORD -> "'" + t.value + "'";
            case CONSTANT -> "the constant '" + t.value + "'";
            case AND -> "'&&'";
            case OR -> "'||'";
            case NOT -> "'!'";
            case EQUALS -> "'=='";
            case NOT_EQUALS -> "'!='";
            case OPEN -> "'('";
            case CLOSE -> "')'";
            case END -> "the end of the expression";
        };
    }

    // ---- tokens (§2) ----

    private void advance() throws FilterSyntaxException {
        previous = token;
        token = read();
    }

    private Token read() throws FilterSyntaxException {
        int end = text.length();
        while (next < end && Condition.isBlank(text.charAt(next))) {
            next++;
        }
        int start = next;
        if (start >= end) {
            return new Token(Kind.END, "", end);
        }
        char c = text.charAt(start);
        char following = start + 1 < end ? text.charAt(start + 1) : 0;
        switch (c) {
            case '\'' -> {
                // §2.2: no escape mechanism, the constant ends at the next quote.
                int close = text.indexOf('\'', start + 1);
                if (close < 0) {
                    throw new FilterSyntaxException(text, start, "expected a closing quote (') for the constant "
                            + "opened here");
                }
                next = close + 1;
                return new Token(Kind.CONSTANT, text.substring(start + 1, close), start);
            }
            case '(' -> {
                next++;
                return new Token(Kind.OPEN, "(", start);
            }
            case ')' -> {
                next++;
                return new Token(Kind.CLOSE, ")", start);
            }
            case '&', '|', '=' -> {
                if (following != c) {
                    throw new FilterSyntaxException(text, start, "expected '" + c + c + "' (a single '" + c
                            + "' is not an operator)");
                }
                next += 2;
                return new Token(c == '&' ? Kind.AND : c == '|' ? Kind.OR : Kind.EQUALS, "", start);
            }
            case '!' -> {
                if (following == '=') {
                    next += 2;
                    return new Token(Kind.NOT_EQUALS, "!=", start);
                }
                next++;
                return new Token(Kind.NOT, "!", start);
            }
            default -> {
                if (!isWordChar(c)) {
                    String hint = c == '"' ? " (constants are written between single quotes)" : "";
                    throw new FilterSyntaxException(text, start, "unexpected character '" + c + "'" + hint);
                }
                int i = start;
                while (i < end && isWordChar(text.charAt(i))) {
                    i++;
                }
                next = i;
                return new Token(Kind.WORD, text.substring(start, i), start);
            }
        }
    }

    /** §2.3: words are runs of letters, digits, '-', '_' and '.' (ASCII, as C's isalnum). */
    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.';
    }
}
