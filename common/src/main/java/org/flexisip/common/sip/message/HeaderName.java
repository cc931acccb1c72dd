package org.flexisip.common.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The header fields this stack knows by name (RFC 3261 §20 and the extensions Flexisip uses), with their
 * compact forms (§7.3.3) and whether several values may share one line (§7.3.1). Names are matched
 * case-insensitively, and a compact form means the same field as its long form. Unknown fields are kept as
 * they are written and have no {@code HeaderName}.
 */
public enum HeaderName {
    ACCEPT("Accept", 0, true),
    ACCEPT_ENCODING("Accept-Encoding", 0, true),
    ACCEPT_LANGUAGE("Accept-Language", 0, true),
    ALLOW("Allow", 0, true),
    ALLOW_EVENTS("Allow-Events", 'u', true),
    AUTHORIZATION("Authorization", 0, false),
    CALL_ID("Call-ID", 'i', false),
    CONTACT("Contact", 'm', true),
    CONTENT_DISPOSITION("Content-Disposition", 0, false),
    CONTENT_ENCODING("Content-Encoding", 'e', true),
    CONTENT_LENGTH("Content-Length", 'l', false),
    CONTENT_TYPE("Content-Type", 'c', false),
    CSEQ("CSeq", 0, false),
    DATE("Date", 0, false),
    EVENT("Event", 'o', false),
    EXPIRES("Expires", 0, false),
    FROM("From", 'f', false),
    MAX_FORWARDS("Max-Forwards", 0, false),
    MIN_EXPIRES("Min-Expires", 0, false),
    P_PREFERRED_IDENTITY("P-Preferred-Identity", 0, true),
    PATH("Path", 0, true),
    PROXY_AUTHENTICATE("Proxy-Authenticate", 0, false),
    PROXY_AUTHORIZATION("Proxy-Authorization", 0, false),
    PROXY_REQUIRE("Proxy-Require", 0, true),
    REASON("Reason", 0, true),
    RECORD_ROUTE("Record-Route", 0, true),
    REFER_TO("Refer-To", 'r', false),
    REFERRED_BY("Referred-By", 'b', false),
    REQUIRE("Require", 0, true),
    RETRY_AFTER("Retry-After", 0, false),
    ROUTE("Route", 0, true),
    SERVER("Server", 0, false),
    SERVICE_ROUTE("Service-Route", 0, true),
    SIP_ETAG("SIP-ETag", 0, false),
    SIP_IF_MATCH("SIP-If-Match", 0, false),
    SUBJECT("Subject", 's', false),
    SUBSCRIPTION_STATE("Subscription-State", 0, false),
    SUPPORTED("Supported", 'k', true),
    TO("To", 't', false),
    UNSUPPORTED("Unsupported", 0, true),
    USER_AGENT("User-Agent", 0, false),
    VIA("Via", 'v', true),
    WARNING("Warning", 0, true),
    WWW_AUTHENTICATE("WWW-Authenticate", 0, false),
    ACCEPT_CONTACT("Accept-Contact", 'a', true),
    REJECT_CONTACT("Reject-Contact", 'j', true),
    REQUEST_DISPOSITION("Request-Disposition", 'd', true),
    IDENTITY("Identity", 'y', false),
    SESSION_EXPIRES("Session-Expires", 'x', false);

    private static final int TABLE_SIZE = 256;
    private static final HeaderName[] TABLE = new HeaderName[TABLE_SIZE];
    private static final HeaderName[] COMPACT = new HeaderName[128];

    static {
        for (HeaderName h : values()) {
            int slot = hash(h.lowerBytes, 0, h.lowerBytes.length);
            while (TABLE[slot] != null) {
                slot = (slot + 1) & (TABLE_SIZE - 1);
            }
            TABLE[slot] = h;
            if (h.compact != 0) {
                COMPACT[h.compact] = h;
                COMPACT[Character.toUpperCase(h.compact)] = h;
            }
        }
    }

    private final String canonical;
    private final char compact;
    private final boolean listValued;
    private final byte[] lowerBytes;

    HeaderName(String canonical, int compact, boolean listValued) {
        this.canonical = canonical;
        this.compact = (char) compact;
        this.listValued = listValued;
        this.lowerBytes = canonical.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /** The name as RFC 3261 writes it ({@code Call-ID}, {@code CSeq}, {@code WWW-Authenticate}). */
    public String canonical() {
        return canonical;
    }

    /** The compact form (§7.3.3), if the field has one. */
    public Optional<Character> compactForm() {
        return compact == 0 ? Optional.empty() : Optional.of(compact);
    }

    /** Whether several comma-separated values may share one line (§7.3.1). */
    public boolean listValued() {
        return listValued;
    }

    /** The header named {@code name} (long or compact form, any case). */
    public static Optional<HeaderName> of(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        return Optional.ofNullable(lookup(bytes, 0, bytes.length));
    }

    /** The header whose name is {@code bytes[start..start+length)}, any case; null when unknown. */
    static HeaderName lookup(byte[] bytes, int start, int length) {
        if (length == 1) {
            int c = bytes[start];
            return c > 0 ? COMPACT[c] : null;
        }
        int slot = hash(bytes, start, length);
        for (HeaderName h; (h = TABLE[slot]) != null; slot = (slot + 1) & (TABLE_SIZE - 1)) {
            if (h.matches(bytes, start, length)) {
                return h;
            }
        }
        return null;
    }

    /** Whether {@code name} is this header's long or compact name, as written byte for byte. */
    boolean isWrittenAs(byte[] bytes, int start, int length) {
        if (length == 1) {
            return false;
        }
        if (length != canonical.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != canonical.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(byte[] bytes, int start, int length) {
        if (length != lowerBytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (toLower(bytes[start + i]) != lowerBytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] bytes, int start, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = h * 31 + toLower(bytes[start + i]);
        }
        return (h ^ (h >>> 8)) & (TABLE_SIZE - 1);
    }

    private static int toLower(byte b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }
}
