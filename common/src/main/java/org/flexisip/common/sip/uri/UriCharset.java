package org.flexisip.common.sip.uri;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * The character sets of the escapable components of a SIP URI (RFC 3261 §25.1), with the {@code escaped} rule
 * that they share:
 * <pre>
 * escaped     = "%" HEXDIG HEXDIG
 * user        = 1*( unreserved / escaped / user-unreserved )
 * password    = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," )
 * paramchar   = param-unreserved / unreserved / escaped
 * hname       = 1*( hnv-unreserved / unreserved / escaped )
 * hvalue      = *( hnv-unreserved / unreserved / escaped )
 * </pre>
 * Escapes are octets: a run of them is decoded as UTF-8, and an octet that is not part of a well-formed UTF-8
 * sequence becomes the character of the same value (ISO 8859-1), so that no input is lost. Encoding writes
 * characters outside the set as the {@code %XX} escapes of their UTF-8 octets, hex digits in upper case.
 */
enum UriCharset {
    /**
     * {@code user}. Parsing also accepts a raw {@code #}: it is legal in the {@code telephone-subscriber}
     * alternative of {@code userinfo} (RFC 2806 dtmf-digit), and phones send it unescaped.
     */
    USER {
        @Override
        boolean allowsRaw(int c) {
            return SipChars.isUnreserved(c) || SipChars.isUserUnreserved(c);
        }

        @Override
        boolean accepts(int c) {
            return allowsRaw(c) || c == '#';
        }
    },
    /** {@code password}. */
    PASSWORD {
        @Override
        boolean allowsRaw(int c) {
            return SipChars.isUnreserved(c) || SipChars.isPasswordExtra(c);
        }
    },
    /** {@code paramchar}: SIP {@code pname} and {@code pvalue}, and the tel URI {@code pvalue} (RFC 3966). */
    PARAM {
        @Override
        boolean allowsRaw(int c) {
            return SipChars.isUnreserved(c) || SipChars.isParamUnreserved(c);
        }
    },
    /** {@code hname} and {@code hvalue}. */
    HEADER {
        @Override
        boolean allowsRaw(int c) {
            return SipChars.isUnreserved(c) || SipChars.isHeaderNameValueUnreserved(c);
        }
    };

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Whether {@code c} may be written as is (not escaped). */
    abstract boolean allowsRaw(int c);

    /** Whether the parser takes {@code c} as is; by default what may be written as is. */
    boolean accepts(int c) {
        return allowsRaw(c);
    }

    /**
     * The end of the longest run of this set (escapes included) in {@code text[start, end)}: the index of the
     * first character that does not belong. A {@code %} not followed by two hex digits is an error.
     */
    int scan(String text, int start, int end) throws SipSyntaxException {
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= end || !SipChars.isHexDigit(text.charAt(i + 1))
                        || !SipChars.isHexDigit(text.charAt(i + 2))) {
                    throw new SipSyntaxException("'%' not followed by two hex digits", i);
                }
                i += 3;
            } else if (accepts(c)) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * {@code text[start, end)} with its escapes decoded once. The range must have been checked by
     * {@link #scan}. Without a {@code %}, this is a plain substring.
     */
    static String decode(String text, int start, int end) {
        int percent = text.indexOf('%', start);
        if (percent < 0 || percent >= end) {
            return start == 0 && end == text.length() ? text : text.substring(start, end);
        }
        StringBuilder b = new StringBuilder(end - start);
        b.append(text, start, percent);
        byte[] octets = null;
        int i = percent;
        while (i < end) {
            char c = text.charAt(i);
            if (c != '%') {
                b.append(c);
                i++;
                continue;
            }
            if (octets == null) {
                octets = new byte[(end - i) / 3];
            }
            int n = 0;
            while (i + 2 < end && text.charAt(i) == '%') {
                octets[n++] = (byte) (Character.digit(text.charAt(i + 1), 16) << 4
                        | Character.digit(text.charAt(i + 2), 16));
                i += 3;
            }
            appendUtf8(b, octets, n);
        }
        return b.toString();
    }

    /** UTF-8 decoding that keeps each octet of a malformed sequence as the character of the same value. */
    private static void appendUtf8(StringBuilder b, byte[] octets, int n) {
        int k = 0;
        while (k < n) {
            int b0 = octets[k] & 0xFF;
            int length;
            int codePoint;
            int min;
            if (b0 < 0x80) {
                b.append((char) b0);
                k++;
                continue;
            } else if (b0 >= 0xC2 && b0 <= 0xDF) {
                length = 2;
                codePoint = b0 & 0x1F;
                min = 0x80;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                length = 3;
                codePoint = b0 & 0x0F;
                min = 0x800;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                length = 4;
                codePoint = b0 & 0x07;
                min = 0x10000;
            } else {
                b.append((char) b0);
                k++;
                continue;
            }
            boolean wellFormed = k + length <= n;
            for (int j = 1; wellFormed && j < length; j++) {
                int bj = octets[k + j] & 0xFF;
                wellFormed = (bj & 0xC0) == 0x80;
                codePoint = codePoint << 6 | (bj & 0x3F);
            }
            if (wellFormed && codePoint >= min && codePoint <= Character.MAX_CODE_POINT
                    && (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)) {
                b.appendCodePoint(codePoint);
                k += length;
            } else {
                b.append((char) b0);
                k++;
            }
        }
    }

    /** Appends {@code value}, escaping what this set does not allow as is. */
    void encode(StringBuilder b, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (allowsRaw(c)) {
                    b.append(c);
                } else {
                    appendEscape(b, c);
                }
                continue;
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                codePoint = 0xFFFD;
            }
            if (codePoint < 0x800) {
                appendEscape(b, 0xC0 | codePoint >> 6);
            } else {
                if (codePoint < 0x10000) {
                    appendEscape(b, 0xE0 | codePoint >> 12);
                } else {
                    appendEscape(b, 0xF0 | codePoint >> 18);
                    appendEscape(b, 0x80 | (codePoint >> 12 & 0x3F));
                }
                appendEscape(b, 0x80 | (codePoint >> 6 & 0x3F));
            }
            appendEscape(b, 0x80 | (codePoint & 0x3F));
        }
    }

    /** {@code value} as written by {@link #encode}; the same instance when nothing needs escaping. */
    String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!allowsRaw(value.charAt(i))) {
                StringBuilder b = new StringBuilder(value.length() + 8);
                encode(b, value);
                return b.toString();
            }
        }
        return value;
    }

    private static void appendEscape(StringBuilder b, int octet) {
        b.append('%').append(HEX[octet >> 4 & 0xF]).append(HEX[octet & 0xF]);
    }

    /**
     * The octet at {@code text[i]}: the value of an escape when {@code text[i]} is {@code %} followed by two hex
     * digits, else the character itself. Used to compare escaped components octet by octet.
     */
    static int octetAt(String text, int i) {
        char c = text.charAt(i);
        if (c == '%' && i + 2 < text.length() && SipChars.isHexDigit(text.charAt(i + 1))
                && SipChars.isHexDigit(text.charAt(i + 2))) {
            return Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16);
        }
        return c;
    }

    /** How many characters the unit at {@code text[i]} takes: 3 for an escape, else 1. */
    static int unitLength(String text, int i) {
        char c = text.charAt(i);
        return c == '%' && i + 2 < text.length() && SipChars.isHexDigit(text.charAt(i + 1))
                && SipChars.isHexDigit(text.charAt(i + 2)) ? 3 : 1;
    }

    /**
     * RFC 3261 §19.1.4 for an escaped component: "characters other than those in the reserved set are
     * equivalent to their encoding", so {@code %61} equals {@code a}, but {@code %3B} differs from {@code ;}.
     * Case-sensitive (as for userinfo).
     */
    static boolean equivalent(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int la = unitLength(a, i);
            int lb = unitLength(b, j);
            int ca = la == 3 ? octetAt(a, i) : a.charAt(i);
            int cb = lb == 3 ? octetAt(b, j) : b.charAt(j);
            if (ca != cb || (la != lb && SipChars.isReserved(ca))) {
                return false;
            }
            i += la;
            j += lb;
        }
        return i == a.length() && j == b.length();
    }

    /** A hash of the octets of an escaped component, consistent with {@link #equivalent}. */
    static int octetHash(String text) {
        int h = 0;
        int i = 0;
        while (i < text.length()) {
            int length = unitLength(text, i);
            h = 31 * h + (length == 3 ? octetAt(text, i) : text.charAt(i));
            i += length;
        }
        return h;
    }
}
