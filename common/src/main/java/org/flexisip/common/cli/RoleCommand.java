package org.flexisip.common.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigLoadException;
import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigProblem;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.dump.ConfigDumper;
import org.flexisip.common.config.dump.DumpFormat;
import org.flexisip.common.logging.LogFiles;
import org.flexisip.common.snmp.FlexisipMib;
import org.flexisip.common.sip.transport.TransportConfigurationException;
import org.flexisip.common.sip.transport.TransportSpec;

import picocli.CommandLine;

/**
 * What a role's process does with its command line before any socket is opened: answer the informational
 * options (help, version, dumps, lists) and exit, or load and validate the configuration and say "start".
 * Plain Java: the service's main method runs it, then starts Quarkus.
 */
public final class RoleCommand {
    /** Exit status of a usage error (bad option, role or section name). */
    public static final int USAGE_ERROR = 2;

    /** What to do next. */
    public sealed interface Outcome permits Exit, Start {
    }

    /** Stop now with this status. */
    public record Exit(int code) implements Outcome {
    }

    /** Start the role with this validated configuration. */
    public record Start(CommandLineOptions options, ConfigLoader.Result loaded) implements Outcome {
    }

    private final Role role;
    private final ConfigSchema schema;
    private final Path defaultFile;
    private final PrintStream out;
    private final PrintStream err;

    public RoleCommand(Role role, ConfigSchema schema, Path defaultFile, PrintStream out, PrintStream err) {
        this.role = role;
        this.schema = schema;
        this.defaultFile = defaultFile;
        this.out = out;
        this.err = err;
    }

    public Outcome run(String... args) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getMessage());
        }
        if (options.help()) {
            out.print(CommandLineOptions.usage("flexisip-" + role.id()));
            return new Exit(0);
        }
        if (options.version()) {
            out.println("flexisip-" + role.id() + " " + BuildVersion.current());
            return new Exit(0);
        }
        Optional<String> serverProblem = checkServers(options.servers());
        if (serverProblem.isPresent()) {
            return usageError(serverProblem.get());
        }
        Optional<DumpFormat> format = DumpFormat.fromId(options.dumpFormat());
        if (format.isEmpty()) {
            return usageError("unknown --dump-format '" + options.dumpFormat() + "': expected one of "
                    + DumpFormat.allIds());
        }
        if (options.dumpMibs()) {
            // The tree this role's SNMP agent serves: the sections it reads (spec/snmp.md §5).
            out.print(FlexisipMib.of(role, BuildVersion.current(),
                    schema.sections().stream().filter(s -> s.isReadBy(role)).toList()));
            return new Exit(0);
        }
        if (options.listSections()) {
            schema.sections().stream().map(SectionSpec::name)
                    .filter(n -> !n.contains("::") || n.startsWith("module::"))
                    .forEach(out::println);
            return new Exit(0);
        }
        if (options.listModules()) {
            schema.modulesInChainOrder().forEach(s -> out.println(s.name()));
            return new Exit(0);
        }
        if (options.listOverrides().isPresent()) {
            return listOverrides(options.listOverrides().get());
        }
        if (options.dumpDefault().isPresent()) {
            return dumpDefault(options.dumpDefault().get(), format.get(), options.showExperimental());
        }
        for (String host : options.hosts()) {
            if (host.indexOf('=') <= 0) {
                return usageError("--hosts '" + host + "': expected HOST=IP (an empty IP removes HOST)");
            }
        }

        ConfigLoader loader = new ConfigLoader(schema, role);
        if (options.rewriteConfig()) {
            loader = loader.readingEverySection();
        }
        ConfigSources sources = new ConfigSources(options.config(), defaultFile, options.overrides(),
                options.transports());
        ConfigLoader.Result loaded;
        try {
            loaded = loader.load(sources, () -> "");
        } catch (ConfigLoadException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            if (e.exitCode() != 255) {
                err.println(ConfigLoadException.SUMMARY);
            }
            return new Exit(e.exitCode());
        }
        for (ConfigProblem warning : loaded.warnings()) {
            err.println("warning: " + warning);
        }
        if (options.rewriteConfig()) {
            FlexisipConfig config = loaded.config();
            out.print(new ConfigDumper(DumpFormat.FILE, section -> parameter -> config
                    .entry(section.name() + "/" + parameter.name()).map(ConfigEntry::text)
                    .orElse(parameter.defaultValue()))
                    .dump(ConfigDumper.dumpedSections(config.sections().stream().map(s -> s.spec()).toList(),
                            options.showExperimental())));
            return new Exit(0);
        }
        if (options.daemon()) {
            err.println("warning: --daemon: this is the " + role.id() + " service on its own, it stays in the "
                    + "foreground; the flexisip launcher detaches and supervises roles");
        }
        if (role == Role.PROXY) {
            // A transport URI that is wrong in itself refuses the start (spec/global.md §3.11).
            try {
                TransportSpec.parseAll(loaded.config().global().getStringList("transports"));
            } catch (TransportConfigurationException e) {
                err.println("error: " + e.getMessage());
                return new Exit(1);
            }
        }
        LogFiles logFiles = LogFiles.of(loaded.config().global().getString("log-directory"),
                loaded.config().global().getString("log-filename"), role.id());
        try {
            logFiles.prepare();
        } catch (IOException e) {
            err.println("error: global/log-directory: " + e.getMessage());
            return new Exit(1);
        }
        return new Start(options, loaded);
    }

    /**
     * spec/config.md §7: several roles separated by spaces, commas or '+', the option repeatable; {@code all}
     * means the four; {@code b2bua} is not supported; a service runs only its own role.
     */
    private Optional<String> checkServers(List<String> values) {
        Set<Role> asked = EnumSet.noneOf(Role.class);
        for (String value : values) {
            for (String name : value.split("[ ,+]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("all")) {
                    asked.addAll(EnumSet.allOf(Role.class));
                } else if (lower.equals("b2bua")) {
                    return Optional.of("--server: the b2bua role is not supported");
                } else {
                    Optional<Role> r = Role.fromId(lower);
                    if (r.isEmpty()) {
                        return Optional.of("--server: unknown role '" + name
                                + "': expected proxy, presence, conference, regevent or all");
                    }
                    asked.add(r.get());
                }
            }
        }
        asked.remove(role);
        if (!asked.isEmpty()) {
            return Optional.of("--server: this is the " + role.id() + " service, it cannot run the "
                    + asked.iterator().next().id() + " role (the flexisip launcher starts several roles)");
        }
        return Optional.empty();
    }

    private Outcome listOverrides(String which) {
        List<SectionSpec> sections;
        if (which.equalsIgnoreCase("all")) {
            sections = schema.sections();
        } else {
            Optional<SectionSpec> section = findSection(which);
            if (section.isEmpty()) {
                return usageError("--list-overrides: unknown module or section '" + which + "'" + suggestion(which));
            }
            sections = List.of(section.get());
        }
        for (SectionSpec s : sections) {
            for (ParameterSpec p : s.parameters()) {
                if (!p.readOnly() && !p.type().isComputed()) {
                    out.println(s.name() + "/" + p.name());
                }
            }
        }
        out.println(ConfigLoader.NO_SNMP_KEY);
        return new Exit(0);
    }

    private Outcome dumpDefault(String which, DumpFormat format, boolean showExperimental) {
        List<SectionSpec> sections;
        if (which.equalsIgnoreCase("all")) {
            sections = ConfigDumper.dumpedSections(schema.sections(), showExperimental);
        } else {
            Optional<SectionSpec> section = findSection(which);
            if (section.isEmpty()) {
                return usageError("--dump-default: unknown section '" + which + "'" + suggestion(which));
            }
            sections = List.of(section.get());
        }
        out.print(ConfigDumper.ofDefaults(format).dump(sections));
        return new Exit(0);
    }

    /** A section by name, or a module by its bare name ({@code Registrar} for {@code module::Registrar}). */
    private Optional<SectionSpec> findSection(String name) {
        return schema.section(name).or(() -> schema.section("module::" + name));
    }

    private String suggestion(String name) {
        return schema.suggestSection(name).or(() -> schema.suggestSection("module::" + name))
                .map(s -> ", did you mean '" + s + "'?").orElse("");
    }

    private Outcome usageError(String message) {
        err.println("error: " + message);
        err.println("Try --help for the list of options.");
        return new Exit(USAGE_ERROR);
    }
}
