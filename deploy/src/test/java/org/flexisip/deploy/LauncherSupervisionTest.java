package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher watches its roles (spec/global.md §2 auto-respawn). */
class LauncherSupervisionTest {
    @TempDir
    Path dir;

    @Test
    void startsAgainAProxyKilledBySignal9WhenAutoRespawnIsTrue() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy", "--set",
                "global/auto-respawn=true")) {
            ProcessHandle first = launcher.awaitReady(Role.PROXY).roles().get(Role.PROXY);
            assertTrue(launcher.proxyAnswersOptions(Duration.ofSeconds(10)), launcher.output());
            long killed = System.nanoTime();
            first.destroyForcibly(); // SIGKILL
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> launcher.proxyAnswersOptions(Duration.ofMillis(500)));
            System.out.printf("proxy answering OPTIONS again %d ms after kill -9%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis());
            ProcessHandle second = launcher.roles().get(Role.PROXY);
            assertNotEquals(first.pid(), second.pid());
            assertTrue(launcher.line("proxy died (status 137, killed by signal 9)").isPresent(), launcher.output());
            assertTrue(launcher.process().isAlive());
        }
    }

    @Test
    void stopsTheOtherRoleAndExitsWithTheDeadRolesStatusWhenAutoRespawnIsFalse() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy presence", "--set",
                "global/auto-respawn=false")) {
            launcher.awaitReady(Role.PROXY).awaitReady(Role.PRESENCE);
            Map<Role, ProcessHandle> roles = launcher.roles();
            roles.get(Role.PROXY).destroyForcibly();
            assertEquals(137, launcher.awaitExit(Duration.ofSeconds(60)), launcher.output());
            await().atMost(Duration.ofSeconds(10)).until(() -> !roles.get(Role.PRESENCE).isAlive());
            assertEquals(List.of(), launcher.remaining());
            assertTrue(launcher.line("proxy died (status 137, killed by signal 9) and global/auto-respawn is false")
                    .isPresent(), launcher.output());
        }
    }

    @Test
    void endsWithTheStatusOfARoleThatCannotStartEvenWithAutoRespawn() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, List.of(LauncherProcess.SCRIPT.toString(),
                "--server", "proxy"), Map.of("FLEXISIP_PROXY_JAVA_OPTS", "-XX:+NoSuchJvmOption"))) {
            assertEquals(1, launcher.awaitExit(Duration.ofSeconds(60)), launcher.output());
            assertTrue(launcher.line("proxy failed to start (status 1)").isPresent(), launcher.output());
            assertTrue(launcher.stderr().contains("NoSuchJvmOption"), launcher.output());
            assertFalse(launcher.line("starting again").isPresent(), launcher.output());
        }
    }
}
