package org.flexisip.proxy.rest;

import java.net.URL;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Points REST Assured at the management interface, where the admin API and the health checks live. */
final class ManagementPort {
    private ManagementPort() {
    }

    static RequestSpecification given(URL management) {
        return RestAssured.given().baseUri("http://" + management.getHost()).port(management.getPort());
    }
}
