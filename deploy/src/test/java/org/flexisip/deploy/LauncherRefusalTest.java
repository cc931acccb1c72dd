package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A selection of roles the launcher cannot start refuses the start, naming the bad value. */
class LauncherRefusalTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--server | bogus                          | 2 | --server: unknown role 'bogus'",
            "--server | proxy,b2bua                    | 2 | --server: the b2bua role is not supported",
            "--server | \" \"                          | 2 | --server: no role named",
            "--set    | global/default-servers=presence foo | 1 | 'foo' is not one",
            "--set    | global/default-servers=b2bua   | 1 | the b2bua role is not supported"})
    void refusesTheStartNamingTheBadValue(String option, String value, int status, String message) throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, option, value)) {
            assertEquals(status, launcher.awaitExit(Duration.ofSeconds(60)), launcher.output());
            assertTrue(launcher.stderr().contains(message), launcher.output());
            assertEquals(0, launcher.roles().size());
        }
    }
}
