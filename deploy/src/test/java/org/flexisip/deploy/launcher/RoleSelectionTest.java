package org.flexisip.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleSelectionTest {

    private static List<Role> chosen(String... values) {
        return assertInstanceOf(RoleSelection.Chosen.class, RoleSelection.parse("--server", List.of(values)))
                .roles();
    }

    private static String refusal(String... values) {
        return assertInstanceOf(RoleSelection.Refused.class, RoleSelection.parse("--server", List.of(values)))
                .message();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy presence", "presence,proxy", "proxy+presence", "Presence + PROXY, proxy"})
    void acceptsNamesSeparatedBySpacesCommasOrPlusInAnyOrderAndCase(String value) {
        assertEquals(List.of(Role.PROXY, Role.PRESENCE), chosen(value));
    }

    @Test
    void acceptsTheOptionRepeated() {
        assertEquals(List.of(Role.CONFERENCE, Role.REGEVENT), chosen("regevent", "conference"));
    }

    @Test
    void allMeansTheFourRolesInOrder() {
        assertEquals(List.of(Role.PROXY, Role.PRESENCE, Role.CONFERENCE, Role.REGEVENT), chosen("all"));
        assertEquals("proxy+presence+conference+regevent",
                ((RoleSelection.Chosen) RoleSelection.parse("--server", List.of("all"))).names());
    }

    @Test
    void refusesAnUnknownNameNamingIt() {
        String message = refusal("proxy bogus");
        assertTrue(message.startsWith("--server: unknown role 'bogus'"), message);
    }

    @Test
    void refusesB2buaAsNotSupported() {
        assertEquals("--server: the b2bua role is not supported", refusal("proxy,b2bua"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",+"})
    void refusesASelectionNamingNoRole(String value) {
        assertTrue(refusal(value).startsWith("--server: no role named"), refusal(value));
    }

    @Test
    void namesTheOriginInItsMessages() {
        RoleSelection.Parsed parsed = RoleSelection.parse("global/default-servers", List.of("presence", "foo"));
        assertTrue(((RoleSelection.Refused) parsed).message().startsWith("global/default-servers: unknown role 'foo'"));
    }
}
