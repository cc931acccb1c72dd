package org.flexisip.common.runtimeerror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RuntimeErrorRegistryTest {
    private final Map<String, String> oids = Map.of("global/transports", "1.3.6.1.4.1.10000.1.2.77",
            "module::Registrar", "1.3.6.1.4.1.10000.1.120");
    private final RuntimeErrorRegistry registry = new RuntimeErrorRegistry(s -> Optional.ofNullable(oids.get(s)),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void runtimeErrorValueIsOidColonMessageJoinedByBar() {
        registry.report("global/transports", "sip:*: address in use", true);
        registry.report("module::Registrar", "redis unreachable", true);
        assertEquals("1.3.6.1.4.1.10000.1.2.77:sip:*: address in use|1.3.6.1.4.1.10000.1.120:redis unreachable",
                registry.asRuntimeErrorValue());
    }

    @Test
    void runtimeErrorValueIsEmptyWhenAllIsWell() {
        assertEquals("", registry.asRuntimeErrorValue());
    }

    @Test
    void aComponentWithoutOidIsNamedInstead() {
        registry.report("pidfile", "cannot write", false);
        assertEquals("pidfile:cannot write", registry.asRuntimeErrorValue());
    }

    @Test
    void clearingRemovesTheError() {
        registry.report("global/transports", "down", true);
        registry.clear("global/transports");
        assertTrue(registry.current().isEmpty());
        assertFalse(registry.hasBlockingError());
    }

    @Test
    void onlyBlockingErrorsBlockReadiness() {
        registry.report("pidfile", "cannot write", false);
        assertFalse(registry.hasBlockingError());
        registry.report("global/transports", "down", true);
        assertTrue(registry.hasBlockingError());
    }

    @Test
    void listenersHearRaiseAndClear() {
        StringBuilder heard = new StringBuilder();
        registry.addListener(new RuntimeErrorRegistry.Listener() {
            @Override
            public void raised(RuntimeError error) {
                heard.append("+").append(error.subject());
            }

            @Override
            public void cleared(RuntimeError error) {
                heard.append("-").append(error.subject());
            }
        });
        registry.report("pidfile", "x", false);
        registry.clear("pidfile");
        assertEquals("+pidfile-pidfile", heard.toString());
    }
}
