package org.flexisip.common.sip.header;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * A media type with parameters: Content-Type (RFC 3261 §20.15) and each element of Accept (§20.1).
 * <pre>
 * media-type = m-type SLASH m-subtype *(SEMI m-parameter)
 * </pre>
 * Type and subtype compare case-insensitively.
 *
 * @param type    {@code application}
 * @param subtype {@code sdp}
 * @param params  parameters ({@code charset}, {@code boundary}, {@code q}, ...)
 */
public record MediaType(String type, String subtype, HeaderParams params) {

    public static MediaType of(String type, String subtype) {
        return new MediaType(type, subtype, HeaderParams.empty());
    }

    public static MediaType parse(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOnly(MediaType::parse, "media type");
    }

    /** The media ranges of an Accept value; an empty value accepts nothing (RFC 3261 §20.1). */
    public static List<MediaType> parseList(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOptionalCommaList(MediaType::parse, "media type list");
    }

    private static MediaType parse(SipScanner s) throws SipSyntaxException {
        String type = s.expectToken("a media type");
        if (!s.consumeSeparator('/')) {
            throw s.error("expected '/' between media type and subtype");
        }
        String subtype = s.expectToken("a media subtype");
        return new MediaType(type, subtype, HeaderParams.parse(s));
    }

    /** {@code type/subtype} in lowercase, without parameters. */
    public String essence() {
        return (type + "/" + subtype).toLowerCase(Locale.ROOT);
    }

    public boolean is(String typeSlashSubtype) {
        return essence().equalsIgnoreCase(typeSlashSubtype);
    }

    public Optional<String> param(String name) {
        return params.get(name);
    }

    @Override
    public String toString() {
        return type + "/" + subtype + params;
    }
}
