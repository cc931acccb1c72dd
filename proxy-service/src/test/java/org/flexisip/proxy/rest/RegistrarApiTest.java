package org.flexisip.proxy.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The registrar admin API of spec/config.md §9.3, each test on its own AOR of the proxy's internal database. */
@QuarkusTest
class RegistrarApiTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private RequestSpecification api() {
        return ManagementPort.given(management).urlEncodingEnabled(false);
    }

    /** {@code /api/registrar/<URL-encoded aor><rest>}. */
    private static String path(String aor, String rest) {
        return "/api/registrar/" + URLEncoder.encode(aor, StandardCharsets.UTF_8) + rest;
    }

    private ValidatableResponse upsert(String aor, String body) {
        return api().contentType(ContentType.JSON).body(body).put(path(aor, "/contacts")).then();
    }

    @Test
    void upsertedContactIsShownByGetWithEveryField() {
        upsert("sip:alice@example.org",
                "{\"uri\":\"sip:alice@192.0.2.10:5062;transport=tcp\",\"expire\":3600,\"uuid\":\"dev-1\"}")
                .statusCode(200).contentType(ContentType.JSON)
                .body("contacts.size()", equalTo(1));
        api().get(path("sip:alice@example.org", "")).then().statusCode(200).contentType(ContentType.JSON)
                .body("contacts[0].contact", equalTo("sip:alice@192.0.2.10:5062;transport=tcp"))
                .body("contacts[0].'unique-id'", equalTo("dev-1"))
                .body("contacts[0].'call-id'", equalTo("fs-cli-upsert"))
                .body("contacts[0].q", equalTo(1.0f))
                .body("contacts[0].alias", equalTo(0))
                .body("contacts[0].path", empty())
                .body("contacts[0].accept", empty())
                .body("contacts[0].'user-agent'", equalTo(""));
    }

    @Test
    void expiresAtIsTheUpdateTimePlusTheExpire() {
        JsonPath record = upsert("sip:alice2@example.org",
                "{\"uri\":\"sip:alice@192.0.2.10\",\"expire\":3600}").statusCode(200).extract().jsonPath();
        assertEquals(3600, record.getLong("contacts[0].'expires-at'") - record.getLong("contacts[0].'update-time'"));
    }

    @Test
    void upsertWithoutUuidGeneratesAnFsCliGenKey() {
        upsert("sip:bob@example.org", "{\"uri\":\"sip:bob@192.0.2.11\",\"expire\":60}").statusCode(200)
                .body("contacts[0].'unique-id'", matchesPattern("fs-cli-gen-[A-Za-z0-9_-]{20}"));
    }

    @Test
    void upsertWithExpireZeroIs400TellingToDelete() {
        upsert("sip:carol@example.org", "{\"uri\":\"sip:carol@192.0.2.12\",\"expire\":0}").statusCode(400)
                .body("error", containsString("REGISTRAR_DELETE"))
                .body("error", containsString("DELETE /api/registrar/{aor}/contacts/{uuid}"));
    }

    @Test
    void upsertOfAnInvalidContactUriIs400NamingIt() {
        upsert("sip:dave@example.org", "{\"uri\":\"http://example.org\",\"expire\":60}").statusCode(400)
                .body("error", equalTo("Invalid SIP URI: http://example.org"));
    }

    @Test
    void upsertWithoutUriIs400() {
        upsert("sip:dave@example.org", "{\"expire\":60}").statusCode(400).body("error", containsString("uri"));
    }

    @Test
    void getOfAnAorWithoutBindingsIs404WithTheSocketMessage() {
        api().get(path("sip:nobody@example.org", "")).then().statusCode(404)
                .body("error", equalTo("404 Not Found: the registrar database does not contain the requested AOR"));
    }

    @Test
    void getOfAnInvalidAorIs400() {
        api().get(path("alice", "")).then().statusCode(400).body("error", equalTo("Invalid SIP URI: alice"));
    }

    @Test
    void deleteByUuidRemovesOnlyThatContact() {
        upsert("sip:erin@example.org", "{\"uri\":\"sip:erin@192.0.2.13\",\"expire\":600,\"uuid\":\"phone\"}")
                .statusCode(200);
        upsert("sip:erin@example.org", "{\"uri\":\"sip:erin@192.0.2.14\",\"expire\":600,\"uuid\":\"tablet\"}")
                .statusCode(200);
        api().delete(path("sip:erin@example.org", "/contacts/phone")).then().statusCode(200)
                .body("contacts.'unique-id'", contains("tablet"));
    }

    @Test
    void deleteOfTheLastContactAnswersAnEmptyRecord() {
        upsert("sip:frank@example.org", "{\"uri\":\"sip:frank@192.0.2.15\",\"expire\":600,\"uuid\":\"only\"}")
                .statusCode(200);
        api().delete(path("sip:frank@example.org", "/contacts/only")).then().statusCode(200)
                .body("contacts", empty());
        api().get(path("sip:frank@example.org", "")).then().statusCode(404);
    }

    @Test
    void clearAnswers204AndTheAorIsGoneAfter() {
        upsert("sip:grace@example.org", "{\"uri\":\"sip:grace@192.0.2.16\",\"expire\":600}").statusCode(200);
        api().delete(path("sip:grace@example.org", "")).then().statusCode(204);
        api().get(path("sip:grace@example.org", "")).then().statusCode(404);
    }

    @Test
    void dumpListsTheRegisteredAor() {
        upsert("sip:heidi@example.org", "{\"uri\":\"sip:heidi@192.0.2.17\",\"expire\":600}").statusCode(200);
        api().get("/api/registrar").then().statusCode(200).contentType(ContentType.JSON)
                .body("aors", hasItem("sip:heidi@example.org"));
    }

    @Test
    void cliRegistrarGetAnswersTheRecordAsText() {
        upsert("sip:ivan@example.org", "{\"uri\":\"sip:ivan@192.0.2.18\",\"expire\":600,\"uuid\":\"desk\"}")
                .statusCode(200);
        api().contentType(ContentType.TEXT).body("REGISTRAR_GET sip:ivan@example.org").post("/api/cli").then()
                .statusCode(200).contentType(ContentType.TEXT)
                .body(startsWith("{"))
                .body(containsString("\"contact\" : \"sip:ivan@192.0.2.18\""))
                .body(containsString("\"unique-id\" : \"desk\""));
    }

    @Test
    void cliRegistrarClearAnswersDone() {
        api().contentType(ContentType.TEXT).body("REGISTRAR_CLEAR sip:judy@example.org").post("/api/cli").then()
                .statusCode(200).body(equalTo("Done - Cleared AOR: sip:judy@example.org"));
    }

    @Test
    void openApiDescribesTheRegistrarApi() {
        api().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/registrar/{aor}/contacts/{uuid}"));
    }
}
