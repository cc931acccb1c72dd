package org.flexisip.proxy.module.nathelper;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.flexisip.common.sip.transport.TransportSpec;

/**
 * A flow (RFC 5626 §3.3): the connection, or UDP address pair, a request arrived on, seen from this proxy.
 *
 * @param local    our address and port
 * @param remote   the peer's address and port
 * @param protocol the transport
 */
public record Flow(InetSocketAddress local, InetSocketAddress remote, TransportSpec.Protocol protocol) {

    /** @throws IllegalArgumentException for an unresolved address (a flow is made of IP addresses) */
    public Flow {
        Objects.requireNonNull(protocol, "protocol");
        if (Objects.requireNonNull(local, "local").getAddress() == null
                || Objects.requireNonNull(remote, "remote").getAddress() == null) {
            throw new IllegalArgumentException("a flow is made of resolved addresses: " + local + " " + remote);
        }
    }

    @Override
    public String toString() {
        return protocol + " " + local + " <-> " + remote;
    }
}
