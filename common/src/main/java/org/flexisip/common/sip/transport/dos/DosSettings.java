package org.flexisip.common.sip.transport.dos;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of {@code [module::DoSProtection]} (spec/proxy.md §3) that the ban logic uses.
 *
 * @param timePeriod         {@code time-period}: the window over which a source's packet rate is averaged
 * @param packetRateLimit    {@code packet-rate-limit}: packets per second from which a source is banned; 0 disables
 *                           the packet-rate ban
 * @param banTime            {@code ban-time}: how long a ban lasts
 * @param whiteList          {@code white-list} and the cluster nodes: never banned
 * @param authFailureLimit   {@code auth-failure-limit}: authentication failures of one address within
 *                           {@code authFailurePeriod} from which it is banned; 0 disables the auth-failure ban
 * @param authFailurePeriod  {@code auth-failure-period}
 * @param maxTrackedSources  the most UDP sources and addresses metered at once (memory bound under spoofed floods);
 *                           packets from further sources are served unmetered and counted
 */
public record DosSettings(Duration timePeriod, int packetRateLimit, Duration banTime, WhiteList whiteList,
        int authFailureLimit, Duration authFailurePeriod, int maxTrackedSources) {
    /** The default bound of {@link #maxTrackedSources}. */
    public static final int DEFAULT_MAX_TRACKED_SOURCES = 100_000;

    public DosSettings {
        Objects.requireNonNull(whiteList);
        if (timePeriod.isNegative() || timePeriod.isZero()) {
            throw new IllegalArgumentException("time-period must be positive: " + timePeriod);
        }
        if (packetRateLimit < 0) {
            throw new IllegalArgumentException("packet-rate-limit must not be negative: " + packetRateLimit);
        }
        if (banTime.isNegative() || banTime.isZero()) {
            throw new IllegalArgumentException("ban-time must be positive: " + banTime);
        }
        if (authFailureLimit < 0) {
            throw new IllegalArgumentException("auth-failure-limit must not be negative: " + authFailureLimit);
        }
        if (authFailureLimit > 0 && (authFailurePeriod.isNegative() || authFailurePeriod.isZero())) {
            throw new IllegalArgumentException("auth-failure-period must be positive: " + authFailurePeriod);
        }
        if (maxTrackedSources <= 0) {
            throw new IllegalArgumentException("maxTrackedSources must be positive: " + maxTrackedSources);
        }
    }
}
