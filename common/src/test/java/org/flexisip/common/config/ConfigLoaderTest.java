package org.flexisip.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.filter.SipBooleanExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigLoaderTest {
    private static final ConfigSchema SCHEMA = StandardSchema.build("test-version");

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("flexisip.conf");
        Files.writeString(f, content);
        return f;
    }

    private ConfigLoader.Result load(Role role, ConfigSources sources) throws ConfigLoadException {
        return new ConfigLoader(SCHEMA, role).load(sources, () -> "");
    }

    private ConfigLoader.Result load(String content, String... overrides) throws Exception {
        return load(Role.PROXY, ConfigSources.ofFile(file(content), overrides));
    }

    private ConfigProblem onlyError(String content, String... overrides) throws IOException {
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> load(Role.PROXY, ConfigSources.ofFile(file(content), overrides)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        return e.problems().get(0);
    }

    @Test
    void misspelledKeyNamesLineTwoThePathAndSuggestsTheRightName() throws Exception {
        ConfigProblem p = onlyError("[global]\nlog-levl=debug\n");
        String message = p.toString();
        assertTrue(message.contains("flexisip.conf:2"), message);
        assertTrue(message.contains("global/log-levl"), message);
        assertTrue(message.contains("did you mean 'log-level'"), message);
    }

    @Test
    void duplicateKeyNamesBothLines() throws Exception {
        ConfigProblem p = onlyError("[global]\nidle-timeout=5\n[global]\nidle-timeout=6\n");
        assertTrue(p.toString().contains("has several entries (lines 2 and 4)"), p.toString());
        assertEquals("global/idle-timeout", p.path().orElseThrow());
    }

    @Test
    void millisecondsOnIdleTimeoutAreRefusedForPrecision() throws Exception {
        ConfigProblem p = onlyError("[global]\nidle-timeout=5ms\n");
        assertTrue(p.toString().contains(":2: global/idle-timeout"), p.toString());
        assertTrue(p.toString().contains("second is the maximum precision"), p.toString());
    }

    @Test
    void yesIsNotABoolean() throws Exception {
        ConfigProblem p = onlyError("[global]\nenable-snmp=yes\n");
        assertTrue(p.toString().contains(":2: global/enable-snmp"), p.toString());
        assertTrue(p.toString().contains("expected a Boolean"), p.toString());
    }

    @Test
    void unknownSectionIsRefusedWithSuggestion() throws Exception {
        ConfigProblem p = onlyError("[global]\n[module::Registar]\n");
        assertTrue(p.toString().contains(":2: "), p.toString());
        assertTrue(p.toString().contains("Unsupported section [module::Registar]"), p.toString());
        assertTrue(p.toString().contains("did you mean 'module::Registrar'"), p.toString());
    }

    @Test
    void transactionTimeoutOfOneMinuteReadsSixtyThousandMilliseconds() throws Exception {
        FlexisipConfig c = load("[global]\ntransaction-timeout=1min\n").config();
        assertEquals(60_000, c.global().getDuration("transaction-timeout").toMillis());
    }

    @Test
    void idleTimeoutOfTwoHoursReadsSevenThousandTwoHundredSeconds() throws Exception {
        FlexisipConfig c = load("[global]\nidle-timeout=2h\n").config();
        assertEquals(7200, c.global().getDuration("idle-timeout").toSeconds());
    }

    @Test
    void sectionAndKeyNamesAreCaseInsensitive() throws Exception {
        FlexisipConfig c = load("[GLOBAL]\nLog-Level=debug\n").config();
        assertEquals("debug", c.global().getString("log-level"));
    }

    @Test
    void everyProblemIsCollectedBeforeRefusing() throws Exception {
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> load("[global]\nenable-snmp=yes\nlog-levl=x\n[nope]\n"));
        assertEquals(3, e.problems().size(), e.problems().toString());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void oneFileWithEveryRoleSectionIsAcceptedByEveryRole(Role role) throws Exception {
        Path f = file("""
                [global]
                log-level=message
                [module::Registrar]
                reg-domains=example.org
                [presence-server]
                transports=sip:127.0.0.1:5065;transport=tcp
                [conference-server]
                enabled=false
                [regevent-server]
                transport=sip:127.0.0.1:6065;transport=tcp
                """);
        FlexisipConfig c = load(role, ConfigSources.ofFile(f)).config();
        assertEquals("message", c.global().getString("log-level"));
        assertEquals(List.of("example.org"), c.section("module::Registrar").orElseThrow().getStringList("reg-domains"));
    }

    @Test
    void aSectionOfAnotherRoleIsAcceptedWithoutBeingRead() throws Exception {
        FlexisipConfig c = load(Role.PROXY, ConfigSources.ofFile(file("[presence-server]\nno-such-key=1\n")))
                .config();
        assertTrue(c.section("presence-server").isEmpty());
    }

    @Test
    void theRoleThatReadsASectionRefusesItsUnknownKeys() throws Exception {
        Path f = file("[presence-server]\nno-such-key=1\n");
        assertThrows(ConfigLoadException.class, () -> load(Role.PRESENCE, ConfigSources.ofFile(f)));
    }

    @Test
    void setOverridesTheFile() throws Exception {
        FlexisipConfig c = load("[global]\nlog-level=message\n", "global/log-level=warning").config();
        assertEquals("warning", c.global().getString("log-level"));
        assertTrue(c.global().entry("log-level").origin().startsWith("--set"));
    }

    @Test
    void setOfAnUnknownPathIsRefusedWithSuggestion() throws Exception {
        ConfigProblem p = onlyError("", "global/log-levl=debug");
        assertTrue(p.toString().contains("--set global/log-levl=debug"), p.toString());
        assertTrue(p.toString().contains("did you mean 'global/log-level'"), p.toString());
    }

    @Test
    void setIsValidatedLikeTheFile() throws Exception {
        ConfigProblem p = onlyError("", "global/enable-snmp=yes");
        assertTrue(p.toString().contains("expected a Boolean"), p.toString());
    }

    @Test
    void noSnmpSpecialKeyIsAccepted() throws Exception {
        assertTrue(load("", "nosnmp=true").snmpDisabled());
    }

    @Test
    void transportsOptionReplacesGlobalTransports() throws Exception {
        ConfigLoader.Result r = load(Role.PROXY, new ConfigSources(Optional.of(file("[global]\ntransports=sip:*\n")),
                ConfigSources.DEFAULT_FILE, List.of(), Optional.of("sip:127.0.0.1:5070")));
        assertEquals(List.of("sip:127.0.0.1:5070"), r.config().global().getStringList("transports"));
    }

    @Test
    void missingFileNamedWithDashCExitsWith255() {
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> load(Role.PROXY, ConfigSources.ofFile(dir.resolve("absent.conf"))));
        assertEquals(255, e.exitCode());
        assertTrue(e.problems().get(0).message().startsWith("No configuration file found at "));
    }

    @Test
    void withoutFileTheBuiltInDefaultsApplyWithOneWarning() throws Exception {
        ConfigLoader.Result r = load(Role.PROXY, new ConfigSources(Optional.empty(), dir.resolve("absent.conf"),
                List.of(), Optional.empty()));
        assertEquals(1, r.warnings().size());
        assertEquals(List.of("sip:*"), r.config().global().getStringList("transports"));
        assertEquals(Duration.ofSeconds(3600), r.config().global().getDuration("idle-timeout"));
    }

    @Test
    void readOnlyVersionNumberCannotBeSet() throws Exception {
        ConfigProblem p = onlyError("[global]\nversion-number=1\n");
        assertTrue(p.toString().contains("read-only"), p.toString());
    }

    @Test
    void maxLogSizeOtherThanMinusOneIsFatal() throws Exception {
        ConfigProblem p = onlyError("[global]\nmax-log-size=10M\n");
        assertTrue(p.toString().contains("logrotate"), p.toString());
    }

    @Test
    void deprecatedParameterIsAcceptedWithAWarning() throws Exception {
        ConfigLoader.Result r = load("[global]\nuse-maddr=true\n");
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("deprecated")), r.warnings().toString());
    }

    @Test
    void unknownLogLevelFallsBackToErrorWithAWarningNamingTheLine() throws Exception {
        ConfigLoader.Result r = load("[global]\nlog-level=verbose\n");
        assertEquals("error", r.config().global().getString("log-level"));
        assertTrue(r.warnings().stream().anyMatch(w -> w.origin().endsWith(":2")), r.warnings().toString());
    }

    @Test
    void defaultServersNamingAnUnknownRoleIsFatal() throws Exception {
        ConfigProblem p = onlyError("[global]\ndefault-servers=proxy sbc\n");
        assertTrue(p.toString().contains("'sbc'"), p.toString());
    }

    @Test
    void b2buaInDefaultServersIsNotSupported() throws Exception {
        ConfigProblem p = onlyError("[global]\ndefault-servers=proxy b2bua\n");
        assertTrue(p.toString().contains("not supported"), p.toString());
    }

    @Test
    void uniqueIdMustBeSixteenHexCharacters() throws Exception {
        ConfigProblem p = onlyError("[global]\nunique-id=xyz\n");
        assertEquals("global/unique-id", p.path().orElseThrow());
    }

    @Test
    void rtpBindAddressNeedsExactlyTwoAddresses() throws Exception {
        ConfigProblem p = onlyError("[global]\nrtp-bind-address=0.0.0.0\n");
        assertEquals("global/rtp-bind-address", p.path().orElseThrow());
    }

    @Test
    void enablingAnUnsupportedModuleIsRefused() throws Exception {
        ConfigProblem p = onlyError("[module::Transcoder]\nenabled=true\n");
        assertTrue(p.toString().contains("not supported"), p.toString());
    }

    @Test
    void unsupportedModuleSectionIsAcceptedWhileDisabled() throws Exception {
        assertFalse(load("[module::Transcoder]\nenabled=false\n").config().section("module::Transcoder")
                .orElseThrow().getBoolean("enabled"));
    }

    @Test
    void brokenFilterRefusesTheLoadWithLinePathAndPosition() throws Exception {
        ConfigProblem p = onlyError("[module::Router]\nfilter=request.method ==\n");
        String message = p.toString();
        assertTrue(message.contains("flexisip.conf:2"), message);
        assertEquals("module::Router/filter", p.path().orElseThrow());
        assertTrue(message.contains("invalid BooleanExpr value 'request.method ==': at position 17: expected an "
                + "operand"), message);
    }

    @Test
    void filterIsReadAsACompiledExpression() throws Exception {
        FlexisipConfig c = load("[module::Router]\nfilter=is_request && request.method == 'INVITE'\n").config();
        SipBooleanExpression filter = c.section("module::Router").orElseThrow().getFilter("filter");
        assertEquals("is_request && request.method == 'INVITE'", filter.text());
        assertEquals("is_request && request.method == 'INVITE'",
                c.section("module::Router").orElseThrow().entry("filter").text());
    }

    @Test
    void emptyShowBodyForIsRefused() throws Exception {
        ConfigProblem p = onlyError("[global]\nshow-body-for=\n");
        assertTrue(p.toString().contains("global/show-body-for"), p.toString());
        assertTrue(p.toString().contains("write true or false"), p.toString());
    }
}
