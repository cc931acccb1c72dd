package org.flexisip.common.sip.transport;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.uri.SipUri;

/**
 * One item of {@code global/transports} (spec/global.md §3): what to listen on and what to advertise.
 * {@code sip:} without {@code transport} means UDP and TCP on the same port (5060 by default), {@code sips:}
 * TLS (5061); host {@code *} listens on every local address; {@code maddr} is the bind address while the host
 * stays the advertised name.
 *
 * @param uri           the item as written
 * @param protocols     UDP, TCP and/or TLS
 * @param advertisedHost the host others reach us by ({@code *} for every local address)
 * @param port          the port (default 5060 or 5061)
 * @param bindHost      the address to bind: {@code maddr}, else the host; empty for every local address
 * @param tlsParameters the TLS parameters of a {@code sips:} URI (spec §3.7), names lowercase
 */
public record TransportSpec(String uri, Set<Protocol> protocols, String advertisedHost, int port,
        Optional<String> bindHost, Map<String, String> tlsParameters) {

    /** Transport protocols of SIP (RFC 3261 §18). */
    public enum Protocol {
        UDP, TCP, TLS;

        public boolean isStream() {
            return this != UDP;
        }

        /** The {@code transport} parameter value and Via token ({@code UDP}, {@code TCP}, {@code TLS}). */
        public String token() {
            return name();
        }
    }

    public static final int DEFAULT_SIP_PORT = 5060;
    public static final int DEFAULT_SIPS_PORT = 5061;
    private static final String WILDCARD = "*";
    private static final Set<String> SIPS_PARAMETERS = Set.of("maddr", "tls-certificates-file",
            "tls-certificates-private-key", "tls-certificates-ca-file", "tls-certificates-dir", "tls-verify-incoming",
            "require-peer-certificate", "tls-allow-missing-client-certificate", "tls-verify-outgoing",
            "tls-client-connection");

    /** Whether this transport listens on every local address. */
    public boolean isWildcard() {
        return bindHost.isEmpty();
    }

    /** {@code tls-client-connection=1}: TLS for outgoing connections only, no listening socket (2.4.4+). */
    public boolean isClientOnly() {
        return "1".equals(tlsParameters.get("tls-client-connection"));
    }

    /**
     * Parses every item; the errors name the item (a configuration error refuses the start).
     *
     * @throws TransportConfigurationException with every problem found
     */
    public static List<TransportSpec> parseAll(List<String> items) throws TransportConfigurationException {
        List<TransportSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String item : items) {
            try {
                specs.add(parse(item));
            } catch (TransportConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        if (specs.isEmpty() && problems.isEmpty()) {
            problems.add("No sip transport defined");
        }
        if (!problems.isEmpty()) {
            throw new TransportConfigurationException(String.join("; ", problems));
        }
        return specs;
    }

    public static TransportSpec parse(String item) throws TransportConfigurationException {
        String lower = item.toLowerCase(Locale.ROOT);
        boolean secure;
        if (lower.startsWith("sips:")) {
            secure = true;
        } else if (lower.startsWith("sip:")) {
            secure = false;
        } else {
            throw fail(item, "expected a sip: or sips: URI");
        }
        String rest = item.substring(secure ? 5 : 4);
        boolean wildcard = rest.startsWith(WILDCARD) && (rest.length() == 1 || rest.charAt(1) == ':'
                || rest.charAt(1) == ';');
        String parsable = wildcard ? item.substring(0, secure ? 5 : 4) + "wildcard.invalid" + rest.substring(1)
                : item;
        if (!wildcard && rest.matches("[0-9A-Fa-f]*:[0-9A-Fa-f:]*:.*") && !rest.startsWith("[")) {
            throw fail(item, "an IPv6 address must be written in brackets, e.g. sip:[2001:db8::1]");
        }
        SipUri uri;
        try {
            uri = SipUri.parse(parsable);
        } catch (SipSyntaxException e) {
            throw fail(item, "not a valid SIP URI: " + e.reason());
        }
        if (uri.user().isPresent()) {
            throw fail(item, "a transport URI has no user part");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : uri.parameters().names()) {
            params.put(name.toLowerCase(Locale.ROOT), uri.parameter(name).orElse(""));
        }
        Set<Protocol> protocols;
        Optional<String> transport = Optional.ofNullable(params.remove("transport"));
        if (secure) {
            if (transport.isPresent() && !transport.get().equalsIgnoreCase("tls")
                    && !transport.get().equalsIgnoreCase("tcp")) {
                throw fail(item, "transport=" + transport.get() + " on a sips: URI: sips is TLS over TCP");
            }
            for (String name : params.keySet()) {
                if (!SIPS_PARAMETERS.contains(name)) {
                    throw fail(item, "Bad parameters '" + name + "' given in transports definition");
                }
            }
            protocols = EnumSet.of(Protocol.TLS);
        } else {
            if (transport.isEmpty()) {
                protocols = EnumSet.of(Protocol.UDP, Protocol.TCP);
            } else {
                switch (transport.get().toLowerCase(Locale.ROOT)) {
                    case "udp" -> protocols = EnumSet.of(Protocol.UDP);
                    case "tcp" -> protocols = EnumSet.of(Protocol.TCP);
                    case "tls" -> throw fail(item, "transport=tls on a sip: URI: use the sips scheme");
                    default -> throw fail(item, "unknown transport '" + transport.get() + "': udp or tcp on sip:, "
                            + "sips: for TLS");
                }
            }
            for (String name : params.keySet()) {
                if (!name.equals("maddr")) {
                    throw fail(item, "parameter '" + name + "' is not allowed on a sip: transport (only transport "
                            + "and maddr)");
                }
            }
        }
        int port = uri.port().orElse(secure ? DEFAULT_SIPS_PORT : DEFAULT_SIP_PORT);
        String host = wildcard ? WILDCARD : uri.host();
        Optional<String> maddr = Optional.ofNullable(params.remove("maddr"));
        Optional<String> bind = maddr.or(() -> wildcard ? Optional.empty() : Optional.of(unbracket(uri.host())));
        return new TransportSpec(item, protocols, host, port, bind, Map.copyOf(params));
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static TransportConfigurationException fail(String item, String reason) {
        return new TransportConfigurationException("global/transports: '" + item + "': " + reason);
    }
}
