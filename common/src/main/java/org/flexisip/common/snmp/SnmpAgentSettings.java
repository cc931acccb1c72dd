package org.flexisip.common.snmp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.Role;

/**
 * Where a role's SNMP agent listens, who may use it and where its traps go: the {@code snmp-*} parameters of
 * {@code [global]}, which are ours (Flexisip 2.4 is an AgentX sub-agent of the system's snmpd).
 *
 * @param listen           address and UDP port of the agent (the role's port: see {@link #portOf})
 * @param readCommunity    community that may read; empty for none
 * @param writeCommunity   community that may read and write; empty for none (the default)
 * @param users            SNMPv3 users; empty for no SNMPv3
 * @param trapDestinations receivers of the traps
 * @param trapCommunity    community written in the traps
 */
public record SnmpAgentSettings(InetSocketAddress listen, Optional<String> readCommunity,
        Optional<String> writeCommunity, List<SnmpUser> users, List<InetSocketAddress> trapDestinations,
        String trapCommunity) {

    /** The port of a trap destination written without one. */
    public static final int DEFAULT_TRAP_PORT = 162;

    public SnmpAgentSettings {
        Objects.requireNonNull(listen);
        users = List.copyOf(users);
        trapDestinations = List.copyOf(trapDestinations);
        Objects.requireNonNull(trapCommunity);
    }

    /** The settings of {@code role} from a validated {@code [global]}. */
    public static SnmpAgentSettings of(ConfigSection global, Role role) {
        int port = portOf(global.getInt("snmp-agent-port"), role);
        List<InetSocketAddress> destinations = new ArrayList<>();
        for (String item : global.getStringList("snmp-trap-destinations")) {
            destinations.add(destination(item));
        }
        return new SnmpAgentSettings(new InetSocketAddress(literal(global.getString("snmp-agent-address")), port),
                nonEmpty(global.getString("snmp-read-community")),
                nonEmpty(global.getString("snmp-write-community")),
                global.getStringList("snmp-v3-users").stream().map(SnmpUser::parse).toList(), destinations,
                global.getString("snmp-trap-community"));
    }

    /** Communities shown as set or not, never their text. */
    @Override
    public String toString() {
        return "udp " + listen.getAddress().getHostAddress() + " port " + listen.getPort() + ", read community "
                + (readCommunity.isPresent() ? "set" : "none") + ", write community "
                + (writeCommunity.isPresent() ? "set" : "none") + ", SNMPv3 users " + users + ", traps to "
                + trapDestinations;
    }

    /**
     * The port of a role's agent: {@code snmp-agent-port} for the proxy, the next ones for presence, conference
     * and regevent, so that roles started together on one host never compete for one port.
     */
    public static int portOf(int proxyPort, Role role) {
        return proxyPort + switch (role) {
            case PROXY -> 0;
            case PRESENCE -> 1;
            case CONFERENCE -> 2;
            case REGEVENT -> 3;
        };
    }

    /** {@code IPv4[:port]} or {@code [IPv6][:port]}, as validated by the schema. */
    static InetSocketAddress destination(String item) {
        String host = item;
        int port = DEFAULT_TRAP_PORT;
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            host = item.substring(1, close);
            if (close + 1 < item.length()) {
                port = Integer.parseInt(item.substring(close + 2));
            }
        } else if (item.indexOf(':') > 0) {
            host = item.substring(0, item.indexOf(':'));
            port = Integer.parseInt(item.substring(item.indexOf(':') + 1));
        }
        return new InetSocketAddress(literal(host), port);
    }

    /** An address written as digits: never looked up in the DNS. */
    private static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static Optional<String> nonEmpty(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
