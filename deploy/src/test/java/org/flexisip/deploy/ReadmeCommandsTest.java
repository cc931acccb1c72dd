package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** README.md starts with the two commands; .ci/run runs the test command exactly as written there. */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of(System.getProperty("flexisip.repo.root", ".."));

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
        assertTrue(commands.get(0).contains("proxy-service/target/quarkus-app/quarkus-run.jar"), commands.get(0));
        assertTrue(commands.get(1).endsWith("./mvnw -B verify"), commands.get(1));
    }

    @Test
    void ciRunRunsTheReadmeTestCommandVerbatim() throws IOException {
        List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertTrue(ciLines.contains(readmeCommands().get(1)), ciLines.toString());
    }
}
