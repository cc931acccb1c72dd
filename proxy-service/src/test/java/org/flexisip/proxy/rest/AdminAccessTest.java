package org.flexisip.proxy.rest;

import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Tests run on the loopback only, so "a client outside the loopback" is simulated by turning off the trust in
 * loopback clients: every request then needs the bearer token, exactly as a remote one does.
 */
@QuarkusTest
@TestProfile(AdminAccessTest.UntrustedLoopbackWithToken.class)
class AdminAccessTest {

    public static class UntrustedLoopbackWithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flexisip.admin.trust-loopback", "false", "flexisip.admin.token", "t0ken");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void requestWithoutTokenIs403() {
        ManagementPort.given(management).get("/api/config/global/log-level").then().statusCode(403)
                .body("error", containsString("Bearer"));
    }

    @Test
    void requestWithWrongTokenIs403() {
        ManagementPort.given(management).header("Authorization", "Bearer nope").get("/api/version").then()
                .statusCode(403);
    }

    @Test
    void requestWithTheTokenIsServed() {
        ManagementPort.given(management).header("Authorization", "Bearer t0ken").get("/api/version").then()
                .statusCode(200);
    }

    @Test
    void healthChecksStayOpenWithoutToken() {
        ManagementPort.given(management).get("/q/health/live").then().statusCode(200);
    }
}
