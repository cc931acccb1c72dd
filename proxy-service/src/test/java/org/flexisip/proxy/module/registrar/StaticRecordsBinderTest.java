package org.flexisip.proxy.module.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.flexisip.common.registrar.Binding;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec/registrar-db.md §6: {@code static-records-file}, bound at creation and every period, on each registrar
 * database: {@link StaticRecordsBinderOnInternalDbTest} and {@link StaticRecordsBinderOnRedisDbTest}.
 */
abstract class StaticRecordsBinderTest {
    private static final String SUPPORT = "sip:support@example.org";

    @TempDir
    Path dir;

    /** The database the tests run on. */
    abstract RegistrarBackend backend();

    private RegistrarHarness registrar(Path file, String... more) throws Exception {
        String[] lines = new String[more.length + 2];
        lines[0] = "static-records-file=" + file;
        lines[1] = "static-records-timeout=600";
        System.arraycopy(more, 0, lines, 2, more.length);
        return RegistrarHarness.on(backend(), lines);
    }

    private Path file(String text) throws Exception {
        Path file = dir.resolve("static.conf");
        Files.writeString(file, text);
        return file;
    }

    private static List<String> uris(RegistrarHarness h, String aor) {
        return h.record(aor).bindings().stream().map(b -> b.contact().uri().toString()).toList();
    }

    private static Binding binding(RegistrarHarness h, String contact) {
        return h.record(SUPPORT).bindings().stream().filter(b -> b.contact().uri().toString().equals(contact))
                .findFirst().orElseThrow();
    }

    @Test
    void recordsAreBoundAtCreationForThePeriodAndFiveSeconds() throws Exception {
        RegistrarHarness h = registrar(file("# support line\n"
                + "<sip:support@example.org> <sip:alice@192.0.2.10>,<sip:bob@192.0.2.11>\n"));
        List<Binding> bindings = h.record(SUPPORT).bindings();
        // In no particular order: bound in the same second, and a Redis hash keeps no order (spec/registrar-db.md §4).
        assertEquals(Set.of("sip:alice@192.0.2.10", "sip:bob@192.0.2.11"),
                bindings.stream().map(b -> b.contact().uri().toString()).collect(Collectors.toSet()));
        assertEquals(2, bindings.size());
        for (Binding b : bindings) {
            assertTrue(b.callId().startsWith("static-record-v"), b.callId());
            assertEquals(605, b.expires());
        }
    }

    @Test
    void contactInOneOfOurDomainsIsAnAlias() throws Exception {
        RegistrarHarness h = registrar(file("<sip:support@example.org> <sip:alice@example.org>,<sip:x@192.0.2.10>\n"));
        assertTrue(binding(h, "sip:alice@example.org").alias());
        assertFalse(binding(h, "sip:x@192.0.2.10").alias());
    }

    @Test
    void fileIsReadAgainEachPeriodAndRemovedContactsExpire() throws Exception {
        Path file = file("<sip:support@example.org> <sip:alice@192.0.2.10>,<sip:bob@192.0.2.11>\n");
        RegistrarHarness h = registrar(file);
        h.awaitDatabase();
        Files.writeString(file, "<sip:support@example.org> <sip:alice@192.0.2.10>\n");
        h.services.advance(Duration.ofSeconds(600));
        assertEquals(2, binding(h, "sip:alice@192.0.2.10").cseq());
        h.services.advance(Duration.ofSeconds(5));
        assertEquals(List.of("sip:alice@192.0.2.10"), uris(h, SUPPORT));
    }

    @Test
    void unparsableLineIsSkipped() throws Exception {
        RegistrarHarness h = registrar(file("not a record\n<sip:support@example.org> <sip:alice@192.0.2.10>\n"));
        assertEquals(List.of("sip:alice@192.0.2.10"), uris(h, SUPPORT));
    }

    @Test
    void closedRegistrarStopsReadingTheFile() throws Exception {
        Path file = file("<sip:support@example.org> <sip:alice@192.0.2.10>\n");
        RegistrarHarness h = registrar(file);
        h.awaitDatabase();
        h.registrar.close();
        h.services.advance(Duration.ofSeconds(600));
        assertEquals(1, h.record(SUPPORT).bindings().get(0).cseq());
    }

    @Test
    void fileThatCannotBeReadRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> registrar(dir.resolve("missing.conf")));
        assertTrue(e.getMessage().startsWith("module::Registrar/static-records-file"), e.getMessage());
    }

    @Test
    void disabledRegistrarBindsNoStaticRecord() throws Exception {
        RegistrarHarness h = registrar(file("<sip:support@example.org> <sip:alice@192.0.2.10>\n"), "enabled=false");
        assertTrue(h.record(SUPPORT).isEmpty());
    }
}
