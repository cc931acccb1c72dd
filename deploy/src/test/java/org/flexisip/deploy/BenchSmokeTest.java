package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark scripts of {@code deploy/bench} (issue 11) do not rot: {@code run-all.sh --smoke} (one low-rate step of
 * each scenario, our proxy beside Kamailio when the {@code kamailio} test peer is installed) exits 0 and writes a
 * results table with every row. The figures themselves are never asserted: they depend on the machine.
 */
class BenchSmokeTest {
    /** The script's own bound (coreutils timeout); the smoke run takes about 30 s on 2 cores. */
    private static final int SCRIPT_BOUND_S = 150;
    private static final List<String> ROWS = List.of(
            "| register: highest rate with no failure and no retransmission",
            "| register: p50 response time at ",
            "| register: p99 response time at ",
            "| register: server CPU per 1,000 REGISTER transactions",
            "| register: server resident memory (PSS)",
            "| calls: highest rate with no failure and no retransmission",
            "| calls: p50 response time at ",
            "| calls: p99 response time at ",
            "| calls: server CPU per 1,000 transactions",
            "| calls: server resident memory (PSS)",
            "| memory: bytes per binding",
            "| start-up: proxy, process start to ready",
            "| register-auth: highest rate with no failure and no retransmission",
            "| register-auth: p50 response time at ",
            "| register-auth: server CPU per 1,000 REGISTER transactions",
            "| calls-auth: highest rate with no failure and no retransmission",
            "| calls-auth: p50 response time at ",
            "| calls-auth: server CPU per 1,000 transactions");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = SCRIPT_BOUND_S + 30, unit = TimeUnit.SECONDS)
    void theSmokeRunOfTheBenchmarksWritesEveryRow() throws Exception {
        Path repo = ServiceProcess.jar(Role.PROXY).toAbsolutePath().getParent().getParent().getParent().getParent();
        Path script = repo.resolve("deploy/bench/run-all.sh");
        Path results = dir.resolve("results.md");
        Path out = dir.resolve("run-all.out");
        boolean kamailio = onPath("kamailio");
        ProcessBuilder builder = new ProcessBuilder("timeout", "--kill-after=10s", SCRIPT_BOUND_S + "s", "bash",
                script.toString(), "--smoke", "--results", results.toString())
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", dir.toString());
        if (!kamailio) {
            // Ours only, rather than installing Kamailio inside a test (deploy/install-test-peers.sh installs it).
            builder.environment().put("BENCH_NO_KAMAILIO", "1");
        }
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(SCRIPT_BOUND_S + 20, TimeUnit.SECONDS), "run-all.sh --smoke did not end");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = SippProcess.tail(out, 60);
        assertEquals(0, process.exitValue(), "run-all.sh --smoke failed:\n" + output);
        assertTrue(Files.isRegularFile(results), "no results file\n" + output);
        String table = Files.readString(results, StandardCharsets.UTF_8);
        for (String row : ROWS) {
            assertTrue(table.lines().anyMatch(line -> line.startsWith(row)), "no row " + row + " in\n" + table);
        }
        assertTrue(table.contains("| Figure | Unit | Ours | Kamailio | Ours / Kamailio |"), table);
        if (kamailio) {
            assertTrue(table.contains("- Kamailio: kamailio 5"), "Kamailio was not measured\n" + table);
        }
    }

    private static boolean onPath(String command) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command));
    }
}
