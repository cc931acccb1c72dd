package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md starts with the two commands; .ci/run runs the test command exactly as written there. */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of(System.getProperty("flexisip.repo.root", ".."));

    @TempDir
    Path dir;

    /** The command lines of the first shell block of README.md (comments dropped). */
    private static List<String> readmeCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("```sh\n") + "```sh\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        return block.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void readmeStartsWithTheRunAndTestCommands() throws IOException {
        List<String> commands = readmeCommands();
        assertEquals(2, commands.size(), commands.toString());
        assertEquals("deploy/flexisip", commands.get(0));
        assertTrue(commands.get(1).endsWith("./mvnw -B verify"), commands.get(1));
    }

    /**
     * The run command as written, with only what lets it run beside other tests: a free SIP port, free
     * management ports and a temporary log directory.
     */
    @Test
    void theRunCommandStartsTheProxyWhichAnswersOptions() throws Exception {
        List<String> words = new ArrayList<>(List.of(readmeCommands().get(0).split("\\s+")));
        words.set(0, ROOT.resolve(words.get(0)).toAbsolutePath().normalize().toString());
        try (LauncherProcess launcher = LauncherProcess.start(dir, words)) {
            launcher.awaitReady(Role.PROXY);
            assertEquals(Set.of(Role.PROXY), launcher.roles().keySet());
            assertTrue(launcher.proxyAnswersOptions(Duration.ofSeconds(10)), launcher.output());
            assertEquals(0, launcher.stop(), launcher.output());
            assertEquals(List.of(), launcher.remaining());
        }
    }

    @Test
    void ciRunRunsTheReadmeTestCommandVerbatim() throws IOException {
        List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertTrue(ciLines.contains(readmeCommands().get(1)), ciLines.toString());
    }
}
