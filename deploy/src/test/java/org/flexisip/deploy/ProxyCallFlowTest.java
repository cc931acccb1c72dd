package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through the built proxy jar, run as a process: sipp callers and callees (scenarios in
 * {@code src/test/resources/sipp}) on free loopback ports, and single requests from a UDP socket for the answers the
 * proxy gives itself (spec/proxy.md §1, §4, §6, §7, §18). Without a registrar, the callee is reached through
 * {@code module::Forward/routes-config-path}; the Request-URI names a host that does not resolve, so only that route
 * can lead there.
 */
class ProxyCallFlowTest {
    /** The Request-URI host of the calls: reserved (RFC 2606), so never resolved to the callee. */
    private static final String CALLEE_HOST = "example.invalid";
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");
    private static final Pattern COUNTER_VALUE = Pattern.compile("\"value\":\"(\\d+)\"");

    @TempDir
    Path dir;

    // ---- calls between sipp peers

    /**
     * RFC 3261 §16.6 (step 4) and §12.1.2: NatHelper has the proxy record-route the INVITE; the callee copies the
     * Record-Route into its answers, the caller sends ACK and BYE along that route set, and both reach the callee
     * through the proxy (its Via on top, its Route popped, §16.4).
     */
    @Test
    void aCallFollowsTheRouteSetRecordedByTheProxyFromInviteToBye() throws Exception {
        assertCallSucceeds("", "uas-call.xml", "uac-call.xml");
    }

    /**
     * RFC 3261 §9 and §16.10: a CANCEL while the callee rings is answered 200 and the caller's INVITE ends with 487,
     * which the caller acknowledges; the proxy cancels its own branch, and its client transaction acknowledges the
     * callee's 487 (§17.1.1.3) while its server transaction absorbs the caller's ACK.
     */
    @Test
    void cancelWhileRingingEndsTheCallersInviteWith487() throws Exception {
        assertCallSucceeds("", "uas-cancel.xml", "uac-cancel.xml");
    }

    /** RFC 3261 §16.7: the callee's 486 reaches the caller; the proxy's client transaction acknowledges it. */
    @Test
    void aBusyCalleesAnswer486IsForwardedToTheCaller() throws Exception {
        assertCallSucceeds("", "uas-busy.xml", "uac-busy.xml");
    }

    /**
     * RFC 3261 §16.7 (step 2, §17.1.1.2 Timer B): a callee that never answers gives the caller 408 once the proxy's
     * client transaction times out, after {@code global/transaction-timeout} (4 s here rather than 32).
     */
    @Test
    void aCalleeThatNeverAnswersGivesTheCaller408WhenTheTransactionTimesOut() throws Exception {
        assertCallSucceeds("transaction-timeout=4000\n", "uas-silent.xml", "uac-unanswered.xml");
    }

    private void assertCallSucceeds(String globalParameters, String calleeScenario, String callerScenario)
            throws Exception {
        int calleePort = ServiceProcess.freeUdpAndTcpPort();
        Path routes = Files.writeString(dir.resolve("routes.conf"),
                "<sip:127.0.0.1:" + calleePort + ";transport=udp> true\n");
        String sections = "[module::NatHelper]\nenabled=true\n\n[module::Forward]\nroutes-config-path=" + routes + "\n";
        try (Proxy proxy = Proxy.start(dir, globalParameters, sections);
                SippProcess callee = SippProcess.server(dir, "callee", calleeScenario, calleePort,
                        "-key", "proxy_address", proxy.address())) {
            callee.awaitListening();
            try (SippProcess caller = SippProcess.client(dir, "caller", callerScenario, proxy.address(),
                    "-s", "bob", "-key", "callee_host", CALLEE_HOST)) {
                int callerExit = caller.awaitExit();
                int calleeExit = callee.awaitExit();
                String report = caller.report() + callee.report() + proxy.report();
                assertEquals(0, callerExit, "the caller's sipp failed\n" + report);
                assertEquals(0, calleeExit, "the callee's sipp failed\n" + report);
            }
        }
    }

    // ---- answers of the proxy itself

    /** spec/proxy.md §18.1 (RFC 3261 §16.3 step 3): no hop left. */
    @Test
    void answers483WhenMaxForwardsIsZero() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", ""); UdpPeer peer = new UdpPeer(proxy)) {
            peer.send("""
                    OPTIONS sip:bob@%s SIP/2.0
                    Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-hops-1;rport
                    Max-Forwards: 0
                    From: <sip:alice@example.org>;tag=hops
                    To: <sip:bob@%s>
                    Call-ID: hops-1@127.0.0.1
                    CSeq: 1 OPTIONS
                    Content-Length: 0

                    """.formatted(CALLEE_HOST, peer.port(), CALLEE_HOST));
            String answer = peer.finalResponse();
            assertEquals(483, status(answer), answer + proxy.report());
        }
    }

    /** spec/proxy.md §18.5: a request whose destination is the proxy itself, with no Route, would loop. */
    @Test
    void answers482ToARequestUriThatIsTheProxyWithAUserPart() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", ""); UdpPeer peer = new UdpPeer(proxy)) {
            String branch = "z9hG4bK-loop-1";
            peer.send("""
                    INVITE sip:bob@%s SIP/2.0
                    Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport
                    Max-Forwards: 70
                    From: <sip:alice@example.org>;tag=loop
                    To: <sip:bob@%s>
                    Call-ID: loop-1@127.0.0.1
                    CSeq: 1 INVITE
                    Contact: <sip:alice@127.0.0.1:%d>
                    Content-Length: 0

                    """.formatted(proxy.address(), peer.port(), branch, proxy.address(), peer.port()));
            String answer = peer.finalResponse();
            // RFC 3261 §17.1.1.3: the ACK of a non-2xx answer, so that the proxy stops retransmitting it.
            peer.send("""
                    ACK sip:bob@%s SIP/2.0
                    Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport
                    Max-Forwards: 70
                    From: <sip:alice@example.org>;tag=loop
                    %s
                    Call-ID: loop-1@127.0.0.1
                    CSeq: 1 ACK
                    Content-Length: 0

                    """.formatted(proxy.address(), peer.port(), branch, header(answer, "To")));
            assertEquals(482, status(answer), answer + proxy.report());
        }
    }

    /** spec/proxy.md §6: an OPTIONS to the proxy itself (no user part, no Route) is answered by Capabilities. */
    @Test
    void capabilitiesAnswers200ToOptionsAddressedToTheProxy() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", ""); UdpPeer peer = new UdpPeer(proxy)) {
            peer.send(optionsToTheProxy(proxy, peer, "caps-1"));
            String answer = peer.finalResponse();
            assertEquals(200, status(answer), answer + proxy.report());
            assertTrue(answer.contains("\r\nAllow:"), "Capabilities lists the methods in Allow\n" + answer);
            assertEquals(1, proxy.counter("module::Capabilities", "count-eval-true"), "Capabilities ran once");
        }
    }

    /** spec/proxy.md §4: SanityChecker refuses a request whose From has no tag, naming the defect. */
    @Test
    void sanityCheckerAnswers400ToARequestWhoseFromHasNoTag() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", ""); UdpPeer peer = new UdpPeer(proxy)) {
            peer.send("""
                    OPTIONS sip:bob@%s SIP/2.0
                    Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-notag-1;rport
                    Max-Forwards: 70
                    From: <sip:alice@example.org>
                    To: <sip:bob@%s>
                    Call-ID: notag-1@127.0.0.1
                    CSeq: 1 OPTIONS
                    Content-Length: 0

                    """.formatted(CALLEE_HOST, peer.port(), CALLEE_HOST));
            String answer = peer.finalResponse();
            assertEquals(400, status(answer), answer + proxy.report());
            assertTrue(answer.lines().findFirst().orElseThrow().toLowerCase(Locale.ROOT).contains("tag"),
                    "the reason phrase names the missing tag\n" + answer);
        }
    }

    // ---- enabled and filter (spec/proxy.md §1.2)

    /**
     * A false filter skips Capabilities for the OPTIONS, which goes on to Forward: its destination is the proxy, so
     * 482; the evaluation is counted in {@code count-eval-false}.
     */
    @Test
    void aModuleWhoseFilterIsFalseIsSkippedAndCountedInCountEvalFalse() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", "[module::Capabilities]\nfilter=false\n");
                UdpPeer peer = new UdpPeer(proxy)) {
            long falseBefore = proxy.counter("module::Capabilities", "count-eval-false");
            long trueBefore = proxy.counter("module::Capabilities", "count-eval-true");
            peer.send(optionsToTheProxy(proxy, peer, "filtered-1"));
            String answer = peer.finalResponse();
            assertEquals(482, status(answer), "Capabilities skipped, Forward refuses to send to itself\n" + answer
                    + proxy.report());
            assertEquals(falseBefore + 1, proxy.counter("module::Capabilities", "count-eval-false"),
                    "the false filter is counted once");
            assertEquals(trueBefore, proxy.counter("module::Capabilities", "count-eval-true"));
        }
    }

    /** A disabled module is skipped without its filter being evaluated: neither counter moves. */
    @Test
    void aDisabledModuleIsSkippedWithoutEvaluatingItsFilter() throws Exception {
        try (Proxy proxy = Proxy.start(dir, "", "[module::Capabilities]\nenabled=false\n");
                UdpPeer peer = new UdpPeer(proxy)) {
            peer.send(optionsToTheProxy(proxy, peer, "disabled-1"));
            String answer = peer.finalResponse();
            assertEquals(482, status(answer), "Capabilities skipped, Forward refuses to send to itself\n" + answer
                    + proxy.report());
            assertEquals(0, proxy.counter("module::Capabilities", "count-eval-false"), "filter not evaluated");
            assertEquals(0, proxy.counter("module::Capabilities", "count-eval-true"), "filter not evaluated");
        }
    }

    private static String optionsToTheProxy(Proxy proxy, UdpPeer peer, String callId) {
        return """
                OPTIONS sip:%s SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-%s;rport
                Max-Forwards: 70
                From: <sip:alice@example.org>;tag=%s
                To: <sip:%s>
                Call-ID: %s@127.0.0.1
                CSeq: 1 OPTIONS
                Content-Length: 0

                """.formatted(proxy.address(), peer.port(), callId, callId, proxy.address(), callId);
    }

    private static int status(String response) {
        Matcher m = STATUS.matcher(response);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The first header line named {@code name}, as received. */
    private static String header(String message, String name) {
        return message.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in\n" + message));
    }

    /** The proxy jar with a configuration file, on a free UDP and TCP port of 127.0.0.1. */
    private static final class Proxy implements AutoCloseable {
        private final ServiceProcess process;
        private final int port;
        private final Path dir;

        private Proxy(ServiceProcess process, int port, Path dir) {
            this.process = process;
            this.port = port;
            this.dir = dir;
        }

        /**
         * Starts the proxy with a configuration file of {@code global} parameters and other {@code sections}; the
         * log level is debug, so that a failure report shows the proxy's transactions.
         */
        static Proxy start(Path dir, String global, String sections) throws IOException {
            Path file = Files.writeString(dir.resolve("flexisip.conf"),
                    "[global]\nlog-level=debug\n" + global + "\n" + sections);
            int port = ServiceProcess.freeUdpAndTcpPort();
            ServiceProcess process = ServiceProcess.start(Role.PROXY, dir, "-c", file.toString(),
                    "-t", "sip:127.0.0.1:" + port);
            try {
                process.awaitReady();
            } catch (RuntimeException | Error e) {
                close(process);
                throw e;
            }
            return new Proxy(process, port, dir);
        }

        int port() {
            return port;
        }

        /** host:port, as in the proxy's Via sent-by and Record-Route. */
        String address() {
            return "127.0.0.1:" + port;
        }

        /** A counter of the admin REST API ({@code GET /api/config/<section>/<counter>}, spec/config.md §9.3). */
        long counter(String section, String name) throws IOException, InterruptedException {
            HttpResponse<String> r = process.get("/api/config/" + section + "/" + name);
            assertEquals(200, r.statusCode(), r.body());
            Matcher m = COUNTER_VALUE.matcher(r.body());
            assertTrue(m.find(), r.body());
            return Long.parseLong(m.group(1));
        }

        /** The tails of the proxy's error output and log files (its standard output repeats the log). */
        String report() {
            StringBuilder text = new StringBuilder("==== proxy on ").append(address()).append('\n');
            try {
                text.append("---- stderr (tail)\n").append(tail(process.stderr()));
            } catch (IOException e) {
                text.append("(error output unreadable: ").append(e.getMessage()).append(")\n");
            }
            Path logs = dir.resolve("log");
            if (Files.isDirectory(logs)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(logs)) {
                    for (Path f : files) {
                        text.append("---- ").append(f.getFileName()).append(" (tail)\n")
                                .append(SippProcess.tail(f, 150));
                    }
                } catch (IOException e) {
                    text.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
                }
            }
            return text.toString();
        }

        private static String tail(String text) {
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())) + "\n";
        }

        private static void close(ServiceProcess process) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    /** A SIP peer on a UDP socket of 127.0.0.1, sending whole requests and reading the answers. */
    private static final class UdpPeer implements AutoCloseable {
        private final DatagramSocket socket;
        private final int proxyPort;
        private final List<String> received = new ArrayList<>();

        UdpPeer(Proxy proxy) throws IOException {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            this.proxyPort = proxy.port();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Sends a request written with LF line ends, as CRLF (RFC 3261 §7). */
        void send(String request) throws IOException {
            byte[] bytes = request.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), proxyPort));
        }

        /** The first final (non-1xx) response, skipping provisional ones; fails when none comes in time. */
        String finalResponse() throws IOException {
            long deadline = System.nanoTime() + ANSWER_BOUND.toNanos();
            byte[] buffer = new byte[65_535];
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no final response within " + ANSWER_BOUND + "; received: " + received);
                }
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
                received.add(text);
                int status = status(text);
                if (status >= 200) {
                    return text;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
