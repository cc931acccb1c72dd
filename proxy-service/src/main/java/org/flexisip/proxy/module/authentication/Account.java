package org.flexisip.proxy.module.authentication;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One account of a password backend.
 *
 * @param user      the user part of its identity (empty for a domain account), {@code %20} already decoded
 * @param domain    its domain, lower case
 * @param userId    the authentication user name (the {@code username} of the credentials), by default {@code user}
 * @param phone     its phone alias, if any
 * @param clearText its password in clear, if the backend has it
 * @param hashes    its HA1 = H(user-id:domain:password) per algorithm, lower-case hex, for the algorithms the backend
 *                  stores hashed
 */
public record Account(String user, String domain, String userId, Optional<String> phone, Optional<String> clearText,
        Map<DigestAlgorithm, String> hashes) {

    public Account {
        domain = domain.toLowerCase(Locale.ROOT);
        hashes = hashes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(hashes));
    }

    /**
     * HA1 = H(username:realm:password) (RFC 7616 §3.4.2) for {@code algorithm}: computed from the clear-text
     * password when there is one, else the stored hash (which was computed with the domain as realm, so it only
     * matches when the realm is the domain).
     */
    public Optional<String> ha1(DigestAlgorithm algorithm, String username, String realm) {
        if (clearText.isPresent()) {
            return Optional.of(algorithm.hash(username + ":" + realm + ":" + clearText.get()));
        }
        return Optional.ofNullable(hashes.get(algorithm));
    }

    @Override
    public String toString() {
        // Never print secrets.
        return "Account[" + user + "@" + domain + ", user-id " + userId + "]";
    }
}
