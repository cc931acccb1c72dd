package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --dump-mibs} of the built services loaded by net-snmp's {@code snmptranslate} (spec/snmp.md §5).
 *
 * <p>Debian ships no IETF MIB module (they are not free software): SNMPv2-SMI and SNMPv2-TC, which FLEXISIP-MIB
 * imports, are absent, and so are most modules of net-snmp's default list. The test gives net-snmp minimal
 * stand-ins of its own for the two modules FLEXISIP-MIB imports (the definitions it uses, nothing else); the
 * default-list modules missing from the machine are not FLEXISIP-MIB's concern.
 */
class SnmpMibTest {
    /** What FLEXISIP-MIB imports from SNMPv2-SMI: the enterprises arc (the macros and types are net-snmp's own). */
    private static final String SNMPV2_SMI = """
            SNMPv2-SMI DEFINITIONS ::= BEGIN
            -- Test stand-in: the arcs down to enterprises, nothing else.
            org         OBJECT IDENTIFIER ::= { iso 3 }
            dod         OBJECT IDENTIFIER ::= { org 6 }
            internet    OBJECT IDENTIFIER ::= { dod 1 }
            private     OBJECT IDENTIFIER ::= { internet 4 }
            enterprises OBJECT IDENTIFIER ::= { private 1 }
            END
            """;
    /** What FLEXISIP-MIB imports from SNMPv2-TC: DisplayString. */
    private static final String SNMPV2_TC = """
            SNMPv2-TC DEFINITIONS ::= BEGIN
            -- Test stand-in: DisplayString only.
            DisplayString ::= TEXTUAL-CONVENTION
                DISPLAY-HINT "255a"
                STATUS       current
                DESCRIPTION  "Text."
                SYNTAX       OCTET STRING (SIZE (0..255))
            END
            """;

    @TempDir
    Path dir;

    private Path dumpMib(Role role) throws Exception {
        ServiceProcess.Result dump = ServiceProcess.run(role, dir, "--dump-mibs");
        assertEquals(0, dump.exitCode(), dump.stderr());
        Path mib = Files.writeString(dir.resolve("FLEXISIP-MIB-" + role.id() + ".txt"), dump.stdout());
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Files.writeString(stubs.resolve("SNMPv2-SMI.txt"), SNMPV2_SMI);
        Files.writeString(stubs.resolve("SNMPv2-TC.txt"), SNMPV2_TC);
        return mib;
    }

    @Test
    void snmptranslateAddingTheDumpedMibToTheDefaultListFindsEveryModuleItNeeds() throws Exception {
        Path mib = dumpMib(Role.PROXY);
        SnmpProxyAgentTest.NetSnmp.Result tp = SnmpProxyAgentTest.NetSnmp.runExactly(dir, List.of("snmptranslate",
                "-m", "+" + mib, "-M", "+" + dir.resolve("stubs"), "-Tp"));
        assertEquals(0, tp.exitCode(), tp.stderr());
        List<String> ours = tp.stderr().lines()
                .filter(l -> l.contains(mib.toString()) || l.contains("FLEXISIP-MIB") || l.contains("SNMPv2-SMI)")
                        || l.contains("SNMPv2-TC)") || l.contains("yntax"))
                .toList();
        assertEquals(List.of(), ours, "errors about FLEXISIP-MIB or the modules it imports");
        assertTrue(tp.stdout().contains("+--flexisipMIB(10000)"), tp.stdout());
        assertTrue(tp.stdout().contains("String    logLevel(894990596)"), tp.stdout());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void theMibOfEachRoleLoadsAloneWithoutAnyMessage(Role role) throws Exception {
        Path mib = dumpMib(role);
        SnmpProxyAgentTest.NetSnmp.Result tp = SnmpProxyAgentTest.NetSnmp.runExactly(dir, List.of("snmptranslate",
                "-m", mib.toString(), "-M", dir.resolve("stubs").toString(), "-Pw", "-Tp"));
        assertEquals(0, tp.exitCode(), tp.stderr());
        assertEquals("", tp.stderr());
        assertTrue(tp.stdout().contains("+--flexisip(1)"), tp.stdout());
        assertTrue(tp.stdout().contains("-R-- String    versionNumber(999)"), tp.stdout());
        assertTrue(tp.stdout().contains("-R-- String    runtimeError(998)"), tp.stdout());
        assertTrue(tp.stdout().contains("-RW- EnumVal   enableSnmp("), tp.stdout());
        assertTrue(tp.stdout().contains("-R-- Counter64 "), tp.stdout());
        assertTrue(tp.stdout().contains("String    logLevel(894990596)"), tp.stdout());

        SnmpProxyAgentTest.NetSnmp.Result oid = SnmpProxyAgentTest.NetSnmp.runExactly(dir, List.of("snmptranslate",
                "-m", mib.toString(), "-M", dir.resolve("stubs").toString(), "-On", "FLEXISIP-MIB::logLevel.0",
                "FLEXISIP-MIB::sender", "FLEXISIP-MIB::runtimeError.0"));
        assertEquals(List.of(SnmpProxyAgentTest.ROOT + ".2.894990596.0", SnmpProxyAgentTest.ROOT + ".1.1",
                SnmpProxyAgentTest.ROOT + ".2.998.0"), oid.stdout().lines().filter(l -> !l.isBlank()).toList(),
                oid.stderr());
    }
}
