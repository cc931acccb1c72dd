package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built proxy's SIP listeners: bound from -t, answering, and readiness following the binds. */
class ProxyTransportsTest {
    @TempDir
    Path dir;

    @Test
    void theProxyListensOnItsTransportAndAnswersOptionsAddressedToIt() throws Exception {
        int port = ServiceProcess.freeUdpAndTcpPort();
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "-t", "sip:127.0.0.1:" + port).awaitReady();
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(15_000);
            byte[] options = ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + client.getLocalPort() + ";branch=z9hG4bKe2e1\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:t@example.org>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: e2e-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            client.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("SIP/2.0 200 OK\r\n"), text); // Capabilities answers OPTIONS to the proxy.
        }
    }

    @Test
    void aTakenPortMakesTheProxyNotReadyUntilTheRetriedBindSucceeds() throws Exception {
        DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        String uri = "sip:127.0.0.1:" + taken.getLocalPort() + ";transport=udp";
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "-t", uri)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> proxy.get("/api/runtime-error").body().contains(uri));
            assertEquals(503, proxy.get("/q/health/ready").statusCode());
            taken.close();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> proxy.get("/q/health/ready").statusCode() == 200);
            assertTrue(proxy.get("/api/runtime-error").body().contains("\"errors\":[]"));
        } finally {
            taken.close();
        }
    }
}
