package org.flexisip.common.sip.transport.dos;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;

/**
 * The ban logic of DoSProtection (spec/proxy.md §3), applied in process by the transports instead of iptables:
 * <ol>
 * <li>packets are counted per UDP source (address, port) and per accepted TCP or TLS connection (one packet per
 * SIP message framed, or per read that frames none), over windows of
 * {@code time-period}; a source that reaches {@code packet-rate-limit} per second on average is banned for
 * {@code ban-time}. A banned UDP source's datagrams are dropped before parsing; a connection that crosses the
 * limit is closed, and its address cannot open another one while banned;</li>
 * <li>beyond Flexisip, an address that gets {@code auth-failure-limit} authentication failures within
 * {@code auth-failure-period} ({@link #authFailure}) is banned on every transport for {@code ban-time}: its
 * datagrams are dropped, its connections closed at their next packet and new ones refused;</li>
 * <li>the white list (loopback by default, and the cluster nodes) is never counted nor banned.</li>
 * </ol>
 * Each ban and each unban is logged once. A ban ends when the first packet after its end arrives, or at the next
 * {@link #sweep()} (the module's idle tick), whichever comes first. Thread-safe and non-blocking: called by every
 * Netty event loop and by the SIP loop.
 */
public final class DosGuard implements InboundGuard {
    private static final Logger LOG = Logger.getLogger(DosGuard.class);

    private final DosSettings settings;
    private final SipClock clock;
    private final long packetThreshold;
    private final long authThreshold;
    private final DosCounters counters;
    private final Map<InetSocketAddress, PacketWindow> udpWindows = new ConcurrentHashMap<>();
    private final Map<InetAddress, PacketWindow> authWindows = new ConcurrentHashMap<>();
    /** UDP sources (address and port) banned for their rate. */
    private final Map<InetSocketAddress, Ban> sourceBans = new ConcurrentHashMap<>();
    /** Addresses whose connection crossed the rate: no new connection from them. */
    private final Map<InetAddress, Ban> streamBans = new ConcurrentHashMap<>();
    /** Addresses banned on every transport (authentication failures). */
    private final Map<InetAddress, Ban> addressBans = new ConcurrentHashMap<>();

    /** One ban: until when (monotonic nanos), what it covers, and why, for the unban log line. */
    private record Ban(long until, String what, String reason) {
    }

    public DosGuard(DosSettings settings, SipClock clock) {
        this(settings, clock, new DosCounters());
    }

    public DosGuard(DosSettings settings, SipClock clock, DosCounters counters) {
        this.counters = counters;
        this.settings = settings;
        this.clock = clock;
        this.packetThreshold = PacketWindow.threshold(settings.timePeriod(), settings.packetRateLimit());
        this.authThreshold = settings.authFailureLimit();
    }

    public DosSettings settings() {
        return settings;
    }

    public DosCounters counters() {
        return counters;
    }

    /** Sources and addresses banned now (bans that ended but were not yet noticed are not counted). */
    public int bannedCount() {
        long now = clock.nanoTime();
        return (int) (active(sourceBans, now) + active(streamBans, now) + active(addressBans, now));
    }

    @Override
    public boolean admitDatagram(InetSocketAddress source) {
        InetAddress ip = source.getAddress();
        if (settings.whiteList().contains(ip)) {
            return true;
        }
        long now = clock.nanoTime();
        if (isBanned(sourceBans, source, now) || isBanned(addressBans, ip, now)) {
            counters.droppedDatagrams.incrementAndGet();
            return false;
        }
        if (settings.packetRateLimit() == 0) {
            return true;
        }
        Optional<PacketWindow> window = window(udpWindows, source, packetThreshold);
        if (window.isEmpty()) {
            return true;
        }
        PacketWindow w = window.get();
        String crossed;
        synchronized (w) {
            crossed = w.add(now, 1) ? rateReason(w, now) : null;
        }
        if (crossed == null) {
            return true;
        }
        udpWindows.remove(source, w);
        ban(sourceBans, source, "UDP source " + describe(source), crossed, now, counters.rateBans);
        counters.droppedDatagrams.incrementAndGet();
        return false;
    }

    @Override
    public boolean admitConnection(InetSocketAddress remote) {
        InetAddress ip = remote.getAddress();
        if (settings.whiteList().contains(ip)) {
            return true;
        }
        long now = clock.nanoTime();
        if (isBanned(streamBans, ip, now) || isBanned(addressBans, ip, now)) {
            counters.refusedConnections.incrementAndGet();
            LOG.debugf("DoSProtection: refused a connection from %s: banned", describe(remote));
            return false;
        }
        return true;
    }

    @Override
    public StreamMeter streamMeter(InetSocketAddress remote) {
        if (settings.whiteList().contains(remote.getAddress())) {
            return StreamMeter.OPEN;
        }
        return new ConnectionMeter(remote);
    }

    /**
     * Counts one authentication failure of {@code address} (a 401 or 407 to a request with credentials, a 403:
     * see the module); bans it everywhere when it reaches {@code auth-failure-limit} within
     * {@code auth-failure-period}. No effect on white-listed addresses or when the limit is 0.
     */
    public void authFailure(InetAddress address, String what) {
        if (authThreshold == 0 || settings.whiteList().contains(address)) {
            return;
        }
        counters.authFailures.incrementAndGet();
        Optional<PacketWindow> window = window(authWindows, address, authThreshold);
        if (window.isEmpty()) {
            return;
        }
        PacketWindow w = window.get();
        long now = clock.nanoTime();
        boolean crossed;
        long count;
        synchronized (w) {
            crossed = w.add(now, 1);
            count = w.count();
        }
        if (crossed) {
            authWindows.remove(address, w);
            ban(addressBans, address, "address " + address.getHostAddress(), count
                    + " authentication failures within auth-failure-period " + settings.authFailurePeriod()
                    .toMillis() + " ms (last: " + what + ")", now, counters.authFailureBans);
        } else {
            LOG.debugf("DoSProtection: authentication failure %d of %s: %s", count, address.getHostAddress(), what);
        }
    }

    /**
     * Whether requests from {@code remote} must be ignored: its UDP source or its address is banned, or, for a
     * connection ({@code stream}), its address may not connect.
     */
    public boolean isBanned(InetSocketAddress remote, boolean stream) {
        InetAddress ip = remote.getAddress();
        if (settings.whiteList().contains(ip)) {
            return false;
        }
        long now = clock.nanoTime();
        if (isBanned(addressBans, ip, now)) {
            return true;
        }
        return stream ? isBanned(streamBans, ip, now) : isBanned(sourceBans, remote, now);
    }

    /** Ends the bans that are over (logging them) and forgets windows that have ended: the idle tick. */
    public void sweep() {
        long now = clock.nanoTime();
        sourceBans.keySet().forEach(k -> isBanned(sourceBans, k, now));
        streamBans.keySet().forEach(k -> isBanned(streamBans, k, now));
        addressBans.keySet().forEach(k -> isBanned(addressBans, k, now));
        forgetEnded(udpWindows, now);
        forgetEnded(authWindows, now);
    }

    private static <K> void forgetEnded(Map<K, PacketWindow> windows, long now) {
        windows.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isOver(now);
            }
        });
    }

    private <K> Optional<PacketWindow> window(Map<K, PacketWindow> windows, K key, long threshold) {
        PacketWindow w = windows.get(key);
        if (w != null) {
            return Optional.of(w);
        }
        if (windows.size() >= settings.maxTrackedSources()) {
            counters.untracked.incrementAndGet();
            return Optional.empty();
        }
        Duration period = windows == authWindows ? settings.authFailurePeriod() : settings.timePeriod();
        return Optional.of(windows.computeIfAbsent(key, k -> new PacketWindow(period, threshold)));
    }

    /** True while {@code key} is banned; a ban found over is removed and its end logged (once). */
    private <K> boolean isBanned(Map<K, Ban> bans, K key, long now) {
        Ban b = bans.get(key);
        if (b == null) {
            return false;
        }
        if (now - b.until() < 0) {
            return true;
        }
        if (bans.remove(key, b)) {
            counters.unbans.incrementAndGet();
            LOG.infof("DoSProtection: unbanned %s: ban-time %s over (it was banned for %s)", b.what(),
                    settings.banTime(), b.reason());
        }
        return false;
    }

    private <K> void ban(Map<K, Ban> bans, K key, String what, String reason, long now, AtomicLong counter) {
        Ban b = new Ban(now + settings.banTime().toNanos(), what, reason);
        Ban previous = bans.put(key, b);
        counter.incrementAndGet();
        if (previous == null || now - previous.until() >= 0) {
            LOG.warnf("DoSProtection: banned %s for %s: %s", what, settings.banTime(), reason);
        }
    }

    private String rateReason(PacketWindow w, long now) {
        return w.count() + " packets in " + w.elapsedMillis(now) + " ms, packet-rate-limit "
                + settings.packetRateLimit() + "/s over time-period " + settings.timePeriod().toMillis() + " ms";
    }

    private static long active(Map<?, Ban> bans, long now) {
        return bans.values().stream().filter(b -> now - b.until() < 0).count();
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The meter of one connection, confined to its event loop. */
    private final class ConnectionMeter implements StreamMeter {
        private final InetSocketAddress remote;
        private final PacketWindow window;

        ConnectionMeter(InetSocketAddress remote) {
            this.remote = remote;
            this.window = new PacketWindow(settings.timePeriod(), packetThreshold);
        }

        @Override
        public boolean admit(int packets) {
            InetAddress ip = remote.getAddress();
            long now = clock.nanoTime();
            if (isBanned(streamBans, ip, now) || isBanned(addressBans, ip, now)) {
                counters.closedConnections.incrementAndGet();
                return false;
            }
            if (settings.packetRateLimit() == 0 || !window.add(now, packets)) {
                return true;
            }
            ban(streamBans, ip, "connections from " + ip.getHostAddress() + " (connection " + describe(remote)
                    + ")", rateReason(window, now), now, counters.rateBans);
            counters.closedConnections.incrementAndGet();
            return false;
        }
    }
}
