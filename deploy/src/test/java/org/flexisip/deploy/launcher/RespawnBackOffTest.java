package org.flexisip.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RespawnBackOffTest {
    private final RespawnBackOff backOff = RespawnBackOff.DEFAULT;

    @Test
    void doublesTheDelayAtEachDeathInARowUpToAMinute() {
        List<Long> seconds = IntStream.rangeClosed(1, 9).mapToObj(n -> backOff.delay(n).toSeconds()).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds);
    }

    @Test
    void aQuickDeathContinuesTheSeries() {
        assertEquals(4, backOff.deathsInARow(3, Duration.ofSeconds(5)));
    }

    @Test
    void aDeathAfterAStableRunStartsTheSeriesAgain() {
        assertEquals(1, backOff.deathsInARow(7, Duration.ofMinutes(1)));
        assertEquals(Duration.ofSeconds(1), backOff.delay(backOff.deathsInARow(7, Duration.ofMinutes(5))));
    }

    @Test
    void aHugeSeriesStaysAtTheMaximum() {
        assertEquals(Duration.ofSeconds(60), backOff.delay(Integer.MAX_VALUE));
    }
}
