package org.flexisip.common.sip.uri;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * A telephone number URI (RFC 3966 §3), read as a number and its parameters:
 * <pre>
 * telephone-uri        = "tel:" telephone-subscriber
 * telephone-subscriber = global-number / local-number
 * global-number-digits = "+" *phonedigit DIGIT *phonedigit
 * local-number-digits  = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
 * phonedigit           = DIGIT / [ visual-separator ]
 * phonedigit-hex       = HEXDIG / "*" / "#" / [ visual-separator ]
 * visual-separator     = "-" / "." / "(" / ")"
 * parameter            = ";" pname ["=" pvalue ]
 * pname                = 1*( alphanum / "-" )
 * pvalue               = 1*paramchar
 * </pre>
 * {@code ext}, {@code isub} and {@code phone-context} are read as ordinary parameters, and a local number
 * without {@code phone-context} is accepted. Immutable.
 */
public final class TelUri implements Uri {
    private final String number;
    private final UriParameters parameters;
    private final String source;

    private TelUri(String number, UriParameters parameters, String source) {
        this.number = number;
        this.parameters = parameters;
        this.source = source;
    }

    /**
     * A tel URI from a number as it should be written ({@code +33-1-23-45-67-89}) and parameters.
     *
     * @throws IllegalArgumentException when the number or a parameter name does not follow RFC 3966
     */
    public static TelUri of(String number, UriParameters parameters) {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(parameters, "parameters");
        int end = numberEnd(number, 0);
        if (end != number.length() || !validNumber(number, 0, end)) {
            throw new IllegalArgumentException("invalid telephone number '" + number + "'");
        }
        for (String name : parameters.names()) {
            if (pnameEnd(name, 0) != name.length()) {
                throw new IllegalArgumentException("invalid tel URI parameter name '" + name + "'");
            }
        }
        StringBuilder b = new StringBuilder(number.length() + 16).append("tel:").append(number);
        parameters.appendTo(b);
        return new TelUri(number, parameters, b.toString());
    }

    /** Parses a whole {@code tel:} URI. */
    public static TelUri parse(String text) throws SipSyntaxException {
        if (!text.regionMatches(true, 0, "tel:", 0, 4)) {
            throw new SipSyntaxException("expected 'tel:'", 0);
        }
        int end = numberEnd(text, 4);
        if (!validNumber(text, 4, end)) {
            throw new SipSyntaxException("expected a telephone number", 4);
        }
        String number = text.substring(4, end);
        int i = end;
        List<String> names = null;
        List<String> values = null;
        while (i < text.length()) {
            if (text.charAt(i) != ';') {
                throw new SipSyntaxException("unexpected character in a tel URI: '" + text.charAt(i) + "'", i);
            }
            int nameStart = i + 1;
            int nameEnd = pnameEnd(text, nameStart);
            if (nameEnd == nameStart) {
                throw new SipSyntaxException("expected a parameter name after ';'", nameStart);
            }
            String value = "";
            i = nameEnd;
            if (i < text.length() && text.charAt(i) == '=') {
                int valueStart = i + 1;
                i = UriCharset.PARAM.scan(text, valueStart, text.length());
                if (i == valueStart) {
                    throw new SipSyntaxException("expected a parameter value after '='", valueStart);
                }
                value = UriCharset.decode(text, valueStart, i);
            }
            if (names == null) {
                names = new ArrayList<>(2);
                values = new ArrayList<>(2);
            }
            names.add(text.substring(nameStart, nameEnd));
            values.add(value);
        }
        UriParameters parameters = names == null ? UriParameters.empty()
                : new UriParameters(names.toArray(new String[0]), values.toArray(new String[0]));
        return new TelUri(number, parameters, text);
    }

    private static int numberEnd(String text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) != ';') {
            i++;
        }
        return i;
    }

    private static boolean validNumber(String text, int start, int end) {
        if (start >= end) {
            return false;
        }
        boolean global = text.charAt(start) == '+';
        boolean digit = false;
        for (int i = global ? start + 1 : start; i < end; i++) {
            char c = text.charAt(i);
            if (isVisualSeparator(c)) {
                continue;
            }
            boolean ok = global ? SipChars.isDigit(c) : SipChars.isHexDigit(c) || c == '*' || c == '#';
            if (!ok) {
                return false;
            }
            digit = true;
        }
        return digit;
    }

    private static int pnameEnd(String text, int start) {
        int i = start;
        while (i < text.length()
                && (SipChars.isAlpha(text.charAt(i)) || SipChars.isDigit(text.charAt(i)) || text.charAt(i) == '-')) {
            i++;
        }
        return i;
    }

    private static boolean isVisualSeparator(char c) {
        return c == '-' || c == '.' || c == '(' || c == ')';
    }

    @Override
    public String scheme() {
        return "tel";
    }

    /** The number as written, visual separators included; starts with {@code +} when global. */
    public String number() {
        return number;
    }

    /** Whether this is a global number ({@code +} and the country code). */
    public boolean global() {
        return number.charAt(0) == '+';
    }

    public UriParameters parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * RFC 3966 §4: the numbers match once visual separators are removed, and both carry the same parameters
     * (in any order). Comparison is case-insensitive.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TelUri t) || !sameDigits(number, t.number)) {
            return false;
        }
        return containsAll(parameters, t.parameters) && containsAll(t.parameters, parameters);
    }

    private static boolean containsAll(UriParameters a, UriParameters b) {
        for (int i = 0; i < a.size(); i++) {
            String other = b.get(a.name(i)).orElse(null);
            if (other == null || !other.equalsIgnoreCase(a.get(a.name(i)).orElse(""))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameDigits(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length() && isVisualSeparator(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && isVisualSeparator(b.charAt(j))) {
                j++;
            }
            if (i == a.length() || j == b.length()) {
                return i == a.length() && j == b.length();
            }
            if (Character.toLowerCase(a.charAt(i)) != Character.toLowerCase(b.charAt(j))) {
                return false;
            }
            i++;
            j++;
        }
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (!isVisualSeparator(c)) {
                h = 31 * h + Character.toLowerCase(c);
            }
        }
        return h;
    }
}
