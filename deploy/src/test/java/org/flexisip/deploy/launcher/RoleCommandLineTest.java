package org.flexisip.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;

class RoleCommandLineTest {
    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path JAR = Path.of("/repo/presence-service/target/quarkus-app/quarkus-run.jar");
    private static final Path LOGS = Path.of("/var/log/flexisip");
    private static final Path STARTED = Path.of("/tmp/run/presence.pid");

    private static List<String> command(boolean dumpCoreFiles, Optional<Path> setsid) {
        return RoleCommandLine.of(Role.PRESENCE, JAVA, JAR, List.of("-c", "f.conf", "--set", "global/aliases=a"),
                dumpCoreFiles, LOGS, List.of("-Xmx1g", "-Dquarkus.management.port=9281"), setsid)
                .command(STARTED);
    }

    @Test
    void runsTheRoleJarWithItsRoleItsStartedFileThenTheLauncherArguments() {
        List<String> command = command(false, Optional.empty());
        assertEquals(JAVA.toString(), command.get(0));
        assertEquals(List.of("-jar", JAR.toString(), "--server", "presence", "-p", STARTED.toString(), "-c",
                "f.conf", "--set", "global/aliases=a"), command.subList(command.indexOf("-jar"), command.size()));
    }

    @Test
    void putsTheOperatorsJavaOptionsLastSoTheyWin() {
        List<String> command = command(true, Optional.empty());
        int jar = command.indexOf("-jar");
        assertEquals(List.of("-Xmx1g", "-Dquarkus.management.port=9281"), command.subList(jar - 2, jar));
        assertTrue(command.indexOf("-XX:+ExitOnOutOfMemoryError") < jar - 2);
        assertTrue(command.contains("-XX:ErrorFile=/var/log/flexisip/hs_err_presence_pid%p.log"), command.toString());
    }

    @Test
    void withDumpCorefilesRaisesTheCoreLimitAndAsksForCoreAndHeapDumps() {
        List<String> command = command(true, Optional.empty());
        assertEquals(List.of("sh", "-c", RoleCommandLine.UNLIMITED_CORE_FILES, "flexisip-presence", JAVA.toString()),
                command.subList(0, 5));
        assertTrue(RoleCommandLine.UNLIMITED_CORE_FILES.startsWith("ulimit -c unlimited"));
        assertTrue(command.containsAll(List.of("-XX:+CreateCoredumpOnCrash", "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=/var/log/flexisip")), command.toString());
        assertFalse(command.contains("-XX:-CreateCoredumpOnCrash"));
    }

    @Test
    void withoutDumpCorefilesTurnsCoreDumpsOffAndAsksForNoHeapDump() {
        List<String> command = command(false, Optional.empty());
        assertTrue(command.contains("-XX:-CreateCoredumpOnCrash"));
        assertTrue(command.stream().noneMatch(w -> w.startsWith("-XX:+HeapDumpOnOutOfMemoryError")
                || w.startsWith("-XX:HeapDumpPath") || w.equals("sh")), command.toString());
    }

    @Test
    void startsInASessionOfItsOwnWhenSetsidExists() {
        List<String> command = command(true, Optional.of(Path.of("/usr/bin/setsid")));
        assertEquals(List.of("/usr/bin/setsid", "sh"), command.subList(0, 2));
    }
}
