package org.flexisip.common.sip.header;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.uri.NameAddr;
import org.flexisip.common.sip.uri.Uri;

/**
 * A header value made of an address and header parameters: From, To (RFC 3261 §20.20, §20.39), Contact
 * (§20.10), Route, Record-Route (§20.34, §20.30), Path (RFC 3327), Service-Route (RFC 3608),
 * P-Preferred-Identity (RFC 3325).
 * <pre>
 * from-spec  = ( name-addr / addr-spec ) *( SEMI from-param )
 * contact-param = (name-addr / addr-spec) *(SEMI contact-params)
 * </pre>
 * With an addr-spec (no angle brackets), what follows ';' are header parameters, not URI parameters (RFC 3261
 * §20.10). Immutable.
 */
public final class AddressHeader {
    private final NameAddr address;
    private final HeaderParams params;
    private final String source;

    private AddressHeader(NameAddr address, HeaderParams params, String source) {
        this.address = Objects.requireNonNull(address);
        this.params = Objects.requireNonNull(params);
        this.source = source;
    }

    public static AddressHeader of(NameAddr address, HeaderParams params) {
        return new AddressHeader(address, params, null);
    }

    public static AddressHeader of(Uri uri) {
        return new AddressHeader(new NameAddr(Optional.empty(), uri, true), HeaderParams.empty(), null);
    }

    /** A single-valued header (From, To). */
    public static AddressHeader parse(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOnly(AddressHeader::parse, "address");
    }

    /** A list-valued header line (Contact, Route, Record-Route, Path, ...): values separated by commas. */
    public static List<AddressHeader> parseList(String value) throws SipSyntaxException {
        return new SipScanner(value).expectCommaList(AddressHeader::parse, "address list");
    }

    private static AddressHeader parse(SipScanner s) throws SipSyntaxException {
        int start = s.position();
        NameAddr address = NameAddr.parse(s);
        HeaderParams params = HeaderParams.parse(s);
        return new AddressHeader(address, params, s.text().substring(start, s.position()));
    }

    public NameAddr address() {
        return address;
    }

    public Uri uri() {
        return address.uri();
    }

    public Optional<String> displayName() {
        return address.displayName();
    }

    public HeaderParams params() {
        return params;
    }

    public Optional<String> param(String name) {
        return params.get(name);
    }

    public Optional<String> tag() {
        return params.get("tag").filter(t -> !t.isEmpty());
    }

    /** The {@code expires} contact parameter in seconds; empty when absent or not a number. */
    public OptionalLong expires() {
        Optional<String> v = params.get("expires");
        return v.isPresent() ? SipChars.decimal(v.get(), 18) : OptionalLong.empty();
    }

    /** The {@code q} contact parameter (RFC 3261 §20.10), 0 to 1; empty when absent or malformed. */
    public Optional<Double> q() {
        Optional<String> v = params.get("q").filter(x -> x.matches("(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?)"));
        return v.map(Double::valueOf);
    }

    /** {@code +sip.instance} (RFC 5626 §4.1), quotes removed, e.g. {@code <urn:uuid:...>}. */
    public Optional<String> instance() {
        return params.get("+sip.instance").filter(x -> !x.isEmpty());
    }

    public AddressHeader withTag(String tag) {
        return new AddressHeader(address, params.with("tag", tag), null);
    }

    public AddressHeader withParam(String name, String value) {
        return new AddressHeader(address, params.with(name, value), null);
    }

    public AddressHeader withoutParam(String name) {
        return params.has(name) ? new AddressHeader(address, params.without(name), null) : this;
    }

    public AddressHeader withAddress(NameAddr newAddress) {
        return new AddressHeader(newAddress, params, null);
    }

    /** As written when parsed and unchanged; otherwise {@code name-addr *(;param)}. */
    @Override
    public String toString() {
        return source != null ? source : address + params.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressHeader a && address.equals(a.address) && params.equals(a.params);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + params.hashCode();
    }
}
