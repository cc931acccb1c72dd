package org.flexisip.regevent;

import org.flexisip.common.app.RoleMain;
import org.flexisip.common.config.Role;

import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the regevent service: {@code java -jar quarkus-run.jar [flexisip options]}. */
@QuarkusMain
public final class RegeventMain {
    public static void main(String... args) {
        RoleMain.launch(Role.REGEVENT, "the SIP service of this role is not implemented yet: it validates its "
                + "configuration and serves health checks and the admin API only", args);
    }
}
