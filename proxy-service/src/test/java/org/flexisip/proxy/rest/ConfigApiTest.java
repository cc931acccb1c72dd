package org.flexisip.proxy.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class ConfigApiTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private RequestSpecification api() {
        return ManagementPort.given(management);
    }

    @AfterEach
    void restoreLogLevel() {
        api().contentType(ContentType.JSON).body("{\"value\":\"error\"}").put("/api/config/global/log-level")
                .then().statusCode(200);
    }

    @Test
    void getConfigListsEverySectionTheProxyReadsWithEveryEntry() {
        api().get("/api/config").then().statusCode(200).contentType(ContentType.JSON)
                .body("path", equalTo("all"))
                .body("sections.path", hasItem("global"))
                .body("sections.path", hasItem("module::Registrar"))
                .body("sections.find { it.path == 'global' }.entries.find { it.name == 'idle-timeout' }.unit",
                        equalTo("second"));
    }

    @Test
    void getSectionGivesValueDefaultTypeUnitHelpAndReadOnly() {
        api().get("/api/config/global").then().statusCode(200)
                .body("path", equalTo("global"))
                .body("entries.find { it.name == 'transaction-timeout' }.value", equalTo("32000"))
                .body("entries.find { it.name == 'transaction-timeout' }.default", equalTo("32000"))
                .body("entries.find { it.name == 'transaction-timeout' }.type", equalTo("DurationMS"))
                .body("entries.find { it.name == 'transaction-timeout' }.unit", equalTo("millisecond"))
                .body("entries.find { it.name == 'transaction-timeout' }.help", notNullValue())
                .body("entries.find { it.name == 'version-number' }.readOnly", equalTo(true));
    }

    @Test
    void moduleSectionIsReachedByItsNameWithDoubleColon() {
        api().get("/api/config/module::Registrar/enabled").then().statusCode(200)
                .body("path", equalTo("module::Registrar/enabled"))
                .body("oid", equalTo("1.3.6.1.4.1.10000.1.120.1"));
    }

    @Test
    void helpListingShowsHelpInsteadOfValues() {
        api().queryParam("help", "true").get("/api/config/global").then().statusCode(200)
                .body("entries.find { it.path == 'global/log-level' }.help", containsString("debug"))
                .body("entries.find { it.path == 'global/log-level' }.value", nullValue());
    }

    @Test
    void getParameterGivesItsValue() {
        api().get("/api/config/global/log-level").then().statusCode(200)
                .body("path", equalTo("global/log-level"))
                .body("value", equalTo("error"))
                .body("runtimeSettable", equalTo(true))
                .body("oid", equalTo("1.3.6.1.4.1.10000.1.2.894990596"));
    }

    @Test
    void unknownParameterIs404WithSuggestion() {
        api().get("/api/config/global/log-levl").then().statusCode(404)
                .body("error", containsString("did you mean 'global/log-level'"));
    }

    @Test
    void unknownSectionIs404WithSuggestion() {
        api().get("/api/config/globl").then().statusCode(404)
                .body("error", containsString("did you mean 'global'"));
    }

    @Test
    void sectionOfAnotherRoleIs404NamingThatRole() {
        api().get("/api/config/presence-server").then().statusCode(404)
                .body("error", containsString("presence role"));
    }

    @Test
    void putOfALogLevelTakesEffectAtOnce() {
        api().contentType(ContentType.JSON).body("{\"value\":\"debug\"}").put("/api/config/global/log-level")
                .then().statusCode(200).body("value", equalTo("debug"));
        api().get("/api/config/global/log-level").then().statusCode(200).body("value", equalTo("debug"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.logging.Level.FINE,
                java.util.logging.Logger.getLogger("").getLevel());
    }

    @Test
    void putOfAnInvalidValueIs400WithTheReason() {
        api().contentType(ContentType.JSON).body("{\"value\":\"verbose\"}").put("/api/config/global/log-level")
                .then().statusCode(400).body("error", containsString("expected one of debug, message, warning, error"));
    }

    @Test
    void putWithoutAValueIs400() {
        api().contentType(ContentType.JSON).body("{}").put("/api/config/global/log-level")
                .then().statusCode(400).body("error", containsString("value"));
    }

    @Test
    void putOfAParameterFixedAtStartIs409() {
        api().contentType(ContentType.JSON).body("{\"value\":\"10\"}").put("/api/config/global/idle-timeout")
                .then().statusCode(409).body("error", containsString("cannot be set while Flexisip is running"));
    }

    @Test
    void putOfAnUnknownParameterIs404() {
        api().contentType(ContentType.JSON).body("{\"value\":\"x\"}").put("/api/config/global/no-such-thing")
                .then().statusCode(404);
    }

    @Test
    void runtimeErrorListIsEmptyWhenAllIsWell() {
        api().get("/api/runtime-error").then().statusCode(200)
                .body("errors.size()", equalTo(0))
                .body("runtime-error", equalTo(""));
    }

    @Test
    void versionNamesTheRole() {
        api().get("/api/version").then().statusCode(200)
                .body("role", equalTo("proxy"))
                .body("version", notNullValue());
    }

    @Test
    void cliEndpointAnswersThe24AdminSocketText() {
        api().contentType(ContentType.TEXT).body("CONFIG_GET global/transaction-timeout").post("/api/cli")
                .then().statusCode(200).body(equalTo("global/transaction-timeout: 32000"));
    }

    @Test
    void openApiDescribesTheAdminApi() {
        api().get("/q/openapi").then().statusCode(200).body(containsString("/api/config/{section}/{param}"));
    }
}
