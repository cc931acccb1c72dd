package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * module::Authentication rule 4 (spec/proxy.md §8): TLS client certificates on a {@code sips} transport with
 * {@code tls-verify-incoming=1}, the client being OpenSSL's {@code s_client} with a certificate that a test CA
 * (made with the {@code openssl} command) issued to {@code sip:alice@localhost}. alice's REGISTER needs no digest;
 * a REGISTER of bob over alice's certificate is challenged, or refused 403 with
 * {@code reject-wrong-client-certificates}.
 */
class TlsClientCertificateTest {
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(20);
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^SIP/2\\.0 (\\d{3}) ");

    @TempDir
    Path dir;
    private ServiceProcess proxy;
    private int port;

    @BeforeEach
    void makePki() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Flexisip test CA", "-days", "2");
        issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
        issue("alice", "/CN=Alice", "subjectAltName=URI:sip:alice@localhost");
    }

    @AfterEach
    void stopProxy() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aCertificateNamingTheIdentityRegistersWithoutDigest() throws Exception {
        start("");
        String answer = registerOverTls("alice");
        assertEquals(200, status(answer), answer);
    }

    @Test
    void aCertificateOfAnotherUserIsChallengedForDigest() throws Exception {
        start("");
        String answer = registerOverTls("bob");
        assertEquals(401, status(answer), answer);
        assertTrue(answer.contains("WWW-Authenticate: Digest realm=\"localhost\""), answer);
    }

    @Test
    void aCertificateOfAnotherUserIsRefusedWithRejectWrongClientCertificates() throws Exception {
        start("reject-wrong-client-certificates=true\n");
        String answer = registerOverTls("bob");
        assertEquals(403, status(answer), answer);
    }

    // ---- helpers

    private void issue(String name, String subject, String extension) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("timeout", "30s", "openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "openssl did not end");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + read(dir.resolve("openssl.out")));
    }

    /** The proxy on a sips transport that verifies client certificates against the test CA. */
    private void start(String authentication) throws IOException {
        Files.writeString(dir.resolve("passwords"), "version:1\nalice@localhost clrtxt:a ;\nbob@localhost clrtxt:b ;\n");
        port = ServiceProcess.freeUdpAndTcpPort();
        Path file = Files.writeString(dir.resolve("flexisip.conf"), "[global]\nlog-level=debug\n"
                + "tls-certificates-file=" + dir.resolve("server.pem") + "\n"
                + "tls-certificates-private-key=" + dir.resolve("server.key") + "\n"
                + "tls-certificates-ca-file=" + dir.resolve("ca.pem") + "\n\n"
                + "[module::Authentication]\nenabled=true\nfile-path=" + dir.resolve("passwords") + "\n"
                + authentication);
        proxy = ServiceProcess.start(Role.PROXY, dir, "-c", file.toString(), "-t",
                "sips:127.0.0.1:" + port + ";tls-verify-incoming=1");
        proxy.awaitReady();
    }

    /** A REGISTER of {@code user} sent by s_client with alice's certificate; returns what the proxy answered. */
    private String registerOverTls(String user) throws Exception {
        Process client = new ProcessBuilder("timeout", "--kill-after=5s", "60s", "openssl", "s_client",
                "-connect", "127.0.0.1:" + port, "-cert", "alice.pem", "-key", "alice.key", "-CAfile", "ca.pem",
                "-quiet", "-ign_eof").directory(dir.toFile())
                .redirectError(dir.resolve("s_client.err").toFile()).start();
        String request = ("REGISTER sip:localhost SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-tls-" + user + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@localhost>;tag=tls1\r\n"
                + "To: <sip:" + user + "@localhost>\r\n"
                + "Call-ID: tls-" + user + "@127.0.0.1\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:5061;transport=tls>\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n");
        try {
            client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            return readAnswer(client.getInputStream());
        } finally {
            client.destroy();
            if (!client.waitFor(10, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
    }

    /** Reads until a final response's header ends (CRLFCRLF after a status line of 200 or more). */
    private String readAnswer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + ANSWER_BOUND.toNanos();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() - deadline < 0) {
            if (in.available() == 0) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                continue;
            }
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                if (Integer.parseInt(m.group(1)) >= 200 && text.indexOf("\r\n\r\n", m.start()) >= 0) {
                    return text.substring(m.start());
                }
            }
        }
        throw new AssertionError("no final answer within " + ANSWER_BOUND + "; read: " + text + "\ns_client: "
                + read(dir.resolve("s_client.err")) + "\nproxy: " + tail(proxy.stdout()));
    }

    private static int status(String answer) {
        Matcher m = STATUS_LINE.matcher(answer);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
