package org.flexisip.proxy;

import org.flexisip.common.app.RoleMain;
import org.flexisip.common.config.Role;

import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the proxy service: {@code java -jar quarkus-run.jar [flexisip options]}. */
@QuarkusMain
public final class ProxyMain {
    public static void main(String... args) {
        RoleMain.launch(Role.PROXY, "the proxy modules are not implemented yet: the SIP transports listen and "
                + "answer every request with 503", args);
    }
}
