package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.dump.ConfigDumper;
import org.flexisip.common.config.schema.GlobalSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The built services, run as processes, on the configuration files operators write. */
class ConfigurationCompatibilityTest {
    private static final String EVERY_ROLE_FILE = """
            [global]
            log-level=warning
            [module::Registrar]
            reg-domains=example.org
            [presence-server]
            expires=700
            [conference-server]
            conference-factory-uris=sip:conference-factory@example.org
            [regevent-server]
            transport=sip:127.0.0.1:6065;transport=tcp
            """;

    @TempDir
    Path dir;

    @Test
    void dumpDefaultGlobalPrintsEveryGlobalParameterWithItsDefault() throws Exception {
        ServiceProcess.Result dump = ServiceProcess.run(Role.PROXY, dir, "--dump-default", "global");
        assertEquals(0, dump.exitCode(), dump.stderr());
        SectionSpec global = GlobalSection.build("any");
        for (ParameterSpec p : ConfigDumper.dumpedParameters(global)) {
            assertTrue(dump.stdout().contains("\n#" + p.name() + "=" + p.defaultValue() + "\n"), p.name());
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void dumpOfGlobalFedBackWithDashCStartsTheRole(Role role) throws Exception {
        ServiceProcess.Result dump = ServiceProcess.run(Role.PROXY, dir, "--dump-default", "global");
        Path file = Files.writeString(dir.resolve("global.conf"), dump.stdout());
        try (ServiceProcess service = ServiceProcess.start(role, dir, "-c", file.toString()).awaitReady()) {
            assertTrue(service.get("/api/config/global/log-level").body().contains("\"value\":\"error\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void dumpOfEverySectionFedBackWithDashCStartsTheRole(Role role) throws Exception {
        ServiceProcess.Result dump = ServiceProcess.run(role, dir, "--dump-all-default");
        assertEquals(0, dump.exitCode(), dump.stderr());
        Path file = Files.writeString(dir.resolve("all.conf"), dump.stdout());
        try (ServiceProcess service = ServiceProcess.start(role, dir, "-c", file.toString()).awaitReady()) {
            assertEquals(200, service.get("/api/config").statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void oneFileWithTheSectionsOfEveryRoleStartsEveryRole(Role role) throws Exception {
        Path file = Files.writeString(dir.resolve("flexisip.conf"), EVERY_ROLE_FILE);
        try (ServiceProcess service = ServiceProcess.start(role, dir, "-c", file.toString()).awaitReady()) {
            assertTrue(service.get("/api/config/global/log-level").body().contains("\"value\":\"warning\""));
            assertTrue(service.get("/api/config/module::Registrar/reg-domains").body()
                    .contains("\"value\":\"example.org\""));
        }
    }

    @Test
    void misspelledKeyOnLineTwoRefusesTheStartNamingLinePathAndSuggestion() throws Exception {
        ServiceProcess.Result r = refused("[global]\nlog-levl=debug\n");
        assertTrue(r.stderr().contains(":2: global/log-levl: "), r.stderr());
        assertTrue(r.stderr().contains("did you mean 'log-level'?"), r.stderr());
    }

    static Stream<Arguments> refusedFiles() {
        return Stream.of(
                Arguments.of("duplicate key", "[global]\nidle-timeout=5\nidle-timeout=6\n",
                        ":3: global/idle-timeout: key 'idle-timeout' in section [global] has several entries "
                                + "(lines 2 and 3)"),
                Arguments.of("precision", "[global]\nidle-timeout=5ms\n",
                        ":2: global/idle-timeout: invalid DurationS value '5ms': second is the maximum precision"),
                Arguments.of("type", "[global]\nenable-snmp=yes\n",
                        ":2: global/enable-snmp: invalid Boolean value 'yes': expected a Boolean"),
                Arguments.of("unknown section", "[global]\n[presense-server]\n",
                        ":2: presense-server: Unsupported section [presense-server] at line 2, did you mean "
                                + "'presence-server'?"),
                Arguments.of("deprecated with a forbidden value", "[global]\nmax-log-size=10M\n",
                        ":2: global/max-log-size: invalid ByteSize value '10M'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFiles")
    void invalidFileRefusesTheStartWithOneMessageNamingLineAndPath(String what, String content, String expected)
            throws Exception {
        ServiceProcess.Result r = refused(content);
        assertTrue(r.stderr().contains(expected), r.stderr());
    }

    @Test
    void missingConfigurationFileExitsWith255() throws Exception {
        ServiceProcess.Result r = ServiceProcess.run(Role.PROXY, dir, "-c", dir.resolve("absent.conf").toString());
        assertEquals(255, r.exitCode());
        assertTrue(r.stderr().contains("No configuration file found at"), r.stderr());
    }

    @Test
    void embeddedDefaultStartsWithOneWarningLine() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Role.PROXY, dir).awaitReady()) {
            assertTrue(service.stderr().contains("running on the built-in defaults"), service.stderr());
        }
    }

    @Test
    void pidFileIsWrittenAtStartAndRemovedAtStop() throws Exception {
        Path pidFile = dir.resolve("proxy.pid");
        ServiceProcess service = ServiceProcess.start(Role.PROXY, dir, "-p", pidFile.toString()).awaitReady();
        assertEquals(Long.toString(service.pid()), Files.readString(pidFile).strip());
        service.stop();
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void setOverrideAppliesToTheRunningRole() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Role.REGEVENT, dir, "--set",
                "global/transaction-timeout=1min").awaitReady()) {
            assertTrue(service.get("/api/config/global/transaction-timeout").body().contains("\"value\":\"1min\""));
        }
    }

    /** Starts the proxy on {@code content}: it must exit non-zero before Quarkus (and any listener) starts. */
    private ServiceProcess.Result refused(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), content);
        ServiceProcess.Result r = ServiceProcess.run(Role.PROXY, dir, "-c", file.toString());
        assertNotEquals(0, r.exitCode());
        assertFalse(r.stdout().contains("listening"), r.stdout());
        assertTrue(r.stderr().contains(file + ":"), r.stderr());
        assertTrue(r.stderr().contains("Some items or sections are invalid in the configuration file"), r.stderr());
        return r;
    }
}
