package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.flexisip.common.config.Role;
import org.flexisip.common.registrar.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * module::Router forking (spec/proxy.md §14, RFC 3261 §16.7) in the built proxy between sipp peers that register
 * as devices of bob (each with its own {@code +sip.instance}), on each registrar database: {@code internal} and
 * {@code redis} (a real redis-server). Every sipp process of a test runs with the same {@code -cid_str}: the Call-ID
 * the caller sends is the one each device registered with, so that the forked request maps to the device's sipp
 * call (sipp drops requests of Call-IDs it did not make).
 */
class SippForkingTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Pattern CONTACT = Pattern.compile("\"contact\"");

    @TempDir
    Path dir;
    private Optional<RedisServer> redis = Optional.empty();
    private ServiceProcess proxy;
    private String proxyAddress;
    private final String callId = "fork-" + UUID.randomUUID() + "@sipp";
    private final List<SippProcess> sipps = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (SippProcess sipp : sipps) {
            sipp.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        redis.ifPresent(RedisServer::close);
    }

    /** RFC 3261 §16.7 step 10: a 2xx wins and the other branches are cancelled with the Reason of RFC 3326. */
    @ParameterizedTest(name = "on the {0} registrar database")
    @ValueSource(strings = {"internal", "redis"})
    void anInviteRingsBothDevicesTheOneThatAnswersWinsAndTheOtherIsCancelledWithTheReason(String database)
            throws Exception {
        start(database);
        SippProcess answering = device("desk", "device-answer.xml", "0001");
        SippProcess cancelled = device("phone", "device-cancelled.xml", "0002");
        awaitBindings(2);
        SippProcess caller = caller("uac-call.xml");
        assertEquals(0, caller.awaitExit(), caller.report() + answering.report() + cancelled.report());
        assertEquals(0, answering.awaitExit(), answering.report());
        assertEquals(0, cancelled.awaitExit(), cancelled.report());
        assertTrue(messages("phone").contains("Reason: SIP;cause=200;text=\"Call completed elsewhere\""),
                cancelled.report());
    }

    /** spec/proxy.md §14 best response: a 486 from one device does not end the call another answers. */
    @ParameterizedTest(name = "on the {0} registrar database")
    @ValueSource(strings = {"internal", "redis"})
    void aBusyDeviceDoesNotWinOverOneThatAnswers(String database) throws Exception {
        start(database);
        SippProcess answering = device("desk", "device-answer.xml", "0001");
        SippProcess busy = device("phone", "device-busy.xml", "0002");
        awaitBindings(2);
        SippProcess caller = caller("uac-call.xml");
        assertEquals(0, caller.awaitExit(), caller.report() + answering.report() + busy.report());
        assertEquals(0, answering.awaitExit(), answering.report());
        assertEquals(0, busy.awaitExit(), busy.report());
        assertTrue(statuses("caller").contains(200) && !statuses("caller").contains(486), caller.report());
    }

    /** RFC 3261 §16.7 step 5 (6xx): a 603 ends the fork at once; the other device is cancelled. */
    @ParameterizedTest(name = "on the {0} registrar database")
    @ValueSource(strings = {"internal", "redis"})
    void aDeclineFromOneDeviceEndsTheForkWith603(String database) throws Exception {
        start(database);
        SippProcess ringing = device("desk", "device-cancelled.xml", "0001");
        SippProcess declining = device("phone", "device-decline.xml", "0002");
        awaitBindings(2);
        SippProcess caller = caller("uac-refused.xml");
        assertEquals(0, caller.awaitExit(), caller.report() + ringing.report() + declining.report());
        assertEquals(0, ringing.awaitExit(), ringing.report());
        assertEquals(0, declining.awaitExit(), declining.report());
        assertEquals(List.of(603), statuses("caller"), caller.report());
    }

    /**
     * spec/proxy.md §14 rule 19 ({@code message-fork-late}): a MESSAGE to bob with no device is accepted with 202
     * after {@code message-accept-timeout}, and delivered when a device of bob registers.
     */
    @ParameterizedTest(name = "on the {0} registrar database")
    @ValueSource(strings = {"internal", "redis"})
    void aMessageToAnOfflineUserIsAcceptedAndDeliveredWhenADeviceRegisters(String database) throws Exception {
        start(database);
        SippProcess sender = caller("uac-message.xml");
        assertEquals(0, sender.awaitExit(), sender.report());
        assertEquals(List.of(202), statuses("caller"), sender.report());
        SippProcess device = device("phone", "device-message.xml", "0001");
        assertEquals(0, device.awaitExit(), device.report());
        assertTrue(messages("phone").contains("Are you there?"), device.report());
    }

    // ---- helpers

    private void start(String database) throws IOException {
        List<String> args = new ArrayList<>(List.of("--set", "global/log-level=debug",
                "--set", "module::Router/message-accept-timeout=1"));
        if (database.equals("redis")) {
            RedisServer server = RedisServer.start(dir);
            redis = Optional.of(server);
            args.addAll(List.of("--set", "module::Registrar/db-implementation=redis",
                    "--set", "module::Registrar/redis-server-domain=127.0.0.1",
                    "--set", "module::Registrar/redis-server-port=" + server.port()));
        }
        int port = ServiceProcess.freeUdpAndTcpPort();
        proxyAddress = "127.0.0.1:" + port;
        args.addAll(List.of("-t", "sip:" + proxyAddress));
        proxy = ServiceProcess.start(Role.PROXY, Files.createDirectories(dir.resolve("proxy")),
                args.toArray(String[]::new)).awaitReady();
    }

    private SippProcess device(String name, String scenario, String instance) throws IOException {
        return started(SippProcess.client(dir, name, scenario, proxyAddress, "-s", "bob", "-cid_str", callId,
                "-key", "instance", "00000000-0000-0000-0000-00000000" + instance));
    }

    private SippProcess caller(String scenario) throws IOException {
        return started(SippProcess.client(dir, "caller", scenario, proxyAddress, "-s", "bob", "-key", "callee_host",
                "localhost", "-cid_str", callId));
    }

    private SippProcess started(SippProcess sipp) {
        sipps.add(sipp);
        return sipp;
    }

    /** Waits until bob has {@code count} bindings, as the admin API lists them. */
    private void awaitBindings(int count) {
        try {
            await("bob has " + count + " bindings").atMost(BOUND).until(() -> {
                HttpResponse<String> r = proxy.get("/api/registrar/"
                        + URLEncoder.encode("sip:bob@localhost", StandardCharsets.UTF_8));
                return r.statusCode() == 200 && CONTACT.matcher(r.body()).results().count() == count;
            });
        } catch (RuntimeException e) {
            StringBuilder reports = new StringBuilder();
            sipps.forEach(s -> reports.append(s.report()));
            throw new AssertionError("bob never had " + count + " bindings\n" + reports, e);
        }
    }

    private String messages(String name) throws IOException {
        Path file = dir.resolve(name + "-messages.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The final statuses the sipp process {@code name} received, in order. */
    private List<Integer> statuses(String name) throws IOException {
        return SippProcess.finalStatuses(messages(name));
    }
}
