package org.flexisip.common.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.NameAddr;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.UriParameters;

/**
 * A binding as the value of a field of the Redis hash {@code fs:<record key>} (spec/registrar-db.md §4.2, §4.3),
 * the field being the contact key. The value is the Contact whose URI carries, after its own parameters, the
 * internal {@code fs-conn-id}, then {@code callid}, {@code expires}, {@code cseq}, {@code updatedAt},
 * {@code alias}, {@code usedAsRoute}, and the URI headers {@code Path}, {@code Accept}, {@code User-Agent}
 * (escaped as URI headers are); the contact parameters follow the URI:
 * <pre>
 * &lt;sip:alice@192.0.2.10:5062;transport=tcp;fs-conn-id=7f3a;callid=a84b4c76e66710;expires=3600;cseq=12;
 *   updatedAt=1735686000;alias=no;usedAsRoute=no?Path=%3Csip:proxy.example.org:5060%3Btransport%3Dtcp%3Blr%3E
 *   &amp;User-Agent=Linphone/5.2&gt;;+sip.instance="&lt;urn:uuid:6f1b...&gt;"
 * </pre>
 * (one line). Reading is tolerant, as values written by other versions must be read: a bare URI is accepted, a
 * missing or unparsable field is 0 or false. Immutable.
 */
public final class ContactSerializer {
    static final String CALL_ID = "callid";
    static final String EXPIRES = "expires";
    static final String CSEQ = "cseq";
    static final String UPDATED_AT = "updatedAt";
    static final String ALIAS = "alias";
    static final String USED_AS_ROUTE = "usedAsRoute";
    static final String PATH = "Path";
    static final String ACCEPT = "Accept";
    static final String USER_AGENT = "User-Agent";
    private static final String[] INTERNAL_PARAMETERS = { BindingRules.CONNECTION_ID_PARAMETER, CALL_ID, EXPIRES,
            CSEQ, UPDATED_AT, ALIAS, USED_AS_ROUTE };
    private static final String[] INTERNAL_HEADERS = { PATH, ACCEPT, USER_AGENT };

    private final String messageExpiresParamName;

    /** @param messageExpiresParamName the contact parameter read back as {@link Binding#messageExpires()} */
    public ContactSerializer(String messageExpiresParamName) {
        this.messageExpiresParamName = Objects.requireNonNull(messageExpiresParamName, "messageExpiresParamName");
    }

    public static ContactSerializer from(RegistrarSettings settings) {
        return new ContactSerializer(settings.messageExpiresParamName());
    }

    /**
     * The hash value of a binding (its field is {@link Binding#key()}).
     *
     * @throws IllegalArgumentException when the contact is not a SIP URI (the binding rules store no other)
     */
    public String serialize(Binding binding) {
        if (!(binding.contact().uri() instanceof SipUri uri)) {
            throw new IllegalArgumentException("a binding contact must be a SIP URI: " + binding.contact());
        }
        SipUri.Builder b = uri.toBuilder();
        binding.connectionId().ifPresent(id -> b.parameter(BindingRules.CONNECTION_ID_PARAMETER, id));
        b.parameter(CALL_ID, binding.callId())
                .parameter(EXPIRES, Long.toString(binding.expires()))
                .parameter(CSEQ, Long.toString(binding.cseq()))
                .parameter(UPDATED_AT, Long.toString(binding.registerTime()))
                .parameter(ALIAS, binding.alias() ? "yes" : "no")
                .parameter(USED_AS_ROUTE, binding.usedAsRoute() ? "yes" : "no");
        if (!binding.path().isEmpty()) {
            List<String> routes = binding.path().stream().map(p -> "<" + p + ">").toList();
            b.header(PATH, String.join(",", routes));
        }
        if (!binding.accept().isEmpty()) {
            b.header(ACCEPT, String.join(",", binding.accept()));
        }
        if (!binding.userAgent().isEmpty()) {
            b.header(USER_AGENT, binding.userAgent());
        }
        NameAddr address = new NameAddr(binding.contact().displayName(), b.build(), true);
        return binding.contact().withAddress(address).toString();
    }

    /**
     * Reads a hash value back.
     *
     * @param field the hash field: the contact key
     * @param value the hash value: a Contact (or a bare SIP URI) with the internal parameters and headers
     * @throws SipSyntaxException when the value is neither a Contact nor a URI with a SIP URI
     */
    public Binding parse(String field, String value) throws SipSyntaxException {
        AddressHeader contact = readContact(value.trim());
        SipUri uri = (SipUri) contact.uri();
        UriParameters params = uri.parameters();
        SipUri.Builder cleaned = uri.toBuilder();
        boolean changed = false;
        for (String name : INTERNAL_PARAMETERS) {
            if (params.has(name)) {
                cleaned.removeParameter(name);
                changed = true;
            }
        }
        List<String> path = List.of();
        List<String> accept = List.of();
        String userAgent = "";
        List<Map.Entry<String, String>> otherHeaders = new ArrayList<>();
        for (Map.Entry<String, String> header : uri.headers()) {
            if (header.getKey().equalsIgnoreCase(PATH)) {
                path = parsePath(header.getValue());
            } else if (header.getKey().equalsIgnoreCase(ACCEPT)) {
                accept = splitList(header.getValue());
            } else if (header.getKey().equalsIgnoreCase(USER_AGENT)) {
                userAgent = header.getValue();
            } else {
                otherHeaders.add(header);
            }
        }
        if (otherHeaders.size() != uri.headers().size()) {
            cleaned.clearHeaders();
            otherHeaders.forEach(h -> cleaned.header(h.getKey(), h.getValue()));
            changed = true;
        }
        AddressHeader stored = changed
                ? contact.withAddress(new NameAddr(contact.displayName(), cleaned.build(), true))
                : contact;
        return new Binding(field, stored, params.get(CALL_ID).orElse(""), number(params.get(CSEQ)),
                number(params.get(UPDATED_AT)), number(params.get(EXPIRES)),
                BindingRules.messageExpires(stored, messageExpiresParamName), flag(params.get(ALIAS)),
                flag(params.get(USED_AS_ROUTE)), path, accept, userAgent,
                params.get(BindingRules.CONNECTION_ID_PARAMETER).filter(v -> !v.isEmpty()));
    }

    /**
     * A Contact with angle brackets, else a bare URI (whose ';' parameters are URI parameters, not contact
     * parameters), else a Contact without angle brackets.
     */
    private static AddressHeader readContact(String value) throws SipSyntaxException {
        AddressHeader contact = null;
        SipSyntaxException error = null;
        try {
            contact = AddressHeader.parse(value);
            if (contact.address().bracketed() && contact.uri() instanceof SipUri) {
                return contact;
            }
        } catch (SipSyntaxException e) {
            error = e;
        }
        try {
            return AddressHeader.of(SipUri.parse(value));
        } catch (SipSyntaxException e) {
            if (contact != null && contact.uri() instanceof SipUri) {
                return contact;
            }
            throw error != null ? error : new SipSyntaxException("the contact is not a SIP URI", 0);
        }
    }

    private static List<String> parsePath(String value) {
        try {
            return AddressHeader.parseList(value).stream().map(a -> a.uri().toString()).toList();
        } catch (SipSyntaxException e) {
            return splitList(value).stream().map(ContactSerializer::withoutBrackets).toList();
        }
    }

    private static String withoutBrackets(String route) {
        return route.startsWith("<") && route.endsWith(">") ? route.substring(1, route.length() - 1) : route;
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }

    private static long number(Optional<String> value) {
        return value.isPresent() ? SipChars.decimal(value.get().trim(), 18).orElse(0) : 0;
    }

    private static boolean flag(Optional<String> value) {
        return value.filter(v -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1"))
                .isPresent();
    }
}
