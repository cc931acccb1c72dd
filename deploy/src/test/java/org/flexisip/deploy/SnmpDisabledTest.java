package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/** When the SNMP agent does not run: off by default, off with {@code --set nosnmp=true}, and a port in use. */
class SnmpDisabledTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultNothingListensOnTheAgentPort() throws Exception {
        int port = SnmpProxyAgentTest.NetSnmp.freeUdpPort();
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir,
                "--set", "global/snmp-agent-port=" + port).awaitReady()) {
            assertPortFree(port);
            assertEquals("false", JsonPath.from(proxy.get("/api/config/global/enable-snmp").body())
                    .getString("value"));
        }
    }

    @Test
    void noSnmpTurnsTheAgentOffWhateverEnableSnmpSays() throws Exception {
        int port = SnmpProxyAgentTest.NetSnmp.freeUdpPort();
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "--set", "global/enable-snmp=true",
                "--set", "global/snmp-agent-port=" + port, "--set", "nosnmp=true").awaitReady()) {
            assertPortFree(port);
        }
    }

    @Test
    void anAgentPortInUseIsARuntimeErrorAndTheRoleStaysReady() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "--set", "global/enable-snmp=true",
                        "--set", "global/snmp-agent-port=" + taken.getLocalPort()).awaitReady()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> proxy.get("/api/runtime-error").body().contains("global/snmp-agent-port"));
            assertEquals(200, proxy.get("/q/health/ready").statusCode());
        }
    }

    /** Nothing answers on the port, and it can be bound: no agent holds it. */
    private void assertPortFree(int port) throws Exception {
        SnmpProxyAgentTest.NetSnmp.Result get = SnmpProxyAgentTest.NetSnmp.run(dir, "snmpget", "-v2c", "-c",
                "public", "-t", "1", "-r", "0", "127.0.0.1:" + port, SnmpProxyAgentTest.ROOT + ".2.999.0");
        assertTrue(get.stderr().contains("Timeout"), get.stdout() + get.stderr());
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            assertEquals(port, probe.getLocalPort());
        }
    }
}
