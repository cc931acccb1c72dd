package org.flexisip.common.registrar;

import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.header.AddressHeader;

/**
 * One stored binding of a record (spec/registrar-db.md §3).
 *
 * @param key            contact key: the first {@code unique-id-parameters} value present (raw, quotes kept), else
 *                       {@code fs-gen-<20 base64url chars>}
 * @param contact        the Contact as registered: URI with its parameters, contact parameters ({@code +sip.instance},
 *                       {@code q}, {@code message-expires}...); never the internal {@code fs-conn-id}, {@code expires}
 * @param callId         Call-ID of the REGISTER
 * @param cseq           CSeq number of the REGISTER
 * @param registerTime   Unix seconds of the last bind ({@code updatedAt})
 * @param expires        SIP expiry in seconds, relative to {@code registerTime}
 * @param messageExpires seconds the binding stays usable for MESSAGE (the contact's message-expires), 0 if none
 * @param alias          the contact points into one of our domains (fetched once more when recursive)
 * @param usedAsRoute    the contact is a route (domain registration), not a Request-URI
 * @param path           Path URIs, without angle brackets, in order
 * @param accept         Accept header values of the REGISTER
 * @param userAgent      User-Agent of the REGISTER, empty if none
 * @param connectionId   the internal {@code fs-conn-id} of the connection it registered over, if any
 */
public record Binding(String key, AddressHeader contact, String callId, long cseq, long registerTime, long expires,
        long messageExpires, boolean alias, boolean usedAsRoute, List<String> path, List<String> accept,
        String userAgent, Optional<String> connectionId) {

    public Binding {
        path = List.copyOf(path);
        accept = List.copyOf(accept);
    }

    /** Unix seconds when the binding stops being a SIP registration. */
    public long sipExpiry() {
        return registerTime + expires;
    }

    /** Unix seconds when the binding is gone for every use (MESSAGE included). */
    public long lifetimeEnd() {
        return registerTime + Math.max(expires, messageExpires);
    }

    /** Whether it is still a registration at {@code nowSeconds}. */
    public boolean isValidAt(long nowSeconds) {
        return sipExpiry() > nowSeconds;
    }

    /** Whether it can still receive a MESSAGE at {@code nowSeconds}. */
    public boolean isValidForMessageAt(long nowSeconds) {
        return lifetimeEnd() > nowSeconds;
    }

    /** Seconds left as a registration (0 when expired). */
    public long remainingAt(long nowSeconds) {
        return Math.max(0, sipExpiry() - nowSeconds);
    }

    /** The {@code q} contact parameter, 1.0 when absent. */
    public double q() {
        return contact.q().orElse(1.0);
    }

    /** The {@code +sip.instance} of the contact without quotes and angle brackets, if any. */
    public Optional<String> instanceId() {
        return contact.instance();
    }

    public Binding withContact(AddressHeader newContact) {
        return new Binding(key, newContact, callId, cseq, registerTime, expires, messageExpires, alias, usedAsRoute,
                path, accept, userAgent, connectionId);
    }
}
