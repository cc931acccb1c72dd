package org.flexisip.common.filter;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.MediaType;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.TelUri;
import org.flexisip.common.sip.uri.Uri;

/**
 * The variables of spec/filters.md §4, read from a message. A variable whose element is absent (no Contact,
 * {@code status.code} of a request) or malformed (a Content-Type that does not parse) is {@code ""}
 * (spec/filters.md §3.10).
 *
 * <p>For the {@code *.uri.*} variables: a {@code sip:}/{@code sips:} URI gives its host as written (an IPv6
 * reference keeps its brackets), its user part with escapes decoded, and its parameters as written without the
 * leading ';' ({@code transport=tcp;lr}). A {@code tel:} URI (RFC 3966) has no domain; its user is the number as
 * written ({@code +33612345678}) and its parameters are those after the number. Any other scheme gives
 * {@code ""} for all three.
 */
enum SipVariable implements Operand {
    DIRECTION("direction", m -> m.isRequest() ? "request" : "response"),
    REQUEST_METHOD_NAME("request.method-name", SipVariable::method),
    REQUEST_METHOD("request.method", SipVariable::method),
    REQUEST_URI_DOMAIN("request.uri.domain", m -> m instanceof SipRequest r ? domain(r.requestUri()) : ""),
    REQUEST_URI_USER("request.uri.user", m -> m instanceof SipRequest r ? user(r.requestUri()) : ""),
    REQUEST_URI_PARAMS("request.uri.params", m -> m instanceof SipRequest r ? params(r.requestUri()) : ""),
    FROM_URI_DOMAIN("from.uri.domain", m -> domain(m.from().uri())),
    FROM_URI_USER("from.uri.user", m -> user(m.from().uri())),
    FROM_URI_PARAMS("from.uri.params", m -> params(m.from().uri())),
    TO_URI_DOMAIN("to.uri.domain", m -> domain(m.to().uri())),
    TO_URI_USER("to.uri.user", m -> user(m.to().uri())),
    TO_URI_PARAMS("to.uri.params", m -> params(m.to().uri())),
    CONTACT_URI_DOMAIN("contact.uri.domain", m -> firstContact(m).map(c -> domain(c.uri())).orElse("")),
    CONTACT_URI_USER("contact.uri.user", m -> firstContact(m).map(c -> user(c.uri())).orElse("")),
    CONTACT_URI_PARAMS("contact.uri.params", m -> firstContact(m).map(c -> params(c.uri())).orElse("")),
    USER_AGENT("user-agent", m -> m.userAgent().orElse("")),
    CALL_ID("call-id", SipMessage::callId),
    /**
     * The 32-bit FNV-1a hash of the Call-ID's UTF-8 bytes, as an unsigned decimal number ({@code 0} to
     * {@code 4294967295}). It is stable across runs, hosts and versions, so that several proxies split calls
     * alike ({@code call-id.hash regex '.*[02468]'}). It differs from the hash of Flexisip 2.4 (sofia-sip's
     * internal Call-ID hash), which is not documented either.
     */
    CALL_ID_HASH("call-id.hash", m -> Integer.toUnsignedString(fnv1a(m.callId()))),
    STATUS_CODE("status.code", m -> m instanceof SipResponse r ? Integer.toString(r.statusCode()) : ""),
    STATUS_PHRASE("status.phrase", m -> m instanceof SipResponse r ? r.reasonPhrase() : ""),
    /** {@code type/subtype} as written (case kept), without parameters. */
    CONTENT_TYPE("content-type", m -> m.contentType().map(SipVariable::essenceAsWritten).orElse(""));

    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final List<SipVariable> ALL = List.of(values());

    private final String variableName;
    private final Function<SipMessage, String> reader;

    SipVariable(String variableName, Function<SipMessage, String> reader) {
        this.variableName = variableName;
        this.reader = reader;
    }

    /** The variable spelled {@code word} in an expression (case-sensitive). */
    static Optional<SipVariable> named(String word) {
        for (SipVariable v : ALL) {
            if (v.variableName.equals(word)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The name written in expressions ({@code from.uri.domain}). */
    String variableName() {
        return variableName;
    }

    @Override
    public String valueIn(SipMessage message) {
        try {
            return reader.apply(message);
        } catch (InvalidHeaderException malformedOrMissing) {
            return "";
        }
    }

    @Override
    public boolean isConstant() {
        return false;
    }

    private static String method(SipMessage m) {
        return m instanceof SipRequest r ? r.method() : "";
    }

    private static Optional<AddressHeader> firstContact(SipMessage m) {
        List<AddressHeader> contacts = m.contacts();
        return contacts.isEmpty() ? Optional.empty() : Optional.of(contacts.get(0));
    }

    private static String domain(Uri uri) {
        return uri instanceof SipUri sip ? sip.host() : "";
    }

    private static String user(Uri uri) {
        if (uri instanceof SipUri sip) {
            return sip.user().orElse("");
        }
        return uri instanceof TelUri tel ? tel.number() : "";
    }

    /**
     * The uri-parameters as written, without the leading ';': what lies between the host (and port) and the
     * headers ('?') or the end. Found by position, since the user part may itself hold a ';'
     * ({@code sip:user;par=u%40example.net@example.com} has none) and an IPv6 host holds ':'.
     */
    private static String params(Uri uri) {
        String text = uri.toString();
        if (uri instanceof TelUri) {
            int semicolon = text.indexOf(';');
            return semicolon < 0 ? "" : text.substring(semicolon + 1);
        }
        if (!(uri instanceof SipUri sip)) {
            return "";
        }
        // Neither the user nor the password may hold a raw '@' (RFC 3261 §25.1): the first one ends the userinfo.
        int hostStart = sip.user().isPresent() ? text.indexOf('@') + 1 : text.indexOf(':') + 1;
        int i = hostStart + sip.host().length();
        int end = text.length();
        if (i < end && text.charAt(i) == ':') {
            i++;
            while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
        }
        if (i >= end || text.charAt(i) != ';') {
            return "";
        }
        int question = text.indexOf('?', i);
        return text.substring(i + 1, question < 0 ? end : question);
    }

    private static String essenceAsWritten(MediaType type) {
        return type.type() + "/" + type.subtype();
    }

    /** FNV-1a (32 bits) over the UTF-8 encoding of {@code text}, without allocating. */
    private static int fnv1a(String text) {
        int hash = FNV_OFFSET_BASIS;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                hash = (hash ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                hash = (hash ^ (0xC0 | c >> 6)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c & 0x3F)) * FNV_PRIME;
            } else if (c < 0x10000) {
                hash = (hash ^ (0xE0 | c >> 12)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c >> 6 & 0x3F)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c & 0x3F)) * FNV_PRIME;
            } else {
                hash = (hash ^ (0xF0 | c >> 18)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c >> 12 & 0x3F)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c >> 6 & 0x3F)) * FNV_PRIME;
                hash = (hash ^ (0x80 | c & 0x3F)) * FNV_PRIME;
            }
        }
        return hash;
    }
}
