package org.flexisip.deploy.launcher;

import java.time.Duration;

/**
 * How long the launcher waits before starting again a role that died (spec/global.md §2
 * {@code auto-respawn}): {@code initial} after the first death, doubled at each death in a row, at most
 * {@code max}. A run that lasted {@code stableUptime} or more ends the series: the next death waits
 * {@code initial} again.
 *
 * @param initial      delay after a first death, and after an exit with status 5 ("restart me")
 * @param max          longest delay
 * @param stableUptime uptime after which a death no longer counts as "in a row"
 */
record RespawnBackOff(Duration initial, Duration max, Duration stableUptime) {
    /** 1 s, 2 s, 4 s ... 60 s; a role up for a minute starts the series again. */
    static final RespawnBackOff DEFAULT = new RespawnBackOff(Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(60));

    RespawnBackOff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("expected 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The number of deaths in a row once a role that had died {@code previous} times in a row dies again. */
    int deathsInARow(int previous, Duration uptime) {
        return uptime.compareTo(stableUptime) >= 0 ? 1 : previous + 1;
    }

    /** The delay before the next start after {@code deathsInARow} deaths in a row (1 for the first). */
    Duration delay(int deathsInARow) {
        Duration delay = initial;
        for (int i = 1; i < deathsInARow && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
