package org.flexisip.common.sip.uri;

import java.util.Locale;
import java.util.Objects;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * A URI of a scheme this stack does not interpret (RFC 3261 §25.1 {@code absoluteURI}), such as
 * {@code isbn:2983792873}, {@code http://www.example.com} or {@code soap.beep://192.0.2.103:3002}
 * (RFC 4475 §3.3.2-3.3.4):
 * <pre>
 * absoluteURI    =  scheme ":" ( hier-part / opaque-part )
 * hier-part      =  ( net-path / abs-path ) [ "?" query ]
 * opaque-part    =  uric-no-slash *uric
 * uric           =  reserved / unreserved / escaped
 * </pre>
 * The part after the scheme is only checked to be made of {@code uric} characters (plus the brackets of an
 * IPv6 authority, RFC 3986); its structure is not interpreted. Immutable.
 */
public final class OpaqueUri implements Uri {
    private final String scheme;
    private final String schemeSpecificPart;
    private final String source;

    private OpaqueUri(String scheme, String schemeSpecificPart, String source) {
        this.scheme = scheme;
        this.schemeSpecificPart = schemeSpecificPart;
        this.source = source;
    }

    /**
     * A URI made of its two parts.
     *
     * @throws IllegalArgumentException when either part does not follow the grammar
     */
    public static OpaqueUri of(String scheme, String schemeSpecificPart) {
        String text = Objects.requireNonNull(scheme, "scheme") + ":"
                + Objects.requireNonNull(schemeSpecificPart, "schemeSpecificPart");
        try {
            if (Uri.parse(text) instanceof OpaqueUri opaque) {
                return opaque;
            }
        } catch (SipSyntaxException e) {
            throw new IllegalArgumentException("invalid URI '" + text + "': " + e.reason(), e);
        }
        throw new IllegalArgumentException("scheme '" + scheme + "' has its own URI type");
    }

    /** Parses {@code text}, whose scheme ends at {@code colon} (already checked). */
    static OpaqueUri parse(String text, int colon) throws SipSyntaxException {
        int start = colon + 1;
        if (start >= text.length()) {
            throw new SipSyntaxException("empty URI after the scheme", start);
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !SipChars.isHexDigit(text.charAt(i + 1))
                        || !SipChars.isHexDigit(text.charAt(i + 2))) {
                    throw new SipSyntaxException("'%' not followed by two hex digits", i);
                }
                i += 2;
            } else if (!SipChars.isReserved(c) && !SipChars.isUnreserved(c) && c != '[' && c != ']') {
                throw new SipSyntaxException("character not allowed in a URI: '" + c + "'", i);
            }
        }
        return new OpaqueUri(text.substring(0, colon).toLowerCase(Locale.ROOT), text.substring(start), text);
    }

    @Override
    public String scheme() {
        return scheme;
    }

    /** Everything after {@code scheme:}, as written. */
    public String schemeSpecificPart() {
        return schemeSpecificPart;
    }

    @Override
    public String toString() {
        return source;
    }

    /** Same scheme (case-insensitive) and the same scheme-specific part, character for character. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueUri u && scheme.equals(u.scheme) && schemeSpecificPart.equals(u.schemeSpecificPart);
    }

    @Override
    public int hashCode() {
        return scheme.hashCode() * 31 + schemeSpecificPart.hashCode();
    }
}
