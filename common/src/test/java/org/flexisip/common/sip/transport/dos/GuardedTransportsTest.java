package org.flexisip.common.sip.transport.dos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * The guard in real transports on loopback sockets (spec/proxy.md §3.3): a banned source's datagrams never reach
 * the listener, a flooding connection is closed and its address refused, and both are served again once the
 * manual clock has passed {@code ban-time}. The sources use 127.0.0.23, outside the default white list.
 */
class GuardedTransportsTest {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Duration BAN_TIME = Duration.ofMinutes(1);
    private static final String SOURCE = "127.0.0.23";

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final ManualClock clock = new ManualClock();
    private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    private SipTransports transports;
    private DosGuard guard;
    private int port;

    @AfterEach
    void stop() {
        if (transports != null) {
            transports.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private void start() throws Exception {
        port = freeUdpAndTcpPort();
        guard = new DosGuard(new DosSettings(Duration.ofSeconds(1), 5, BAN_TIME,
                WhiteList.parse(List.of("127.0.0.1", "::1")), 0, Duration.ofSeconds(60), 1000), clock);
        transports = new SipTransports(TransportSpec.parseAll(List.of("sip:127.0.0.1:" + port)),
                new TransportSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1460, 524288, 64,
                        Duration.ofSeconds(600), SipStreamFramer.Limits.DEFAULT),
                received::add, new RuntimeErrorRegistry(s -> Optional.empty(), Clock.systemUTC()), group, List::of);
        transports.guard(guard);
        transports.start();
        await().atMost(BOUND).until(transports::allBound);
    }

    private static int freeUdpAndTcpPort() throws IOException {
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

    private static byte[] options(String callId, String transport) {
        return ("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/" + transport + " 127.0.0.23:5070;branch=z9hG4bK-"
                + callId + "\r\nMax-Forwards: 70\r\nFrom: <sip:a@example.org>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aBannedSourcesDatagramsNeverReachTheListenerUntilTheBanEnds() throws Exception {
        start();
        try (DatagramSocket flooder = new DatagramSocket(new InetSocketAddress(SOURCE, 0))) {
            for (int i = 0; i < 20; i++) {
                byte[] b = options("udp-" + i, "UDP");
                flooder.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(BOUND).until(() -> guard.counters().droppedDatagrams() == 16);
            assertEquals(4, received.size(), "the 5th datagram within 1 s reaches 5/s and is dropped");
            assertEquals(1, guard.counters().rateBans());

            clock.advance(BAN_TIME);
            byte[] b = options("udp-after", "UDP");
            flooder.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            await().atMost(BOUND).until(() -> received.size() == 5);
            assertEquals(1, guard.counters().unbans());
        }
    }

    @Test
    void aFloodingConnectionIsClosedAndItsAddressRefusedUntilTheBanEnds() throws Exception {
        start();
        try (Socket flood = connect()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                burst.append(new String(options("tcp-" + i, "TCP"), StandardCharsets.US_ASCII));
            }
            flood.getOutputStream().write(burst.toString().getBytes(StandardCharsets.US_ASCII));
            assertTrue(closedByPeer(flood));
        }
        assertEquals(1, guard.counters().rateBans());
        try (Socket again = connect()) {
            assertTrue(closedByPeer(again));
        }
        await().atMost(BOUND).until(() -> guard.counters().refusedConnections() == 1);
        int served = received.size();
        assertTrue(served < 5, "at most the packets below the limit are served: " + served);

        clock.advance(BAN_TIME);
        try (Socket later = connect()) {
            later.getOutputStream().write(options("tcp-after", "TCP"));
            await().atMost(BOUND).until(() -> received.size() == served + 1);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(SOURCE, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) BOUND.toMillis());
        s.setSoTimeout((int) BOUND.toMillis());
        return s;
    }

    /** True once the transports close the connection (end of stream or reset); a read timeout fails. */
    private static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // Nothing is answered here; read until the end.
            }
        } catch (SocketException reset) {
            // Closed with unread data: a reset.
        }
        return true;
    }
}
