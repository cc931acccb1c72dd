package org.flexisip.common.config.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDumperTest {
    private static final ConfigSchema SCHEMA = StandardSchema.build("v");
    private final SectionSpec global = SCHEMA.section("global").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void fileDumpOfGlobalPrintsEveryExportedParameterCommentedWithItsDefault() {
        String dump = ConfigDumper.ofDefaults(DumpFormat.FILE).dump(List.of(global));
        for (ParameterSpec p : ConfigDumper.dumpedParameters(global)) {
            assertTrue(dump.contains("\n#" + p.name() + "=" + p.defaultValue() + "\n"), p.name());
            assertTrue(dump.contains("# Default: " + p.defaultValue() + "\n"), p.name());
        }
    }

    @Test
    void fileDumpOmitsDeprecatedComputedAndCounterEntries() {
        String dump = ConfigDumper.ofDefaults(DumpFormat.FILE).dump(List.of(global));
        assertFalse(dump.contains("version-number="));
        assertFalse(dump.contains("runtime-error="));
        assertFalse(dump.contains("count-incoming-request-register"));
        assertFalse(dump.contains("use-maddr="));
    }

    @Test
    void fileDumpGivesTheDefaultUnitOfDurations() {
        String dump = ConfigDumper.ofDefaults(DumpFormat.FILE).dump(List.of(global));
        assertTrue(dump.contains("# Default: 3600\n# Default unit: second\n#idle-timeout=3600\n"), dump);
    }

    @Test
    void helpIsWrappedAtSixtyColumns() {
        String dump = ConfigDumper.ofDefaults(DumpFormat.FILE).dump(List.of(global));
        dump.lines().filter(l -> l.startsWith("# ") && !l.startsWith("# Default"))
                .forEach(l -> assertTrue(l.length() <= 62, l));
    }

    @Test
    void aValueThatIsNotTheDefaultIsPrintedUncommented() {
        String dump = new ConfigDumper(DumpFormat.FILE,
                section -> p -> p.name().equals("log-level") ? "debug" : p.defaultValue()).dump(List.of(global));
        assertTrue(dump.contains("\nlog-level=debug\n"), dump);
    }

    @Test
    void dumpOfEverySectionReadsBackAsTheDefaultsForEveryRole() throws Exception {
        Path file = dir.resolve("all.conf");
        Files.writeString(file, ConfigDumper.ofDefaults(DumpFormat.FILE)
                .dump(ConfigDumper.dumpedSections(SCHEMA.sections(), true)));
        for (Role role : Role.values()) {
            FlexisipConfig config = new ConfigLoader(SCHEMA, role).load(ConfigSources.ofFile(file), () -> "").config();
            for (ConfigSection s : config.sections()) {
                for (ConfigEntry e : s.entries()) {
                    assertTrue(e.isDefault(), e.path() + " = " + e.text());
                }
            }
        }
    }

    @Test
    void dumpWithChangedValuesReadsBackTheSameValues() throws Exception {
        Path file = dir.resolve("changed.conf");
        Files.writeString(file, new ConfigDumper(DumpFormat.FILE, section -> p -> switch (p.name()) {
            case "log-level" -> "warning";
            case "idle-timeout" -> "2h";
            case "aliases" -> "a.example.org b.example.org";
            default -> p.defaultValue();
        }).dump(List.of(global)));
        FlexisipConfig config = new ConfigLoader(SCHEMA, Role.PROXY).load(ConfigSources.ofFile(file), () -> "")
                .config();
        assertEquals("warning", config.global().getString("log-level"));
        assertEquals(7200, config.global().getDuration("idle-timeout").toSeconds());
        assertEquals(List.of("a.example.org", "b.example.org"), config.global().getStringList("aliases"));
    }

    @Test
    void experimentalModulesAreDumpedOnlyOnRequest() {
        List<String> plain = ConfigDumper.dumpedSections(SCHEMA.sections(), false).stream().map(SectionSpec::name)
                .toList();
        List<String> all = ConfigDumper.dumpedSections(SCHEMA.sections(), true).stream().map(SectionSpec::name)
                .toList();
        assertFalse(plain.contains("module::LoadBalancer"));
        assertTrue(all.contains("module::LoadBalancer"));
    }

    @Test
    void texDumpIsACompleteLatexDocumentWithEscapedText() {
        String tex = ConfigDumper.ofDefaults(DumpFormat.TEX).dump(List.of(global));
        assertTrue(tex.startsWith("\\documentclass{article}"));
        assertTrue(tex.trim().endsWith("\\end{document}"));
        assertTrue(tex.contains("\\section{global}"));
        assertTrue(tex.contains("Name & Description & Default value & Type"));
        assertEquals(count(tex, "\\begin{longtable}"), count(tex, "\\end{longtable}"));
        assertTrue(tex.contains("flexisip-\\{server\\}.log"), "braces escaped");
    }

    @Test
    void texEscapesEverySpecialCharacter() {
        assertEquals("a\\_b\\%c\\&d\\#e\\$f\\{g\\}\\textbackslash{}",
                ConfigDumper.texEscape("a_b%c&d#e$f{g}\\"));
    }

    @Test
    void dokuDumpHasAHeaderRowAndOneRowPerParameter() {
        String doku = ConfigDumper.ofDefaults(DumpFormat.DOKU).dump(List.of(global));
        assertTrue(doku.contains("^ Name ^ Description ^ Default value ^ Type ^\n"));
        assertEquals(ConfigDumper.dumpedParameters(global).size(),
                doku.lines().filter(l -> l.startsWith("| ")).count());
    }

    @Test
    void mediaDumpIsAClosedWikitable() {
        String media = ConfigDumper.ofDefaults(DumpFormat.MEDIA).dump(List.of(global));
        assertTrue(media.contains("{| class=\"wikitable\"\n! Name !! Description !! Default value !! Type\n"));
        assertTrue(media.contains("|}\n"));
        assertEquals(ConfigDumper.dumpedParameters(global).size(), count(media, "|-\n"));
    }

    @Test
    void xwikiDumpHasTheDefaultUnitColumn() {
        String xwiki = ConfigDumper.ofDefaults(DumpFormat.XWIKI).dump(List.of(global));
        assertTrue(xwiki.contains("|=Name|=Description|=Default value|=Type|=Default Unit\n"));
        assertTrue(xwiki.contains("|{{{idle-timeout}}}|"));
        assertTrue(xwiki.contains("|{{{DurationS}}}|{{{second}}}\n"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
