package org.flexisip.common.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use the admin REST API (spec/config.md §9): loopback clients freely (unless that trust is turned
 * off), any other client only with {@code Authorization: Bearer <token>} matching the configured token, and
 * nobody from outside when no token is configured.
 */
public final class AdminAccessPolicy {
    private static final String BEARER = "Bearer ";

    private final Optional<String> token;
    private final boolean trustLoopback;

    public AdminAccessPolicy(Optional<String> token, boolean trustLoopback) {
        this.token = token.filter(t -> !t.isBlank());
        this.trustLoopback = trustLoopback;
    }

    /** Empty when allowed; otherwise the reason for a 403. */
    public Optional<String> refusal(boolean fromLoopback, Optional<String> authorization) {
        if (fromLoopback && trustLoopback) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return Optional.of("the admin API is only served to loopback clients: no admin token is configured "
                    + "(flexisip.admin.token)");
        }
        Optional<String> presented = authorization.filter(a -> a.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(a -> a.substring(BEARER.length()).strip());
        if (presented.isEmpty()) {
            return Optional.of("an 'Authorization: Bearer <token>' header is required from this address");
        }
        // Constant-time comparison: the time taken tells nothing about how much of the token matched.
        boolean matches = MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.UTF_8),
                token.get().getBytes(StandardCharsets.UTF_8));
        return matches ? Optional.empty() : Optional.of("the bearer token does not match");
    }
}
