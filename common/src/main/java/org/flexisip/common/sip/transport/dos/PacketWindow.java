package org.flexisip.common.sip.transport.dos;

import java.time.Duration;

/**
 * Counts events of one source over fixed windows of {@code period} that start at the first event after the last
 * window ended (spec/proxy.md §3.2: the rate is averaged over {@code time-period}). The limit is crossed as soon
 * as the window holds {@code limit} events: an average of {@code limitPerSecond} per second over the whole period,
 * known before the period ends. Not thread-safe: the owner confines or locks it.
 */
final class PacketWindow {
    private final long periodNanos;
    private final long threshold;
    private long start;
    private long count;

    /** A window of {@code period} crossed by {@code threshold} events. */
    PacketWindow(Duration period, long threshold) {
        this.periodNanos = period.toNanos();
        this.threshold = Math.max(1, threshold);
    }

    /** Events per {@code period} equivalent to {@code perSecond} per second, rounded up (at least one). */
    static long threshold(Duration period, int perSecond) {
        long millis = period.toMillis();
        return Math.max(1, (perSecond * millis + 999) / 1000);
    }

    /** Counts {@code n} events at {@code now}; true when the window now holds its threshold or more. */
    boolean add(long now, int n) {
        if (count == 0 || now - start >= periodNanos) {
            start = now;
            count = 0;
        }
        count += n;
        return count >= threshold;
    }

    /** The events counted in the current window. */
    long count() {
        return count;
    }

    /** Milliseconds since the current window started. */
    long elapsedMillis(long now) {
        return Duration.ofNanos(now - start).toMillis();
    }

    /** True when the window has ended at {@code now} (its counts no longer matter). */
    boolean isOver(long now) {
        return count == 0 || now - start >= periodNanos;
    }
}
