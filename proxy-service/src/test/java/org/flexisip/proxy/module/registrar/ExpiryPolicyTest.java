package org.flexisip.proxy.module.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * spec/proxy.md §12 rules 6 and 11. The expiry arithmetic alone, before any database: these run once, not on each
 * registrar backend (RegistrarTest covers the expiries stored and answered on both).
 */
class ExpiryPolicyTest {
    private final ExpiryPolicy defaults = new ExpiryPolicy(60, 86400, 600, 0, 0);

    @Test
    void zeroStaysZero() {
        assertEquals(0, defaults.main(OptionalLong.of(0)));
    }

    @Test
    void headerWithinBoundsIsKept() {
        assertEquals(3600, defaults.main(OptionalLong.of(3600)));
    }

    @Test
    void missingHeaderGivesTheDefault() {
        assertEquals(600, defaults.main(OptionalLong.empty()));
    }

    @Test
    void defaultIsClampedIntoTheBounds() {
        assertEquals(3600, new ExpiryPolicy(3600, 86400, 600, 0, 0).main(OptionalLong.empty()));
    }

    @Test
    void contactWithoutParameterTakesTheMainExpiry() {
        assertEquals(1234, defaults.contact(OptionalLong.empty(), 1234));
    }

    @Test
    void contactParameterIsClamped() {
        assertEquals(86400, defaults.contact(OptionalLong.of(999999), 600));
    }

    @Test
    void contactParameterZeroStaysZeroWhateverTheForce() {
        assertEquals(0, new ExpiryPolicy(60, 86400, 600, 300, 0).contact(OptionalLong.of(0), 300));
    }

    @Test
    void forceReplacesTheNonZeroMainExpiry() {
        assertEquals(300, new ExpiryPolicy(60, 86400, 600, 300, 0).main(OptionalLong.of(7200)));
    }

    @Test
    void reductionTakesThePercentageOff() {
        assertEquals(2700, ExpiryPolicy.reduce(3600, 25));
    }

    @Test
    void reductionKeepsAtLeastOneSecond() {
        assertEquals(1, ExpiryPolicy.reduce(3600, 100));
    }

    @Test
    void reductionLeavesARemovalAlone() {
        assertEquals(0, ExpiryPolicy.reduce(0, 50));
    }

    @Test
    void maxBelowMinIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiryPolicy(600, 60, 600, 0, 0));
    }
}
