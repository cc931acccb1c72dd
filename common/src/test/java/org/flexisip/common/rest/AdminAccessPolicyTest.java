package org.flexisip.common.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AdminAccessPolicyTest {
    private final AdminAccessPolicy withToken = new AdminAccessPolicy(Optional.of("s3cret"), true);

    @Test
    void loopbackClientIsServedWithoutToken() {
        assertTrue(withToken.refusal(true, Optional.empty()).isEmpty());
    }

    @Test
    void remoteClientWithMatchingBearerTokenIsServed() {
        assertTrue(withToken.refusal(false, Optional.of("Bearer s3cret")).isEmpty());
    }

    @Test
    void remoteClientWithoutTokenIsRefused() {
        assertTrue(withToken.refusal(false, Optional.empty()).isPresent());
    }

    @Test
    void remoteClientWithWrongTokenIsRefused() {
        assertTrue(withToken.refusal(false, Optional.of("Bearer guess")).isPresent());
    }

    @Test
    void remoteClientIsAlwaysRefusedWhenNoTokenIsConfigured() {
        AdminAccessPolicy noToken = new AdminAccessPolicy(Optional.empty(), true);
        assertTrue(noToken.refusal(false, Optional.of("Bearer anything")).isPresent());
    }

    @Test
    void loopbackNeedsTheTokenWhenLoopbackIsNotTrusted() {
        AdminAccessPolicy strict = new AdminAccessPolicy(Optional.of("s3cret"), false);
        assertTrue(strict.refusal(true, Optional.empty()).isPresent());
        assertTrue(strict.refusal(true, Optional.of("Bearer s3cret")).isEmpty());
    }
}
