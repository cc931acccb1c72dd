package org.flexisip.common.sip.transport.dos;

import java.net.InetSocketAddress;

/**
 * What the transports ask before they read from a peer (spec/proxy.md §3): whether a datagram is parsed, whether
 * an accepted connection is kept, and whether a connection's latest packets are served. Called on the Netty event
 * loops, so every method is non-blocking and thread-safe. {@link #OPEN} admits everything.
 */
public interface InboundGuard {
    /** Admits every packet and connection: the transports without DoS protection. */
    InboundGuard OPEN = new InboundGuard() {
        @Override
        public boolean admitDatagram(InetSocketAddress source) {
            return true;
        }

        @Override
        public boolean admitConnection(InetSocketAddress remote) {
            return true;
        }

        @Override
        public StreamMeter streamMeter(InetSocketAddress remote) {
            return StreamMeter.OPEN;
        }
    };

    /** Counts one datagram from {@code source}; false when it must be dropped unparsed (its source is banned). */
    boolean admitDatagram(InetSocketAddress source);

    /** A connection accepted from {@code remote}; false when it must be closed at once (its address is banned). */
    boolean admitConnection(InetSocketAddress remote);

    /** The packet meter of one new stream connection with {@code remote}, confined to its event loop. */
    StreamMeter streamMeter(InetSocketAddress remote);

    /** Counts the packets of one connection (TCP and TLS are metered per connection, spec/proxy.md §3.1). */
    interface StreamMeter {
        StreamMeter OPEN = packets -> true;

        /** Counts {@code packets} just read; false when the connection must be closed unserved (banned). */
        boolean admit(int packets);
    }
}
