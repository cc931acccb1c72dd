package org.flexisip.proxy;

import org.flexisip.common.app.RoleMain;
import org.flexisip.common.config.Role;

import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the proxy service: {@code java -jar quarkus-run.jar [flexisip options]}. */
@QuarkusMain
public final class ProxyMain {
    public static void main(String... args) {
        RoleMain.launch(Role.PROXY, "the SIP service of this role is not implemented yet: it validates its "
                + "configuration and serves health checks and the admin API only", args);
    }
}
