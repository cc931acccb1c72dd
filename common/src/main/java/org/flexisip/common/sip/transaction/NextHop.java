package org.flexisip.common.sip.transaction;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.flexisip.common.sip.transport.TransportSpec;

/**
 * Where a client transaction sends its request (RFC 3263 resolution done by the caller).
 *
 * @param address  destination address and port
 * @param protocol transport to use
 */
public record NextHop(InetSocketAddress address, TransportSpec.Protocol protocol) {
    public NextHop {
        Objects.requireNonNull(address);
        Objects.requireNonNull(protocol);
    }

    /** RFC 3261 §17.1.1.2: whether the transport is reliable (no retransmissions, zero-length wait timers). */
    public boolean reliable() {
        return protocol != TransportSpec.Protocol.UDP;
    }
}
