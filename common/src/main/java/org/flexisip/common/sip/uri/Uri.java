package org.flexisip.common.sip.uri;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * A URI as SIP carries it in a Request-URI or an address (RFC 3261 §25.1):
 * <pre>
 * Request-URI    =  SIP-URI / SIPS-URI / absoluteURI
 * addr-spec      =  SIP-URI / SIPS-URI / absoluteURI
 * absoluteURI    =  scheme ":" ( hier-part / opaque-part )
 * scheme         =  ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
 * </pre>
 * {@code sip} and {@code sips} give a {@link SipUri}, {@code tel} (RFC 3966) a {@link TelUri}, any other
 * scheme an {@link OpaqueUri}. Every implementation is immutable, and a parsed URI prints as its original text.
 */
public sealed interface Uri permits SipUri, TelUri, OpaqueUri {

    /** The scheme in lower case: {@code sip}, {@code sips}, {@code tel} or another. */
    String scheme();

    /** The URI text: for a parsed URI, exactly the text it was parsed from. */
    @Override
    String toString();

    /**
     * Parses a whole URI text (no surrounding white space, no angle brackets).
     *
     * @throws SipSyntaxException with the offset of the first character that does not fit
     */
    static Uri parse(String text) throws SipSyntaxException {
        int colon = schemeEnd(text);
        if (colon == 3 && text.regionMatches(true, 0, "sip", 0, 3)
                || colon == 4 && text.regionMatches(true, 0, "sips", 0, 4)) {
            return SipUri.parse(text);
        }
        if (colon == 3 && text.regionMatches(true, 0, "tel", 0, 3)) {
            return TelUri.parse(text);
        }
        return OpaqueUri.parse(text, colon);
    }

    /** The index of the ':' that ends {@code scheme}, which must start the text. */
    private static int schemeEnd(String text) throws SipSyntaxException {
        if (text.isEmpty() || !SipChars.isAlpha(text.charAt(0))) {
            throw new SipSyntaxException("expected a URI scheme", 0);
        }
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!SipChars.isAlpha(c) && !SipChars.isDigit(c) && c != '+' && c != '-' && c != '.') {
                break;
            }
            i++;
        }
        throw new SipSyntaxException("expected ':' after the URI scheme", i);
    }
}
