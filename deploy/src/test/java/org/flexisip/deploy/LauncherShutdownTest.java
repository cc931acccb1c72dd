package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the launcher stops every role; -p/--pidfile and --daemon (spec/config.md §7). */
class LauncherShutdownTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsEveryRoleAndRemovesThePidFile() throws Exception {
        Path pidFile = dir.resolve("flexisip.pid");
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy presence", "-p",
                pidFile.toString())) {
            launcher.awaitReady(Role.PROXY).awaitReady(Role.PRESENCE);
            assertEquals(String.valueOf(launcher.pid()), Files.readString(pidFile).strip());
            assertEquals(2, launcher.roles().size());
            assertEquals(0, launcher.stop(), launcher.output());
            assertFalse(Files.exists(pidFile));
            assertEquals(List.of(), launcher.remaining());
            assertTrue(launcher.line("proxy stopped").isPresent() && launcher.line("presence stopped").isPresent(),
                    launcher.output());
        }
    }

    @Test
    void daemonDetachesAndItsPidFileNamesTheSupervisor() throws Exception {
        Path pidFile = dir.resolve("flexisip.pid");
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy", "--daemon", "-p",
                pidFile.toString())) {
            // The command returns once every role is up, the supervisor left running in the background.
            int status = launcher.awaitExit(Duration.ofSeconds(120));
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle supervisor = ProcessHandle.of(pid).orElseThrow();
            Map<Role, ProcessHandle> roles = launcher.roles(supervisor); // Stopped by close() if we fail.
            assertEquals(0, status, launcher.output());
            assertTrue(launcher.stdout().contains("running in the background"), launcher.output());
            assertNotEquals(launcher.pid(), pid);
            assertEquals(List.of(Role.PROXY), List.copyOf(roles.keySet()));
            assertEquals(200, launcher.readiness(Role.PROXY));
            String log = Files.readString(launcher.logDirectory().resolve("flexisip-launcher.log"));
            assertTrue(log.contains("every role is up: proxy"), log);
            assertEquals(pid, sessionId(pid).orElse(-1L), "the supervisor leads a session of its own");

            supervisor.destroy();
            await().atMost(Duration.ofSeconds(60)).until(() -> !supervisor.isAlive() && !Files.exists(pidFile));
            assertEquals(List.of(), launcher.remaining());
        }
    }

    /** The session id of a process (field 6 of /proc/PID/stat): its own PID once it called setsid. */
    private static java.util.Optional<Long> sessionId(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.Optional.of(Long.parseLong(fields[3]));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}
