package org.flexisip.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;

class FlexisipConfigTest {
    private final FlexisipConfig config;

    FlexisipConfigTest() throws ConfigLoadException {
        config = new ConfigLoader(StandardSchema.build("v"), Role.PROXY)
                .load(new ConfigSources(java.util.Optional.empty(), java.nio.file.Path.of("/nonexistent"), List.of(),
                        java.util.Optional.empty()), () -> "1.2.3:boom")
                .config();
    }

    @Test
    void runtimeSettableParameterChangesAndTellsItsListeners() throws Exception {
        List<String> seen = new ArrayList<>();
        config.global().entry("log-level").onChange(e -> seen.add(e.text()));
        ConfigEntry e = config.setAtRuntime("global", "log-level", "debug", "test");
        assertEquals("debug", e.text());
        assertEquals(List.of("debug"), seen);
    }

    @Test
    void runtimeChangeOfALogLevelRefusesAnUnknownLevel() {
        assertThrows(InvalidValueException.class, () -> config.setAtRuntime("global", "log-level", "verbose", "t"));
    }

    @Test
    void runtimeChangeOfAFixedParameterIsRefused() {
        assertThrows(NotRuntimeSettableException.class,
                () -> config.setAtRuntime("global", "idle-timeout", "10", "test"));
    }

    @Test
    void runtimeChangeOfAnUnknownParameterSuggestsTheRightOne() {
        UnknownConfigPathException e = assertThrows(UnknownConfigPathException.class,
                () -> config.setAtRuntime("global", "log-levl", "debug", "test"));
        assertEquals("global/log-level", e.suggestion().orElseThrow());
    }

    @Test
    void showBodyForCannotBeEmpty() {
        assertThrows(InvalidValueException.class, () -> config.setAtRuntime("global", "show-body-for", " ", "t"));
    }

    @Test
    void runtimeErrorEntryReadsTheCurrentErrors() {
        assertEquals("1.2.3:boom", config.global().entry("runtime-error").text());
    }

    @Test
    void countersCountAndReadAsText() {
        ConfigEntry counter = config.global().entry("count-incoming-request-register");
        counter.counter().addAndGet(3);
        assertEquals("3", counter.text());
        assertTrue(counter.parameter().readOnly());
    }

    @Test
    void globalOidsFollowTheSnmpRule() {
        assertEquals("1.3.6.1.4.1.10000.1.2.894990596", config.global().entry("log-level").oid());
        assertEquals("1.3.6.1.4.1.10000.1.2.999", config.global().entry("version-number").oid());
        assertEquals("1.3.6.1.4.1.10000.1.2.998", config.global().entry("runtime-error").oid());
    }

    @Test
    void moduleSectionsUseTheirFixedNumbers() {
        assertEquals("1.3.6.1.4.1.10000.1.120.1",
                config.section("module::Registrar").orElseThrow().entry("enabled").oid());
    }
}
