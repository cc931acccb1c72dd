package org.flexisip.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleCommandTest {
    private static final ConfigSchema SCHEMA = StandardSchema.build("v");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private RoleCommand.Outcome run(Role role, String... args) {
        String[] withLogs = new String[args.length + 2];
        withLogs[0] = "--set";
        withLogs[1] = "global/log-directory=" + dir.resolve("logs");
        System.arraycopy(args, 0, withLogs, 2, args.length);
        return new RoleCommand(role, SCHEMA, dir.resolve("absent.conf"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(withLogs);
    }

    private int exitCode(Role role, String... args) {
        return assertInstanceOf(RoleCommand.Exit.class, run(role, args)).code();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noOptionStartsOnDefaultsWithOneWarningLine() {
        assertInstanceOf(RoleCommand.Start.class, run(Role.PROXY));
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void serverNamingAnotherRoleIsRefusedNamingIt() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--server", "presence"));
        assertTrue(err().contains("presence"), err());
    }

    @Test
    void serverNamingItsOwnRoleStarts() {
        assertInstanceOf(RoleCommand.Start.class, run(Role.REGEVENT, "--server", "regevent"));
    }

    @Test
    void serverB2buaIsNotSupported() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--server", "proxy,b2bua"));
        assertTrue(err().contains("b2bua role is not supported"), err());
    }

    @Test
    void unknownServerNameIsRefused() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--server", "sbc"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--hostname", "x"));
    }

    @Test
    void unknownDumpFormatListsTheFiveFormats() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--dump-default", "global", "--dump-format", "doc"));
        assertTrue(err().contains("file, tex, doku, media, xwiki"), err());
    }

    @Test
    void dumpDefaultGlobalPrintsTheGlobalSection() {
        assertEquals(0, exitCode(Role.PROXY, "--dump-default", "global"));
        assertTrue(out().contains("[global]\n"));
        assertTrue(out().contains("#transports=sip:*\n"));
    }

    @Test
    void dumpDefaultOfAnUnknownSectionSuggests() {
        assertEquals(RoleCommand.USAGE_ERROR, exitCode(Role.PROXY, "--dump-default", "globl"));
        assertTrue(err().contains("did you mean 'global'"), err());
    }

    @Test
    void dumpAllDefaultPrintsEverySectionOfEveryRole() {
        assertEquals(0, exitCode(Role.PRESENCE, "--dump-all-default"));
        assertTrue(out().contains("[module::Registrar]\n"));
        assertTrue(out().contains("[presence-server]\n"));
        assertTrue(out().contains("[regevent-server]\n"));
    }

    @Test
    void listModulesPrintsTheChainOrder() {
        assertEquals(0, exitCode(Role.PROXY, "--list-modules"));
        List<String> modules = out().lines().toList();
        assertEquals("module::DoSProtection", modules.get(0));
        assertTrue(modules.indexOf("module::Authentication") < modules.indexOf("module::Registrar"));
        assertTrue(modules.indexOf("module::Registrar") < modules.indexOf("module::Router"));
        assertTrue(modules.indexOf("module::Router") < modules.indexOf("module::Forward"));
    }

    @Test
    void listSectionsPrintsTopLevelSections() {
        assertEquals(0, exitCode(Role.PROXY, "--list-sections"));
        List<String> sections = out().lines().toList();
        assertTrue(sections.containsAll(List.of("global", "module::Registrar", "presence-server")), sections.toString());
    }

    @Test
    void listOverridesOfAModuleByItsBareNameEndsWithNoSnmp() {
        assertEquals(0, exitCode(Role.PROXY, "--list-overrides", "Registrar"));
        List<String> lines = out().lines().toList();
        assertTrue(lines.contains("module::Registrar/enabled"), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("module::Registrar/") || l.equals("nosnmp")));
        assertEquals("nosnmp", lines.get(lines.size() - 1));
    }

    @Test
    void versionPrintsTheRoleAndVersion() {
        assertEquals(0, exitCode(Role.CONFERENCE, "--version"));
        assertTrue(out().startsWith("flexisip-conference "), out());
    }

    @Test
    void helpPrintsTheOptions() {
        assertEquals(0, exitCode(Role.PROXY, "-h"));
        assertTrue(out().contains("--dump-default"), out());
    }

    @Test
    void invalidConfigurationExitsNonZeroWithTheSummary() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "[global]\nlog-levl=debug\n");
        assertEquals(1, exitCode(Role.PROXY, "-c", f.toString()));
        assertTrue(err().contains(f + ":2: global/log-levl:"), err());
        assertTrue(err().contains("Some items or sections are invalid in the configuration file"), err());
    }

    @Test
    void rewriteConfigPrintsTheFileBackWithItsValues() throws Exception {
        Path f = dir.resolve("in.conf");
        Files.writeString(f, "[global]\nlog-level=warning\n[presence-server]\nexpires=700\n");
        assertEquals(0, exitCode(Role.PROXY, "-c", f.toString(), "--rewrite-config"));
        assertTrue(out().contains("\nlog-level=warning\n"), out());
        assertTrue(out().contains("[presence-server]"), out());
    }

    @Test
    void anUnusableLogDirectoryRefusesTheStartNamingIt() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        assertEquals(1, exitCode(Role.PROXY, "--set", "global/log-directory=" + notADirectory.resolve("logs")));
        assertTrue(err().contains("global/log-directory"), err());
    }

    @Test
    void theLogDirectoryIsCreatedWhenMissing() {
        assertInstanceOf(RoleCommand.Start.class, run(Role.PROXY));
        assertTrue(Files.isDirectory(dir.resolve("logs")));
    }

    @Test
    void aTlsTransportWrittenWithTheSipSchemeRefusesTheStartNamingTheUri() {
        assertEquals(1, exitCode(Role.PROXY, "-t", "sip:*;transport=tls"));
        assertTrue(err().contains("'sip:*;transport=tls': transport=tls on a sip: URI: use the sips scheme"), err());
    }

    @Test
    void dumpMibsPrintsTheMibOfTheSectionsTheRoleReads() {
        assertEquals(0, exitCode(Role.PRESENCE, "--dump-mibs"));
        assertTrue(out().startsWith("FLEXISIP-MIB DEFINITIONS ::= BEGIN\n"), out());
        assertTrue(out().contains("presenceServer OBJECT-IDENTITY"), out());
        assertTrue(!out().contains("moduleRouter OBJECT-IDENTITY"), "the presence role does not read Router");
        assertTrue(out().endsWith("END\n"));
    }
}
