package org.flexisip.common.sip.transport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests: never a fixed one. */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port free for both UDP and TCP on the loopback (a {@code sip:} transport binds both). */
    static int freeUdpAndTcp() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // Free for TCP only: try another.
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }
}
