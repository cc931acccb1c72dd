package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/flexisip starts the roles named by --server, one process each (spec/config.md §7). */
class LauncherRolesTest {
    @TempDir
    Path dir;

    @Test
    void startsExactlyTheRolesNamedByServerEachLoggingToItsOwnFile() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy presence")) {
            launcher.awaitReady(Role.PROXY).awaitReady(Role.PRESENCE);
            assertEquals(Set.of(Role.PROXY, Role.PRESENCE), launcher.roles().keySet());
            assertEquals(2, launcher.process().toHandle().children().count(), launcher.output());
            assertTrue(launcher.get(Role.PRESENCE, "/api/version").body().contains("\"role\":\"presence\""));
            // spec/global.md §8.1: {server} in log-filename is each role's name.
            try (var files = Files.list(launcher.logDirectory())) {
                assertEquals(Set.of("flexisip-proxy.log", "flexisip-presence.log"),
                        Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
            }
            assertTrue(launcher.line("presence: module::Registrar/db-implementation is 'internal', not 'redis'")
                    .isPresent(), launcher.output());
        }
    }

    @Test
    void runsTheRoleWithUnlimitedCoreFilesAndHeapDumpsWhenDumpCorefilesIsTrue() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, "--server", "proxy", "--set",
                "global/dump-corefiles=true")) {
            ProcessHandle proxy = launcher.awaitReady(Role.PROXY).roles().get(Role.PROXY);
            String limits = Files.readString(Path.of("/proc/" + proxy.pid() + "/limits"));
            assertTrue(limits.lines().anyMatch(l -> l.matches("Max core file size\\s+unlimited\\s+.*")), limits);
            String args = String.join(" ", proxy.info().arguments().orElseThrow());
            assertTrue(args.contains("-XX:+CreateCoredumpOnCrash -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="
                    + launcher.logDirectory()), args);
        }
    }
}
