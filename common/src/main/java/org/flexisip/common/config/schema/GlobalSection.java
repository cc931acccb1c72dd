package org.flexisip.common.config.schema;

import static org.flexisip.common.config.ValueType.BOOLEAN;
import static org.flexisip.common.config.ValueType.BYTE_SIZE;
import static org.flexisip.common.config.ValueType.DURATION_MS;
import static org.flexisip.common.config.ValueType.DURATION_S;
import static org.flexisip.common.config.ValueType.INTEGER;
import static org.flexisip.common.config.ValueType.RUNTIME_ERROR;
import static org.flexisip.common.config.ValueType.STRING;
import static org.flexisip.common.config.ValueType.STRING_LIST;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.ParameterSpec.Constraint;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.SnmpOid;
import org.flexisip.common.config.ValueType;
import org.flexisip.common.filter.SipBooleanExpression;

/** The {@code [global]} section of spec/global.md, read by every role. */
public final class GlobalSection {
    public static final String NAME = "global";
    /** The log level names, most to least verbose. */
    public static final List<String> LOG_LEVELS = List.of("debug", "message", "warning", "error");

    private static final Set<String> SERVER_NAMES = Set.of("proxy", "presence", "conference", "regevent", "b2bua");
    private static final List<String> INCOMING_REQUEST_METHODS = List.of("register", "invite", "ack", "info", "bye",
            "cancel", "message", "decline", "options", "unknown");
    private static final List<String> INCOMING_RESPONSE_CODES = List.of("100", "101", "180", "200", "202", "401",
            "404", "407", "408", "486", "487", "488", "603", "unknown");
    private static final List<String> REPLY_CODES = List.of("100", "101", "180", "200", "202", "401", "404", "407",
            "408", "486", "487", "488", "unknown");

    /** The start of the help of the SNMP agent's parameters, which Flexisip 2.4 does not have. */
    private static final String SNMP_EXTENSION = "Not in Flexisip 2.4, which runs as an AgentX sub-agent of the "
            + "system's snmpd: this agent is standalone. ";
    private static final Pattern IPV4_LITERAL = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    /** An SNMPv3 user: name (an SnmpAdminString of 1 to 32 characters), access, passphrases (RFC 3414 §11.2). */
    private static final Pattern SNMP_USER = Pattern.compile("([A-Za-z0-9._-]{1,32}):(ro|rw):([^:]{8,}):(.{8,})");

    private GlobalSection() {
    }

    public static SectionSpec build(String versionNumber) {
        SectionSpec.Builder s = SectionSpec.builder(NAME).readByAll().snmpLeaf(SnmpOid.GLOBAL_LEAF)
                .help("Settings shared by every Flexisip role: processes, logs, SIP transports, TLS and the "
                        + "identity of this instance.");
        s.parameter(ParameterSpec.builder("default-servers", STRING_LIST).defaultValue("proxy")
                .constraint(GlobalSection::checkDefaultServers)
                .help("Roles the flexisip launcher starts when --server is not given: proxy, presence, "
                        + "conference and regevent, separated by spaces."));
        s.parameter(ParameterSpec.builder("auto-respawn", BOOLEAN).defaultValue("true")
                .help("The flexisip launcher starts again a role that died abnormally, after a growing "
                        + "back-off."));
        s.parameter(ParameterSpec.builder("plugins-dir", STRING)
                .defaultValue("/opt/belledonne-communications/lib/flexisip/plugins")
                .help("Directory searched for plugins: <name>.jar or lib<name>.jar."));
        s.parameter(ParameterSpec.builder("plugins", STRING_LIST)
                .help("Plugins the proxy loads from plugins-dir, by name: <name>.jar or lib<name>.jar, each "
                        + "providing modules (org.flexisip.proxy.plugin.ModulePlugin) and their sections."));
        s.parameter(ParameterSpec.builder("dump-corefiles", BOOLEAN).defaultValue("false")
                .help("Let a crashing role leave a core file (and a heap dump on memory exhaustion)."));
        s.parameter(ParameterSpec.builder("enable-snmp", BOOLEAN).defaultValue("false")
                .help("Run the SNMP agent, which exposes the configuration, the counters and the runtime errors "
                        + "under 1.3.6.1.4.1.10000.1 (--dump-mibs prints the MIB), lets the write community change "
                        + "the parameters that can change while running, and sends traps at start, at stop and "
                        + "when a runtime error is raised or cleared. Every role runs its own agent; see the "
                        + "snmp-* parameters. --set nosnmp=true turns it off whatever this says."));
        s.parameter(ParameterSpec.builder("snmp-agent-address", STRING).defaultValue("127.0.0.1")
                .constraint(GlobalSection::checkIpLiteral)
                .help(SNMP_EXTENSION + "IP address the SNMP agent listens on (UDP). 0.0.0.0 or :: for every "
                        + "address."));
        s.parameter(ParameterSpec.builder("snmp-agent-port", INTEGER).defaultValue("1161")
                .constraint(Constraint.between(1, 65535 - (Role.values().length - 1)))
                .help(SNMP_EXTENSION + "UDP port of the proxy's SNMP agent. The other roles listen on the next "
                        + "ports, so that roles started together never share one: presence on port+1, conference "
                        + "on port+2, regevent on port+3."));
        s.parameter(ParameterSpec.builder("snmp-read-community", STRING).defaultValue("public").secret()
                .help(SNMP_EXTENSION + "SNMPv1/v2c community allowed to read the tree. Empty: no read-only "
                        + "community. Requests with an unknown community get no answer."));
        s.parameter(ParameterSpec.builder("snmp-write-community", STRING).secret()
                .help(SNMP_EXTENSION + "SNMPv1/v2c community allowed to read the tree and to set the "
                        + "parameters that can change while running (the same ones as the REST API). Empty, the "
                        + "default: nobody can write."));
        s.parameter(ParameterSpec.builder("snmp-v3-users", STRING_LIST).secret()
                .constraint(GlobalSection::checkSnmpUsers)
                .help(SNMP_EXTENSION + "SNMPv3 users, as name:ro:auth-passphrase:priv-passphrase (read only) or "
                        + "name:rw:auth-passphrase:priv-passphrase (read and set the parameters that can change "
                        + "while running). Requests must be authenticated with HMAC-SHA-256 and encrypted with "
                        + "AES-128 (net-snmp: -v3 -l authPriv -a SHA-256 -x AES). Names have at most 32 letters, "
                        + "digits, '.', '_' or '-'; passphrases at least 8 characters, no space or comma, no ':' "
                        + "in the authentication one. Empty: no SNMPv3."));
        s.parameter(ParameterSpec.builder("snmp-trap-destinations", STRING_LIST)
                .constraint(GlobalSection::checkTrapDestinations)
                .help(SNMP_EXTENSION + "Receivers of the SNMPv2c traps, as IP or IP:port (port 162 when "
                        + "absent, IPv6 in brackets: [::1]:162). Empty: no trap is sent."));
        s.parameter(ParameterSpec.builder("snmp-trap-community", STRING).defaultValue("public").secret()
                .help(SNMP_EXTENSION + "Community written in the traps sent to snmp-trap-destinations."));
        s.parameter(ParameterSpec.builder("log-directory", STRING)
                .defaultValue("/var/opt/belledonne-communications/log/flexisip")
                .help("Directory that holds the log files; created when missing."));
        s.parameter(ParameterSpec.builder("log-filename", STRING).defaultValue("flexisip-{server}.log")
                .help("Name of the log file. {server} becomes the role name, so roles sharing a directory "
                        + "write different files."));
        s.parameter(ParameterSpec.builder("log-level", STRING).defaultValue("error").runtimeSettable()
                .advisory(Constraint.oneOf(LOG_LEVELS.toArray(String[]::new)))
                .help("Lowest level written to the log: debug, message, warning or error. Can be changed "
                        + "while running."));
        s.parameter(ParameterSpec.builder("syslog-level", STRING).defaultValue("error").runtimeSettable()
                .advisory(Constraint.oneOf(LOG_LEVELS.toArray(String[]::new)))
                .help("Lowest level sent to syslog when --syslog is given: debug, message, warning or error. "
                        + "Can be changed while running."));
        s.parameter(ParameterSpec.builder("sofia-level", INTEGER).defaultValue("5").runtimeSettable()
                .constraint(Constraint.between(1, 9))
                .help("Verbosity of the SIP stack traces, from 1 to 9. Only shown when log-level is debug "
                        + "or with -d."));
        s.parameter(ParameterSpec.builder("user-errors-logs", BOOLEAN).defaultValue("false")
                .help("Write the errors caused by users (failed authentications, refused registrations, "
                        + "unroutable requests) to a log of their own."));
        s.parameter(ParameterSpec.builder("contextual-log-filter", ValueType.BOOLEAN_EXPR).runtimeSettable()
                .help("A SIP boolean expression: while a message that matches it is processed, every log line "
                        + "at or above contextual-log-level is written whatever log-level says. Empty disables "
                        + "contextual logging."));
        s.parameter(ParameterSpec.builder("contextual-log-level", STRING).defaultValue("debug").runtimeSettable()
                .advisory(Constraint.oneOf(LOG_LEVELS.toArray(String[]::new)))
                .help("Level applied while a message matching contextual-log-filter is processed."));
        s.parameter(ParameterSpec.builder("show-body-for", ValueType.BOOLEAN_EXPR)
                .defaultValue("content-type == 'application/sdp'").runtimeSettable()
                .constraint(value -> {
                    if (((SipBooleanExpression) value).text().isBlank()) {
                        throw new InvalidValueException("a SIP boolean expression; write true or false rather "
                                + "than leaving it empty");
                    }
                })
                .help("A SIP boolean expression: message bodies are logged only for the messages for which it "
                        + "is true. Must not be empty: write true or false."));
        s.parameter(ParameterSpec.builder("transports", STRING_LIST).defaultValue("sip:*")
                .help("SIP URIs this role listens on. sip: means UDP and TCP (port 5060) unless transport= "
                        + "names one, sips: means TLS (port 5061). Host * listens on every local address; "
                        + "maddr= gives the bind address while the host stays the advertised name. IPv6 "
                        + "literals go in brackets."));
        s.parameter(ParameterSpec.builder("aliases", STRING_LIST).defaultValue("localhost").runtimeSettable()
                .help("Other host names by which this proxy is reached: a request for one of them, on any "
                        + "port, is for us. Can be changed while running."));
        s.parameter(ParameterSpec.builder("idle-timeout", DURATION_S).defaultValue("3600")
                .help("A connection with no traffic for this long is closed."));
        s.parameter(ParameterSpec.builder("keepalive-interval", DURATION_S).defaultValue("1800")
                .help("After this much silence a CRLF keep-alive is sent on TCP and TLS connections. "
                        + "0 disables keep-alives."));
        s.parameter(ParameterSpec.builder("proxy-to-proxy-keepalive-interval", DURATION_S).defaultValue("0")
                .help("Keep-alive interval used instead of keepalive-interval on connections recognised as "
                        + "going to another proxy. 0 keeps keepalive-interval on them."));
        s.parameter(ParameterSpec.builder("transaction-timeout", DURATION_MS).defaultValue("32000")
                .help("SIP timer T1 times 64: how long a client transaction waits for a final answer, and a "
                        + "server INVITE transaction for its ACK."));
        s.parameter(ParameterSpec.builder("udp-mtu", INTEGER).defaultValue("1460")
                .help("A request bigger than this many bytes is sent over TCP rather than UDP. 65535 "
                        + "turns this off."));
        s.parameter(ParameterSpec.builder("tcp-max-read-size", INTEGER).defaultValue("524288")
                .constraint(Constraint.between(1, Integer.MAX_VALUE))
                .help("Most bytes read from a TCP or TLS connection at once. Must be above 0."));
        s.parameter(ParameterSpec.builder("rtp-bind-address", STRING_LIST).defaultValue("0.0.0.0 ::0")
                .constraint(value -> {
                    if (((List<?>) value).size() != 2) {
                        throw new InvalidValueException("exactly two addresses: the IPv4 one then the IPv6 one");
                    }
                })
                .help("Addresses the media relay binds its RTP sockets to: one IPv4 address then one IPv6 "
                        + "address."));
        s.parameter(ParameterSpec.builder("tls-certificates-dir", STRING).defaultValue("/etc/flexisip/tls/")
                .deprecated("2022-11-07", "2.2", "use tls-certificates-file, tls-certificates-private-key "
                        + "and tls-certificates-ca-file")
                .help("Directory holding agent.pem (certificate chain and key) and cafile.pem. Used only when "
                        + "no file is configured."));
        s.parameter(ParameterSpec.builder("tls-certificates-file", STRING)
                .help("PEM file with the certificate chain of the TLS transports."));
        s.parameter(ParameterSpec.builder("tls-certificates-private-key", STRING)
                .help("PEM file with the private key matching tls-certificates-file."));
        s.parameter(ParameterSpec.builder("tls-certificates-ca-file", STRING)
                .help("PEM file with the certification authorities trusted to verify peers. Empty uses the "
                        + "system trust store."));
        s.parameter(ParameterSpec.builder("tls-ciphers", STRING)
                .defaultValue("HIGH:!SSLv2:!SSLv3:!TLSv1:!EXP:!ADH:!RC4:!3DES:!aNULL:!eNULL")
                .help("Cipher suites allowed on TLS, in OpenSSL syntax."));
        s.parameter(ParameterSpec.builder("require-peer-certificate", BOOLEAN).defaultValue("false")
                .help("Every sips transport asks for a client certificate and refuses a client without a valid "
                        + "one."));
        s.parameter(ParameterSpec.builder("unique-id", STRING)
                .constraint(Constraint.matches("([0-9a-fA-F]{16})?", "16 hexadecimal characters, or nothing"))
                .help("16 hexadecimal characters naming this instance, used in Via branches and Path headers. "
                        + "Empty: derived from the transports, so it stays the same from one start to the next."));
        s.parameter(ParameterSpec.builder("tport-message-queue-size", INTEGER).defaultValue("1000")
                .help("Most outgoing messages queued on one connection; beyond it sending fails."));
        s.parameter(ParameterSpec.builder("memory-usage-log-interval", DURATION_S).defaultValue("0")
                .help("Interval between two debug log lines about memory use. 0 disables them."));
        s.parameter(ParameterSpec.builder("max-log-size", BYTE_SIZE).defaultValue("-1")
                .deprecated("2023-05-10", "2.3", "rotate log files with logrotate")
                .constraint(value -> {
                    if ((Long) value != -1L) {
                        throw new InvalidValueException("-1: log rotation is no longer built in, use logrotate");
                    }
                })
                .help("No longer supported: only -1 is accepted. Rotate logs with logrotate."));
        s.parameter(ParameterSpec.builder("use-maddr", BOOLEAN).defaultValue("false")
                .deprecated("2023-05-10", "2.3", "it has no effect; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("use-rfc2543-record-route", BOOLEAN).defaultValue("false")
                .deprecated("2023-05-10", "2.3", "remove it unless an old peer needs sip:...;transport=tls "
                        + "Record-Routes")
                .help("Write Record-Route for TLS as sip:...;transport=tls instead of sips:."));
        s.parameter(ParameterSpec.builder("version-number", STRING).defaultValue(versionNumber).readOnly()
                .notExported().snmpLeaf(SnmpOid.VERSION_NUMBER_LEAF)
                .help("Version of this software."));
        s.parameter(ParameterSpec.builder("runtime-error", RUNTIME_ERROR).readOnly().notExported()
                .snmpLeaf(SnmpOid.RUNTIME_ERROR_LEAF)
                .help("Errors found while running, as <oid>:<message> joined by '|'. Empty when all is well."));
        for (String method : INCOMING_REQUEST_METHODS) {
            s.parameter(ParameterSpec.counter("count-incoming-request-" + method,
                    "Incoming " + method.toUpperCase(java.util.Locale.ROOT) + " requests."));
        }
        for (String code : INCOMING_RESPONSE_CODES) {
            s.parameter(ParameterSpec.counter("count-incoming-response-" + code,
                    "Incoming responses with status " + code + "."));
        }
        for (String code : REPLY_CODES) {
            s.parameter(ParameterSpec.counter("count-reply-" + code,
                    "Responses with status " + code + " generated by this role."));
        }
        return s.build();
    }

    /** An IPv4 or IPv6 address written as digits (a name would need a DNS lookup); IPv6 may be bracketed. */
    private static void checkIpLiteral(Object value) throws InvalidValueException {
        if (!isIpLiteral((String) value)) {
            throw new InvalidValueException("an IP address such as 127.0.0.1 or ::1");
        }
    }

    private static boolean isIpLiteral(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IPV4_LITERAL.matcher(bare).matches()) {
            return true;
        }
        if (!IPV6_LITERAL.matcher(bare).matches()) {
            return false;
        }
        try {
            // A string with ':' is parsed as an IPv6 literal, never looked up in the DNS.
            InetAddress.getByName(bare);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Each item IPv4[:port] or [IPv6][:port], the port from 1 to 65535. */
    private static void checkTrapDestinations(Object value) throws InvalidValueException {
        for (Object item : (List<?>) value) {
            String text = (String) item;
            String host = text;
            String port = "162";
            boolean ok;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                String rest = close < 0 ? "" : text.substring(close + 1);
                ok = close > 0 && (rest.isEmpty() || rest.startsWith(":"));
                if (ok) {
                    host = text.substring(1, close);
                    port = rest.isEmpty() ? port : rest.substring(1);
                    ok = host.contains(":") && isIpLiteral(host);
                }
            } else {
                int colon = text.indexOf(':');
                if (colon >= 0) {
                    host = text.substring(0, colon);
                    port = text.substring(colon + 1);
                }
                ok = IPV4_LITERAL.matcher(host).matches();
            }
            if (!ok || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new InvalidValueException("IPv4[:port] or [IPv6][:port] items; '" + text + "' is not one");
            }
        }
    }

    /** Each item name:ro|rw:auth-passphrase:priv-passphrase, names unique. */
    private static void checkSnmpUsers(Object value) throws InvalidValueException {
        Set<String> names = new HashSet<>();
        for (Object item : (List<?>) value) {
            Matcher m = SNMP_USER.matcher((String) item);
            if (!m.matches()) {
                // The item holds passphrases: only its name part goes into the message.
                String name = ((String) item).split(":", 2)[0];
                throw new InvalidValueException("name:ro|rw:auth-passphrase:priv-passphrase items, passphrases of "
                        + "8 characters or more; the item of '" + name + "' is not one");
            }
            if (!names.add(m.group(1))) {
                throw new InvalidValueException("one item per user; '" + m.group(1) + "' has several");
            }
        }
    }

    /** spec/global.md §2.1: known role names only, and at least one role that we can run. */
    private static void checkDefaultServers(Object value) throws InvalidValueException {
        List<?> items = (List<?>) value;
        for (Object item : items) {
            if (!SERVER_NAMES.contains(item)) {
                throw new InvalidValueException("role names among proxy, presence, conference and regevent; '"
                        + item + "' is not one");
            }
            if (item.equals("b2bua")) {
                throw new InvalidValueException("proxy, presence, conference or regevent: the b2bua role is not "
                        + "supported");
            }
        }
        if (items.isEmpty()) {
            throw new InvalidValueException("at least one of proxy, presence, conference or regevent");
        }
    }
}
