package org.flexisip.proxy.module.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.SipConnection;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.proxy.module.RequestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * spec/proxy.md §12 rules 8 and 13 over a real TCP connection on loopback: the REGISTER reaches the Registrar with
 * its {@link SipConnection}. The SIP loop of the module is the thread that completes the database's future. On each
 * registrar database: {@link RegistrarConnectionOnInternalDbTest} and {@link RegistrarConnectionOnRedisDbTest}.
 */
abstract class RegistrarConnectionTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
    private SipTransports transports;
    private Socket client;
    private int port;

    /** The database the tests run on. */
    abstract RegistrarBackend backend();

    private RegistrarHarness harness(String... lines) throws Exception {
        return RegistrarHarness.on(backend(), lines);
    }

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        TransportSettings settings = new TransportSettings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 1460,
                524288, 100, TransportSettings.INCOMPLETE_MESSAGE_TIMEOUT, SipStreamFramer.Limits.DEFAULT);
        transports = new SipTransports(TransportSpec.parseAll(List.of("sip:127.0.0.1:" + port + ";transport=tcp")),
                settings, received::add, new RuntimeErrorRegistry(s -> Optional.empty(), Clock.systemUTC()),
                group, List::of);
        transports.start();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!transports.allBound() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertTrue(transports.allBound(), "TCP listener bound");
        client = new Socket("127.0.0.1", port);
        client.setSoTimeout((int) BOUND.toMillis());
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        transports.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Sends a REGISTER over the client socket and returns it as the transports received it. */
    private IncomingMessage registerOverTcp(String... lines) throws Exception {
        return registerOver(client, 1, lines);
    }

    /** Sends REGISTER number {@code cseq} over {@code socket} and returns it as the transports received it. */
    private IncomingMessage registerOver(Socket socket, int cseq, String... lines) throws Exception {
        String text = RegistrarHarness.register(cseq, lines).replace("SIP/2.0/UDP 192.0.2.10:5062", "SIP/2.0/TCP "
                + "127.0.0.1:" + socket.getLocalPort()).replace("\n", "\r\n");
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        IncomingMessage incoming = received.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertTrue(incoming != null && incoming.connection().isPresent(), "a REGISTER over a stream connection");
        return incoming;
    }

    /** Whether the proxy closed {@code socket}: its next read finds the end of the stream. */
    private static boolean closedByTheProxy(Socket socket, Duration watch) throws IOException {
        socket.setSoTimeout((int) watch.toMillis());
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed as well
        }
    }

    /** spec/proxy.md §12 rule 8: the device moved to another connection; the former one is closed. */
    @Test
    void aDeviceRegisteringOverANewConnectionHasItsFormerConnectionClosed() throws Exception {
        RegistrarHarness h = harness();
        String device = "Contact: <sip:alice@127.0.0.1;transport=tcp>;+sip.instance=\"<urn:uuid:0001>\"";
        assertEquals(200, h.send(new RequestEvent(registerOverTcp(device), null)).statusCode());
        try (Socket moved = new Socket("127.0.0.1", port)) {
            assertEquals(200, h.send(new RequestEvent(registerOver(moved, 2, device), null)).statusCode());
            assertTrue(closedByTheProxy(client, BOUND), "the former connection is closed");
            assertFalse(closedByTheProxy(moved, Duration.ofMillis(500)), "the new connection stays open");
        }
    }

    @Test
    void anotherDeviceRegisteringOverANewConnectionLeavesTheFirstOpen() throws Exception {
        RegistrarHarness h = harness();
        assertEquals(200, h.send(new RequestEvent(registerOverTcp(
                "Contact: <sip:alice@127.0.0.1;transport=tcp>;+sip.instance=\"<urn:uuid:0001>\""), null))
                .statusCode());
        try (Socket other = new Socket("127.0.0.1", port)) {
            assertEquals(200, h.send(new RequestEvent(registerOver(other, 2,
                    "Contact: <sip:alice@127.0.0.1;transport=tcp>;+sip.instance=\"<urn:uuid:0002>\""), null))
                    .statusCode());
            assertFalse(closedByTheProxy(client, Duration.ofMillis(500)), "the first device's connection");
        }
    }

    /** RFC 5626 §4.4.1, spec/global.md §5.3. */
    @Test
    void supportedOutboundMarksTheConnectionSoThatPingsGetAPong() throws Exception {
        RegistrarHarness h = harness();
        IncomingMessage incoming = registerOverTcp("Contact: <sip:alice@127.0.0.1;transport=tcp;ob>",
                "Supported: path, outbound");
        assertEquals(200, h.send(new RequestEvent(incoming, null)).statusCode());
        assertTrue(incoming.connection().get().isMarkedOutbound());
        client.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        InputStream in = client.getInputStream();
        assertEquals('\r', in.read());
        assertEquals('\n', in.read());
    }

    @Test
    void registerWithoutSupportedOutboundLeavesTheConnectionUnmarked() throws Exception {
        RegistrarHarness h = harness();
        IncomingMessage incoming = registerOverTcp("Contact: <sip:alice@127.0.0.1;transport=tcp>");
        assertEquals(200, h.send(new RequestEvent(incoming, null)).statusCode());
        assertFalse(incoming.connection().get().isMarkedOutbound());
    }

    @Test
    void refusedRegisterLeavesTheConnectionUnmarked() throws Exception {
        RegistrarHarness h = harness("max-contacts-per-registration=1");
        IncomingMessage incoming = registerOverTcp("Contact: <sip:a@127.0.0.1;transport=tcp>, <sip:b@127.0.0.1>",
                "Supported: outbound");
        assertEquals(403, h.send(new RequestEvent(incoming, null)).statusCode());
        assertFalse(incoming.connection().get().isMarkedOutbound());
    }

    @Test
    void bindingStoresTheHexIdOfTheConnectionAsFsConnId() throws Exception {
        RegistrarHarness h = harness();
        IncomingMessage incoming = registerOverTcp("Contact: <sip:alice@127.0.0.1;transport=tcp>");
        SipConnection connection = incoming.connection().get();
        assertEquals(200, h.send(new RequestEvent(incoming, null)).statusCode());
        assertEquals(Optional.of(Integer.toHexString(System.identityHashCode(connection))),
                h.record("sip:alice@example.org").bindings().get(0).connectionId());
    }

    @Test
    void pathOverTcpNamesTheTransport() throws Exception {
        RegistrarHarness h = harness();
        h.send(new RequestEvent(registerOverTcp("Contact: <sip:alice@127.0.0.1;transport=tcp>"), null));
        assertEquals(List.of("sip:127.0.0.1:5060;transport=tcp;lr;fs-proxy-id=" + RegistrarServices.UNIQUE_ID),
                h.record("sip:alice@example.org").bindings().get(0).path());
    }
}
