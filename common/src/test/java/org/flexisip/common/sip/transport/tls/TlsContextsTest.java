package org.flexisip.common.sip.transport.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import org.bouncycastle.asn1.x509.GeneralName;
import org.flexisip.common.sip.transport.tls.TlsSettings.Global;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * Real handshakes over loopback between a Netty server built from {@link TlsContexts} and either {@code openssl
 * s_client} (each run bounded by {@code timeout 20}) or a Netty client built from {@link TlsContexts}.
 */
class TlsContextsTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final long AWAIT_SECONDS = 20;

    @TempDir
    static Path dir;

    private static TestPki.Issued client;
    private static Path caFile;
    private static Path serverChain;
    private static Path serverKey;
    private static Path ecServerChain;
    private static Path ecServerKey;
    private static Path clientChain;
    private static Path clientKey;
    private static Path otherNameChain;
    private static Path otherNameKey;
    private static Path strangerChain;
    private static Path strangerKey;

    private EventLoopGroup group;

    @BeforeAll
    static void generate() throws Exception {
        TestPki pki = new TestPki(dir, "Handshake Test CA");
        caFile = pki.writeCa("ca.pem");
        TestPki.Issued server = pki.issueForLocalhost(TestPki.rsaKeys());
        serverChain = pki.write("server.pem", server.certificate());
        serverKey = pki.writeEncryptedPkcs8("server.key", server.privateKey(), TestPki.PASSPHRASE);
        TestPki.Issued ecServer = pki.issueForLocalhost(TestPki.ecKeys());
        ecServerChain = pki.write("ec-server.pem", ecServer.certificate());
        ecServerKey = pki.write("ec-server.key", ecServer.privateKey());
        client = pki.issue("client.example", TestPki.rsaKeys(), new GeneralName(GeneralName.dNSName, "client.example"));
        clientChain = pki.write("client.pem", client.certificate());
        clientKey = pki.write("client.key", client.privateKey());
        TestPki.Issued otherName = pki.issue("other.example", TestPki.rsaKeys(),
                new GeneralName(GeneralName.dNSName, "other.example"));
        otherNameChain = pki.write("other.pem", otherName.certificate());
        otherNameKey = pki.write("other.key", otherName.privateKey());
        TestPki strangers = new TestPki(dir, "Unknown CA");
        TestPki.Issued stranger = strangers.issueForLocalhost(TestPki.rsaKeys());
        strangerChain = strangers.write("stranger.pem", stranger.certificate());
        strangerKey = strangers.write("stranger.key", stranger.privateKey());
    }

    @BeforeEach
    void startEventLoops() {
        group = new NioEventLoopGroup(2);
    }

    @AfterEach
    void stopEventLoops() {
        group.shutdownGracefully(0, 5, SECONDS).syncUninterruptibly();
    }

    private static Map<String, String> uri(String... keyValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.put(keyValues[i], keyValues[i + 1]);
        }
        return parameters;
    }

    private static TlsContexts contexts(Map<String, String> uri, Global global) throws TlsConfigurationException {
        return TlsContexts.create(TlsSettings.resolve(uri, global), Optional.of(TestPki.PASSPHRASE));
    }

    private static TlsContexts contexts(Map<String, String> uri) throws TlsConfigurationException {
        return contexts(uri, Global.none());
    }

    private static Map<String, String> serverUri(String... more) {
        Map<String, String> parameters = uri("tls-certificates-file", serverChain.toString(),
                "tls-certificates-private-key", serverKey.toString(), "tls-certificates-ca-file", caFile.toString());
        parameters.putAll(uri(more));
        return parameters;
    }

    private static Map<String, String> clientUri(String... more) {
        Map<String, String> parameters = uri("tls-client-connection", "1", "tls-certificates-ca-file",
                caFile.toString());
        parameters.putAll(uri(more));
        return parameters;
    }

    private LoopbackTlsServer server(TlsContexts contexts) throws InterruptedException {
        return new LoopbackTlsServer(group, contexts);
    }

    private static SSLSession await(CompletableFuture<SSLSession> handshake) throws Exception {
        return handshake.get(AWAIT_SECONDS, SECONDS);
    }

    private static void assertFails(CompletableFuture<SSLSession> handshake) {
        assertThrows(ExecutionException.class, () -> handshake.get(AWAIT_SECONDS, SECONDS));
    }

    private record Outcome(int exitCode, String output) {
    }

    /** {@code openssl s_client} with stdin closed: it handshakes, then quits on end of input. */
    private static Outcome sClient(int port, String... options) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        List<String> command = new ArrayList<>(List.of("timeout", "20", OPENSSL.toString(), "s_client",
                "-connect", "127.0.0.1:" + port, "-CAfile", caFile.toString(), "-verify_return_error", "-brief"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(30, SECONDS)) {
            process.destroyForcibly();
            fail("openssl s_client outlived its timeout");
        }
        assertTrue(process.exitValue() != 124, "openssl s_client timed out:\n" + output);
        return new Outcome(process.exitValue(), output);
    }

    @Test
    void opensslClientCompletesHandshakeVerifyingTheServerChain() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri()));
        Outcome outcome = sClient(server.port());
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("Verification: OK"), outcome.output());
        assertEquals("TLSv1.3", await(server.handshake()).getProtocol());
    }

    @Test
    void opensslClientCompletesHandshakeWithEcServerKey() throws Exception {
        LoopbackTlsServer server = server(contexts(uri("tls-certificates-file", ecServerChain.toString(),
                "tls-certificates-private-key", ecServerKey.toString())));
        Outcome outcome = sClient(server.port(), "-tls1_2");
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(await(server.handshake()).getCipherSuite().startsWith("TLS_ECDHE_ECDSA_"));
    }

    @Test
    void handshakeFailsWhenTheClientOffersOnlyACipherTheServerExcludes() throws Exception {
        Global restricted = new Global(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                "ECDHE-RSA-AES256-GCM-SHA384", false);
        LoopbackTlsServer server = server(contexts(serverUri(), restricted));
        Outcome outcome = sClient(server.port(), "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertTrue(outcome.exitCode() != 0, outcome.output());
        assertFails(server.handshake());
    }

    @Test
    void tls12ClientOfferingTheConfiguredCipherIsAccepted() throws Exception {
        Global restricted = new Global(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                "ECDHE-RSA-AES256-GCM-SHA384", false);
        LoopbackTlsServer server = server(contexts(serverUri(), restricted));
        Outcome outcome = sClient(server.port(), "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384");
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", await(server.handshake()).getCipherSuite());
    }

    @Test
    void opensslClientWithoutCertificateIsRefusedWhenVerifyingIncoming() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri("tls-verify-incoming", "1")));
        sClient(server.port());
        assertFails(server.handshake());
    }

    @Test
    void nettyClientWithoutCertificateIsRefusedWhenVerifyingIncoming() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri("tls-verify-incoming", "1")));
        LoopbackTlsServer.connect(group, contexts(clientUri()), "localhost", server.port());
        assertFails(server.handshake());
    }

    @Test
    void clientWithoutCertificateIsAcceptedWhenMissingCertificatesAreAllowed() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri("tls-verify-incoming", "1",
                "tls-allow-missing-client-certificate", "1")));
        LoopbackTlsServer.connect(group, contexts(clientUri()), "localhost", server.port());
        await(server.handshake());
    }

    @Test
    void clientCertificateFromAnUnknownCaIsRefusedEvenWhenMissingCertificatesAreAllowed() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri("tls-verify-incoming", "1",
                "tls-allow-missing-client-certificate", "1")));
        // s_client sends its certificate whatever CAs the server names, where a JDK client would send none.
        sClient(server.port(), "-cert", strangerChain.toString(), "-key", strangerKey.toString());
        assertFails(server.handshake());
    }

    @Test
    void clientPresentsTheCertificateOfItsTransport() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri("tls-verify-incoming", "1")));
        TlsContexts withCertificate = contexts(clientUri("tls-certificates-file", clientChain.toString(),
                "tls-certificates-private-key", clientKey.toString()));
        LoopbackTlsServer.connect(group, withCertificate, "localhost", server.port());
        assertEquals(client.certificate(), await(server.handshake()).getPeerCertificates()[0]);
    }

    @Test
    void clientAcceptsServerWhoseCertificateNamesTheTargetHost() throws Exception {
        LoopbackTlsServer server = server(contexts(serverUri()));
        SSLSession session = await(LoopbackTlsServer.connect(group, contexts(clientUri()), "localhost", server.port()));
        assertEquals("localhost", session.getPeerHost());
    }

    @Test
    void clientRefusesServerCertificateForAnotherName() throws Exception {
        LoopbackTlsServer server = server(contexts(uri("tls-certificates-file", otherNameChain.toString(),
                "tls-certificates-private-key", otherNameKey.toString())));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> LoopbackTlsServer.connect(group, contexts(clientUri()), "localhost", server.port())
                        .get(AWAIT_SECONDS, SECONDS));
        assertTrue(String.valueOf(e.getCause().getMessage()).contains("localhost"), e.getCause().toString());
    }

    @Test
    void clientRefusesServerChainFromAnUnknownCa() throws Exception {
        LoopbackTlsServer server = server(contexts(uri("tls-certificates-file", strangerChain.toString(),
                "tls-certificates-private-key", strangerKey.toString())));
        assertFails(LoopbackTlsServer.connect(group, contexts(clientUri()), "localhost", server.port()));
    }

    @Test
    void clientWithoutVerifyOutgoingAcceptsAnyServerCertificate() throws Exception {
        LoopbackTlsServer server = server(contexts(uri("tls-certificates-file", strangerChain.toString(),
                "tls-certificates-private-key", strangerKey.toString())));
        TlsContexts trusting = contexts(clientUri("tls-verify-outgoing", "0"));
        await(LoopbackTlsServer.connect(group, trusting, "other.example", server.port()));
    }

    @Test
    void clientOnlyTransportHasNoServerContext() throws Exception {
        TlsContexts clientOnly = contexts(clientUri());
        assertTrue(clientOnly.serverContext().isEmpty());
        assertTrue(clientOnly.material().isEmpty());
    }

    @Test
    void unreadableKeyIsReportedAtCreationNamingTheFile() {
        Path missing = dir.resolve("missing.key");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> contexts(uri("tls-certificates-file", serverChain.toString(),
                        "tls-certificates-private-key", missing.toString())));
        assertEquals("cannot read the private key " + missing + ": no such file", e.getMessage());
    }

    @Test
    void contextsOfferOnlyTls12AndTls13() throws Exception {
        TlsContexts contexts = contexts(serverUri());
        SSLEngine engine = contexts.serverContext().orElseThrow().newEngine(ByteBufAllocator.DEFAULT);
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getEnabledProtocols()));
        assertEquals(contexts.cipherSuites(), List.of(engine.getEnabledCipherSuites()));
    }
}
