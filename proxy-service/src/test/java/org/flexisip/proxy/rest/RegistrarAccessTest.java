package org.flexisip.proxy.rest;

import static org.hamcrest.Matchers.containsString;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The registrar API sits behind the access rules of the configuration API. It shares the profile of
 * {@link AdminAccessTest} (loopback not trusted, a token configured), so it needs no extra start.
 */
@QuarkusTest
@TestProfile(AdminAccessTest.UntrustedLoopbackWithToken.class)
class RegistrarAccessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void registrarRequestWithoutTokenFromAnUntrustedClientIs403() {
        ManagementPort.given(management).get("/api/registrar").then().statusCode(403)
                .body("error", containsString("Bearer"));
    }
}
