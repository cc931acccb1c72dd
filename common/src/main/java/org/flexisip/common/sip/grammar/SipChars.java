package org.flexisip.common.sip.grammar;

/** The character classes of RFC 3261 §25.1, as lookup tables over US-ASCII. */
public final class SipChars {
    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final boolean[] USER_UNRESERVED = new boolean[128];
    private static final boolean[] PARAM_UNRESERVED = new boolean[128];
    private static final boolean[] HNV_UNRESERVED = new boolean[128];
    private static final boolean[] PASSWORD_EXTRA = new boolean[128];
    private static final boolean[] RESERVED = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean alphanum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
            TOKEN[c] = alphanum || "-.!%*_+`'~".indexOf(c) >= 0;
            // unreserved = alphanum / mark ; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
            UNRESERVED[c] = alphanum || "-_.!~*'()".indexOf(c) >= 0;
            // user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
            USER_UNRESERVED[c] = "&=+$,;?/".indexOf(c) >= 0;
            // param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"
            PARAM_UNRESERVED[c] = "[]/:&+$".indexOf(c) >= 0;
            // hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$"
            HNV_UNRESERVED[c] = "[]/?:+$".indexOf(c) >= 0;
            // password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
            PASSWORD_EXTRA[c] = "&=+$,".indexOf(c) >= 0;
            // reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ","
            RESERVED[c] = ";/?:@&=+$,".indexOf(c) >= 0;
        }
    }

    private SipChars() {
    }

    public static boolean isToken(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    public static boolean isUnreserved(int c) {
        return c >= 0 && c < 128 && UNRESERVED[c];
    }

    public static boolean isUserUnreserved(int c) {
        return c >= 0 && c < 128 && USER_UNRESERVED[c];
    }

    public static boolean isParamUnreserved(int c) {
        return c >= 0 && c < 128 && PARAM_UNRESERVED[c];
    }

    public static boolean isHeaderNameValueUnreserved(int c) {
        return c >= 0 && c < 128 && HNV_UNRESERVED[c];
    }

    public static boolean isPasswordExtra(int c) {
        return c >= 0 && c < 128 && PASSWORD_EXTRA[c];
    }

    /** {@code reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ","} (RFC 3261 §25.1). */
    public static boolean isReserved(int c) {
        return c >= 0 && c < 128 && RESERVED[c];
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    public static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** SP or HTAB: the white space of LWS once folding is undone. */
    public static boolean isWsp(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The value of {@code 1*DIGIT} text of at most {@code maxDigits} digits (leading zeros allowed); empty when
     * the text is empty, longer, or holds anything else. Bounding the digits keeps the value in a long.
     */
    public static java.util.OptionalLong decimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits || maxDigits > 18) {
            return java.util.OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return java.util.OptionalLong.empty();
            }
        }
        return java.util.OptionalLong.of(Long.parseLong(text));
    }

    /** True when the whole text is a non-empty token. */
    public static boolean isToken(CharSequence text) {
        if (text.length() == 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isToken(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
