package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The built proxy's SNMP agent (spec/snmp.md) driven by net-snmp's command-line tools (Debian {@code snmp}):
 * {@code snmpwalk}, {@code snmpbulkwalk}, {@code snmpget} and {@code snmpset} against the values the REST API
 * shows. One proxy for the class, its agent on a free UDP port of 127.0.0.1.
 */
class SnmpProxyAgentTest {
    static final String ROOT = ".1.3.6.1.4.1.10000.1";
    private static final String WRITE_COMMUNITY = "e2e-writer";
    private static final String LOG_LEVEL = ROOT + ".2.894990596.0";
    /** SNMPv3 users: name, access, authentication and privacy passphrases. */
    private static final String V3_ADMIN = "admin:rw:admin-auth-secret:admin-priv-secret";
    private static final String V3_WATCHER = "watcher:ro:watcher-auth-secret:watcher-priv-secret";

    @TempDir
    static Path dir;
    private static ServiceProcess proxy;
    private static String agent;

    @BeforeAll
    static void startProxy() throws Exception {
        int port = NetSnmp.freeUdpPort();
        agent = "127.0.0.1:" + port;
        proxy = ServiceProcess.start(Role.PROXY, dir, "--set", "global/enable-snmp=true",
                "--set", "global/snmp-agent-port=" + port,
                "--set", "global/snmp-write-community=" + WRITE_COMMUNITY,
                "--set", "global/snmp-v3-users=" + V3_ADMIN + " " + V3_WATCHER).awaitReady();
    }

    @AfterAll
    static void stopProxy() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aWalkOfTheRootListsEveryGlobalParameterWithItsCurrentValue() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(dir, "snmpwalk", "-v2c", "-c", "public", "-On", agent, ROOT);
        assertEquals(0, walk.exitCode(), walk.stderr());
        Map<String, String> values = NetSnmp.values(walk.stdout());

        List<Map<String, Object>> entries = JsonPath.from(proxy.get("/api/config/global").body())
                .getList("entries");
        int globals = 0;
        for (Map<String, Object> entry : entries) {
            String oid = "." + entry.get("oid") + ".0";
            assertTrue(values.containsKey(oid), entry.get("path") + " missing from the walk");
            assertEquals(expectedRendering((String) entry.get("type"), (String) entry.get("value")), values.get(oid),
                    String.valueOf(entry.get("path")));
            globals++;
        }
        long walkedGlobals = values.keySet().stream().filter(oid -> oid.startsWith(ROOT + ".2.")).count();
        assertEquals(globals, walkedGlobals, "the walk shows exactly the [global] entries of the REST API");
        int allEntries = JsonPath.from(proxy.get("/api/config").body()).getList("sections.entries.flatten()").size();
        assertEquals(allEntries, values.size(), "the walk shows every entry the proxy reads");
        System.out.printf("snmpwalk of %s: %d [global] entries, %d entries in all%n", ROOT, walkedGlobals,
                values.size());
    }

    @Test
    void aBulkWalkSeesTheSameTreeAsAWalk() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(dir, "snmpwalk", "-v2c", "-c", "public", "-On", agent, ROOT + ".2");
        NetSnmp.Result bulk = NetSnmp.run(dir, "snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Cr25", agent,
                ROOT + ".2");
        assertEquals(0, bulk.exitCode(), bulk.stderr());
        assertEquals(NetSnmp.values(walk.stdout()).keySet(), NetSnmp.values(bulk.stdout()).keySet());
    }

    @Test
    void versionNumberAndRuntimeErrorReadAsTheRestApiShowsThem() throws Exception {
        NetSnmp.Result get = NetSnmp.run(dir, "snmpget", "-v2c", "-c", "public", "-On", agent, ROOT + ".2.999.0",
                ROOT + ".2.998.0");
        assertEquals(0, get.exitCode(), get.stderr());
        Map<String, String> values = NetSnmp.values(get.stdout());
        assertEquals("STRING: " + JsonPath.from(proxy.get("/api/version").body()).getString("version"),
                values.get(ROOT + ".2.999.0"));
        assertEquals(expectedRendering("RuntimeError",
                JsonPath.from(proxy.get("/api/runtime-error").body()).getString("runtime-error")),
                values.get(ROOT + ".2.998.0"));
    }

    @Test
    void setOfLogLevelWithTheWriteCommunityChangesItAtOnce() throws Exception {
        String target = currentLogLevel().equals("debug") ? "message" : "debug";
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", "-v2c", "-c", WRITE_COMMUNITY, "-On", agent, LOG_LEVEL,
                "s", target);
        assertEquals(0, set.exitCode(), set.stderr());
        assertEquals(target, currentLogLevel());
    }

    @Test
    void setWithTheReadCommunityIsRefused() throws Exception {
        String before = currentLogLevel();
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", "-v2c", "-c", "public", agent, LOG_LEVEL, "s",
                before.equals("warning") ? "message" : "warning");
        assertNotEquals(0, set.exitCode());
        assertTrue(set.stderr().contains("authorizationError"), set.stderr());
        assertEquals(before, currentLogLevel());
    }

    @Test
    void setWithAnUnknownCommunityGetsNoAnswer() throws Exception {
        String before = currentLogLevel();
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", "-v2c", "-c", "guessed", "-t", "1", "-r", "0", agent,
                LOG_LEVEL, "s", "debug");
        assertNotEquals(0, set.exitCode());
        assertTrue(set.stderr().contains("Timeout"), set.stderr());
        assertEquals(before, currentLogLevel());
    }

    @Test
    void setOfTransportsIsNotWritable() throws Exception {
        String oid = "." + JsonPath.from(proxy.get("/api/config/global/transports").body()).getString("oid") + ".0";
        String before = JsonPath.from(proxy.get("/api/config/global/transports").body()).getString("value");
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", "-v2c", "-c", WRITE_COMMUNITY, agent, oid, "s",
                "sip:127.0.0.1:5999");
        assertNotEquals(0, set.exitCode());
        assertTrue(set.stderr().contains("notWritable"), set.stderr());
        assertEquals(before, JsonPath.from(proxy.get("/api/config/global/transports").body()).getString("value"));
    }

    @Test
    void setOfAnUnknownLogLevelIsWrongValue() throws Exception {
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", "-v2c", "-c", WRITE_COMMUNITY, agent, LOG_LEVEL, "s",
                "verbose");
        assertNotEquals(0, set.exitCode());
        assertTrue(set.stderr().contains("wrongValue"), set.stderr());
        assertFalse(currentLogLevel().equals("verbose"));
    }

    @Test
    void anSnmpV3UserReadsWithAuthenticationAndEncryption() throws Exception {
        NetSnmp.Result get = NetSnmp.run(dir, "snmpget", v3(V3_WATCHER, "-On", agent, ROOT + ".2.999.0"));
        assertEquals(0, get.exitCode(), get.stderr());
        assertEquals("STRING: " + JsonPath.from(proxy.get("/api/version").body()).getString("version"),
                NetSnmp.values(get.stdout()).get(ROOT + ".2.999.0"));
    }

    @Test
    void anSnmpV3ReadWriteUserSetsLogLevel() throws Exception {
        String target = currentLogLevel().equals("message") ? "warning" : "message";
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", v3(V3_ADMIN, agent, LOG_LEVEL, "s", target));
        assertEquals(0, set.exitCode(), set.stderr());
        assertEquals(target, currentLogLevel());
    }

    @Test
    void anSnmpV3ReadOnlyUserCannotSet() throws Exception {
        String before = currentLogLevel();
        NetSnmp.Result set = NetSnmp.run(dir, "snmpset", v3(V3_WATCHER, agent, LOG_LEVEL, "s",
                before.equals("warning") ? "message" : "warning"));
        assertNotEquals(0, set.exitCode());
        assertTrue(set.stderr().contains("authorizationError"), set.stderr());
        assertEquals(before, currentLogLevel());
    }

    /** net-snmp's SNMPv3 options for a user item, at the authPriv level (HMAC-SHA-256, AES-128), then {@code more}. */
    private static String[] v3(String user, String... more) {
        String[] parts = user.split(":", 4);
        List<String> args = new ArrayList<>(List.of("-v3", "-l", "authPriv", "-u", parts[0], "-a", "SHA-256", "-A",
                parts[2], "-x", "AES", "-X", parts[3]));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String currentLogLevel() throws IOException, InterruptedException {
        return JsonPath.from(proxy.get("/api/config/global/log-level").body()).getString("value");
    }

    /** How {@code snmpwalk -On} prints an entry whose REST value and type are these (spec/snmp.md §2). */
    static String expectedRendering(String type, String restValue) {
        return switch (type) {
            case "Boolean" -> "INTEGER: " + (restValue.equalsIgnoreCase("true") || restValue.equals("1") ? 1 : 0);
            case "Integer" -> "INTEGER: " + restValue;
            case "Counter64" -> "Counter64: " + restValue;
            case "StringList" -> "STRING: " + String.join(" ", restValue.strip().split("[ \t\r\n,]+"));
            default -> restValue.isEmpty() ? "STRING: " : "STRING: " + restValue;
        };
    }

    /** net-snmp's command-line tools, each under coreutils {@code timeout}, output in files of the test. */
    static final class NetSnmp {
        private static final long BOUND_SECONDS = 60;
        private static final Pattern LINE = Pattern.compile("^(\\.[0-9.]+) = (?:([A-Za-z0-9-]+): )?(.*)$");
        private static final AtomicInteger RUNS = new AtomicInteger();

        private NetSnmp() {
        }

        /** What a finished tool printed. */
        record Result(int exitCode, String stdout, String stderr) {
        }

        /** Runs a net-snmp tool to completion (bounded), loading no MIB ({@code -m ''}). */
        static Result run(Path dir, String tool, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(tool, "-m", ""));
            command.addAll(List.of(args));
            return runExactly(dir, command);
        }

        /** Runs {@code command} as given to completion, under coreutils {@code timeout}. */
        static Result runExactly(Path dir, List<String> command) throws IOException, InterruptedException {
            int n = RUNS.incrementAndGet();
            Path out = dir.resolve("netsnmp-" + n + ".out");
            Path err = dir.resolve("netsnmp-" + n + ".err");
            List<String> bounded = new ArrayList<>(List.of("timeout", "--kill-after=5s", BOUND_SECONDS + "s"));
            bounded.addAll(command);
            Process p = new ProcessBuilder(bounded).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(BOUND_SECONDS + 15, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " did not finish");
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /**
         * The values of {@code -On} output lines, by OID: {@code TYPE: value}, strings unquoted ({@code STRING: x},
         * the empty string {@code STRING: }).
         */
        static Map<String, String> values(String output) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches() || line.endsWith("(It is past the end of the MIB tree)")) {
                    continue; // Our tree is the agent's last: the walk ends on endOfMibView, printed like this.
                }
                String type = m.group(2) == null ? "STRING" : m.group(2);
                String value = m.group(3);
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
                }
                if (values.put(m.group(1), type + ": " + value) != null) {
                    throw new AssertionError("OID listed twice: " + m.group(1));
                }
            }
            return values;
        }

        /** A UDP port of 127.0.0.1 that nothing uses now. */
        static int freeUdpPort() throws IOException {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
