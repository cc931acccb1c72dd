package org.flexisip.common.sip.transport.dos;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What DoSProtection counts; read from any thread. Each counter is an {@link AtomicLong} given by its
 * {@code count-*} name ({@link #NAMES}), so that the proxy can hand over the Counter64 entries of its
 * {@code [module::DoSProtection]} section (REST, SNMP).
 */
public final class DosCounters {
    /** The names of the counters, as {@code [module::DoSProtection]} declares them. */
    public static final java.util.List<String> NAMES = java.util.List.of("count-rate-bans",
            "count-auth-failure-bans", "count-unbans", "count-dropped-datagrams", "count-refused-connections",
            "count-closed-connections", "count-auth-failures", "count-untracked-packets");

    final AtomicLong rateBans;
    final AtomicLong authFailureBans;
    final AtomicLong unbans;
    final AtomicLong droppedDatagrams;
    final AtomicLong refusedConnections;
    final AtomicLong closedConnections;
    final AtomicLong authFailures;
    final AtomicLong untracked;

    /** Counters of their own. */
    public DosCounters() {
        this(name -> new AtomicLong());
    }

    /** Counters kept in the {@link AtomicLong}s {@code byName} gives for each of {@link #NAMES}. */
    public DosCounters(Function<String, AtomicLong> byName) {
        rateBans = byName.apply(NAMES.get(0));
        authFailureBans = byName.apply(NAMES.get(1));
        unbans = byName.apply(NAMES.get(2));
        droppedDatagrams = byName.apply(NAMES.get(3));
        refusedConnections = byName.apply(NAMES.get(4));
        closedConnections = byName.apply(NAMES.get(5));
        authFailures = byName.apply(NAMES.get(6));
        untracked = byName.apply(NAMES.get(7));
    }

    /** Sources banned for their packet rate. */
    public long rateBans() {
        return rateBans.get();
    }

    /** Addresses banned for repeated authentication failures. */
    public long authFailureBans() {
        return authFailureBans.get();
    }

    /** Bans that ended. */
    public long unbans() {
        return unbans.get();
    }

    /** Datagrams dropped unparsed because their source was banned (the one that crossed the limit included). */
    public long droppedDatagrams() {
        return droppedDatagrams.get();
    }

    /** Connections closed as soon as accepted because their address was banned. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Open connections closed because of a ban (their own rate or their address's). */
    public long closedConnections() {
        return closedConnections.get();
    }

    /** Authentication failures counted against their sources. */
    public long authFailures() {
        return authFailures.get();
    }

    /** Packets served unmetered because {@link DosSettings#maxTrackedSources()} sources were already metered. */
    public long untrackedPackets() {
        return untracked.get();
    }
}
