package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real clients through the built proxy jar, run as a process with its Registrar (internal database) serving
 * {@code localhost}: liblinphone's {@code linphone-daemon} ({@link LinphoneDaemon}) registers {@code sip:alice@localhost}
 * and {@code sip:bob@localhost} as Linphone does (GRUU and {@code +sip.instance}, RFC 5627 and 5626), calls and sends
 * text messages. A call's in-dialog requests (ACK, BYE) are addressed to the far end's GRUU along the route the proxy
 * recorded: NatHelper's Record-Route and Forward's GRUU resolution bring them there. Each step is bounded; the
 * clients and the proxy are stopped by PID after each test, and the assertion messages carry the clients' events and
 * SIP traffic and the proxy's debug log. On each registrar database: {@link LinphoneClientsOnInternalDbTest} and
 * {@link LinphoneClientsOnRedisDbTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class LinphoneClientsTest {
    /** The bound of each step (registration, ringing, answer, hang-up, delivery). */
    private static final Duration STEP_BOUND = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PROXY_LOG_TAIL_LINES = 250;

    @TempDir
    Path dir;

    private ServiceProcess proxy;
    private int proxyPort;
    private final List<LinphoneDaemon> clients = new ArrayList<>();

    @BeforeEach
    void startProxy() throws IOException {
        startProxy(List.of());
    }

    /** The {@code --set} values that put the proxy on the registrar database of the subclass, started if needed. */
    abstract List<String> registrarDatabase() throws IOException;

    /** Stops what {@link #registrarDatabase()} started, after the proxy. */
    abstract void stopRegistrarDatabase();

    /** Starts the proxy with {@code settings} ({@code --set} arguments) added to the defaults of these tests. */
    private void startProxy(List<String> settings) throws IOException {
        proxyPort = ServiceProcess.freeUdpAndTcpPort();
        List<String> args = new ArrayList<>(List.of("-t", "sip:127.0.0.1:" + proxyPort,
                "--set", "global/log-level=debug",
                "--set", "module::Registrar/reg-domains=localhost"));
        for (String setting : registrarDatabase()) {
            args.addAll(List.of("--set", setting));
        }
        for (String setting : settings) {
            args.addAll(List.of("--set", setting));
        }
        proxy = ServiceProcess.start(Role.PROXY, Files.createDirectories(dir.resolve("proxy")),
                args.toArray(String[]::new)).awaitReady();
    }

    /** Stops every client and the proxy by PID, then checks that no client process is left. */
    @AfterEach
    void stopEverything() throws InterruptedException {
        List<ProcessHandle> started = new ArrayList<>();
        try {
            for (int i = clients.size() - 1; i >= 0; i--) {
                started.addAll(clients.get(i).processes());
                clients.get(i).close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            stopRegistrarDatabase();
        }
        List<ProcessHandle> leftovers = new ArrayList<>(started.stream().filter(ProcessHandle::isAlive).toList());
        // Any process whose command line names this test's folder (the daemons' --config and --log).
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                .filter(p -> p.isAlive() && !leftovers.contains(p))
                .forEach(leftovers::add);
        assertTrue(leftovers.isEmpty(), () -> "processes left after the test: " + leftovers.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    // ---- calls

    /**
     * RFC 3261 §13 and §15: alice calls bob, bob answers, both reach streams-running ({@code call-status}), then one of
     * them hangs up; the BYE, addressed to the other's GRUU along the recorded route (§12.2.1.1, §16.12), reaches it
     * and its call ends. Media timeouts are off, so only that BYE can end the far end's call.
     */
    @ParameterizedTest(name = "over {0}, the {1} hangs up")
    @CsvSource({"udp, caller", "udp, callee", "tcp, caller", "tcp, callee"})
    void aCallBetweenTwoRegisteredClientsIsAnsweredAndEndsWithTheByeOfEitherSide(String transport, String hangingUp)
            throws Exception {
        LinphoneDaemon alice = client("alice", "alice", transport);
        LinphoneDaemon bob = client("bob", "bob", transport);
        awaitRegistered(alice, bob);

        alice.commandOk("call sip:bob@localhost");
        within("bob's phone rings", () -> bob.reachedCallState("LinphoneCallIncomingReceived"));
        bob.commandOk("answer");
        within("alice's call-status gives LinphoneCallStreamsRunning",
                () -> alice.callState().filter("LinphoneCallStreamsRunning"::equals).isPresent());
        within("bob's call-status gives LinphoneCallStreamsRunning",
                () -> bob.callState().filter("LinphoneCallStreamsRunning"::equals).isPresent());
        assertTrue(bob.receivedStartLines().stream().anyMatch(line -> line.startsWith("ACK ")),
                () -> "the ACK did not reach bob\n" + report());

        LinphoneDaemon hangsUp = hangingUp.equals("caller") ? alice : bob;
        LinphoneDaemon other = hangsUp == alice ? bob : alice;
        hangsUp.commandOk("terminate");
        within(other.name() + "'s call ends on the BYE of " + hangsUp.name(),
                () -> other.reachedCallState("LinphoneCallReleased"));
        within(hangsUp.name() + "'s call ends", () -> hangsUp.reachedCallState("LinphoneCallReleased"));
        assertTrue(other.receivedStartLines().stream().anyMatch(line -> line.startsWith("BYE ")),
                () -> "the BYE did not reach " + other.name() + "\n" + report());
        for (LinphoneDaemon client : List.of(alice, bob)) {
            List<String> states = client.callStates();
            assertTrue(states.contains("LinphoneCallEnd") && !states.contains("LinphoneCallError"),
                    () -> client.name() + "'s call did not end cleanly: " + states + "\n" + report());
        }
    }

    /**
     * RFC 3261 §16.6 (forking, Router) and §9: with bob on two devices, alice's call rings both; when one answers,
     * the proxy cancels the other's branch, whose phone stops ringing, and the call goes on with the device that
     * answered until alice hangs up.
     */
    @Test
    void aCallToBobRingsBothOfHisDevicesAndTheOtherStopsRingingWhenOneAnswers() throws Exception {
        LinphoneDaemon alice = client("alice", "alice", "udp");
        LinphoneDaemon bobDesk = client("bob-desk", "bob", "udp");
        LinphoneDaemon bobPhone = client("bob-phone", "bob", "udp");
        awaitRegistered(alice, bobDesk, bobPhone);

        alice.commandOk("call sip:bob@localhost");
        within("bob's desk rings", () -> bobDesk.reachedCallState("LinphoneCallIncomingReceived"));
        within("bob's phone rings", () -> bobPhone.reachedCallState("LinphoneCallIncomingReceived"));
        bobPhone.commandOk("answer");
        within("alice's call-status gives LinphoneCallStreamsRunning",
                () -> alice.callState().filter("LinphoneCallStreamsRunning"::equals).isPresent());
        within("bob's desk stops ringing (CANCEL)", () -> bobDesk.reachedCallState("LinphoneCallReleased"));
        assertTrue(bobDesk.receivedStartLines().stream().anyMatch(line -> line.startsWith("CANCEL ")),
                () -> "the CANCEL did not reach bob's desk\n" + report());
        within("bob's phone's call-status gives LinphoneCallStreamsRunning",
                () -> bobPhone.callState().filter("LinphoneCallStreamsRunning"::equals).isPresent());

        alice.commandOk("terminate");
        within("bob's phone's call ends on alice's BYE", () -> bobPhone.reachedCallState("LinphoneCallReleased"));
        assertFalse(bobDesk.callStates().contains("LinphoneCallStreamsRunning"), this::report);
    }

    // ---- authentication

    /**
     * spec/proxy.md §8 with liblinphone's digest (RFC 7616 for SHA-256, RFC 2617 for MD5): alice and bob, each with
     * a password, are challenged (401) and register; alice's call is challenged (407), sent again with her
     * credentials for the algorithm offered, and bob answers; the call ends with alice's BYE, which is never
     * challenged; alice's MESSAGE is challenged (407) too, sent again with her credentials, and delivered.
     */
    @ParameterizedTest(name = "with {0}")
    @CsvSource({"SHA-256", "MD5"})
    void clientsWithAPasswordRegisterAndCallThroughAuthentication(String algorithm) throws Exception {
        proxy.close();
        Path passwords = Files.writeString(dir.resolve("passwords"),
                "version:1\nalice@localhost clrtxt:alice-secret ;\nbob@localhost clrtxt:bob-secret ;\n");
        startProxy(List.of("module::Authentication/enabled=true", "module::Authentication/file-path=" + passwords,
                "module::Authentication/available-algorithms=" + algorithm));
        LinphoneDaemon alice = LinphoneDaemon.start(dir, "alice", "alice", Optional.of("alice-secret"), "udp",
                proxyPort);
        clients.add(alice);
        LinphoneDaemon bob = LinphoneDaemon.start(dir, "bob", "bob", Optional.of("bob-secret"), "udp", proxyPort);
        clients.add(bob);
        awaitRegistered(alice, bob);
        for (LinphoneDaemon client : List.of(alice, bob)) {
            assertTrue(client.receivedStartLines().stream().anyMatch(l -> l.startsWith("SIP/2.0 401 ")),
                    () -> client.name() + " registered without a challenge\n" + report());
        }

        alice.commandOk("call sip:bob@localhost");
        within("bob's phone rings", () -> bob.reachedCallState("LinphoneCallIncomingReceived"));
        assertTrue(alice.receivedStartLines().stream().anyMatch(l -> l.startsWith("SIP/2.0 407 ")),
                () -> "alice's INVITE was not challenged\n" + report());
        assertTrue(Files.readString(alice.folder().resolve("daemon.log")).contains("algorithm=" + algorithm),
                () -> "alice's credentials do not use " + algorithm + "\n" + report());
        bob.commandOk("answer");
        within("alice's call-status gives LinphoneCallStreamsRunning",
                () -> alice.callState().filter("LinphoneCallStreamsRunning"::equals).isPresent());
        alice.commandOk("terminate");
        within("bob's call ends on alice's BYE", () -> bob.reachedCallState("LinphoneCallReleased"));

        String id = alice.commandOk("message sip:bob@localhost Authenticated hello").field("Id").orElseThrow();
        within("bob receives alice's authenticated message", () -> bob.receivedMessages().stream()
                .anyMatch(m -> m.field("Id").equals(id)));
        within("alice's message is delivered", () -> delivered(alice, id));
        assertTrue(alice.sipTraffic().stream().filter(l -> l.contains("MESSAGE sip:bob@localhost")).count() >= 2,
                () -> "alice's MESSAGE was not challenged and sent again with credentials\n" + report());
    }

    // ---- text messages

    /**
     * RFC 3428: alice's MESSAGE to {@code sip:bob@localhost} reaches bob's registered device, and its 200 comes back
     * to alice (her message reaches the state Delivered).
     */
    @Test
    void aTextMessageFromAliceReachesBob() throws Exception {
        LinphoneDaemon alice = client("alice", "alice", "udp");
        LinphoneDaemon bob = client("bob", "bob", "udp");
        awaitRegistered(alice, bob);

        String id = alice.commandOk("message sip:bob@localhost Hello bob, this is alice").field("Id").orElseThrow();
        within("bob receives alice's message", () -> bob.receivedMessages().stream()
                .anyMatch(m -> m.field("Id").equals(id) && m.field("From").equals("sip:alice@localhost")
                        && m.field("Content").equals("\"Hello bob, this is alice\"")));
        within("alice's message is delivered (200)",
                () -> delivered(alice, id));
    }

    /**
     * RFC 3428 and RFC 3261 §16.6 (Router forking to every contact of the AOR): with bob registered from two
     * devices (two instance ids), alice's MESSAGE reaches both.
     */
    @Test
    void aTextMessageToBobReachesBothOfHisDevices() throws Exception {
        LinphoneDaemon alice = client("alice", "alice", "udp");
        LinphoneDaemon bobDesk = client("bob-desk", "bob", "udp");
        LinphoneDaemon bobPhone = client("bob-phone", "bob", "udp");
        awaitRegistered(alice, bobDesk, bobPhone);

        String id = alice.commandOk("message sip:bob@localhost Hello both of you").field("Id").orElseThrow();
        for (LinphoneDaemon device : List.of(bobDesk, bobPhone)) {
            within(device.name() + " receives alice's message", () -> device.receivedMessages().stream()
                    .anyMatch(m -> m.field("Id").equals(id) && m.field("From").equals("sip:alice@localhost")
                            && m.field("Content").equals("\"Hello both of you\"")));
        }
        within("alice's message is delivered (200)",
                () -> delivered(alice, id));
        for (LinphoneDaemon device : List.of(bobDesk, bobPhone)) {
            assertEquals(1, device.receivedMessages().stream().filter(m -> m.field("Id").equals(id)).count(),
                    () -> device.name() + " got the message more than once\n" + report());
        }
    }

    // ---- helpers

    /**
     * Whether alice's message {@code id} reached its destination: the 200 moves it to Delivered, but when the
     * recipient's IMDN delivery notification overtakes the 200 (both cross the proxy at the same moment),
     * liblinphone goes straight to DeliveredToUser and never reports Delivered.
     */
    private static boolean delivered(LinphoneDaemon sender, String id) throws IOException {
        List<String> states = sender.messageStates(id);
        return states.contains("LinphoneChatMessageStateDelivered")
                || states.contains("LinphoneChatMessageStateDeliveredToUser");
    }

    private LinphoneDaemon client(String name, String user, String transport) throws IOException {
        LinphoneDaemon client = LinphoneDaemon.start(dir, name, user, transport, proxyPort);
        clients.add(client);
        return client;
    }

    private void awaitRegistered(LinphoneDaemon... all) {
        for (LinphoneDaemon client : all) {
            within(client.name() + " is registered", client::registered);
        }
    }

    /** Awaits {@code condition} for at most {@link #STEP_BOUND}; fails with every log when it does not hold. */
    private void within(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(STEP_BOUND).pollInterval(POLL).until(condition);
        } catch (RuntimeException | AssertionError e) { // a timeout, or a client that died or failed a command
            throw new AssertionError(what + ": not within " + STEP_BOUND + "\n" + report(), e);
        }
    }

    /** Every client's report, then the proxy's output and the tail of its debug log. */
    private String report() {
        StringBuilder text = new StringBuilder();
        for (LinphoneDaemon client : clients) {
            text.append(client.report());
        }
        text.append("==== proxy on port ").append(proxyPort).append('\n');
        Path proxyDir = dir.resolve("proxy");
        try (var files = Files.list(proxyDir)) {
            for (Path output : files.filter(p -> p.toString().endsWith(".err") || p.toString().endsWith(".out"))
                    .sorted().toList()) {
                text.append("---- ").append(output.getFileName()).append(" (tail)\n")
                        .append(SippProcess.tail(output, 30));
            }
        } catch (IOException e) {
            text.append("(").append(e.getMessage()).append(")\n");
        }
        Path log = proxyDir.resolve("log/flexisip-proxy.log");
        text.append("---- ").append(log).append(" (tail)\n").append(SippProcess.tail(log, PROXY_LOG_TAIL_LINES));
        return text.toString();
    }
}
