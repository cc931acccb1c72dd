package org.flexisip.common.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoadException;
import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The snmp-* parameters of [global]: their defaults, their checks, and the settings a role's agent gets. */
class SnmpAgentSettingsTest {

    private static FlexisipConfig load(Role role, String... overrides) throws ConfigLoadException {
        return new ConfigLoader(StandardSchema.build("1"), role).load(new ConfigSources(Optional.empty(),
                Path.of("/nonexistent/flexisip.conf"), List.of(overrides), Optional.empty()), () -> "").config();
    }

    @Test
    void defaultsListenOnLoopbackWithTheReadCommunityOnlyAndNoTrap() throws Exception {
        SnmpAgentSettings s = SnmpAgentSettings.of(load(Role.PROXY).global(), Role.PROXY);
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1161), s.listen());
        assertEquals(Optional.of("public"), s.readCommunity());
        assertEquals(Optional.empty(), s.writeCommunity());
        assertEquals(List.of(), s.trapDestinations());
        assertEquals("public", s.trapCommunity());
    }

    @Test
    void eachRoleListensOnItsOwnPort() {
        assertEquals(1161, SnmpAgentSettings.portOf(1161, Role.PROXY));
        assertEquals(1162, SnmpAgentSettings.portOf(1161, Role.PRESENCE));
        assertEquals(1163, SnmpAgentSettings.portOf(1161, Role.CONFERENCE));
        assertEquals(1164, SnmpAgentSettings.portOf(1161, Role.REGEVENT));
    }

    @Test
    void settingsComeFromGlobal() throws Exception {
        FlexisipConfig config = load(Role.CONFERENCE, "global/snmp-agent-address=::1", "global/snmp-agent-port=2000",
                "global/snmp-read-community=", "global/snmp-write-community=w",
                "global/snmp-trap-destinations=192.0.2.1 192.0.2.2:1162,[::1]:2162 [2001:db8::1]",
                "global/snmp-trap-community=t");
        SnmpAgentSettings s = SnmpAgentSettings.of(config.global(), Role.CONFERENCE);
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 2002), s.listen());
        assertEquals(Optional.empty(), s.readCommunity());
        assertEquals(Optional.of("w"), s.writeCommunity());
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 162),
                new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 1162),
                new InetSocketAddress(InetAddress.getByName("::1"), 2162),
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 162)), s.trapDestinations());
        assertEquals("t", s.trapCommunity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"global/snmp-agent-address=localhost", "global/snmp-agent-address=300.1.1.1",
        "global/snmp-agent-address=", "global/snmp-agent-port=0", "global/snmp-agent-port=65534",
        "global/snmp-trap-destinations=trap.example.org", "global/snmp-trap-destinations=::1:162",
        "global/snmp-trap-destinations=[::1]162", "global/snmp-trap-destinations=127.0.0.1:70000",
        "global/snmp-trap-destinations=127.0.0.1:"})
    void aBadValueRefusesTheStartNamingTheParameter(String override) {
        ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> load(Role.PROXY, override));
        String path = override.substring(0, override.indexOf('='));
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().contains(path)), e.problems().toString());
    }

    @Test
    void snmpV3UsersComeFromGlobalThePrivacyPassphraseMayHoldColons() throws Exception {
        FlexisipConfig config = load(Role.PROXY,
                "global/snmp-v3-users=admin:rw:auth-pass-1:priv:pass:2 watcher:ro:auth-pass-3:priv-pass-4");
        List<SnmpUser> users = SnmpAgentSettings.of(config.global(), Role.PROXY).users();
        assertEquals(List.of(new SnmpUser("admin", true, "auth-pass-1", "priv:pass:2"),
                new SnmpUser("watcher", false, "auth-pass-3", "priv-pass-4")), users);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin:rx:auth-pass-1:priv-pass-2", "admin:rw:short:priv-pass-2",
        "admin:rw:auth-pass-1:short", "admin:rw:auth-pass-1", "a/b:ro:auth-pass-1:priv-pass-2",
        "admin:ro:auth-pass-1:priv-pass-2 admin:rw:auth-pass-3:priv-pass-4"})
    void aBadSnmpV3UserRefusesTheStartWithoutShowingPassphrasesInTheReason(String users) {
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> load(Role.PROXY, "global/snmp-v3-users=" + users));
        String reason = e.problems().get(0).toString();
        assertTrue(reason.contains("global/snmp-v3-users"), reason);
        String afterValue = reason.substring(reason.indexOf("': ") + 3);
        assertFalse(afterValue.contains("pass-"), afterValue);
    }

    @Test
    void settingsAndUsersNeverPrintSecrets() throws Exception {
        FlexisipConfig config = load(Role.PROXY, "global/snmp-write-community=write-secret",
                "global/snmp-v3-users=admin:rw:auth-secret:priv-secret");
        String text = SnmpAgentSettings.of(config.global(), Role.PROXY).toString();
        assertFalse(text.contains("secret") || text.contains("public"), text);
        assertTrue(text.contains("admin (rw)"), text);
    }

    @Test
    void communitiesAreSecrets() throws Exception {
        FlexisipConfig config = load(Role.PROXY);
        assertTrue(config.global().entry("snmp-read-community").parameter().secret());
        assertTrue(config.global().entry("snmp-write-community").parameter().secret());
        assertTrue(config.global().entry("snmp-trap-community").parameter().secret());
        assertTrue(config.global().entry("snmp-v3-users").parameter().secret());
    }
}
