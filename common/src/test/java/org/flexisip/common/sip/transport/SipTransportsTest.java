package org.flexisip.common.sip.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/** The transports on loopback sockets, driven by plain Java clients; intervals are short in tests. */
class SipTransportsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(15);

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final RuntimeErrorRegistry runtimeErrors = new RuntimeErrorRegistry(s -> Optional.empty(),
            Clock.systemUTC());
    private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    private SipTransports transports;

    @AfterEach
    void stop() {
        if (transports != null) {
            transports.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static TransportSettings settings(Duration idle, Duration keepalive, Duration p2p, int queue) {
        return new TransportSettings(idle, keepalive, p2p, 1460, 524288, queue, Duration.ofSeconds(600),
                SipStreamFramer.Limits.DEFAULT);
    }

    /** Answers OPTIONS with 200; {@code X-Mark: outbound} / {@code proxy} mark the connection. */
    private SipTransports start(String uri, TransportSettings settings) throws Exception {
        transports = new SipTransports(TransportSpec.parseAll(List.of(uri)), settings, in -> {
            received.add(in);
            in.message().headerValue("X-Mark").ifPresent(mark -> in.connection().ifPresent(c -> {
                if (mark.equals("outbound")) {
                    c.markOutbound();
                } else if (mark.equals("proxy")) {
                    c.markProxyToProxy();
                }
            }));
            if (in.message() instanceof SipRequest r && r.isMethod("OPTIONS")) {
                transports.reply(in, SipResponse.to(r, 200, "OK").build());
            }
        }, runtimeErrors, group, () -> List.of("alias.example.org"));
        transports.start();
        await().atMost(BOUND).until(() -> transports.allBound() || !runtimeErrors.current().isEmpty());
        return transports;
    }

    private static String options(String host, int port, String transport, String extraHeader) {
        return "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " client.invalid:5999;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:test@example.org>;tag=t1\r\n"
                + "To: <sip:" + host + ">\r\n"
                + "Call-ID: " + System.nanoTime() + "@client\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + extraHeader
                + "Content-Length: 0\r\n\r\n";
    }

    private static SipResponse udpExchange(String host, int port, String request) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(host))) {
            socket.setSoTimeout((int) BOUND.toMillis());
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
            DatagramPacket answer = new DatagramPacket(new byte[65535], 65535);
            socket.receive(answer);
            Decoded d = new SipMessageParser().parseDatagram(answer.getData(), 0, answer.getLength());
            return (SipResponse) assertInstanceOf(Decoded.Message.class, d, d::toString).message();
        }
    }

    /** Reads until {@code marker} has arrived (bounded by the socket timeout); returns all that was read. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.indexOf(marker) < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after '" + b + "'");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void optionsOverUdpIsAnsweredAndItsViaStampedWithTheSource() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=udp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        SipResponse r = udpExchange("127.0.0.1", port, options("127.0.0.1", port, "UDP", ""));
        assertEquals(200, r.statusCode());
        assertEquals("127.0.0.1", received.get(0).message().topVia().received().orElseThrow());
        assertTrue(received.get(0).message().topVia().rport().isPresent());
    }

    @Test
    void aUdpListenerAsksForAFourMegabyteReceiveBuffer() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=udp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        await().atMost(BOUND).until(() -> transports.allBound());
        // Linux grants min(asked, net.core.rmem_max) and reports twice that (its bookkeeping share).
        long granted = Math.min(SipTransports.UDP_RECEIVE_BUFFER, rmemMax().orElse((long) SipTransports.UDP_RECEIVE_BUFFER));
        int size = transports.udpListeners().get(0).config().getOption(io.netty.channel.ChannelOption.SO_RCVBUF);
        assertTrue(size >= granted, "SO_RCVBUF " + size + " below " + granted);
        // And the listener still serves.
        SipResponse r = udpExchange("127.0.0.1", port, options("127.0.0.1", port, "UDP", ""));
        assertEquals(200, r.statusCode());
    }

    private static Optional<Long> rmemMax() {
        try {
            return Optional.of(Long.parseLong(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/proc/sys/net/core/rmem_max")).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Test
    void optionsOverTcpIsAnsweredOnTheSameConnection() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write(options("127.0.0.1", port, "TCP", "").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(s.getInputStream(), "\r\n\r\n").startsWith("SIP/2.0 200 OK"));
        }
        assertEquals(1, transports.counters().accepted());
    }

    @Test
    void wildcardListensOnIpv4AndIpv6Loopback() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:*:" + port, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        assertEquals(200, udpExchange("127.0.0.1", port, options("127.0.0.1", port, "UDP", "")).statusCode());
        assertEquals(200, udpExchange("::1", port, options("[::1]", port, "UDP", "")).statusCode());
        try (Socket s = new Socket("::1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write(options("[::1]", port, "TCP", "").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(s.getInputStream(), "\r\n\r\n").startsWith("SIP/2.0 200 OK"));
        }
    }

    @Test
    void wildcardBindsTheAnyAddressSoEveryAddressOfTheHostIsUs() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:*:" + port, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        assertTrue(transports.boundAddresses().stream().allMatch(a -> a.getAddress().isAnyLocalAddress()),
                transports.boundAddresses().toString());
        List<InetAddress> local = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream().flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream()).toList();
        assertFalse(local.isEmpty());
        for (InetAddress address : local) {
            assertTrue(transports.isUs(address.getHostAddress(), OptionalInt.of(port), false), address.toString());
        }
    }

    @Test
    void aBrokenRequestIsAnsweredWith400() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=udp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        String broken = options("127.0.0.1", port, "UDP", "").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        SipResponse r = udpExchange("127.0.0.1", port, broken);
        assertEquals(400, r.statusCode());
        assertEquals(1, transports.counters().rejected());
    }

    @Test
    void aStreamWithANegativeContentLengthGetsA400ThenIsClosed() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write(options("127.0.0.1", port, "TCP", "")
                    .replace("Content-Length: 0", "Content-Length: -999").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(s.getInputStream(), "\r\n\r\n").startsWith("SIP/2.0 400 "));
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void keepAlivesArriveEveryKeepaliveInterval() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", settings(Duration.ofHours(1), SHORT, Duration.ZERO, 100));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            assertEquals("\r\n\r\n\r\n\r\n", readUntil(s.getInputStream(), "\r\n\r\n\r\n\r\n"));
        }
    }

    @Test
    void aProxyToProxyConnectionGetsItsOwnInterval() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp",
                settings(Duration.ofHours(1), Duration.ofHours(1), SHORT, 100));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write(options("127.0.0.1", port, "TCP", "X-Mark: proxy\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // The main interval is an hour: a ping right after the answer can only come from the other one.
            String in = readUntil(s.getInputStream(), "Content-Length: 0\r\n\r\n\r\n\r\n");
            assertTrue(in.startsWith("SIP/2.0 200 OK"), in);

        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", settings(SHORT, Duration.ZERO, Duration.ZERO, 100));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            assertEquals(-1, s.getInputStream().read());
        }
        await().atMost(BOUND).until(() -> transports.counters().closedByIdleTimeout() == 1);
    }

    @Test
    void aConnectionLeftWithAnIncompleteMessageIsClosed() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", new TransportSettings(Duration.ofHours(1), Duration.ZERO,
                Duration.ZERO, 1460, 524288, 100, SHORT, SipStreamFramer.Limits.DEFAULT));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write("OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;bran".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void aPingGetsAPongOnlyOnAConnectionMarkedForOutbound() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port + ";transport=tcp", settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        try (Socket unmarked = new Socket("127.0.0.1", port); Socket marked = new Socket("127.0.0.1", port)) {
            marked.setSoTimeout((int) BOUND.toMillis());
            marked.getOutputStream().write(options("127.0.0.1", port, "TCP", "X-Mark: outbound\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            readUntil(marked.getInputStream(), "Content-Length: 0\r\n\r\n");
            marked.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("\r\n", readUntil(marked.getInputStream(), "\r\n"));

            unmarked.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // The marked connection's pong came back; the unmarked one gets nothing within the same wait.
            unmarked.setSoTimeout(1000);
            assertThrows(SocketTimeoutException.class, () -> unmarked.getInputStream().read());
        }
    }

    @Test
    void concurrentSendsToANewDestinationShareOneConnection() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        SipRequest request = (SipRequest) ((Decoded.Message) new SipMessageParser().parseDatagram(
                options("127.0.0.1", port, "TCP", "").getBytes(StandardCharsets.US_ASCII))).message();
        InetSocketAddress self = new InetSocketAddress("127.0.0.1", port);
        CompletableFuture<Void> first = transports.send(request, self, TransportSpec.Protocol.TCP);
        CompletableFuture<Void> second = transports.send(request, self, TransportSpec.Protocol.TCP);
        CompletableFuture.allOf(first, second).get(15, TimeUnit.SECONDS);
        assertEquals(1, transports.counters().connected());
    }

    @Test
    void aRequestLargerThanTheMtuLeavesOverTcp() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        String big = options("127.0.0.1", port, "UDP", "X-Padding: " + "x".repeat(3000) + "\r\n");
        SipRequest request = (SipRequest) ((Decoded.Message) new SipMessageParser()
                .parseDatagram(big.getBytes(StandardCharsets.US_ASCII))).message();
        transports.send(request, new InetSocketAddress("127.0.0.1", port), TransportSpec.Protocol.UDP)
                .get(15, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> received.stream().anyMatch(m -> m.message().headerValue("X-Padding")
                .isPresent()));
        IncomingMessage in = received.stream().filter(m -> m.message().headerValue("X-Padding").isPresent())
                .findFirst().orElseThrow();
        assertEquals(TransportSpec.Protocol.TCP, in.protocol());
        assertEquals(1, transports.counters().udpMessagesSentOverTcp());
    }

    @Test
    void aPeerThatStopsReadingHitsTheQueueBoundAndTheSenderGetsAnError() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:127.0.0.1:" + port, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 8));
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String big = options("127.0.0.1", port, "TCP", "X-Padding: " + "x".repeat(60_000) + "\r\n");
            SipRequest request = (SipRequest) ((Decoded.Message) new SipMessageParser()
                    .parseDatagram(big.getBytes(StandardCharsets.US_ASCII))).message();
            InetSocketAddress peer = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            transports.send(request, peer, TransportSpec.Protocol.TCP).get(15, TimeUnit.SECONDS);
            CompletableFuture<Void> last = null;
            Throwable failure = null;
            for (int i = 0; i < 2000 && failure == null; i++) {
                last = transports.send(request, peer, TransportSpec.Protocol.TCP);
                if (last.isCompletedExceptionally()) {
                    failure = assertThrows(ExecutionException.class, last::get).getCause();
                }
            }
            assertInstanceOf(TransportException.class, failure);
            assertTrue(failure.getMessage().contains("tport-message-queue-size"), failure.getMessage());
            assertTrue(transports.counters().queueOverflows() > 0);
            assertTrue(transports.connection(peer).orElseThrow().queuedMessages() <= 8);
        }
    }

    @Test
    void aPortAlreadyTakenIsARuntimeErrorNamingTheUriAndTheRoleIsNotReady() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String uri = "sip:127.0.0.1:" + taken.getLocalPort() + ";transport=udp";
            start(uri, settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
            assertFalse(transports.allBound());
            assertTrue(runtimeErrors.hasBlockingError());
            String message = runtimeErrors.current().get(0).message();
            assertTrue(message.contains(uri), message);
        }
    }

    @Test
    void aliasesAreUsOnAnyPortAndTransportsOnTheirPort() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        start("sip:localhost:" + port + ";transport=tcp;maddr=127.0.0.1",
                settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        assertTrue(transports.isUs("alias.example.org", OptionalInt.of(1234), false));
        assertTrue(transports.isUs("ALIAS.example.org.", OptionalInt.empty(), false));
        assertTrue(transports.isUs("localhost", OptionalInt.of(port), false));
        assertTrue(transports.isUs("127.0.0.1", OptionalInt.of(port), false));
        assertTrue(transports.isUs("[::1]", OptionalInt.of(port), false));
        assertFalse(transports.isUs("127.0.0.1", OptionalInt.of(port + 1), false));
        assertFalse(transports.isUs("other.example.org", OptionalInt.of(port), false));
    }

    @Test
    void theAddressesOfTheAdvertisedNameAreUs() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        // The machine's own name resolves through /etc/hosts, no DNS server involved.
        String name = InetAddress.getLocalHost().getHostName();
        String address = InetAddress.getByName(name).getHostAddress();
        org.junit.jupiter.api.Assumptions.assumeFalse(address.equals("127.0.0.2"));
        start("sip:" + name + ":" + port + ";transport=udp;maddr=127.0.0.2",
                settings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100));
        assertTrue(transports.isUs(address, OptionalInt.of(port), false), address);
        assertFalse(transports.isUs(address, OptionalInt.of(port + 1), false));
    }
}
