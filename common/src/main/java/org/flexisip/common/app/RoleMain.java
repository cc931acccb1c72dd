package org.flexisip.common.app;

import org.flexisip.common.cli.RoleCommand;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;

import io.quarkus.runtime.Quarkus;

/**
 * The main method of every role's service: the command line is handled and the configuration validated
 * before Quarkus starts, so a bad file exits non-zero without binding any socket (spec/config.md §1.4).
 */
public final class RoleMain {
    private RoleMain() {
    }

    /**
     * @param notice one line printed at start about what this role does not do yet, or empty
     */
    public static void launch(Role role, String notice, String... args) {
        RoleCommand command = new RoleCommand(role, StandardSchema.build(BuildVersion.current()),
                ConfigSources.DEFAULT_FILE, System.out, System.err);
        RoleCommand.Outcome outcome = command.run(args);
        if (outcome instanceof RoleCommand.Exit exit) {
            System.out.flush();
            System.exit(exit.code());
        }
        if (!notice.isEmpty()) {
            System.err.println("warning: " + role.id() + ": " + notice);
        }
        Quarkus.run(args);
    }
}
