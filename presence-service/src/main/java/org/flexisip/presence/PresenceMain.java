package org.flexisip.presence;

import org.flexisip.common.app.RoleMain;
import org.flexisip.common.config.Role;

import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the presence service: {@code java -jar quarkus-run.jar [flexisip options]}. */
@QuarkusMain
public final class PresenceMain {
    public static void main(String... args) {
        RoleMain.launch(Role.PRESENCE, "the SIP service of this role is not implemented yet: it validates its "
                + "configuration and serves health checks and the admin API only", args);
    }
}
