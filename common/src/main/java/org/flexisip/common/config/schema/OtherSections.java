package org.flexisip.common.config.schema;

import static org.flexisip.common.config.ValueType.BOOLEAN;
import static org.flexisip.common.config.ValueType.DURATION_MS;
import static org.flexisip.common.config.ValueType.DURATION_S;
import static org.flexisip.common.config.ValueType.INTEGER;
import static org.flexisip.common.config.ValueType.INTEGER_RANGE;
import static org.flexisip.common.config.ValueType.STRING;
import static org.flexisip.common.config.ValueType.STRING_LIST;

import java.util.List;

import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.ParameterSpec.Constraint;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;

/**
 * The remaining sections: cluster and domain settings of spec/cluster.md, and the other proxy-side sections of
 * spec/proxy.md §19. Sections for features we do not implement (event logs, monitor, mDNS, B2BUA) are declared
 * with their 2.4.5 parameters so that existing files still load.
 */
public final class OtherSections {
    private OtherSections() {
    }

    public static List<SectionSpec> build() {
        return List.of(
                cluster(),
                interDomainConnections(),
                mdnsRegister(),
                stunServer(),
                eventLogs(),
                monitor(),
                b2buaServer(),
                b2buaSipBridge(),
                b2buaTrenscrypter());
    }

    private static SectionSpec cluster() {
        // The proxy uses every entry; the conference server uses internal-transport as the Path of its bindings.
        SectionSpec.Builder s = SectionSpec.builder("cluster").readBy(Role.PROXY, Role.CONFERENCE).readOnly()
                .help("Several proxies serving the same domains and sharing one Redis registrar database.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("false")
                .help("Turn cluster mode on; otherwise the other entries of this section have no effect."));
        s.parameter(ParameterSpec.builder("cluster-domain", STRING)
                .help("Name of the whole cluster (such as sip.example.org), used where a proxy must name the "
                        + "cluster rather than itself."));
        s.parameter(ParameterSpec.builder("nodes", STRING_LIST)
                .help("IP addresses of every proxy of the cluster. Their requests are not challenged and they "
                        + "are never banned."));
        s.parameter(ParameterSpec.builder("internal-transport", STRING)
                .help("Extra transport for traffic between nodes, such as sip:10.0.0.2:5059;transport=tcp. "
                        + "%auto (deprecated) stands for the local IPv4 address."));
        return s.build();
    }

    private static SectionSpec interDomainConnections() {
        SectionSpec.Builder s = SectionSpec.builder("inter-domain-connections").readBy(Role.PROXY)
                .help("Domain registrations: a lower proxy registers its whole domain on an upper proxy over a "
                        + "persistent connection.");
        s.parameter(ParameterSpec.builder("accept-domain-registrations", BOOLEAN).defaultValue("false")
                .help("Upper side: accept REGISTERs for whole domains (without user part)."));
        s.parameter(ParameterSpec.builder("assume-unique-domains", BOOLEAN).defaultValue("false")
                .help("Upper side: expect a single connection per registered domain."));
        s.parameter(ParameterSpec.builder("domain-registrations", STRING)
                .defaultValue("/etc/flexisip/domain-registrations.conf")
                .help("Lower side: file listing each local domain and the upper proxy URI it registers to. "
                        + "A missing or empty file means no domain registration."));
        s.parameter(ParameterSpec.builder("verify-server-certs", BOOLEAN).defaultValue("true")
                .help("Lower side: check the TLS certificate of the upper proxy."));
        s.parameter(ParameterSpec.builder("keepalive-interval", DURATION_S).defaultValue("30")
                .help("Keep-alive interval on domain registration connections. 0 disables keep-alives."));
        s.parameter(ParameterSpec.builder("ping-pong-timeout-delay", DURATION_S).defaultValue("0")
                .help("How long to wait for a keep-alive answer before the connection is considered dead. "
                        + "0 expects no answer."));
        s.parameter(ParameterSpec.builder("reconnection-delay", DURATION_S).defaultValue("5")
                .help("Delay before a broken domain registration connection is opened again."));
        s.parameter(ParameterSpec.builder("reg-when-needed", BOOLEAN).defaultValue("false")
                .help("Register a domain only while some of its users are registered here."));
        s.parameter(ParameterSpec.builder("relay-reg-to-domains", BOOLEAN).defaultValue("false")
                .help("Send user REGISTERs to the proxy that registered their domain."));
        s.parameter(ParameterSpec.builder("relay-reg-to-domains-regex", STRING)
                .help("Regular expression selecting the domains whose REGISTERs are relayed."));
        return s.build();
    }

    private static SectionSpec mdnsRegister() {
        // Read-only in 2.4 like [cluster].
        SectionSpec.Builder s = SectionSpec.builder("mdns-register").readBy(Role.PROXY).readOnly()
                .help("Not supported. In 2.4, announced the transports as multicast DNS SIP services.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("false")
                .help("Announce this proxy over multicast DNS. true is refused: not supported."));
        s.parameter(ParameterSpec.builder("mdns-priority", INTEGER_RANGE).defaultValue("0")
                .help("Priority of this instance (lower is preferred), or a range to draw it from."));
        s.parameter(ParameterSpec.builder("mdns-weight", INTEGER).defaultValue("100")
                .help("Share of traffic among instances of equal priority."));
        s.parameter(ParameterSpec.builder("mdns-ttl", DURATION_MS).defaultValue("3600")
                .help("Time to live of the announcements."));
        return s.build();
    }

    private static SectionSpec stunServer() {
        SectionSpec.Builder s = SectionSpec.builder("stun-server").readBy(Role.PROXY)
                .help("A STUN server (RFC 5389 Binding requests on UDP) run by the proxy.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("true")
                .help("Run the STUN server."));
        s.parameter(ParameterSpec.builder("bind-address", STRING).defaultValue("0.0.0.0")
                .help("Local address the STUN socket is bound to."));
        s.parameter(ParameterSpec.builder("port", INTEGER).defaultValue("3478")
                .help("UDP port of the STUN server."));
        return s.build();
    }

    private static SectionSpec eventLogs() {
        // Only the proxy writes event logs in 2.4.
        SectionSpec.Builder s = SectionSpec.builder("event-logs").readBy(Role.PROXY)
                .help("Not supported. In 2.4, recorded registrations, calls and messages per user and domain.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("false")
                .help("Record event logs. true is refused: not supported."));
        s.parameter(ParameterSpec.builder("logger", STRING).defaultValue("filesystem")
                .advisory(Constraint.oneOf("filesystem", "database", "flexiapi"))
                .help("Where events go: filesystem, database or flexiapi."));
        s.parameter(ParameterSpec.builder("filesystem-directory", STRING).defaultValue("/var/log/flexisip")
                .help("Directory of the event files (filesystem logger)."));
        s.parameter(ParameterSpec.builder("database-backend", STRING).defaultValue("mysql")
                .help("SQL database type (database logger): mysql, sqlite3 or postgresql."));
        s.parameter(ParameterSpec.builder("database-connection-string", STRING)
                .defaultValue("db='mydb' user='myuser' password='mypass' host='myhost.com'").secret()
                .help("Connection settings of the event database, as 'key=value' pairs."));
        s.parameter(ParameterSpec.builder("database-max-queue-size", INTEGER).defaultValue("100")
                .help("Most events waiting to be written to the database."));
        s.parameter(ParameterSpec.builder("database-nb-threads-max", INTEGER).defaultValue("10")
                .help("Most threads writing to the database (1 for sqlite3)."));
        s.parameter(ParameterSpec.builder("flexiapi-host", STRING).defaultValue("localhost")
                .help("Host of the FlexiAPI statistics service (flexiapi logger)."));
        s.parameter(ParameterSpec.builder("flexiapi-port", INTEGER).defaultValue("443")
                .help("Port of the FlexiAPI host."));
        s.parameter(ParameterSpec.builder("flexiapi-prefix", STRING).defaultValue("/api/stats/")
                .help("Path prefix of the FlexiAPI statistics requests."));
        s.parameter(ParameterSpec.builder("flexiapi-api-key", STRING).secret()
                .help("Key that authenticates us to FlexiAPI."));
        s.parameter(ParameterSpec.builder("dir", STRING).defaultValue("/var/log/flexisip")
                .deprecated("2020-02-19", "2.0.0", "use filesystem-directory")
                .help("Old name of filesystem-directory; ignored."));
        s.parameter(ParameterSpec.builder("flexiapi-token", STRING).secret()
                .deprecated("2024-03-22", "2.3.3", "use flexiapi-api-key")
                .fallbackOf("flexiapi-api-key")
                .help("Old name of flexiapi-api-key."));
        return s.build();
    }

    private static SectionSpec monitor() {
        // 2.4 hides the whole section from dumps; here each entry is marked not exported instead.
        SectionSpec.Builder s = SectionSpec.builder("monitor").readBy(Role.PROXY)
                .help("Not supported. In 2.4, a watchdog that placed test calls through the cluster nodes.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("false").notExported()
                .help("Run the monitor. true is refused: not supported."));
        s.parameter(ParameterSpec.builder("test-interval", DURATION_S).defaultValue("30").notExported()
                .help("Delay between two tests."));
        s.parameter(ParameterSpec.builder("logfile", STRING).defaultValue("/etc/flexisip/flexisip_monitor.log")
                .notExported()
                .help("Log file of the monitor."));
        s.parameter(ParameterSpec.builder("switch-port", INTEGER).defaultValue("12345").notExported()
                .help("Port opened while the tests pass and closed when they fail."));
        s.parameter(ParameterSpec.builder("password-salt", STRING).notExported().secret()
                .help("Salt from which the passwords of the test accounts are derived."));
        return s.build();
    }

    private static SectionSpec b2buaServer() {
        // No role of ours is a B2BUA: accepted by every role, validated by none.
        SectionSpec.Builder s = SectionSpec.builder("b2bua-server").readBy()
                .help("Not supported. In 2.4, the back-to-back user agent server (encryption bridging or "
                        + "SIP trunk bridging).");
        s.parameter(ParameterSpec.builder("application", STRING).defaultValue("trenscrypter")
                .help("What the B2BUA does: trenscrypter or sip-bridge."));
        s.parameter(ParameterSpec.builder("transport", STRING).defaultValue("sip:127.0.0.1:6067;transport=tcp")
                .help("SIP URI the B2BUA listens on."));
        s.parameter(ParameterSpec.builder("audio-port", INTEGER_RANGE).defaultValue("0")
                .help("Audio port or range; 0 lets the system choose."));
        s.parameter(ParameterSpec.builder("video-port", INTEGER_RANGE).defaultValue("0")
                .help("Video port or range; 0 lets the system choose."));
        s.parameter(ParameterSpec.builder("user-agent", STRING).defaultValue("Flexisip-B2BUA/{version}")
                .help("User-Agent of the B2BUA, <name>[/<version>]; also how module::B2bua recognises it."));
        s.parameter(ParameterSpec.builder("data-directory", STRING)
                .defaultValue("/var/opt/belledonne-communications/flexisip/b2b")
                .help("Directory of the B2BUA's own files."));
        s.parameter(ParameterSpec.builder("outbound-proxy", STRING).defaultValue("sip:127.0.0.1:5060;transport=tcp")
                .help("Proxy through which every request of the B2BUA is sent."));
        s.parameter(ParameterSpec.builder("no-rtp-timeout", DURATION_S).defaultValue("30")
                .help("A call without incoming RTP for this long is ended."));
        s.parameter(ParameterSpec.builder("max-call-duration", DURATION_S).defaultValue("0")
                .help("Longest bridged call; 0 means no limit."));
        s.parameter(ParameterSpec.builder("video-codec", STRING)
                .help("Only video codec offered on outgoing calls. Empty: no restriction."));
        s.parameter(ParameterSpec.builder("one-connection-per-account", BOOLEAN).defaultValue("false")
                .help("Use a separate connection for each external account."));
        return s.build();
    }

    private static SectionSpec b2buaSipBridge() {
        SectionSpec.Builder s = SectionSpec.builder("b2bua-server::sip-bridge").readBy()
                .help("Not supported. In 2.4, the settings of the B2BUA's SIP trunk bridge.");
        s.parameter(ParameterSpec.builder("providers", STRING).defaultValue("example-path.json")
                .help("JSON file describing the external SIP providers and their account pools."));
        return s.build();
    }

    private static SectionSpec b2buaTrenscrypter() {
        SectionSpec.Builder s = SectionSpec.builder("b2bua-server::trenscrypter").readBy()
                .help("Not supported. In 2.4, the settings of the B2BUA's media encryption bridge.");
        s.parameter(ParameterSpec.builder("outgoing-enc-regex", STRING_LIST)
                .help("Pairs '<mode> <regex>': the first regex matching the callee URI chooses the outgoing "
                        + "encryption (zrtp, dtls-srtp, sdes or none)."));
        s.parameter(ParameterSpec.builder("outgoing-srtp-regex", STRING_LIST)
                .help("Pairs '<suites> <regex>': the first regex matching the callee URI chooses the SRTP "
                        + "suites (separated by ';') used with sdes."));
        return s.build();
    }
}
