package org.flexisip.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that moves only when told to, for tests: {@link #advance(Duration)} moves the monotonic and the wall
 * clock together; {@link #setNow(Instant)} jumps the wall clock alone, as an operator setting the host clock
 * would. Timers scheduled on a {@link HashedWheelTimer} reading this clock fire when the test calls
 * {@link HashedWheelTimer#expire()} after advancing it. Safe to read and move from any thread.
 */
public final class ManualClock implements SipClock {
    /** Where the wall clock of {@link #ManualClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    private long nanos;
    private Instant wall;

    /** Monotonic time 0, wall time {@link #DEFAULT_START}. */
    public ManualClock() {
        this(0, DEFAULT_START);
    }

    public ManualClock(long startNanos, Instant startWall) {
        this.nanos = startNanos;
        this.wall = Objects.requireNonNull(startWall);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return wall;
    }

    /**
     * Moves both clocks forward.
     *
     * @throws IllegalArgumentException when {@code amount} is negative: monotonic time never goes back
     */
    public synchronized void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock does not go back: " + amount);
        }
        nanos += amount.toNanos();
        wall = wall.plus(amount);
    }

    /** Sets the wall clock only (forward or back); monotonic time is unchanged. */
    public synchronized void setNow(Instant newWall) {
        this.wall = Objects.requireNonNull(newWall);
    }

    /**
     * Sets the monotonic clock only.
     *
     * @throws IllegalArgumentException when that would move it back
     */
    public synchronized void setNanoTime(long newNanos) {
        if (newNanos - nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock does not go back: " + newNanos + " < " + nanos);
        }
        this.nanos = newNanos;
    }
}
