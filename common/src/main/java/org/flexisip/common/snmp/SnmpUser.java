package org.flexisip.common.snmp;

import java.util.Objects;

/**
 * An SNMPv3 user of the agent (USM, RFC 3414), from an item of {@code global/snmp-v3-users}:
 * {@code name:ro|rw:auth-passphrase:priv-passphrase}. Requests must come at the authPriv level, authenticated with
 * HMAC-SHA-256 (usmHMAC192SHA256AuthProtocol, RFC 7860) and encrypted with AES-128 (usmAesCfb128Protocol, RFC
 * 3826). {@link #toString()} never shows the passphrases.
 *
 * @param name           the user name (security name)
 * @param mayWrite       {@code rw}: may set the parameters that can change while running; {@code ro}: reads only
 * @param authPassphrase authentication passphrase
 * @param privPassphrase privacy (encryption) passphrase
 */
public record SnmpUser(String name, boolean mayWrite, String authPassphrase, String privPassphrase) {

    public SnmpUser {
        Objects.requireNonNull(name);
        Objects.requireNonNull(authPassphrase);
        Objects.requireNonNull(privPassphrase);
    }

    /** An item validated by the schema: the privacy passphrase is everything after the third ':'. */
    public static SnmpUser parse(String item) {
        String[] parts = item.split(":", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected name:ro|rw:auth-passphrase:priv-passphrase");
        }
        return new SnmpUser(parts[0], parts[1].equals("rw"), parts[2], parts[3]);
    }

    @Override
    public String toString() {
        return name + (mayWrite ? " (rw)" : " (ro)");
    }
}
