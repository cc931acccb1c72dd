package org.flexisip.common.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;

/** The FLEXISIP-MIB module generated from a role's tree (spec/snmp.md §5). */
class FlexisipMibTest {
    private static final ConfigSchema SCHEMA = StandardSchema.build("1.2.3");
    private static final Pattern OBJECT_TYPE = Pattern.compile("(\\S+) OBJECT-TYPE\\n"
            + " {4}SYNTAX +(.+)\\n {4}MAX-ACCESS +(\\S+)\\n {4}STATUS +current\\n {4}DESCRIPTION\\n"
            + " {8}\"([^\"]*)\"\\n {4}::= \\{ (\\S+) (\\d+) \\}\\n");
    private static final Pattern NODE = Pattern.compile("(\\S+) OBJECT-IDENTITY\\n.*?::= \\{ (\\S+) (\\d+) \\}",
            Pattern.DOTALL);

    /** An OBJECT-TYPE as written in the module. */
    record ObjectType(String name, String syntax, String access, String description, String parent, long leaf) {
    }

    private static List<SectionSpec> sectionsOf(Role role) {
        return SCHEMA.sections().stream().filter(s -> s.isReadBy(role)).toList();
    }

    private static Map<String, ObjectType> objectTypes(String mib) {
        Map<String, ObjectType> types = new HashMap<>();
        Matcher m = OBJECT_TYPE.matcher(mib);
        while (m.find()) {
            ObjectType t = new ObjectType(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
                    Long.parseLong(m.group(6)));
            assertTrue(types.put(t.name(), t) == null, "descriptor used twice: " + t.name());
        }
        return types;
    }

    private static Map<String, String> nodeOids(String mib) {
        Map<String, String> oids = new HashMap<>();
        oids.put("flexisipMIB", "1.3.6.1.4.1.10000");
        Matcher m = NODE.matcher(mib);
        while (m.find()) {
            oids.put(m.group(1), oids.get(m.group(2)) + "." + m.group(3));
        }
        return oids;
    }

    @Test
    void descriptorsAreLowerCamelCaseOfTheNames() {
        assertEquals("logLevel", FlexisipMib.descriptor("log-level"));
        assertEquals("moduleRegistrar", FlexisipMib.descriptor("module::Registrar"));
        assertEquals("countIncomingResponse100", FlexisipMib.descriptor("count-incoming-response-100"));
        assertEquals("x3pcc", FlexisipMib.descriptor("3pcc"));
    }

    @Test
    void everyEntryOfTheRoleIsAnObjectTypeUnderItsSectionWithItsOid() {
        String mib = FlexisipMib.of(Role.PROXY, "1.2.3", sectionsOf(Role.PROXY));
        Map<String, ObjectType> types = objectTypes(mib);
        Map<String, String> nodes = nodeOids(mib);
        Set<String> oids = new HashSet<>();
        for (ObjectType t : types.values()) {
            oids.add(nodes.get(t.parent()) + "." + t.leaf());
        }
        int entries = 0;
        for (SectionSpec s : sectionsOf(Role.PROXY)) {
            assertEquals(s.oid(), nodes.get(FlexisipMib.descriptor(s.name())), s.name());
            for (ParameterSpec p : s.parameters()) {
                assertTrue(oids.contains(s.oid(p)), s.name() + "/" + p.name());
                entries++;
            }
        }
        assertEquals(entries + 2, types.size(), "the entries, msg and source");
    }

    @Test
    void descriptorsAreValidSmiAndUnique() {
        String mib = FlexisipMib.of(Role.PROXY, "1.2.3", sectionsOf(Role.PROXY));
        for (String name : objectTypes(mib).keySet()) {
            assertTrue(name.matches("[a-z][A-Za-z0-9]*"), name);
            assertTrue(name.length() <= FlexisipMib.MAX_DESCRIPTOR, name);
        }
    }

    @Test
    void aNameSharedBySeveralEntriesIsPrefixedWithItsSection() {
        Map<String, ObjectType> types = objectTypes(FlexisipMib.of(Role.PROXY, "1.2.3", sectionsOf(Role.PROXY)));
        assertEquals("moduleRegistrar", types.get("moduleRegistrarEnabled").parent());
        assertFalse(types.containsKey("enabled"));
        assertEquals("global", types.get("logLevel").parent());
    }

    @Test
    void syntaxAndAccessFollowTheSpec() {
        Map<String, ObjectType> types = objectTypes(FlexisipMib.of(Role.PROXY, "1.2.3", sectionsOf(Role.PROXY)));
        assertEquals(new ObjectType("logLevel", "DisplayString", "read-write", types.get("logLevel").description(),
                "global", 894990596L), types.get("logLevel"));
        assertEquals("INTEGER { true(1), false(0) }", types.get("enableSnmp").syntax());
        assertEquals("Integer32", types.get("udpMtu").syntax());
        assertEquals("read-write", types.get("udpMtu").access(), "read-write even if SET answers notWritable");
        assertEquals("Counter64", types.get("countIncomingRequestInvite").syntax());
        assertEquals("read-only", types.get("countIncomingRequestInvite").access());
        assertEquals("read-only", types.get("versionNumber").access());
        assertEquals(999L, types.get("versionNumber").leaf());
        assertEquals("read-only", types.get("runtimeError").access());
        assertEquals("accessible-for-notify", types.get("msg").access());
        assertEquals(10L, types.get("msg").leaf());
        assertEquals(11L, types.get("source").leaf());
    }

    @Test
    void theLeavesOfAReadOnlySectionAreReadOnly() {
        SectionSpec cluster = SCHEMA.section("cluster").orElseThrow();
        assertTrue(cluster.readOnly());
        Map<String, ObjectType> types = objectTypes(FlexisipMib.of(Role.PROXY, "1.2.3", List.of(cluster)));
        assertEquals(cluster.parameters().size() + 2, types.size());
        types.values().stream().filter(t -> t.parent().equals("cluster"))
                .forEach(t -> assertEquals("read-only", t.access(), t.name()));
    }

    @Test
    void theModuleHasItsIdentityTheNotificationAndOnlyTheRolesSections() {
        String mib = FlexisipMib.of(Role.PRESENCE, "1.2.3", sectionsOf(Role.PRESENCE));
        assertTrue(mib.startsWith("FLEXISIP-MIB DEFINITIONS ::= BEGIN\n"));
        assertTrue(mib.contains("flexisipMIB MODULE-IDENTITY\n"));
        assertTrue(mib.contains("::= { enterprises 10000 }"));
        assertTrue(mib.contains("sender NOTIFICATION-TYPE\n    OBJECTS     { msg, source }\n"));
        assertTrue(mib.contains("presence-server role, version 1.2.3"), mib.substring(0, 1200));
        for (SectionSpec s : SCHEMA.sections()) {
            assertEquals(s.isReadBy(Role.PRESENCE), mib.contains("\n" + FlexisipMib.descriptor(s.name())
                    + " OBJECT-IDENTITY\n"), s.name());
        }
        assertTrue(mib.endsWith("\nEND\n"));
    }

    @Test
    void descriptionsAreAsciiWithDoubleQuotesWrittenAsTwoSingleQuotes() {
        assertEquals("        \"say ''hi'' to Jose ? now\"\n", FlexisipMib.quoted("say \"hi\" to José → now"));
        String mib = FlexisipMib.of(Role.PROXY, "1.2.3", sectionsOf(Role.PROXY));
        assertTrue(mib.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7F)), "ASCII only");
    }

    @Test
    void longDescriptionsAreWrappedOnIndentedLines() {
        String quoted = FlexisipMib.quoted("word ".repeat(40));
        for (String line : quoted.split("\n")) {
            assertTrue(line.startsWith("        "), line);
            assertTrue(line.length() <= 8 + 1 + 72 + 1, line);
        }
    }
}
