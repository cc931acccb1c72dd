package org.flexisip.proxy.rest;

import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no admin token configured, a client the loopback trust does not cover is always refused. */
@QuarkusTest
@TestProfile(AdminAccessWithoutTokenTest.UntrustedLoopbackNoToken.class)
class AdminAccessWithoutTokenTest {

    public static class UntrustedLoopbackNoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flexisip.admin.trust-loopback", "false");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void anyBearerTokenIsRefusedWhenNoneIsConfigured() {
        ManagementPort.given(management).header("Authorization", "Bearer anything").get("/api/config").then()
                .statusCode(403).body("error", containsString("no admin token is configured"));
    }
}
