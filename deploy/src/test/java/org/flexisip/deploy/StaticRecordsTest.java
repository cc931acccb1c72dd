package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code module::Registrar/static-records-file} (spec/registrar-db.md §6) in the built proxy: the records are bound
 * at start, and {@code kill -USR1} makes the proxy read the file again at once, long before
 * {@code static-records-timeout}.
 */
class StaticRecordsTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void sigusr1ReadsTheStaticRecordsFileAgainAtOnce() throws Exception {
        Path records = Files.writeString(dir.resolve("static-records.conf"),
                "<sip:support@localhost> <sip:alice@192.0.2.1:5070>\n");
        Path file = Files.writeString(dir.resolve("flexisip.conf"), "[global]\nlog-level=debug\n\n"
                + "[module::Registrar]\nstatic-records-file=" + records + "\nstatic-records-timeout=3600\n");
        try (ServiceProcess proxy = ServiceProcess.start(Role.PROXY, dir, "-c", file.toString()).awaitReady()) {
            await().atMost(BOUND).until(() -> record(proxy, "sip:support@localhost").statusCode() == 200);
            assertEquals(404, record(proxy, "sip:sales@localhost").statusCode());

            Files.writeString(records, "<sip:support@localhost> <sip:alice@192.0.2.1:5070>\n"
                    + "<sip:sales@localhost> <sip:bob@192.0.2.2:5070>\n");
            Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(proxy.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -USR1");
            await().atMost(BOUND).until(() -> record(proxy, "sip:sales@localhost").statusCode() == 200);
            String sales = record(proxy, "sip:sales@localhost").body();
            assertTrue(sales.contains("sip:bob@192.0.2.2:5070"), sales);
            assertTrue(proxy.stdout().contains("SIGUSR1: the modules read their files again"));
        }
    }

    private static HttpResponse<String> record(ServiceProcess proxy, String aor) throws Exception {
        return proxy.get("/api/registrar/" + URLEncoder.encode(aor, StandardCharsets.UTF_8));
    }
}
