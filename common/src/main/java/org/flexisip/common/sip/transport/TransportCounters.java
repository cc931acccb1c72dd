package org.flexisip.common.sip.transport;

import java.util.concurrent.atomic.LongAdder;

/** What the transports count (issue: connections open, accepted, idle-closed, queue overflows, UDP over TCP). */
public final class TransportCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder closedIdle = new LongAdder();
    final LongAdder queueOverflows = new LongAdder();
    final LongAdder udpOverTcp = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();

    /** Connections accepted from peers. */
    public long accepted() {
        return accepted.sum();
    }

    /** Connections we opened. */
    public long connected() {
        return connected.sum();
    }

    /** Connections open now. */
    public long open() {
        return accepted.sum() + connected.sum() - closed.sum();
    }

    public long closedByIdleTimeout() {
        return closedIdle.sum();
    }

    public long queueOverflows() {
        return queueOverflows.sum();
    }

    /** Requests larger than {@code udp-mtu} sent over TCP instead. */
    public long udpMessagesSentOverTcp() {
        return udpOverTcp.sum();
    }

    /** Received bytes that could not be answered (see {@code Decoded.Dropped}). */
    public long dropped() {
        return dropped.sum();
    }

    /** Broken requests answered with 400 or 505. */
    public long rejected() {
        return rejected.sum();
    }
}
