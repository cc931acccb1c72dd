package org.flexisip.common.config.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.ModuleInfo;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.ValueType;
import org.junit.jupiter.api.Test;

class SectionDeclarationsTest {

    private static List<SectionSpec> allDeclaredSections() {
        List<SectionSpec> all = new ArrayList<>();
        all.addAll(ProxyModuleSections.build());
        all.addAll(RoleServerSections.build());
        all.addAll(OtherSections.build());
        return all;
    }

    private static SectionSpec section(String name) {
        return allDeclaredSections().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("section [" + name + "] is not declared"));
    }

    private static boolean acceptsEmpty(ValueType type) {
        try {
            type.parse("");
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    @Test
    void everyDefaultValueParsesWithItsOwnParameter() {
        for (SectionSpec s : allDeclaredSections()) {
            for (ParameterSpec p : s.parameters()) {
                if (p.isCounter() || p.type().isComputed()) {
                    continue;
                }
                if (p.defaultValue().isEmpty() && !acceptsEmpty(p.type())) {
                    continue;
                }
                assertDoesNotThrow(() -> p.parse(p.defaultValue()),
                        s.name() + "/" + p.name() + " default '" + p.defaultValue() + "'");
            }
        }
    }

    @Test
    void everySettableParameterHasADefaultTheLoaderCanUse() {
        // The loader parses the default of every unset parameter, so an empty Integer default would break it.
        for (SectionSpec s : allDeclaredSections()) {
            for (ParameterSpec p : s.parameters()) {
                if (!p.type().isComputed()) {
                    assertDoesNotThrow(() -> p.parse(p.defaultValue()), s.name() + "/" + p.name());
                }
            }
        }
    }

    @Test
    void registrarSectionIsReadByEveryRole() {
        assertEquals(EnumSet.allOf(Role.class), section("module::Registrar").readers());
    }

    @Test
    void presenceServerDeclaresTransportsWithItsDefault() {
        ParameterSpec transports = section("presence-server").parameter("transports")
                .orElseThrow(() -> new AssertionError("presence-server/transports is not declared"));
        assertEquals("sip:127.0.0.1:5065;transport=tcp", transports.defaultValue());
    }

    @Test
    void moduleChainPositionsAreUnique() {
        Set<Integer> positions = new HashSet<>();
        for (SectionSpec s : allDeclaredSections()) {
            s.module().ifPresent(m -> assertTrue(positions.add(m.chainPosition()),
                    "chain position " + m.chainPosition() + " used twice, again by " + s));
        }
    }

    @Test
    void modulesFollowTheChainOrderOfTheSpecWithPluginsAndB2buaAfterAuthentication() {
        List<String> expected = List.of("DoSProtection", "SanityChecker", "GarbageIn", "Capabilities", "NatHelper",
                "Authentication", "ExternalAuthentication", "JweAuth", "B2bua", "DateHandler", "Redirect", "RegEvent", "GatewayAdapter", "Presence", "Registrar",
                "StatisticsCollector", "ContactRouteInserter", "Router", "PushNotification", "LoadBalancer",
                "MediaRelay", "Transcoder", "Forward");
        List<String> actual = ProxyModuleSections.build().stream()
                .map(s -> s.module().orElseThrow())
                .sorted((a, b) -> Integer.compare(a.chainPosition(), b.chainPosition()))
                .map(ModuleInfo::name)
                .toList();
        assertEquals(expected, actual);
    }

    @Test
    void allSectionsFitInOneSchemaWithGlobal() {
        List<SectionSpec> all = new ArrayList<>(allDeclaredSections());
        all.add(GlobalSection.build("test"));
        // Throws on a duplicated section name or two sections on the same SNMP leaf.
        assertDoesNotThrow(() -> new ConfigSchema(all));
    }
}
