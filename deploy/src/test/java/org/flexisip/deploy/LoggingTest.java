package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built proxy writes its log file where the configuration says, at the level it says. */
class LoggingTest {
    @TempDir
    Path dir;

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void proxyWritesItsLogFileAndADebugLevelSetWhileRunningAppliesAtOnce() throws Exception {
        Path logDir = dir.resolve("logs");
        Path log = logDir.resolve("flexisip-proxy.log");
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "--set",
                "global/log-directory=" + logDir, "--set", "global/log-level=error").awaitReady()) {
            assertTrue(Files.exists(log), "flexisip-proxy.log in " + logDir);
            assertEquals(200, proxy.get("/api/version").statusCode());
            assertFalse(read(log).contains("/api/version"), "no debug line at log-level=error");

            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.managementPort() + "/api/config/global/log-level"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"value\":\"debug\"}")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            assertEquals(200, proxy.get("/api/runtime-error").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("GET /api/runtime-error"));
        }
    }

    @Test
    void anUnwritableLogDirectoryRefusesTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        ServiceProcess.Result r = ServiceProcess.run(Role.PROXY, dir, "--set",
                "global/log-directory=" + file.resolve("logs"));
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("global/log-directory"), r.stderr());
    }
}
