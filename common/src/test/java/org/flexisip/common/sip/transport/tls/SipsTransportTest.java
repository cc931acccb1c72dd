package org.flexisip.common.sip.transport.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/** A {@code sips:} transport of {@link SipTransports}, with certificates made in the test. */
class SipsTransportTest {
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final RuntimeErrorRegistry runtimeErrors = new RuntimeErrorRegistry(s -> Optional.empty(),
            Clock.systemUTC());
    private SipTransports transports;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (transports != null) {
            transports.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void start(String uri) throws Exception {
        transports = new SipTransports(TransportSpec.parseAll(List.of(uri)),
                new TransportSettings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 1460, 524288, 100,
                        Duration.ofSeconds(600), SipStreamFramer.Limits.DEFAULT),
                in -> {
                    if (in.message() instanceof SipRequest r && r.isMethod("OPTIONS")) {
                        transports.reply(in, SipResponse.to(r, 200, "OK").build());
                    }
                }, runtimeErrors, group, List::of,
                spec -> TlsContexts.create(TlsSettings.resolve(spec.tlsParameters(), TlsSettings.Global.none()),
                        Optional.empty()));
        transports.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> transports.allBound() || runtimeErrors.hasBlockingError());
    }

    @Test
    void optionsOverTlsIsAnsweredWithTheConfiguredCertificate() throws Exception {
        TestPki pki = new TestPki(dir, "Test CA");
        TestPki.Issued server = pki.issueForLocalhost(TestPki.rsaKeys());
        Path chain = pki.write("server.pem", server.certificate());
        Path key = pki.write("server.key", server.privateKey());
        int port = freePort();
        start("sips:localhost:" + port + ";maddr=127.0.0.1;tls-certificates-file=" + chain
                + ";tls-certificates-private-key=" + key);
        assertTrue(transports.allBound(), runtimeErrors.current().toString());

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("OPTIONS sip:localhost:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS client.invalid;branch=z9hG4bKtls1\r\n"
                    + "From: <sip:t@example.org>;tag=1\r\nTo: <sip:localhost>\r\nCall-ID: tls-1\r\n"
                    + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (answer.indexOf("\r\n\r\n") < 0) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                answer.append((char) c);
            }
            assertTrue(answer.toString().startsWith("SIP/2.0 200 OK"), answer.toString());
        }
    }

    @Test
    void anUnreadableCertificateIsARuntimeErrorAndTheTransportIsNotServed() throws Exception {
        int port = freePort();
        String uri = "sips:localhost:" + port + ";maddr=127.0.0.1;tls-certificates-file=" + dir.resolve("missing.pem")
                + ";tls-certificates-private-key=" + dir.resolve("missing.key");
        start(uri);
        assertFalse(transports.allBound());
        String message = runtimeErrors.current().get(0).message();
        assertTrue(message.contains("missing.pem"), message);
        assertTrue(transports.boundAddresses().isEmpty());
    }
}
