package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each role's service, started on the embedded default, reads its own section, [global] and the registrar
 * database settings, and explains that the sections of another role are not its own.
 */
class RoleServicesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PROXY      | module::Router/fork-late                | presence-server   | presence role",
            "PRESENCE   | presence-server/transports              | module::Router    | proxy role",
            "CONFERENCE | conference-server/transport             | regevent-server   | regevent role",
            "REGEVENT   | regevent-server/transport               | conference-server | conference role"})
    void servesItsOwnSectionsAndNotThoseOfAnotherRole(Role role, String ownEntry, String otherSection,
            String otherReader) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(role, dir).awaitReady()) {
            assertTrue(service.get("/api/version").body().contains("\"role\":\"" + role.id() + "\""));
            assertEquals(200, service.get("/api/config/" + ownEntry).statusCode(), ownEntry);
            assertEquals(200, service.get("/api/config/global/transports").statusCode());
            assertEquals(200, service.get("/api/config/module::Registrar/db-implementation").statusCode());
            HttpResponse<String> other = service.get("/api/config/" + otherSection);
            assertEquals(404, other.statusCode());
            assertTrue(other.body().contains(otherReader), other.body());
            // What is not built yet says so at start (the proxy: the default modules it runs without).
            String output = service.stdout() + service.stderr();
            assertTrue(output.contains("not implemented yet"), output);
        }
    }
}
