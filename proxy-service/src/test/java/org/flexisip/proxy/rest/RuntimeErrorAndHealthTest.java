package org.flexisip.proxy.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import jakarta.inject.Inject;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class RuntimeErrorAndHealthTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    RuntimeErrorRegistry runtimeErrors;

    private RequestSpecification api() {
        return ManagementPort.given(management);
    }

    @AfterEach
    void clearErrors() {
        runtimeErrors.clear("global/transports");
        runtimeErrors.clear("pidfile");
    }

    @Test
    void livenessIsUp() {
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpWithoutRuntimeErrors() {
        api().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void startupIsUpOnceTheRoleHasStarted() {
        api().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aBlockingRuntimeErrorMakesTheRoleNotReady() {
        runtimeErrors.report("global/transports", "sip:*:5060: Address already in use", true);
        api().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        runtimeErrors.clear("global/transports");
        api().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aNonBlockingRuntimeErrorLeavesTheRoleReady() {
        runtimeErrors.report("pidfile", "cannot write /run/x.pid", false);
        api().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void runtimeErrorApiListsTheErrorWithItsOid() {
        runtimeErrors.report("global/transports", "sip:*:5060: Address already in use", true);
        String oid = "1.3.6.1.4.1.10000.1.2." + org.flexisip.common.config.SnmpOid.hashedLeaf("transports");
        api().get("/api/runtime-error").then().statusCode(200)
                .body("errors[0].path", equalTo("global/transports"))
                .body("errors[0].oid", equalTo(oid))
                .body("errors[0].message", containsString("Address already in use"))
                .body("runtime-error", equalTo(oid + ":sip:*:5060: Address already in use"));
    }

    @Test
    void globalRuntimeErrorParameterReadsTheSameErrors() {
        runtimeErrors.report("global/transports", "down", true);
        api().get("/api/config/global/runtime-error").then().statusCode(200)
                .body("value", containsString(":down"));
    }
}
