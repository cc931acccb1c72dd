package org.flexisip.proxy.module.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.flexisip.common.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file as a backend: read at start, read again when it changes or cache-expire elapses. */
class FilePasswordBackendTest {
    private static final AuthDomains EXAMPLE = AuthDomains.of(List.of("example.org"));
    private final ManualClock clock = new ManualClock();
    @TempDir
    Path dir;

    private FilePasswordBackend open(Path file) throws Exception {
        return FilePasswordBackend.open(file, EXAMPLE, Duration.ofSeconds(1800), clock, Runnable::run);
    }

    private static void write(Path file, String content, int secondsFromNow) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsFromNow)));
    }

    private static boolean knows(FilePasswordBackend backend, String user) {
        return backend.lookup(user, "example.org").join().isPresent();
    }

    @Test
    void findsTheAccountsOfTheFileAndNoOthers() throws Exception {
        Path file = dir.resolve("passwords");
        write(file, "version:1\nalice@example.org clrtxt:s ;\n", 0);
        FilePasswordBackend backend = open(file);
        assertTrue(knows(backend, "alice"));
        assertTrue(!knows(backend, "bob"));
    }

    @Test
    void readsTheFileAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("passwords");
        write(file, "version:1\nalice@example.org clrtxt:s ;\n", 0);
        FilePasswordBackend backend = open(file);
        write(file, "version:1\nalice@example.org clrtxt:s ;\nbob@example.org clrtxt:t ;\n", 10);
        backend.onIdle();
        assertTrue(knows(backend, "bob"));
    }

    @Test
    void keepsTheAccountsReadBeforeWhenTheChangedFileIsBroken() throws Exception {
        Path file = dir.resolve("passwords");
        write(file, "version:1\nalice@example.org clrtxt:s ;\n", 0);
        FilePasswordBackend backend = open(file);
        write(file, "version:1\nalice@example.org sha1:zz ;\n", 10);
        backend.onIdle();
        assertTrue(knows(backend, "alice"));
        assertEquals(1, backend.size());
    }

    @Test
    void readsTheFileAgainWhenCacheExpireElapsedEvenUnchanged() throws Exception {
        Path file = dir.resolve("passwords");
        write(file, "version:1\nalice@example.org clrtxt:s ;\n", 0);
        FilePasswordBackend backend = open(file);
        // Same size and modification time: only cache-expire can tell the backend to look again.
        FileTime stamp = Files.getLastModifiedTime(file);
        Files.writeString(file, "version:1\ncarol@example.org clrtxt:s ;\n");
        Files.setLastModifiedTime(file, stamp);
        backend.onIdle();
        assertTrue(knows(backend, "alice"), "unchanged stamp, cache not expired: not read again");
        clock.advance(Duration.ofSeconds(1800));
        backend.onIdle();
        assertTrue(knows(backend, "carol"));
    }
}
