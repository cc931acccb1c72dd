package org.flexisip.regevent;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The regevent service starts, reads its own section and the shared ones, and serves health and the API. */
@QuarkusTest
class RegeventServiceTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private RequestSpecification api() {
        return RestAssured.given().baseUri("http://" + management.getHost()).port(management.getPort());
    }

    @Test
    void isLiveAndReady() {
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        api().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void versionNamesTheRegeventRole() {
        api().get("/api/version").then().statusCode(200).body("role", equalTo("regevent"));
    }

    @Test
    void readsItsOwnSectionWithItsDefaults() {
        api().get("/api/config/regevent-server/transport").then().statusCode(200)
                .body("value", equalTo("sip:127.0.0.1:6065;transport=tcp"));
    }

    @Test
    void readsTheRegistrarDatabaseSettingsSharedWithTheProxy() {
        api().get("/api/config/module::Registrar/db-implementation").then().statusCode(200);
    }

    @Test
    void doesNotServeTheSectionsOfTheProxy() {
        api().get("/api/config/module::Router").then().statusCode(404).body("error", containsString("proxy role"));
    }
}
