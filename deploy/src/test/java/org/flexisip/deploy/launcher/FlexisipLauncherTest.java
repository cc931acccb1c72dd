package org.flexisip.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher decides from its command line and the configuration, before starting anything. */
class FlexisipLauncherTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FlexisipLauncher launcher;

    @BeforeEach
    void fakeRepositoryWithTheFourJars() throws IOException {
        Path home = dir.resolve("repo");
        for (Role role : Role.values()) {
            Path jar = home.resolve(role.id() + "-service/target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
        launcher = launcher(home, Map.of("FLEXISIP_JAVA_OPTS", "-Xmx128m", "FLEXISIP_PROXY_JAVA_OPTS",
                " -Dquarkus.management.port=9280  -Da=b "));
    }

    private FlexisipLauncher launcher(Path home, Map<String, String> environment) {
        return new FlexisipLauncher(home, environment, dir.resolve("no-default.conf"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** {@code args} with the log directory in the temporary directory (the roles' check creates it). */
    private FlexisipLauncher.Decision plan(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "global/log-directory=" + dir.resolve("log")));
        return launcher.plan(all.toArray(String[]::new));
    }

    private FlexisipLauncher.Launch launch(String... args) {
        return assertInstanceOf(FlexisipLauncher.Launch.class, plan(args), err.toString(StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<Role> roles(FlexisipLauncher.Launch launch) {
        return launch.roles().stream().map(RoleCommandLine::role).toList();
    }

    @Test
    void startsTheDefaultServersWhenServerIsAbsent() {
        assertEquals(List.of(Role.PROXY), roles(launch()));
        assertEquals(List.of(Role.PRESENCE, Role.REGEVENT),
                roles(launch("--set", "global/default-servers=regevent presence")));
    }

    @Test
    void serverWinsOverDefaultServers() {
        assertEquals(List.of(Role.CONFERENCE), roles(launch("--set", "global/default-servers=presence",
                "--server", "conference")));
    }

    @Test
    void refusesAnUnknownServerWithAUsageError() {
        assertEquals(new FlexisipLauncher.Exit(2), plan("--server", "proxy bogus"));
        assertTrue(err().contains("error: --server: unknown role 'bogus'"), err());
    }

    @Test
    void refusesAnUnknownDefaultServerNamingIt() {
        assertEquals(new FlexisipLauncher.Exit(1), plan("--set", "global/default-servers=presence foo"));
        assertTrue(err().contains("'foo' is not one"), err());
    }

    @Test
    void printsAConfigurationErrorOnceForSeveralRolesAndStartsNothing() {
        assertEquals(new FlexisipLauncher.Exit(1), plan("--server", "all", "--set", "global/log-levl=debug"));
        assertEquals(1, err().lines().filter(l -> l.startsWith("error:")).count(), err());
        assertTrue(err().contains("did you mean 'global/log-level'"), err());
    }

    @Test
    void refusesAProxySectionErrorWhenTheProxyIsStarted() {
        assertEquals(new FlexisipLauncher.Exit(1), plan("--server", "proxy presence", "--set",
                "module::Router/fork-late=maybe"));
        assertTrue(err().contains("module::Router/fork-late"), err());
    }

    @Test
    void passesTheSameArgumentsToEveryRoleLessItsOwnOptions() {
        FlexisipLauncher.Launch launch = launch("--server", "proxy,presence", "--daemon", "-p", "f.pid",
                "--syslog", "-t", "sip:127.0.0.1:5070");
        for (RoleCommandLine line : launch.roles()) {
            assertEquals(List.of("--syslog", "-t", "sip:127.0.0.1:5070", "--set", "global/log-directory="
                    + dir.resolve("log")), line.arguments());
        }
        assertTrue(launch.daemon());
        assertEquals(Path.of("f.pid").toAbsolutePath(), launch.pidFile().orElseThrow());
    }

    @Test
    void givesEachRoleTheCommonThenItsOwnJavaOptions() {
        FlexisipLauncher.Launch launch = launch("--server", "proxy presence");
        List<String> proxy = launch.roles().get(0).prefix();
        assertEquals(List.of("-Xmx128m", "-Dquarkus.management.port=9280", "-Da=b"),
                proxy.subList(proxy.size() - 5, proxy.size() - 2));
        List<String> presence = launch.roles().get(1).prefix();
        assertEquals("-Xmx128m", presence.get(presence.size() - 3));
    }

    @Test
    void readsAutoRespawnAndTheLauncherLogFile() {
        FlexisipLauncher.Launch launch = launch("--set", "global/auto-respawn=false", "--set",
                "global/log-filename=fs-{server}.txt");
        assertEquals(false, launch.autoRespawn());
        assertEquals(dir.resolve("log/fs-launcher.txt"), launch.launcherLogFile());
        assertEquals(true, launch().autoRespawn());
    }

    @Test
    void warnsWhenRolesThatNeedRedisRunOnAnotherRegistrarDatabase() {
        String warning = launch("--server", "all").warnings().get(0);
        assertTrue(warning.startsWith("presence, conference, regevent: module::Registrar/db-implementation is "
                + "'internal', not 'redis'"), warning);
        assertEquals(List.of(), launch("--server", "proxy").warnings());
        assertEquals(List.of(), launch("--server", "presence", "--set", "module::Registrar/db-implementation=redis")
                .warnings());
    }

    @Test
    void saysWhereCoreFilesGoWhenDumpCorefilesIsTrue() {
        String note = launch("--set", "global/dump-corefiles=true").notes().get(0);
        assertTrue(note.contains("/proc/sys/kernel/core_pattern"), note);
        assertEquals(List.of(), launch().notes());
    }

    @Test
    void refusesToStartARoleWhoseJarIsMissing() throws IOException {
        Files.delete(dir.resolve("repo/regevent-service/target/quarkus-app/quarkus-run.jar"));
        assertEquals(new FlexisipLauncher.Exit(1), plan("--server", "all"));
        assertTrue(err().contains("regevent-service/target/quarkus-app/quarkus-run.jar is missing"), err());
    }

    @Test
    void answersInformationalOptionsWithoutStartingAnything() {
        assertEquals(new FlexisipLauncher.Exit(0), launcher.plan("--list-sections"));
        assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch("presence-server"::equals));
        assertEquals(new FlexisipLauncher.Exit(0), launcher.plan("--version"));
        assertEquals(new FlexisipLauncher.Exit(0), launcher.plan("-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: flexisip "));
    }

    @Test
    void leavesThePluginSectionsToTheProxy() throws IOException {
        Path conf = Files.writeString(dir.resolve("flexisip.conf"),
                "[global]\nplugins=acme\n\n[module::Acme]\nenabled=true\nanswer=42\n");
        FlexisipLauncher.Launch launch = launch("-c", conf.toString(), "--set", "module::Acme/colour=blue");
        assertEquals(List.of(Role.PROXY), roles(launch));
    }
}
