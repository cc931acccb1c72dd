package org.flexisip.common.config.schema;

import static org.flexisip.common.config.ValueType.BOOLEAN;
import static org.flexisip.common.config.ValueType.BOOLEAN_EXPR;
import static org.flexisip.common.config.ValueType.DURATION_MIN;
import static org.flexisip.common.config.ValueType.DURATION_MS;
import static org.flexisip.common.config.ValueType.DURATION_S;
import static org.flexisip.common.config.ValueType.INTEGER;
import static org.flexisip.common.config.ValueType.STRING;
import static org.flexisip.common.config.ValueType.STRING_LIST;

import java.time.Duration;
import java.util.List;

import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.ModuleInfo;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.ParameterSpec.Constraint;
import org.flexisip.common.config.SectionSpec;

/**
 * Every {@code [module::<Name>]} section of spec/proxy.md, in the 2.4 chain order of proxy.md §2.
 *
 * <p>Module numbers (SNMP leaves) come from spec/snmp.md §1. The common entries (enabled, filter, from-domains,
 * to-domains, count-eval-true, count-eval-false) are added by {@link SectionSpec#module(ModuleInfo)}.
 *
 * <p>Chain positions are ten times those of proxy.md §2 (DoSProtection 10 ... Forward 200), which leaves room
 * for the modules that 2.4 places by "after" constraints: the plugin modules (ExternalAuthentication 61,
 * JweAuth 62) and B2bua (63) come right after Authentication and before DateHandler and Redirect.
 *
 * <p>Parameters marked "2.4 only" below are not in the spec tables but exist in Flexisip 2.4.5; they are declared
 * so that an existing 2.4 file still loads (unknown keys are fatal, config.md §2.8).
 */
public final class ProxyModuleSections {
    /** The digest algorithms Flexisip accepts (proxy.md §8). */
    private static final List<String> DIGEST_ALGORITHMS = List.of("MD5", "SHA-256");

    private ProxyModuleSections() {
    }

    public static List<SectionSpec> build() {
        return List.of(
                doSProtection(),
                sanityChecker(),
                garbageIn(),
                capabilities(),
                natHelper(),
                authentication(),
                dateHandler(),
                redirect(),
                regEvent(),
                gatewayAdapter(),
                presence(),
                registrar(),
                statisticsCollector(),
                contactRouteInserter(),
                router(),
                pushNotification(),
                loadBalancer(),
                mediaRelay(),
                transcoder(),
                forward(),
                b2bua(),
                externalAuthentication(),
                jweAuth());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1 to 5

    private static SectionSpec doSProtection() {
        SectionSpec.Builder s = SectionSpec.module(
                        new ModuleInfo("DoSProtection", 4, 10, true, "", false, true))
                .help("Bans for a while the sources that send too many packets per second.");
        s.parameter(ParameterSpec.builder("time-period", DURATION_MS).defaultValue("3000")
                .help("Window over which the packet rate of a source is averaged."));
        s.parameter(ParameterSpec.builder("packet-rate-limit", INTEGER).defaultValue("20")
                .help("Packets per second, averaged over time-period, from which a source is banned."));
        s.parameter(ParameterSpec.builder("ban-time", DURATION_MIN).defaultValue("2")
                .help("How long a source stays banned."));
        s.parameter(ParameterSpec.builder("iptables-chain", STRING).defaultValue("FLEXISIP")
                .help("Name of the iptables chain used for bans, when the service is allowed to manage it."));
        s.parameter(ParameterSpec.builder("white-list", STRING_LIST).defaultValue("127.0.0.1 ::1")
                .help("Addresses or host names that are never banned. The cluster nodes are always added."));
        // Not in 2.4: the auth-failure ban, so that password guessing stops.
        s.parameter(ParameterSpec.builder("auth-failure-limit", INTEGER).defaultValue("10")
                .help("Authentication failures (401 or 407 answered by this proxy to a request carrying "
                        + "credentials, or 403) of one address within auth-failure-period from which the address is "
                        + "banned for ban-time on every transport. 0 disables this ban."));
        s.parameter(ParameterSpec.builder("auth-failure-period", DURATION_S).defaultValue("60")
                .help("Window over which the authentication failures of an address are counted."));
        s.parameter(ParameterSpec.counter("count-rate-bans", "Sources banned for their packet rate."));
        s.parameter(ParameterSpec.counter("count-auth-failure-bans",
                "Addresses banned for repeated authentication failures."));
        s.parameter(ParameterSpec.counter("count-unbans", "Bans that ended."));
        s.parameter(ParameterSpec.counter("count-dropped-datagrams", "Datagrams of banned sources, dropped unparsed."));
        s.parameter(ParameterSpec.counter("count-refused-connections",
                "Connections from banned addresses, closed as soon as accepted."));
        s.parameter(ParameterSpec.counter("count-closed-connections", "Open connections closed by a ban."));
        s.parameter(ParameterSpec.counter("count-auth-failures", "Authentication failures counted against sources."));
        s.parameter(ParameterSpec.counter("count-untracked-packets",
                "Packets served unmetered because too many sources were metered at once."));
        return s.build();
    }

    private static SectionSpec sanityChecker() {
        return SectionSpec.module(new ModuleInfo("SanityChecker", 3, 20, true, "", false, true))
                .help("Answers 400 to malformed requests (missing or broken Via, From, To, Request-URI, Contact "
                        + "or Event) before any other module sees them.")
                .build();
    }

    private static SectionSpec garbageIn() {
        return SectionSpec.module(new ModuleInfo("GarbageIn", 5, 30, false, "false", false, true))
                .help("Silently drops every message for which its filter is true.")
                .build();
    }

    private static SectionSpec capabilities() {
        return SectionSpec.module(new ModuleInfo("Capabilities", 10, 40, true, "", false, true))
                .help("Answers 200 to OPTIONS requests addressed to this proxy itself.")
                .build();
    }

    private static SectionSpec natHelper() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("NatHelper", 30, 50, true, "", false, true))
                .help("Makes clients behind NATs reachable: fixes their Contact or uses RFC 5626 flow tokens, "
                        + "and adds Record-Route so that in-dialog requests come back through this proxy.");
        s.parameter(ParameterSpec.builder("nat-traversal-strategy", STRING).defaultValue("contact-correction")
                .constraint(Constraint.oneOf("contact-correction", "flow-token"))
                .help("contact-correction rewrites the Contact with the observed source address; flow-token "
                        + "puts an RFC 5626 flow token in Record-Route and Path instead."));
        s.parameter(ParameterSpec.builder("force-flow-token", BOOLEAN_EXPR)
                .defaultValue("user-agent contains 'Linphone'")
                .help("With the flow-token strategy, the clients for which this expression is true get a flow "
                        + "token."));
        s.parameter(ParameterSpec.builder("flow-token-path", STRING)
                .defaultValue("/var/opt/belledonne-communications/lib/flexisip/flow-token-hash-key")
                .help("File holding the secret key that signs flow tokens; created when missing."));
        s.parameter(ParameterSpec.builder("contact-correction-param", STRING).defaultValue("verified")
                .help("Contact parameter marking a Contact that was already checked and corrected."));
        s.parameter(ParameterSpec.builder("fix-record-routes", BOOLEAN).defaultValue("false")
                .help("Add the observed address to the Record-Route of upstream proxies that sit behind a NAT "
                        + "without knowing it."));
        s.parameter(ParameterSpec.builder("fix-record-routes-policy", STRING).defaultValue("safe")
                .constraint(Constraint.oneOf("safe", "always"))
                .help("safe fixes only the Record-Routes that look NATed; always fixes every one."));
        s.parameter(ParameterSpec.builder("contact-verified-param", STRING).defaultValue("verified")
                .deprecated("2025-01-30", "2.4.0", "renamed to contact-correction-param")
                .fallbackOf("contact-correction-param")
                .help("Old name of contact-correction-param."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 6: Authentication

    private static SectionSpec authentication() {
        SectionSpec.Builder s = SectionSpec.module(
                        new ModuleInfo("Authentication", 60, 60, false, "", false, true))
                .help("Challenges requests with HTTP digest (or accepts TLS client certificates) for the domains "
                        + "in auth-domains, using a password file or an SQL database.");
        s.parameter(ParameterSpec.builder("auth-domains", STRING_LIST).defaultValue("localhost")
                .help("Domains whose users must authenticate. * means every domain. Requests from other domains "
                        + "are refused."));
        s.parameter(ParameterSpec.builder("available-algorithms", STRING_LIST).defaultValue("MD5")
                .constraint(ProxyModuleSections::checkDigestAlgorithms)
                .help("Digest algorithms offered, in the order the challenges are sent: MD5 and/or SHA-256."));
        s.parameter(ParameterSpec.builder("disable-qop-auth", BOOLEAN).defaultValue("false")
                .help("Send challenges without qop, and accept old RFC 2069 answers."));
        s.parameter(ParameterSpec.builder("no-403", BOOLEAN_EXPR).defaultValue("false")
                .help("For the requests for which this is true, wrong credentials get a new challenge instead "
                        + "of 403."));
        s.parameter(ParameterSpec.builder("nonce-expires", DURATION_S).defaultValue("3600")
                .help("How long a nonce stays valid; an expired one gets a new challenge marked stale."));
        s.parameter(ParameterSpec.builder("trusted-hosts", STRING_LIST).runtimeSettable()
                .help("Source addresses whose requests are never challenged. ${section/param} inserts the "
                        + "value of another parameter. Can be changed while running."));
        s.parameter(ParameterSpec.builder("realm", STRING)
                .help("Realm used in every challenge. Empty: the domain of the From (or P-Preferred-Identity) "
                        + "URI. Do not set together with realm-regex."));
        s.parameter(ParameterSpec.builder("realm-regex", STRING)
                .help("Regular expression applied to the From URI; its first capture group is the realm. Do not "
                        + "set together with realm."));
        s.parameter(ParameterSpec.builder("reject-wrong-client-certificates", BOOLEAN).defaultValue("false")
                .help("Answer 403 when a TLS client certificate does not match, instead of falling back to "
                        + "digest."));
        s.parameter(ParameterSpec.builder("tls-client-certificate-required-subject", STRING)
                .help("Regular expression that the subject of a TLS client certificate must match to "
                        + "authenticate a request. Empty: no such check."));
        s.parameter(ParameterSpec.builder("trust-domain-certificates", BOOLEAN).defaultValue("false")
                .help("A client certificate issued for a domain authenticates every user of that domain."));
        s.parameter(ParameterSpec.builder("new-auth-on-407", BOOLEAN).defaultValue("false")
                .help("Add our own challenge to the 407 responses coming back from further proxies."));
        s.parameter(ParameterSpec.builder("db-implementation", STRING).defaultValue("file")
                .constraint(Constraint.oneOf("file", "soci"))
                .help("Where passwords come from: file (see file-path) or soci (an SQL database)."));
        s.parameter(ParameterSpec.builder("cache-expire", DURATION_S).defaultValue("1800")
                .help("How long fetched passwords are cached; the password file is also re-read after this "
                        + "delay."));
        s.parameter(ParameterSpec.builder("file-path", STRING)
                .help("Password file: 'version:1' on the first line, then one account per line such as "
                        + "'alice@example.org clrtxt:secret ;'."));
        s.parameter(ParameterSpec.builder("soci-backend", STRING).defaultValue("mysql")
                .help("SQL database type for the soci backend, such as mysql, postgresql or sqlite3."));
        s.parameter(ParameterSpec.builder("soci-connection-string", STRING).secret()
                .help("Connection settings of the SQL database, as 'key=value' pairs (db, user, password, "
                        + "host...)."));
        s.parameter(ParameterSpec.builder("soci-password-request", STRING)
                .defaultValue("select password, 'MD5' from accounts where login = :id and domain = :domain")
                .help("SQL query returning the password and its algorithm (CLRTXT, MD5 or SHA-256) of a user. "
                        + "It may use :id (user), :domain and :authid (authentication user name)."));
        s.parameter(ParameterSpec.builder("soci-max-queue-size", INTEGER).defaultValue("1000")
                .help("Most password queries waiting for the database; beyond it requests are refused."));
        s.parameter(ParameterSpec.builder("soci-poolsize", INTEGER).defaultValue("100")
                .help("Number of SQL connections kept open, and of queries that can run at once."));
        // 2.4 only: deprecated parameters still accepted.
        s.parameter(ParameterSpec.builder("datasource", STRING).secret()
                .deprecated("2020-01-31", "2.0.0", "use file-path")
                .fallbackOf("file-path")
                .help("Old name of file-path."));
        s.parameter(ParameterSpec.builder("trusted-client-certificates", STRING_LIST)
                .deprecated("2018-04-16", "1.0.13", "use tls-client-certificate-required-subject")
                .help("Old list of trusted client certificate subjects."));
        s.parameter(ParameterSpec.builder("hashed-passwords", BOOLEAN).defaultValue("false")
                .deprecated("2020-01-28", "2.0.0", "remove it: the database gives the algorithm of each password")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("enable-test-accounts-creation", BOOLEAN).defaultValue("false")
                .deprecated("2020-01-28", "2.0.0", "remove it")
                .help("No effect."));
        // The newer presence-server parameters cannot name these as fallbacks: fallbacks stay within a section.
        s.parameter(ParameterSpec.builder("soci-user-with-phone-request", STRING)
                .deprecated("2020-06-18", "2.1.0", "set presence-server/soci-user-with-phone-request instead")
                .help("Moved to the presence-server section."));
        s.parameter(ParameterSpec.builder("soci-users-with-phones-request", STRING)
                .deprecated("2020-06-18", "2.1.0", "set presence-server/soci-users-with-phones-request instead")
                .help("Moved to the presence-server section."));
        s.parameter(ParameterSpec.counter("count-password-found", "Password lookups that found the user."));
        s.parameter(ParameterSpec.counter("count-password-not-found", "Password lookups that did not find the "
                + "user."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 7 to 11

    private static SectionSpec dateHandler() {
        // 2.4's default filter says 'i_request', a typo that our filter language refuses; is_request is meant.
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("DateHandler", 75, 70, false,
                        "is_request && request.method-name == 'REGISTER'", true, false))
                .help("Not supported. In 2.4, ran a command with the Date header of REGISTERs to set the clock "
                        + "of devices that boot without one.");
        s.parameter(ParameterSpec.builder("assign-date-command", STRING)
                .help("Command run with the date (seconds since 1900) as argument."));
        return s.build();
    }

    private static SectionSpec redirect() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Redirect", 290, 80, false, "", false, true))
                .help("Answers 302 with a fixed Contact to the requests its filter selects.");
        s.parameter(ParameterSpec.builder("contact", STRING)
                .help("Contact put in the 302 answers, for example <sip:192.0.2.5:5065>;expires=100."));
        return s.build();
    }

    private static SectionSpec regEvent() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("RegEvent", 305, 90, false, "", false, true))
                .help("Routes the initial SUBSCRIBEs for the reg event package to the reg-event server.");
        s.parameter(ParameterSpec.builder("regevent-server", STRING)
                .defaultValue("sip:127.0.0.1:6065;transport=tcp")
                .help("SIP URI of the reg-event server."));
        return s.build();
    }

    private static SectionSpec gatewayAdapter() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("GatewayAdapter", 90, 100, false, "", true,
                        false))
                .help("Not supported. In 2.4, registered users on an external gateway and sent calls to it.");
        s.parameter(ParameterSpec.builder("forced-expire", INTEGER).defaultValue("-1")
                .help("Expiry forced on the REGISTERs sent to the gateway; -1 keeps the client's."));
        s.parameter(ParameterSpec.builder("gateway", STRING)
                .help("SIP URI of the gateway."));
        s.parameter(ParameterSpec.builder("gateway-domain", STRING)
                .help("Domain written in the From and To of the REGISTERs sent to the gateway."));
        s.parameter(ParameterSpec.builder("fork-to-gateway", BOOLEAN).defaultValue("true")
                .help("Add the gateway to the contacts of incoming REGISTERs."));
        s.parameter(ParameterSpec.builder("register-on-gateway", BOOLEAN).defaultValue("true")
                .help("Register this proxy on the gateway to receive its incoming calls."));
        s.parameter(ParameterSpec.builder("routing-param", STRING).defaultValue("routing-domain")
                .help("Parameter carrying the original domain in the REGISTERs sent to the gateway."));
        for (String stat : List.of("initial-msg", "registering-200", "registering-408", "registering-401",
                "registering-407", "registering-unknown", "registered-unknown", "start", "error", "end")) {
            s.parameter(ParameterSpec.counter("count-gr-" + stat, "Gateway registration events: " + stat + "."));
        }
        s.parameter(ParameterSpec.counter("count-fork-to-gateway", "Requests also forked to the gateway."));
        s.parameter(ParameterSpec.counter("count-domain-rewrite", "REGISTERs whose domain was rewritten."));
        return s.build();
    }

    private static SectionSpec presence() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Presence", 300, 110, false,
                        "is_request && (request.method-name == 'PUBLISH' || request.method-name == 'NOTIFY' || "
                                + "request.method-name == 'SUBSCRIBE')",
                        false, true))
                .help("Routes presence PUBLISHes and initial SUBSCRIBEs to the presence server, whose host is "
                        + "then trusted by Authentication.");
        s.parameter(ParameterSpec.builder("presence-server", STRING)
                .defaultValue("sip:127.0.0.1:5065;transport=tcp")
                .help("SIP URI of the presence server."));
        s.parameter(ParameterSpec.builder("only-list-subscription", BOOLEAN_EXPR).defaultValue("false")
                .help("When true for a SUBSCRIBE, it goes to the presence server only if it asks for a list "
                        + "(Supported: eventlist)."));
        s.parameter(ParameterSpec.builder("check-domain-in-presence-results", BOOLEAN).defaultValue("false")
                .help("Keep only the users of the subscriber's domain when phone numbers are turned into "
                        + "users."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 12: Registrar

    private static SectionSpec registrar() {
        // Every role reads this section: it holds the registrar database settings (registrar-db.md).
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Registrar", 120, 120, true, "", false, true))
                .readByAll()
                .help("Handles REGISTER for the domains in reg-domains and holds the registrar database that "
                        + "every role uses (internal memory or Redis).");
        s.parameter(ParameterSpec.builder("reg-domains", STRING_LIST).defaultValue("localhost")
                .help("Domains served by this registrar. * means every domain; * may also be used inside a "
                        + "name."));
        s.parameter(ParameterSpec.builder("reg-on-response", BOOLEAN).defaultValue("false")
                .help("Forward REGISTERs upstream and store the binding only when the upstream server accepts "
                        + "it."));
        s.parameter(ParameterSpec.builder("max-contacts-by-aor", INTEGER).defaultValue("12")
                .help("Most bindings kept per address of record; the least recently updated go first."));
        s.parameter(ParameterSpec.builder("max-contacts-per-registration", INTEGER).defaultValue("12")
                .constraint(Constraint.between(1, Integer.MAX_VALUE))
                .help("Most Contact headers accepted in one REGISTER; more gets 403. Must be above 0."));
        s.parameter(ParameterSpec.builder("unique-id-parameters", STRING_LIST)
                .defaultValue("+sip.instance pn-tok line")
                .help("Contact or URI parameters that identify a device; the first one present is the key of "
                        + "the binding."));
        s.parameter(ParameterSpec.builder("enable-gruu", BOOLEAN).defaultValue("true")
                .help("Give a public GRUU (RFC 5627) to the clients that support it."));
        s.parameter(ParameterSpec.builder("max-expires", DURATION_S).defaultValue("86400")
                .help("Longest registration granted. Must not be below min-expires."));
        s.parameter(ParameterSpec.builder("min-expires", DURATION_S).defaultValue("60")
                .help("Shortest registration granted; shorter requests are raised to it."));
        s.parameter(ParameterSpec.builder("default-expires", DURATION_MS).defaultValue("10min")
                .help("Registration length used when the REGISTER gives none."));
        s.parameter(ParameterSpec.builder("force-expires", DURATION_S).defaultValue("0")
                .help("When above 0, every non-zero requested expiry is replaced by this value."));
        s.parameter(ParameterSpec.builder("static-records-file", STRING)
                .help("File of static bindings, one record per line: <sip:aor> <sip:contact1>,<sip:contact2>."));
        s.parameter(ParameterSpec.builder("static-records-timeout", DURATION_S).defaultValue("600")
                .help("How often the static records file is read again."));
        s.parameter(ParameterSpec.builder("db-implementation", STRING).defaultValue("internal")
                .constraint(Constraint.matches("internal|redis.*", "internal or redis"))
                .help("internal keeps the bindings in this process only; redis shares them with the other "
                        + "proxies and roles."));
        s.parameter(ParameterSpec.builder("redis-server-domain", STRING).defaultValue("localhost")
                .help("Host name or address of the Redis master."));
        s.parameter(ParameterSpec.builder("redis-server-port", INTEGER).defaultValue("6379")
                .help("Port of the Redis master."));
        s.parameter(ParameterSpec.builder("redis-auth-user", STRING)
                .help("Redis ACL user. Empty: authenticate with the password only."));
        s.parameter(ParameterSpec.builder("redis-auth-password", STRING).secret()
                .help("Redis password. Empty: no authentication."));
        s.parameter(ParameterSpec.builder("redis-slave-check-period", DURATION_S).defaultValue("60")
                .help("How often the Redis replication topology is checked."));
        s.parameter(ParameterSpec.builder("redis-use-slaves-as-backup", BOOLEAN).defaultValue("true")
                .help("Connect to a replica when the master is lost (reads work, writes fail until a master "
                        + "is back)."));
        s.parameter(ParameterSpec.builder("redis-subscription-keep-alive-check-period", DURATION_S)
                .defaultValue("60")
                .constraint(positiveDuration())
                .help("How often the Redis subscription connection is pinged; it is reopened when it does not "
                        + "answer. Must be above 0."));
        s.parameter(ParameterSpec.builder("service-route", STRING)
                .help("URIs, separated by spaces, returned in a Service-Route header of successful "
                        + "registrations (RFC 3608)."));
        s.parameter(ParameterSpec.builder("message-expires-param-name", STRING).defaultValue("message-expires")
                .help("Contact parameter that keeps a binding usable for MESSAGE after its normal expiry."));
        s.parameter(ParameterSpec.builder("register-expire-randomizer-max", INTEGER).defaultValue("0")
                .constraint(Constraint.between(0, 100))
                .help("Reduce each granted expiry by a random 0 to N percent, to spread re-registrations. From "
                        + "0 (off) to 100."));
        s.parameter(ParameterSpec.builder("redis-server-timeout", INTEGER).defaultValue("1500")
                .deprecated("2024-03-01", "2.4.0", "it has no effect; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("name-message-expires", STRING).defaultValue("message-expires")
                .deprecated("2020-03-25", "2.0.0", "renamed to message-expires-param-name")
                .fallbackOf("message-expires-param-name")
                .help("Old name of message-expires-param-name."));
        counterPair(s, "count-clear", "Registration removals");
        counterPair(s, "count-bind", "Registrations");
        s.parameter(ParameterSpec.counter("count-local-registered-users",
                "Users currently registered through this proxy."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 13 to 15

    private static SectionSpec statisticsCollector() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("StatisticsCollector", 123, 130, false,
                        "is_request && request.method-name == 'PUBLISH'", false, true))
                .help("Consumes the RTCP-XR call quality reports sent to collector-address and logs them.");
        s.parameter(ParameterSpec.builder("collector-address", STRING)
                .help("SIP URI to which clients send their quality reports; those PUBLISHes go no further."));
        return s.build();
    }

    private static SectionSpec contactRouteInserter() {
        // 2.4 leaves 'enabled' at true, but an experimental module is forced off anyway (proxy.md §1.6).
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("ContactRouteInserter", 150, 140, false, "",
                        true, false))
                .help("Not supported. In 2.4, hid the Contact of REGISTERs relayed elsewhere so that calls "
                        + "could be routed back to the client.");
        s.parameter(ParameterSpec.builder("masquerade-contacts-on-registers", BOOLEAN).defaultValue("true")
                .help("Replace the Contact of REGISTERs with this proxy's address."));
        s.parameter(ParameterSpec.builder("masquerade-contacts-for-invites", BOOLEAN).defaultValue("false")
                .help("Replace the Contact of INVITE dialogs with this proxy's address."));
        s.parameter(ParameterSpec.builder("insert-domain", BOOLEAN).defaultValue("false")
                .help("Use the From domain in the replaced Contact of REGISTERs."));
        return s.build();
    }

    private static SectionSpec router() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Router", 125, 150, true, "", false, true))
                .help("Looks requests up in the registrar and forks them to every registered device (calls, "
                        + "messages, other requests).");
        s.parameter(ParameterSpec.builder("use-global-domain", BOOLEAN).defaultValue("false")
                .help("Store and look up users by user name only, whatever their domain."));
        s.parameter(ParameterSpec.builder("fork-late", BOOLEAN).defaultValue("false")
                .help("Ring the devices that register while a call is still being forked."));
        s.parameter(ParameterSpec.builder("fork-no-global-decline", BOOLEAN).defaultValue("false")
                .help("A 6xx from one device does not end the whole call fork."));
        s.parameter(ParameterSpec.builder("treat-decline-as-urgent", BOOLEAN).defaultValue("false")
                .help("Treat 603 as an urgent failure (useful with fork-no-global-decline)."));
        s.parameter(ParameterSpec.builder("treat-all-as-urgent", BOOLEAN).defaultValue("false")
                .help("Treat every failure as urgent."));
        s.parameter(ParameterSpec.builder("call-fork-timeout", DURATION_S).defaultValue("90")
                .help("Longest time a call fork lasts before the pending devices are cancelled."));
        s.parameter(ParameterSpec.builder("call-fork-urgent-timeout", DURATION_S).defaultValue("5")
                .help("After an urgent failure, how long to wait for another device before answering with it."));
        s.parameter(ParameterSpec.builder("call-fork-current-branches-timeout", DURATION_S).defaultValue("10")
                .help("How long one q-value group of devices rings before the next group is tried."));
        s.parameter(ParameterSpec.builder("call-push-response-timeout", DURATION_S).defaultValue("0")
                .deprecated("2022-02-03", "2.2.0", "this feature will be removed")
                .help("Deprecated."));
        s.parameter(ParameterSpec.builder("message-fork-late", BOOLEAN).defaultValue("true")
                .help("Keep MESSAGE forks open to deliver to devices that register later."));
        s.parameter(ParameterSpec.builder("message-delivery-timeout", DURATION_S).defaultValue("604800")
                .help("Longest time a MESSAGE fork keeps trying to deliver."));
        s.parameter(ParameterSpec.builder("message-accept-timeout", DURATION_S).defaultValue("5")
                .help("Without an answer from any device after this delay, the sender gets 202 Accepted."));
        s.parameter(ParameterSpec.builder("message-database-enabled", BOOLEAN).defaultValue("false")
                .help("Save pending MESSAGE forks in a database so that they survive a restart."));
        s.parameter(ParameterSpec.builder("message-database-backend", STRING).defaultValue("mysql")
                .help("SQL database type for pending messages."));
        s.parameter(ParameterSpec.builder("message-database-connection-string", STRING)
                .defaultValue("db='mydb' user='myuser' password='mypass' host='myhost.com'").secret()
                .help("Connection settings of the pending messages database, as 'key=value' pairs."));
        s.parameter(ParameterSpec.builder("message-database-pool-size", INTEGER).defaultValue("100")
                .help("Connections kept open to the pending messages database."));
        s.parameter(ParameterSpec.builder("fallback-route", STRING)
                .help("SIP URI tried last (q=0) for the requests allowed by fallback-route-filter. Empty: "
                        + "none."));
        s.parameter(ParameterSpec.builder("fallback-route-filter", BOOLEAN_EXPR).defaultValue("true")
                .help("Requests that may be sent to fallback-route."));
        s.parameter(ParameterSpec.builder("allow-target-factorization", BOOLEAN).defaultValue("false")
                .help("Send one INVITE per next hop, listing the targets in X-Target-Uris."));
        s.parameter(ParameterSpec.builder("permit-self-generated-provisional-response", BOOLEAN)
                .defaultValue("true")
                .help("Let the proxy send 110 and 180 on its own (for push notifications)."));
        s.parameter(ParameterSpec.builder("resolve-routes", BOOLEAN).defaultValue("false")
                .help("Look the next hop of a Route up in the registrar too."));
        s.parameter(ParameterSpec.builder("parent-domain-fallback", BOOLEAN).defaultValue("false")
                .help("When a user is unknown, try the parent domain (bob@a.b.com becomes b.com)."));
        s.parameter(ParameterSpec.builder("max-request-retention-time", DURATION_S).defaultValue("30")
                .help("Longest time a request is held so that the requests from one sender to one target "
                        + "leave in order."));
        s.parameter(ParameterSpec.builder("static-targets", STRING_LIST)
                .help("URIs always added to the targets of INVITE and MESSAGE forks."));
        s.parameter(ParameterSpec.builder("stateful", BOOLEAN).defaultValue("true")
                .deprecated("2020-01-28", "2.0.0", "stateless mode no longer exists; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("fork", BOOLEAN).defaultValue("true")
                .deprecated("2020-01-28", "2.0.0", "forking is always on; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("generated-contact-route", STRING)
                .deprecated("2020-01-28", "2.0.0", "the feature was removed; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("generated-contact-expected-realm", STRING)
                .deprecated("2020-01-28", "2.0.0", "the feature was removed; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("generate-contact-even-on-filled-aor", BOOLEAN).defaultValue("false")
                .deprecated("2020-01-28", "2.0.0", "the feature was removed; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("preroute", STRING)
                .deprecated("2020-01-28", "2.0.0", "the feature was removed; remove it")
                .help("No effect."));
        counterPair(s, "count-forks", "Forks of any kind");
        counterPair(s, "count-basic-forks", "Basic forks");
        counterPair(s, "count-call-forks", "Call forks");
        counterPair(s, "count-message-forks", "Message forks");
        counterPair(s, "count-message-proxy-forks", "Message forks kept for late delivery");
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 16 to 20

    private static SectionSpec pushNotification() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("PushNotification", 130, 160, false, "", false,
                        true))
                .help("Wakes up mobile devices with push notifications (Apple, Firebase or an HTTP service) "
                        + "when a call or message is forked to them.");
        s.parameter(ParameterSpec.builder("timeout", DURATION_S).defaultValue("0")
                .help("How long a device may stay silent before it gets a push. 0 pushes at once."));
        s.parameter(ParameterSpec.builder("message-time-to-live", DURATION_S).defaultValue("0")
                .help("Lifetime of message pushes. 0 uses module::Router/message-delivery-timeout."));
        s.parameter(ParameterSpec.builder("max-queue-size", INTEGER).defaultValue("100")
                .help("Most pushes waiting per push service."));
        s.parameter(ParameterSpec.builder("retransmission-count", INTEGER).defaultValue("0")
                .constraint(Constraint.between(0, Integer.MAX_VALUE))
                .help("How many times an unanswered push is sent again. Must not be negative."));
        s.parameter(ParameterSpec.builder("retransmission-interval", DURATION_S).defaultValue("5")
                .constraint(positiveDuration())
                .help("Delay between two sendings of the same push. Must be above 0."));
        s.parameter(ParameterSpec.builder("call-remote-push-interval", DURATION_S).defaultValue("0")
                .constraint(atMost(Duration.ofSeconds(30)))
                .help("For remote-notification call pushes, delay between repeats while the call rings. 0 "
                        + "sends one push only. From 0 to 30 s."));
        s.parameter(ParameterSpec.builder("display-from-uri", BOOLEAN).defaultValue("false")
                .help("Show the caller's URI in the push, not only the display name."));
        s.parameter(ParameterSpec.builder("add-to-tag-filter", STRING)
                .deprecated("2021-12-30", "2.2.0", "remove it once every device handles provisional responses "
                        + "without a To tag")
                .help("SIP boolean expression selecting the clients whose 110/180 get a To tag."));
        s.parameter(ParameterSpec.builder("apple", BOOLEAN).defaultValue("true")
                .help("Send pushes to Apple devices."));
        s.parameter(ParameterSpec.builder("apple-certificate-dir", STRING).defaultValue("/etc/flexisip/apn")
                .help("Directory of the Apple push certificates, one <app-id>.pem file per application."));
        s.parameter(ParameterSpec.builder("no-badge", BOOLEAN).defaultValue("false")
                .help("Set the badge of Apple pushes to 0."));
        s.parameter(ParameterSpec.builder("firebase", BOOLEAN).defaultValue("true")
                .help("Send pushes to Android devices through Firebase."));
        s.parameter(ParameterSpec.builder("firebase-projects-api-keys", STRING_LIST).secret()
                .help("Legacy Firebase keys, as <project-id>:<api-key> items."));
        s.parameter(ParameterSpec.builder("firebase-service-accounts", STRING_LIST)
                .help("Firebase service accounts, as <project-id>:<path to its JSON file> items."));
        s.parameter(ParameterSpec.builder("firebase-token-expiration-anticipation-time", DURATION_S)
                .defaultValue("300")
                .help("How long before its expiry a Firebase access token is renewed."));
        s.parameter(ParameterSpec.builder("firebase-default-refresh-interval", DURATION_S).defaultValue("60")
                .help("Delay before trying again to get a Firebase access token after a failure."));
        s.parameter(ParameterSpec.builder("external-push-uri", STRING).secret()
                .help("HTTP URI called for every push instead of Apple or Firebase; $type, $token, $app-id, "
                        + "$from-uri, $call-id, $event... are replaced. Empty: not used."));
        s.parameter(ParameterSpec.builder("external-push-method", STRING).defaultValue("GET")
                .advisory(Constraint.oneOf("GET", "POST"))
                .help("HTTP method of external-push-uri: GET or POST."));
        s.parameter(ParameterSpec.builder("external-push-protocol", STRING).defaultValue("http2")
                .advisory(Constraint.oneOf("http2", "http"))
                .help("Protocol of external-push-uri: http2 or http."));
        s.parameter(ParameterSpec.builder("register-wakeup-interval", DURATION_MIN).defaultValue("0")
                .help("How often devices close to the end of their registration get a silent push so that "
                        + "they register again. 0 turns this off."));
        s.parameter(ParameterSpec.builder("register-wakeup-threshold", INTEGER).defaultValue("50")
                .advisory(Constraint.between(0, 100))
                .help("Percentage of its lifetime after which a registration gets a wake-up push."));
        s.parameter(ParameterSpec.builder("google", BOOLEAN).defaultValue("true")
                .deprecated("2020-01-28", "2.0.0", "the google service is gone; use firebase")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("google-projects-api-keys", STRING_LIST).secret()
                .deprecated("2020-01-28", "2.0.0", "remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("time-to-live", DURATION_S).defaultValue("2592000")
                .deprecated("2020-04-28", "2.0.0", "use message-time-to-live")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("windowsphone", BOOLEAN).defaultValue("true")
                .deprecated("2023-07-15", "2.3.0", "Windows pushes are no longer sent; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("windowsphone-package-sid", STRING)
                .deprecated("2023-07-15", "2.3.0", "Windows pushes are no longer sent; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("windowsphone-application-secret", STRING).secret()
                .deprecated("2023-07-15", "2.3.0", "Windows pushes are no longer sent; remove it")
                .help("No effect."));
        s.parameter(ParameterSpec.counter("count-pn-sent", "Pushes sent successfully."));
        s.parameter(ParameterSpec.counter("count-pn-failed", "Pushes that could not be sent."));
        return s.build();
    }

    private static SectionSpec loadBalancer() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("LoadBalancer", 180, 170, false, "", true, true))
                .help("Experimental. Spreads requests over several next hops by a hash of their Call-ID.");
        s.parameter(ParameterSpec.builder("routes", STRING_LIST)
                .help("Routes to choose from, such as <sip:192.0.2.22> <sip:192.0.2.23>."));
        return s.build();
    }

    private static SectionSpec mediaRelay() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("MediaRelay", 210, 180, true, "", false, true))
                .help("Relays the RTP streams of calls through this server so that clients behind NATs can "
                        + "reach each other.");
        s.parameter(ParameterSpec.builder("nortpproxy", STRING).defaultValue("nortpproxy")
                .help("SDP attribute that tells later proxies the media is already relayed. 'disable' turns "
                        + "the check off."));
        s.parameter(ParameterSpec.builder("sdp-port-range-min", INTEGER).defaultValue("1024")
                .help("Lowest port used for relayed media."));
        s.parameter(ParameterSpec.builder("sdp-port-range-max", INTEGER).defaultValue("65535")
                .help("Highest port used for relayed media."));
        s.parameter(ParameterSpec.builder("bye-orphan-dialogs", BOOLEAN).defaultValue("false")
                .help("Send BYE to both ends of a call whose media stopped for inactivity-period."));
        s.parameter(ParameterSpec.builder("max-calls", INTEGER).defaultValue("0")
                .help("Most calls relayed at once; more get 503. 0 means no limit."));
        s.parameter(ParameterSpec.builder("force-relay-for-non-ice-targets", BOOLEAN).defaultValue("true")
                .help("Relay the media of ICE clients calling clients without ICE."));
        s.parameter(ParameterSpec.builder("prevent-loops", BOOLEAN).defaultValue("true")
                .help("Do not relay media that another relay of ours already handles."));
        s.parameter(ParameterSpec.builder("early-media-relay-single", BOOLEAN).defaultValue("true")
                .help("Relay early media from one device only when several ring."));
        s.parameter(ParameterSpec.builder("max-early-media-per-call", INTEGER).defaultValue("0")
                .help("Most devices whose early media is relayed for one call. 0 means no limit."));
        s.parameter(ParameterSpec.builder("inactivity-period", DURATION_S).defaultValue("3600")
                .help("A relayed stream without traffic for this long is released."));
        s.parameter(ParameterSpec.builder("force-public-ip-for-sdp-masquerading", BOOLEAN).defaultValue("false")
                .help("Write the public address in rewritten SDP even for local peers."));
        s.parameter(ParameterSpec.builder("h264-filtering-bandwidth", INTEGER).defaultValue("0")
                .help("Below this bandwidth (kbit/s) H.264 frames are thinned out. 0 turns this off."));
        s.parameter(ParameterSpec.builder("h264-iframe-decim", INTEGER).defaultValue("1")
                .help("When H.264 thinning is on, keep one I-frame out of this many."));
        s.parameter(ParameterSpec.builder("h264-decim-only-last-proxy", BOOLEAN).defaultValue("true")
                .help("Thin H.264 out only when this server is the last proxy before the client."));
        s.parameter(ParameterSpec.builder("drop-telephone-event", BOOLEAN).defaultValue("false")
                .help("Remove telephone-event (DTMF) from SDP offers."));
        counterPair(s, "count-calls", "Relayed calls");
        return s.build();
    }

    private static SectionSpec transcoder() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Transcoder", 240, 190, false, "", false, false))
                .help("Not supported. In 2.4, translated audio between codecs the two ends did not share.");
        s.parameter(ParameterSpec.builder("jb-nom-size", DURATION_MS).defaultValue("0")
                .help("Nominal jitter buffer size. 0 means none."));
        s.parameter(ParameterSpec.builder("rc-user-agents", STRING_LIST)
                .help("User-Agent values for which audio rate control is done."));
        s.parameter(ParameterSpec.builder("audio-codecs", STRING_LIST)
                .defaultValue("speex/8000 amr/8000 iLBC/8000 gsm/8000 pcmu/8000 pcma/8000 telephone-event/8000")
                .help("Audio codecs offered, most preferred first."));
        s.parameter(ParameterSpec.builder("remove-bw-limits", BOOLEAN).defaultValue("false")
                .help("Remove bandwidth limits from SDP."));
        s.parameter(ParameterSpec.builder("block-retransmissions", BOOLEAN).defaultValue("false")
                .help("Drop INVITE retransmissions."));
        counterPair(s, "count-calls", "Transcoded calls");
        return s.build();
    }

    private static SectionSpec forward() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("Forward", 270, 200, true, "", false, true))
                .help("Last module: sends every request and response on to its next hop. Keep it enabled.");
        s.parameter(ParameterSpec.builder("routes-config-path", STRING)
                .help("File of '<route URI> <filter>' lines: the first line whose filter matches an "
                        + "out-of-dialog request adds its Route."));
        s.parameter(ParameterSpec.builder("add-path", BOOLEAN).defaultValue("true")
                .help("Add a Path header to this proxy in the REGISTERs it forwards."));
        s.parameter(ParameterSpec.builder("default-transport", STRING).defaultValue("udp")
                .advisory(Constraint.oneOf("udp", "tcp", "tls"))
                .help("Transport for next hops whose URI names none: udp, tcp or tls."));
        s.parameter(ParameterSpec.builder("params-to-remove", STRING_LIST)
                .defaultValue("pn-tok pn-type app-id pn-msg-str pn-call-str pn-call-snd pn-msg-snd pn-timeout "
                        + "pn-silent pn-provider pn-prid pn-param")
                .help("Parameters removed from the Request-URI (and from the Contact of non-REGISTER requests) "
                        + "before forwarding."));
        s.parameter(ParameterSpec.builder("route", STRING)
                .deprecated("2022-04-19", "2.2.0", "use routes-config-path")
                .help("No effect."));
        s.parameter(ParameterSpec.builder("rewrite-req-uri", BOOLEAN).defaultValue("false")
                .deprecated("2022-04-19", "2.2.0", "use routes-config-path")
                .help("No effect."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outside the 20-position chain (see the class comment)

    private static SectionSpec b2bua() {
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("B2bua", 307, 63, false, "", false, false))
                .help("Not supported. In 2.4, sent calls to the back-to-back user agent server.");
        s.parameter(ParameterSpec.builder("b2bua-server", STRING).defaultValue("sip:127.0.0.1:6067;transport=tcp")
                .help("SIP URI of the back-to-back user agent server."));
        return s.build();
    }

    private static SectionSpec externalAuthentication() {
        // Plugin module: snmp.md gives every plugin the number 320.
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("ExternalAuthentication", 320, 61, false, "",
                        false, false))
                .help("Not supported (2.4 plugin). Delegated digest checks to an HTTP server.");
        declareAuthenticationBase(s, "${module::Authentication/trusted-hosts}");
        s.parameter(ParameterSpec.builder("remote-auth-uri", STRING)
                .help("HTTP URI called for each request to check; {from}, {realm}, {method}... are replaced."));
        return s.build();
    }

    private static SectionSpec jweAuth() {
        // Plugin module. snmp.md gives every plugin the number 320, but two sections cannot share a leaf
        // (snmp.md §1.6), so JweAuth takes the next free number.
        SectionSpec.Builder s = SectionSpec.module(new ModuleInfo("JweAuth", 321, 62, false, "", false, false))
                .help("Not supported (2.4 plugin). Accepted requests carrying a JSON Web Encryption token.");
        s.parameter(ParameterSpec.builder("jwks-dir", STRING).defaultValue("/etc/flexisip/jwk/")
                .help("Directory of the JSON Web Keys, one .jwk file each."));
        s.parameter(ParameterSpec.builder("jwe-custom-header", STRING).defaultValue("X-token-jwe")
                .help("Header carrying the token."));
        s.parameter(ParameterSpec.builder("oid-custom-header", STRING).defaultValue("X-token-oid")
                .help("Header carrying the oid claim."));
        s.parameter(ParameterSpec.builder("aud-custom-header", STRING).defaultValue("X-token-aud")
                .help("Header carrying the aud claim."));
        s.parameter(ParameterSpec.builder("req-act-custom-header", STRING).defaultValue("X-token-req_act")
                .help("Header carrying the requested action."));
        return s.build();
    }

    /** The digest settings 2.4 shares between Authentication and its plugin replacements. */
    private static void declareAuthenticationBase(SectionSpec.Builder s, String trustedHostsDefault) {
        s.parameter(ParameterSpec.builder("trusted-hosts", STRING_LIST).defaultValue(trustedHostsDefault)
                .help("Source addresses whose requests are never challenged."));
        s.parameter(ParameterSpec.builder("auth-domains", STRING_LIST).defaultValue("localhost")
                .help("Domains whose users must authenticate; * means every domain."));
        s.parameter(ParameterSpec.builder("available-algorithms", STRING_LIST).defaultValue("MD5")
                .constraint(ProxyModuleSections::checkDigestAlgorithms)
                .help("Digest algorithms offered: MD5 and/or SHA-256."));
        s.parameter(ParameterSpec.builder("disable-qop-auth", BOOLEAN).defaultValue("false")
                .help("Send challenges without qop."));
        s.parameter(ParameterSpec.builder("no-403", BOOLEAN_EXPR).defaultValue("false")
                .help("When true, wrong credentials get a new challenge instead of 403."));
        s.parameter(ParameterSpec.builder("nonce-expires", DURATION_S).defaultValue("3600")
                .help("How long a nonce stays valid."));
        s.parameter(ParameterSpec.builder("realm", STRING)
                .help("Realm used in every challenge; empty: the From domain."));
        s.parameter(ParameterSpec.builder("realm-regex", STRING)
                .help("Regular expression on the From URI whose first group is the realm."));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** A {@code count-x} / {@code count-x-finished} statistics pair (snmp.md §1.7). */
    private static void counterPair(SectionSpec.Builder s, String name, String what) {
        s.parameter(ParameterSpec.counter(name, what + " started."));
        s.parameter(ParameterSpec.counter(name + "-finished", what + " finished."));
    }

    private static void checkDigestAlgorithms(Object value) throws InvalidValueException {
        for (Object item : (List<?>) value) {
            if (!DIGEST_ALGORITHMS.contains(item)) {
                throw new InvalidValueException("MD5 and/or SHA-256; '" + item + "' is not a supported algorithm");
            }
        }
    }

    private static Constraint positiveDuration() {
        return value -> {
            if (((Duration) value).isZero()) {
                throw new InvalidValueException("a duration above 0");
            }
        };
    }

    private static Constraint atMost(Duration max) {
        return value -> {
            if (((Duration) value).compareTo(max) > 0) {
                throw new InvalidValueException("a duration from 0 to " + max.toSeconds() + " s");
            }
        };
    }
}
