package org.flexisip.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void startsAtZeroAndTheDefaultWallTime() {
        ManualClock clock = new ManualClock();
        assertEquals(0, clock.nanoTime());
        assertEquals(ManualClock.DEFAULT_START, clock.now());
    }

    @Test
    void advanceMovesBothClocks() {
        ManualClock clock = new ManualClock();
        clock.advance(Duration.ofMillis(1500));
        assertEquals(1_500_000_000L, clock.nanoTime());
        assertEquals(ManualClock.DEFAULT_START.plusMillis(1500), clock.now());
    }

    @Test
    void refusesToGoBack() {
        ManualClock clock = new ManualClock(100, ManualClock.DEFAULT_START);
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> clock.setNanoTime(99));
        assertEquals(100, clock.nanoTime());
    }

    @Test
    void wallClockJumpsWithoutMovingMonotonicTime() {
        ManualClock clock = new ManualClock();
        Instant earlier = Instant.parse("2000-01-01T00:00:00Z");
        clock.setNow(earlier);
        assertEquals(earlier, clock.now());
        assertEquals(0, clock.nanoTime());
    }

    @Test
    void monotonicTimeCanBeSetForward() {
        ManualClock clock = new ManualClock();
        clock.setNanoTime(42);
        assertEquals(42, clock.nanoTime());
        assertEquals(ManualClock.DEFAULT_START, clock.now());
    }
}
