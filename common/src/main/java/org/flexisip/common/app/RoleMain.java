package org.flexisip.common.app;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.cli.RoleCommand;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigLoadException;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;

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
        launch(role, notice, SchemaExtension.NONE, StartCheck.NONE, args);
    }

    /**
     * @param notice one line printed at start about what this role does not do yet, or empty
     * @param check  the role's own checks of the loaded configuration: an error exits 1 before Quarkus starts
     */
    public static void launch(Role role, String notice, SchemaExtension extension, StartCheck check,
            String... args) {
        ConfigSchema schema = StandardSchema.build(BuildVersion.current());
        try {
            schema = schema.with(extension.sections(PluginRequest.peek(sources(CommandLineOptions.parse(args),
                    List.of()))));
        } catch (PluginLoadException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            // A command line that does not parse: RoleCommand reports it with the usage.
        }
        RoleCommand command = new RoleCommand(role, schema, ConfigSources.DEFAULT_FILE, System.out, System.err);
        RoleCommand.Outcome outcome = command.run(args);
        if (outcome instanceof RoleCommand.Exit exit) {
            System.out.flush();
            System.exit(exit.code());
        }
        List<String> errors = check.errors(((RoleCommand.Start) outcome).loaded().config());
        if (!errors.isEmpty()) {
            errors.forEach(e -> System.err.println("error: " + e));
            System.err.println(ConfigLoadException.SUMMARY);
            System.exit(1);
        }
        if (!notice.isEmpty()) {
            System.err.println("warning: " + role.id() + ": " + notice);
        }
        Quarkus.run(args);
    }

    /** Where the configuration comes from: the same for the checks before Quarkus and for the CDI producers. */
    static ConfigSources sources(CommandLineOptions options, List<String> serviceOverrides) {
        List<String> overrides = new ArrayList<>(serviceOverrides);
        overrides.addAll(options.overrides());
        return new ConfigSources(options.config(), ConfigSources.DEFAULT_FILE, overrides, options.transports());
    }
}
