package org.flexisip.common.sip.header;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * One Via value (RFC 3261 §8.1.1.7, §18.2.2, §20.42):
 * <pre>
 * via-parm          =  sent-protocol LWS sent-by *( SEMI via-params )
 * sent-protocol     =  protocol-name SLASH protocol-version SLASH transport
 * sent-by           =  host [ COLON port ]
 * via-params        =  via-ttl / via-maddr / via-received / via-branch / via-extension
 * </pre>
 * {@code rport} (RFC 3581) is a flag in requests and carries the source port once the server fills it in.
 * Immutable; {@link #toBuilder()} changes it.
 */
public final class ViaHeader {
    /** RFC 3261 §8.1.1.7: branches of compliant clients start with this. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocol;
    private final String transport;
    private final String host;
    private final OptionalInt port;
    private final HeaderParams params;
    private final String source;

    private ViaHeader(String protocol, String transport, String host, OptionalInt port, HeaderParams params,
            String source) {
        this.protocol = protocol;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
        this.source = source;
    }

    /** All the values of one Via header line ({@code via-parm *(COMMA via-parm)}). */
    public static List<ViaHeader> parseList(String value) throws SipSyntaxException {
        return new SipScanner(value).expectCommaList(ViaHeader::parse, "Via value");
    }

    public static ViaHeader parse(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOnly(ViaHeader::parse, "Via value");
    }

    private static ViaHeader parse(SipScanner s) throws SipSyntaxException {
        int start = s.position();
        String name = s.expectToken("the protocol name (SIP)");
        slash(s);
        String version = s.expectToken("the protocol version (2.0)");
        slash(s);
        String transport = s.expectToken("the transport (UDP, TCP, TLS, ...)");
        if (!s.skipWhitespace()) {
            throw s.error("expected white space before the sent-by host");
        }
        String host = readHost(s);
        OptionalInt port = OptionalInt.empty();
        if (s.consumeSeparator(':')) {
            String digits = s.consumeDigits();
            if (digits.isEmpty() || digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                throw s.error("expected a port number from 0 to 65535");
            }
            port = OptionalInt.of(Integer.parseInt(digits));
        }
        HeaderParams params = HeaderParams.parse(s);
        String text = s.text().substring(start, s.position());
        return new ViaHeader(name + "/" + version, transport, host, port, params, text);
    }

    private static void slash(SipScanner s) throws SipSyntaxException {
        if (!s.consumeSeparator('/')) {
            throw s.error("expected '/' in the sent-protocol");
        }
    }

    private static String readHost(SipScanner s) throws SipSyntaxException {
        int start = s.position();
        if (s.consume('[')) {
            while (!s.atEnd() && (SipChars.isHexDigit(s.peek()) || s.peek() == ':' || s.peek() == '.')) {
                s.next();
            }
            s.expect(']', "']' closing an IPv6 reference");
        } else {
            while (!s.atEnd() && (SipChars.isAlpha(s.peek()) || SipChars.isDigit(s.peek()) || s.peek() == '-'
                    || s.peek() == '.')) {
                s.next();
            }
        }
        if (s.position() == start) {
            throw s.error("expected the sent-by host");
        }
        return s.text().substring(start, s.position());
    }

    public static Builder builder(String transport, String host) {
        return new Builder(transport, host);
    }

    /** {@code SIP/2.0}. */
    public String protocol() {
        return protocol;
    }

    /** As written: {@code UDP}, {@code TCP}, {@code TLS}, {@code SCTP}, {@code WS}, or an unknown token. */
    public String transport() {
        return transport;
    }

    public String host() {
        return host;
    }

    public OptionalInt port() {
        return port;
    }

    public HeaderParams params() {
        return params;
    }

    public Optional<String> branch() {
        return params.get("branch");
    }

    /** True when the branch starts with the RFC 3261 magic cookie. */
    public boolean hasRfc3261Branch() {
        return branch().map(b -> b.startsWith(MAGIC_COOKIE)).orElse(false);
    }

    public Optional<String> received() {
        return params.get("received");
    }

    /** Whether {@code rport} is present (as a flag or with a value). */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The port filled into {@code rport}, if any. */
    public OptionalInt rport() {
        return smallNumber(params.get("rport"), 5);
    }

    public Optional<String> maddr() {
        return params.get("maddr");
    }

    public OptionalInt ttl() {
        return smallNumber(params.get("ttl"), 3);
    }

    private static OptionalInt smallNumber(Optional<String> value, int maxDigits) {
        java.util.OptionalLong n = value.isPresent() ? SipChars.decimal(value.get(), maxDigits)
                : java.util.OptionalLong.empty();
        return n.isPresent() ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    /** RFC 3261 §18.2.1: the received parameter set to the source address. */
    public ViaHeader withReceived(String address) {
        return toBuilder().param("received", address).build();
    }

    /** RFC 3581 §4: rport filled with the source port. */
    public ViaHeader withRport(int sourcePort) {
        return toBuilder().param("rport", Integer.toString(sourcePort)).build();
    }

    /** A builder from this value; unlike a new one, it keeps a missing branch (RFC 2543 peers). */
    public Builder toBuilder() {
        Builder b = new Builder(transport, host);
        b.branchRequired = false;
        b.protocol = protocol;
        b.port = port;
        b.params = params;
        return b;
    }

    /** The value as written when parsed and unchanged; built values in canonical form. */
    @Override
    public String toString() {
        if (source != null) {
            return source;
        }
        StringBuilder b = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ')
                .append(host);
        port.ifPresent(p -> b.append(':').append(p));
        return b.append(params).toString();
    }

    /** Same protocol, transport (case-insensitive), sent-by and parameters. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ViaHeader v && protocol.equalsIgnoreCase(v.protocol)
                && transport.equalsIgnoreCase(v.transport) && host.equalsIgnoreCase(v.host) && port.equals(v.port)
                && params.equals(v.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transport.toUpperCase(Locale.ROOT), host.toLowerCase(Locale.ROOT), port, params);
    }

    /** Builds a Via; {@link #build()} refuses one without a branch (RFC 3261 §8.1.1.7). */
    public static final class Builder {
        private String protocol = "SIP/2.0";
        private final String transport;
        private final String host;
        private OptionalInt port = OptionalInt.empty();
        private HeaderParams params = HeaderParams.empty();
        private boolean branchRequired = true;

        private Builder(String transport, String host) {
            this.transport = Objects.requireNonNull(transport);
            this.host = Objects.requireNonNull(host);
        }

        public Builder port(int value) {
            this.port = OptionalInt.of(value);
            return this;
        }

        public Builder branch(String branch) {
            return param("branch", branch);
        }

        /** Adds the {@code rport} flag (RFC 3581 §3). */
        public Builder rport() {
            return param("rport", null);
        }

        public Builder param(String name, String value) {
            this.params = params.with(name, value);
            return this;
        }

        public Builder removeParam(String name) {
            this.params = params.without(name);
            return this;
        }

        public ViaHeader build() {
            if (branchRequired && params.get("branch").filter(b -> !b.isEmpty()).isEmpty()) {
                throw new IllegalStateException("a Via needs a branch (RFC 3261 §8.1.1.7)");
            }
            return new ViaHeader(protocol, transport, host, port, params, null);
        }
    }
}
