package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.schema.GlobalSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The traps of the built proxy's SNMP agent (spec/snmp.md §4), received by net-snmp's {@code snmptrapd} started
 * on a free port: the start trap, a runtime error raised (a transport on a UDP port the test holds) and cleared
 * (the port let go), and the normal-stop trap.
 */
class SnmpTrapTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String MSG = SnmpProxyAgentTest.ROOT + ".1.10 = STRING: ";
    private static final String SOURCE = SnmpProxyAgentTest.ROOT + ".1.11 = STRING: ";

    @TempDir
    Path dir;

    @Test
    void theReceiverGetsTheStartTrapAndTheRuntimeErrorTrapsThenTheStopTrap() throws Exception {
        SectionSpec global = GlobalSection.build("any");
        String transportsOid = global.oid(global.parameter("transports").orElseThrow());
        int trapPort = SnmpProxyAgentTest.NetSnmp.freeUdpPort();
        int agentPort = SnmpProxyAgentTest.NetSnmp.freeUdpPort();
        Path config = Files.writeString(dir.resolve("snmptrapd.conf"),
                "authCommunity log,execute,net e2e-traps\ndisableAuthorization yes\n");
        Path received = dir.resolve("snmptrapd.out");
        Process trapd = new ProcessBuilder("timeout", "--kill-after=5s", "300s", "snmptrapd", "-f", "-Lo", "-C",
                "-c", config.toString(), "-n", "-On", "-m", "", "udp:127.0.0.1:" + trapPort)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(received.toFile()).start();
        DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        String takenUri = "sip:127.0.0.1:" + taken.getLocalPort() + ";transport=udp";
        try {
            await().atMost(BOUND).until(() -> read(received).contains("NET-SNMP version"));
            try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir,
                    "-t", "sip:127.0.0.1:" + ServiceProcess.freeUdpAndTcpPort() + " " + takenUri,
                    "--set", "global/enable-snmp=true", "--set", "global/snmp-agent-port=" + agentPort,
                    "--set", "global/snmp-trap-destinations=127.0.0.1:" + trapPort,
                    "--set", "global/snmp-trap-community=e2e-traps")) {
                await().atMost(BOUND).until(() -> read(received).contains(MSG + "\"Flexisip proxy-server starting\""));
                await().atMost(BOUND).until(() -> trapLine(received, "Runtime error on global/transports: ") != null);
                String raised = trapLine(received, "Runtime error on global/transports: ");
                assertTrue(raised.contains(takenUri), raised);
                assertTrue(raised.contains(SOURCE + "\"" + transportsOid + "\""), raised);

                // The same error read with snmpget and through the REST API (once the management port is up).
                await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> proxy.get("/api/runtime-error").body().contains(takenUri));
                SnmpProxyAgentTest.NetSnmp.Result get = SnmpProxyAgentTest.NetSnmp.run(dir, "snmpget", "-v2c",
                        "-c", "public", "-On", "127.0.0.1:" + agentPort, SnmpProxyAgentTest.ROOT + ".2.998.0");
                String rest = JsonPath.from(proxy.get("/api/runtime-error").body()).getString("runtime-error");
                assertTrue(rest.startsWith(transportsOid + ":"), rest);
                Map<String, String> values = SnmpProxyAgentTest.NetSnmp.values(get.stdout());
                assertEquals("STRING: " + rest, values.get(SnmpProxyAgentTest.ROOT + ".2.998.0"), get.stderr());

                taken.close();
                await().atMost(BOUND).until(() -> trapLine(received, "Runtime error cleared on global/transports")
                        != null);
                assertTrue(trapLine(received, "Runtime error cleared on global/transports")
                        .contains(SOURCE + "\"" + transportsOid + "\""));
                proxy.stop(); // SIGTERM: a normal stop.
            }
            await().atMost(BOUND).until(() -> read(received).contains(
                    MSG + "\"Flexisip proxy-server exiting normally\""));
            List<String> order = read(received).lines().filter(l -> l.contains(MSG)).map(l -> l.substring(
                    l.indexOf(MSG) + MSG.length())).toList();
            assertEquals(4, order.size(), order.toString());
            assertEquals("\"Flexisip proxy-server starting\"", order.get(0));
            assertTrue(order.get(1).startsWith("\"Runtime error on global/transports: "), order.get(1));
            assertTrue(order.get(2).startsWith("\"Runtime error cleared on global/transports"), order.get(2));
            assertEquals("\"Flexisip proxy-server exiting normally\"", order.get(3));
        } finally {
            taken.close();
            trapd.destroy();
            trapd.waitFor();
        }
    }

    /** The line of the trap whose message starts with {@code messageStart}, or null. */
    private static String trapLine(Path received, String messageStart) throws IOException {
        return read(received).lines().filter(l -> l.contains(MSG + "\"" + messageStart)).findFirst().orElse(null);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
