package org.flexisip.common.sip.transport.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §3: rate over time-period, ban and unban after ban-time, white list; the auth-failure ban. */
class DosGuardTest {
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration BAN_TIME = Duration.ofMinutes(2);
    private static final InetSocketAddress FLOODER = new InetSocketAddress("198.51.100.7", 40000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.8", 40000);

    private final ManualClock clock = new ManualClock();

    private DosGuard guard(int packetRateLimit, int authFailureLimit) throws Exception {
        return guard(packetRateLimit, authFailureLimit, DosSettings.DEFAULT_MAX_TRACKED_SOURCES);
    }

    private DosGuard guard(int packetRateLimit, int authFailureLimit, int maxTracked) throws Exception {
        return new DosGuard(new DosSettings(PERIOD, packetRateLimit, BAN_TIME,
                WhiteList.parse(List.of("127.0.0.1", "::1")), authFailureLimit, Duration.ofSeconds(60), maxTracked),
                clock);
    }

    /** Sends {@code n} datagrams, {@code gap} apart; returns how many were admitted. */
    private int send(DosGuard g, InetSocketAddress source, int n, Duration gap) {
        int admitted = 0;
        for (int i = 0; i < n; i++) {
            if (g.admitDatagram(source)) {
                admitted++;
            }
            clock.advance(gap);
        }
        return admitted;
    }

    @Test
    void bansAUdpSourceWhoseRateReachesTheLimitOverTimePeriod() throws Exception {
        DosGuard g = guard(10, 0);
        assertEquals(9, send(g, FLOODER, 9, Duration.ofMillis(10)));
        assertFalse(g.admitDatagram(FLOODER), "the 10th packet within 1 s reaches 10/s");
        assertFalse(g.admitDatagram(FLOODER), "then every packet is dropped");
        assertEquals(1, g.counters().rateBans());
        assertEquals(2, g.counters().droppedDatagrams());
        assertEquals(1, g.bannedCount());
    }

    @Test
    void aSourceJustBelowTheLimitIsNeverBanned() throws Exception {
        DosGuard g = guard(10, 0);
        // 9 packets per second for 10 s: each window of 1 s holds 9.
        assertEquals(90, send(g, FLOODER, 90, Duration.ofNanos(PERIOD.toNanos() / 9 + 1)));
        assertEquals(0, g.counters().rateBans());
    }

    @Test
    void theBanCoversOnlyThatUdpSourceAddressAndPort() throws Exception {
        DosGuard g = guard(10, 0);
        send(g, FLOODER, 10, Duration.ZERO);
        assertTrue(g.admitDatagram(OTHER));
        assertTrue(g.admitDatagram(new InetSocketAddress(FLOODER.getAddress(), 40001)));
        assertTrue(g.admitConnection(FLOODER), "UDP bans do not refuse connections");
    }

    @Test
    void theBanLiftsAfterBanTime() throws Exception {
        DosGuard g = guard(10, 0);
        send(g, FLOODER, 10, Duration.ZERO);
        clock.advance(BAN_TIME.minusNanos(1));
        assertFalse(g.admitDatagram(FLOODER));
        clock.advance(Duration.ofNanos(1));
        assertTrue(g.admitDatagram(FLOODER));
        assertEquals(1, g.counters().unbans());
        assertEquals(0, g.bannedCount());
    }

    @Test
    void theIdleSweepEndsBansOfSourcesThatWentQuiet() throws Exception {
        DosGuard g = guard(10, 0);
        send(g, FLOODER, 10, Duration.ZERO);
        clock.advance(BAN_TIME);
        g.sweep();
        assertEquals(1, g.counters().unbans());
        assertFalse(g.isBanned(FLOODER, false));
    }

    @Test
    void aWhiteListedSourceIsNeverCountedNorBanned() throws Exception {
        DosGuard g = guard(10, 1);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 5070);
        assertEquals(1000, send(g, loopback, 1000, Duration.ZERO));
        g.authFailure(loopback.getAddress(), "401");
        assertTrue(g.admitConnection(loopback));
        assertSame(InboundGuard.StreamMeter.OPEN, g.streamMeter(loopback));
        assertEquals(0, g.counters().rateBans() + g.counters().authFailureBans());
    }

    @Test
    void anotherLoopbackAddressIsNotWhiteListedByDefault() throws Exception {
        DosGuard g = guard(10, 0);
        assertEquals(9, send(g, new InetSocketAddress("127.0.0.23", 5070), 10, Duration.ZERO));
    }

    @Test
    void aConnectionReachingTheLimitIsClosedAndItsAddressRefusedUntilTheBanEnds() throws Exception {
        DosGuard g = guard(10, 0);
        InboundGuard.StreamMeter meter = g.streamMeter(FLOODER);
        assertTrue(meter.admit(9));
        assertFalse(meter.admit(1));
        assertFalse(g.admitConnection(new InetSocketAddress(FLOODER.getAddress(), 40002)));
        assertTrue(g.admitConnection(OTHER));
        assertEquals(1, g.counters().refusedConnections());
        assertEquals(1, g.counters().closedConnections());
        clock.advance(BAN_TIME);
        assertTrue(g.admitConnection(FLOODER));
    }

    @Test
    void anotherConnectionOfABannedAddressIsClosedAtItsNextPacket() throws Exception {
        DosGuard g = guard(10, 0);
        InboundGuard.StreamMeter quiet = g.streamMeter(new InetSocketAddress(FLOODER.getAddress(), 40003));
        g.streamMeter(FLOODER).admit(10);
        assertFalse(quiet.admit(1));
    }

    @Test
    void authFailuresReachingTheLimitBanTheAddressOnEveryTransport() throws Exception {
        DosGuard g = guard(0, 3);
        InetAddress guesser = FLOODER.getAddress();
        g.authFailure(guesser, "401");
        g.authFailure(guesser, "401");
        assertTrue(g.admitDatagram(FLOODER));
        g.authFailure(guesser, "401");
        assertEquals(1, g.counters().authFailureBans());
        assertFalse(g.admitDatagram(new InetSocketAddress(guesser, 1234)), "every port of the address");
        assertFalse(g.admitConnection(FLOODER));
        assertTrue(g.isBanned(FLOODER, true));
        assertTrue(g.admitDatagram(OTHER));
        clock.advance(BAN_TIME);
        assertTrue(g.admitDatagram(FLOODER));
    }

    @Test
    void authFailuresSpreadOverMoreThanThePeriodDoNotBan() throws Exception {
        DosGuard g = guard(0, 3);
        for (int i = 0; i < 10; i++) {
            g.authFailure(FLOODER.getAddress(), "401");
            clock.advance(Duration.ofSeconds(30));
        }
        assertEquals(0, g.counters().authFailureBans());
        assertEquals(10, g.counters().authFailures());
    }

    @Test
    void zeroLimitsDisableBothBans() throws Exception {
        DosGuard g = guard(0, 0);
        assertEquals(1000, send(g, FLOODER, 1000, Duration.ZERO));
        for (int i = 0; i < 100; i++) {
            g.authFailure(FLOODER.getAddress(), "403");
        }
        assertTrue(g.streamMeter(FLOODER).admit(1000));
        assertEquals(0, g.bannedCount());
    }

    @Test
    void sourcesBeyondTheTrackedBoundAreServedUnmeteredAndCounted() throws Exception {
        DosGuard g = guard(10, 0, 1);
        send(g, FLOODER, 5, Duration.ZERO);
        assertEquals(20, send(g, OTHER, 20, Duration.ZERO));
        assertEquals(20, g.counters().untrackedPackets());
        clock.advance(PERIOD);
        g.sweep(); // FLOODER's window is over: room for another source.
        assertEquals(9, send(g, OTHER, 10, Duration.ZERO));
    }

    @Test
    void theThresholdIsTheLimitTimesThePeriodRoundedUp() {
        assertEquals(60, PacketWindow.threshold(Duration.ofMillis(3000), 20));
        assertEquals(2, PacketWindow.threshold(Duration.ofMillis(500), 3));
        assertEquals(1, PacketWindow.threshold(Duration.ofMillis(10), 1));
    }
}
