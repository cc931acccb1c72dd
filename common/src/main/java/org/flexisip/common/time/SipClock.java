package org.flexisip.common.time;

import java.time.Instant;

/**
 * The only source of time in the SIP core: a monotonic clock for timers and durations, and the wall clock for
 * what is shown to people or written in messages (Date, Expires bookkeeping). Production code uses
 * {@link #system()}; tests use {@link ManualClock} so that a 32 s timer fires without waiting.
 */
public interface SipClock {
    /**
     * Monotonic time in nanoseconds, only meaningful as a difference between two readings (like
     * {@link System#nanoTime()}); compare readings with {@code a - b < 0}, never {@code a < b}.
     */
    long nanoTime();

    /** Wall-clock time; it may jump when the host clock is set. */
    Instant now();

    /** The host clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static SipClock system() {
        return SystemClock.INSTANCE;
    }
}
