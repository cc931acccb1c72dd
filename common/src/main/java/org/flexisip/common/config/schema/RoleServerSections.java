package org.flexisip.common.config.schema;

import static org.flexisip.common.config.ValueType.BOOLEAN;
import static org.flexisip.common.config.ValueType.DURATION_MS;
import static org.flexisip.common.config.ValueType.DURATION_S;
import static org.flexisip.common.config.ValueType.INTEGER;
import static org.flexisip.common.config.ValueType.INTEGER_RANGE;
import static org.flexisip.common.config.ValueType.STRING;
import static org.flexisip.common.config.ValueType.STRING_LIST;

import java.util.List;
import java.util.Locale;

import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.ParameterSpec.Constraint;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;

/**
 * The sections of the non-proxy roles: {@code [presence-server]} (spec/presence.md), {@code [conference-server]}
 * (spec/conference.md) and {@code [regevent-server]} (spec/regevent.md).
 */
public final class RoleServerSections {
    public static final String PRESENCE = "presence-server";
    public static final String CONFERENCE = "conference-server";
    public static final String REGEVENT = "regevent-server";

    private RoleServerSections() {
    }

    public static List<SectionSpec> build() {
        return List.of(presenceServer(), conferenceServer(), regeventServer());
    }

    private static SectionSpec presenceServer() {
        SectionSpec.Builder s = SectionSpec.builder(PRESENCE).readBy(Role.PRESENCE)
                .help("The presence server: PUBLISH, presence SUBSCRIBE/NOTIFY and resource lists. Requests "
                        + "reach it through the proxy's module::Presence.");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("true")
                .help("Whether the presence role does its work once started."));
        s.parameter(ParameterSpec.builder("transports", STRING_LIST).defaultValue("sip:127.0.0.1:5065;transport=tcp")
                .constraint(RoleServerSections::checkNoTls)
                .help("SIP URIs the presence server listens on. TLS (sips: or transport=tls) is not "
                        + "supported."));
        s.parameter(ParameterSpec.builder("expires", DURATION_S).defaultValue("600")
                .help("Lifetime of a publication when the PUBLISH gives none."));
        s.parameter(ParameterSpec.builder("notify-limit", INTEGER).defaultValue("200")
                .help("Most resources described in one list NOTIFY; bigger lists are split."));
        s.parameter(ParameterSpec.builder("long-term-enabled", BOOLEAN).defaultValue("false")
                .help("Report known users without a live publication as available, with the capabilities "
                        + "of their registered devices. Needs a user database."));
        s.parameter(ParameterSpec.builder("rls-database-connection", STRING).secret()
                .help("SQL connection settings of the database holding resource lists and phone numbers, as "
                        + "'key=value' pairs."));
        // 2.4's default is empty, which keeps the SQL lookup off; a sample query would turn it on.
        s.parameter(ParameterSpec.builder("rls-database-request", STRING)
                .help("SQL query returning the members of a list, using :from (subscriber) and :to (list URI). "
                        + "Example: select uri from lists where owner = :from and name = :to. Empty: lists "
                        + "come only from SUBSCRIBE bodies."));
        s.parameter(ParameterSpec.builder("rls-database-max-thread", INTEGER).defaultValue("50")
                .help("Threads running list queries."));
        s.parameter(ParameterSpec.builder("rls-database-max-thread-queue-size", INTEGER).defaultValue("50")
                .help("List queries waiting for a thread."));
        s.parameter(ParameterSpec.builder("soci-user-with-phone-request", STRING)
                .help("SQL query giving the user name that owns the phone number :phone. Example: select "
                        + "login from accounts where phone = :phone."));
        s.parameter(ParameterSpec.builder("soci-users-with-phones-request", STRING)
                .help("SQL query giving login, domain and phone for the quoted, comma-separated numbers in "
                        + ":phones. Example: select login, domain, phone from accounts where phone in "
                        + "(:phones)."));
        s.parameter(ParameterSpec.builder("max-presence-elements", INTEGER).defaultValue("10")
                .help("Most publications (ETags) kept per user; the oldest is dropped beyond it."));
        s.parameter(ParameterSpec.builder("last-activity-retention-time", DURATION_MS).defaultValue("86400000")
                .help("How long the last activity of a user who went offline is remembered."));
        s.parameter(ParameterSpec.builder("bypass-condition", STRING).notExported()
                .help("Subscribers whose User-Agent contains this text get full presence without mutual "
                        + "subscription. Empty: nobody."));
        s.parameter(ParameterSpec.builder("leak-detector", BOOLEAN).defaultValue("false").notExported()
                .help("2.4 debugging aid; accepted and ignored."));
        s.parameter(ParameterSpec.builder("soci-connection-string", STRING).secret()
                .deprecated("2020-06-02", "2.0.0", "renamed to rls-database-connection")
                .fallbackOf("rls-database-connection")
                .help("Old name of rls-database-connection."));
        s.parameter(ParameterSpec.builder("external-list-subscription-request", STRING)
                .deprecated("2020-06-02", "2.0.0", "renamed to rls-database-request")
                .fallbackOf("rls-database-request")
                .help("Old name of rls-database-request."));
        s.parameter(ParameterSpec.builder("max-thread", INTEGER).defaultValue("50")
                .deprecated("2020-06-02", "2.0.0", "renamed to rls-database-max-thread")
                .fallbackOf("rls-database-max-thread")
                .help("Old name of rls-database-max-thread."));
        s.parameter(ParameterSpec.builder("max-thread-queue-size", INTEGER).defaultValue("50")
                .deprecated("2020-06-02", "2.0.0", "renamed to rls-database-max-thread-queue-size")
                .fallbackOf("rls-database-max-thread-queue-size")
                .help("Old name of rls-database-max-thread-queue-size."));
        counterPair(s, "count-presence-presentity", "Presentities");
        counterPair(s, "count-presence-element-map", "Publication sets");
        counterPair(s, "count-presence-element", "Publications");
        counterPair(s, "count-presence-subscription", "Presence subscriptions");
        counterPair(s, "count-presence-body-list-subscription", "List subscriptions with a body");
        counterPair(s, "count-presence-external-list-subscription", "List subscriptions from the database");
        return s.build();
    }

    private static SectionSpec conferenceServer() {
        SectionSpec.Builder s = SectionSpec.builder(CONFERENCE).readBy(Role.CONFERENCE)
                .help("The conference server: Linphone group chat rooms created through factory URIs. It "
                        + "needs the registrar database shared with the proxy (Redis).");
        s.parameter(ParameterSpec.builder("enabled", BOOLEAN).defaultValue("true")
                .help("Whether the conference role does its work once started."));
        s.parameter(ParameterSpec.builder("transport", STRING).defaultValue("sip:127.0.0.1:6064;transport=tcp")
                .help("SIP URI the server listens on (TCP only); also the contact it registers for its "
                        + "addresses."));
        s.parameter(ParameterSpec.builder("conference-factory-uris", STRING_LIST)
                .help("Factory URIs clients call to create chat rooms, such as "
                        + "sip:conference-factory@example.org. Their domains are served by this server."));
        s.parameter(ParameterSpec.builder("conference-factory-uri", STRING)
                .deprecated("2020-09-30", "2.1.0", "use conference-factory-uris")
                .fallbackOf("conference-factory-uris")
                .help("Old single-URI form of conference-factory-uris."));
        s.parameter(ParameterSpec.builder("conference-focus-uris", STRING_LIST)
                .help("Audio/video conference focus URIs; accepted but unused, only chat is supported."));
        s.parameter(ParameterSpec.builder("outbound-proxy", STRING).defaultValue("sip:127.0.0.1:5060;transport=tcp")
                .help("Proxy through which every request of the server is sent."));
        s.parameter(ParameterSpec.builder("local-domains", STRING_LIST)
                .help("More domains whose participants are looked up directly in the registrar database."));
        s.parameter(ParameterSpec.builder("audio-port", INTEGER_RANGE).defaultValue("0")
                .help("Audio port or range (audio conferences only; unused)."));
        s.parameter(ParameterSpec.builder("video-port", INTEGER_RANGE).defaultValue("0")
                .help("Video port or range (video conferences only; unused)."));
        s.parameter(ParameterSpec.builder("database-backend", STRING).defaultValue("mysql")
                .advisory(Constraint.oneOf("mysql", "sqlite3"))
                .help("SQL database type holding the chat rooms: mysql or sqlite3."));
        s.parameter(ParameterSpec.builder("database-connection-string", STRING)
                .defaultValue("db='mydb' user='myuser' password='mypass' host='myhost.com'").secret()
                .help("Connection settings of the chat room database, as 'key=value' pairs (for sqlite3, the "
                        + "file). Required."));
        s.parameter(ParameterSpec.builder("check-capabilities", BOOLEAN).defaultValue("true")
                .help("Only let in the devices that advertise the capabilities a room needs (groupchat, and "
                        + "lime for encrypted rooms)."));
        s.parameter(ParameterSpec.builder("supported-media-types", STRING_LIST).defaultValue("text")
                .constraint(RoleServerSections::checkTextOnly)
                .help("Media the server handles. Only text is supported."));
        s.parameter(ParameterSpec.builder("encryption", STRING).defaultValue("none")
                .advisory(Constraint.oneOf("none", "sdes", "zrtp", "dtls"))
                .help("Media encryption of audio/video conferences: none, sdes, zrtp or dtls (unused)."));
        s.parameter(ParameterSpec.builder("nat-addresses", STRING_LIST)
                .help("Public addresses for media behind a NAT (audio/video only; unused)."));
        s.parameter(ParameterSpec.builder("empty-chat-room-deletion", BOOLEAN).defaultValue("true")
                .help("Delete a chat room once every device has left it."));
        s.parameter(ParameterSpec.builder("enable-one-to-one-chat-room", BOOLEAN).defaultValue("true")
                .deprecated("2022-09-21", "2.2.0", "it will always be true in later versions")
                .help("Allow chat rooms with exactly two participants."));
        s.parameter(ParameterSpec.builder("state-directory", STRING)
                .defaultValue("/var/opt/belledonne-communications/lib/flexisip")
                .help("Directory of the server's own files, such as its instance UUID."));
        s.parameter(ParameterSpec.builder("call-timeout", DURATION_S).defaultValue("0")
                .help("Longest audio/video conference call; 0 means no limit (unused)."));
        return s.build();
    }

    private static SectionSpec regeventServer() {
        SectionSpec.Builder s = SectionSpec.builder(REGEVENT).readBy(Role.REGEVENT)
                .help("The reg event server (RFC 3680): tells subscribers about the devices registered for an "
                        + "address, from the registrar database.");
        s.parameter(ParameterSpec.builder("transport", STRING).defaultValue("sip:127.0.0.1:6065;transport=tcp")
                .constraint(RoleServerSections::checkTcpOnly)
                .help("SIP URI the server listens on. Must be a sip: URI with transport=tcp."));
        return s.build();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void counterPair(SectionSpec.Builder s, String name, String what) {
        s.parameter(ParameterSpec.counter(name, what + " created."));
        s.parameter(ParameterSpec.counter(name + "-finished", what + " destroyed."));
    }

    /** presence.md §1: sips or TLS on a presence transport is fatal. */
    private static void checkNoTls(Object value) throws InvalidValueException {
        for (Object item : (List<?>) value) {
            String uri = ((String) item).toLowerCase(Locale.ROOT);
            if (uri.startsWith("sips:") || uri.contains("transport=tls")) {
                throw new InvalidValueException("sip: URIs without TLS; '" + item + "' uses TLS, which the "
                        + "presence server does not support");
            }
        }
    }

    /** regevent.md §1: only transport=tcp is accepted. */
    private static void checkTcpOnly(Object value) throws InvalidValueException {
        String uri = ((String) value).toLowerCase(Locale.ROOT);
        if (!uri.startsWith("sip:") || !uri.matches(".*;transport=tcp(;.*)?")) {
            throw new InvalidValueException("a sip: URI with transport=tcp, such as "
                    + "sip:127.0.0.1:6065;transport=tcp");
        }
    }

    /** conference.md §1: anything but text is not supported. */
    private static void checkTextOnly(Object value) throws InvalidValueException {
        List<?> items = (List<?>) value;
        if (items.isEmpty()) {
            throw new InvalidValueException("text (no media type given)");
        }
        for (Object item : items) {
            if (!"text".equals(item)) {
                throw new InvalidValueException("text; '" + item + "' is not supported: only chat rooms are");
            }
        }
    }
}
