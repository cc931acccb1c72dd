package org.flexisip.common.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigLoadException;
import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;
import org.flexisip.common.logging.FlexisipLogging;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;

import io.quarkus.runtime.annotations.CommandLineArguments;

/**
 * Wires the plain-Java core into CDI. The configuration is loaded from the same command line that the main
 * method already validated, so it cannot fail here in production.
 */
public class FlexisipProducers {

    @Produces
    @Singleton
    Role role(FlexisipServiceConfig service) {
        return Role.fromId(service.role()).orElseThrow(() -> new IllegalStateException(
                "flexisip.role must be proxy, presence, conference or regevent, not " + service.role()));
    }

    @Produces
    @Singleton
    ConfigSchema schema(CommandLineOptions options, FlexisipServiceConfig service,
            Instance<SchemaExtension> extension) throws PluginLoadException {
        ConfigSchema standard = StandardSchema.build(BuildVersion.current());
        if (!extension.isResolvable()) {
            return standard;
        }
        return standard.with(extension.get().sections(PluginRequest.peek(sources(options, service))));
    }

    @Produces
    @Singleton
    CommandLineOptions commandLine(@CommandLineArguments String[] args) {
        return CommandLineOptions.parse(args);
    }

    @Produces
    @Singleton
    RuntimeErrorRegistry runtimeErrors(ConfigSchema schema) {
        return new RuntimeErrorRegistry(subject -> oidOf(schema, subject), Clock.systemUTC());
    }

    /** The loaded configuration with what the loader also found ({@code --set nosnmp=true}). */
    @Produces
    @Singleton
    ConfigLoader.Result loadedConfig(ConfigSchema schema, Role role, CommandLineOptions options,
            RuntimeErrorRegistry runtimeErrors, FlexisipServiceConfig service) throws ConfigLoadException {
        return new ConfigLoader(schema, role).load(sources(options, service), runtimeErrors::asRuntimeErrorValue);
    }

    @Produces
    @Singleton
    FlexisipConfig config(ConfigLoader.Result loaded) {
        return loaded.config();
    }

    @Produces
    @Singleton
    FlexisipLogging logging(FlexisipConfig config, CommandLineOptions options, Role role,
            FlexisipServiceConfig service) {
        return new FlexisipLogging(config.global(), new FlexisipLogging.Options(role.id(), options.debug(),
                options.syslog(), service.syslog().host(), service.syslog().port()));
    }

    private static ConfigSources sources(CommandLineOptions options, FlexisipServiceConfig service) {
        List<String> overrides = new ArrayList<>();
        service.set().forEach((path, value) -> overrides.add(path + "=" + value));
        return RoleMain.sources(options, overrides);
    }

    /** The OID of a parameter path or a section name; empty for a component that is neither. */
    static Optional<String> oidOf(ConfigSchema schema, String subject) {
        return schema.entry(subject).map(ConfigSchema.EntryRef::oid)
                .or(() -> schema.section(subject).map(SectionSpec::oid));
    }
}
