package org.flexisip.common.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of every role (spec/config.md §7), parsed by picocli. */
@Command(name = "flexisip", sortOptions = false, usageHelpWidth = 100,
        description = "Runs one Flexisip role with Flexisip's configuration file and options.")
public final class CommandLineOptions {

    @Option(names = "--server", paramLabel = "ROLES",
            description = "Roles to start: proxy, presence, conference, regevent or all (separated by spaces, "
                    + "commas or '+'; repeatable). A role's own service accepts only its own name.")
    List<String> servers = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default /etc/flexisip/flexisip.conf; built-in defaults when "
                    + "neither exists).")
    Path config;

    @Option(names = "--daemon", description = "Detach from the terminal (the flexisip launcher); a role's jar "
            + "run on its own stays in the foreground and says so.")
    boolean daemon;

    @Option(names = {"-p", "--pidfile"}, paramLabel = "FILE", description = "Write the process ID to FILE.")
    Path pidFile;

    @Option(names = "--syslog", description = "Also log to syslog at global/syslog-level.")
    boolean syslog;

    @Option(names = {"-d", "--debug"}, description = "Log everything at debug level to standard output.")
    boolean debug;

    @Option(names = {"-t", "--transports"}, paramLabel = "LIST", description = "Replaces global/transports.")
    String transports;

    @Option(names = "--dump-default", paramLabel = "SECTION",
            description = "Print the default configuration of SECTION (or all), then exit.")
    String dumpDefault;

    @Option(names = "--dump-all-default", description = "Same as --dump-default all.")
    boolean dumpAllDefault;

    @Option(names = "--dump-format", paramLabel = "FORMAT",
            description = "Format of dumps: file (default), tex, doku, media or xwiki.")
    String dumpFormat = "file";

    @Option(names = "--show-experimental", description = "Include experimental modules in dumps.")
    boolean showExperimental;

    @Option(names = "--rewrite-config",
            description = "Load the configuration and print it back in file format with fresh help, then exit.")
    boolean rewriteConfig;

    @Option(names = "--list-sections", description = "Print every top-level section name, then exit.")
    boolean listSections;

    @Option(names = "--list-modules", description = "Print every module section in chain order, then exit.")
    boolean listModules;

    @Option(names = "--list-overrides", paramLabel = "MODULE",
            description = "Print every section/param usable with --set for MODULE (or all), then exit.")
    String listOverrides;

    @Option(names = {"-s", "--set"}, paramLabel = "SECTION/PARAM=VALUE",
            description = "Override a configuration value (repeatable). nosnmp=true turns the SNMP agent off.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--dump-mibs", description = "Print the SNMP MIB, then exit.")
    boolean dumpMibs;

    @Option(names = "--hosts", paramLabel = "HOST=IP",
            description = "Static name resolution override (repeatable); an empty IP removes the entry.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--p12-passphrase-file", paramLabel = "FILE",
            description = "File holding the passphrase of encrypted TLS private keys.")
    Path p12PassphraseFile;

    @Option(names = "--track-allocations", description = "Accepted for compatibility; ignored.")
    boolean trackAllocations;

    @Option(names = "--version", description = "Print the version, then exit.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help, then exit.")
    boolean help;

    /** Parses {@code args}; a usage error throws {@link CommandLine.ParameterException}. */
    public static CommandLineOptions parse(String... args) {
        CommandLineOptions options = new CommandLineOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    public static String usage(String commandName) {
        return new CommandLine(new CommandLineOptions()).setCommandName(commandName).getUsageMessage();
    }

    public List<String> servers() {
        return servers;
    }

    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    public boolean daemon() {
        return daemon;
    }

    public Optional<Path> pidFile() {
        return Optional.ofNullable(pidFile);
    }

    public boolean syslog() {
        return syslog;
    }

    public boolean debug() {
        return debug;
    }

    public Optional<String> transports() {
        return Optional.ofNullable(transports);
    }

    /** {@code --dump-default X}, or {@code all} with {@code --dump-all-default}. */
    public Optional<String> dumpDefault() {
        return dumpAllDefault ? Optional.of("all") : Optional.ofNullable(dumpDefault);
    }

    public String dumpFormat() {
        return dumpFormat;
    }

    public boolean showExperimental() {
        return showExperimental;
    }

    public boolean rewriteConfig() {
        return rewriteConfig;
    }

    public boolean listSections() {
        return listSections;
    }

    public boolean listModules() {
        return listModules;
    }

    public Optional<String> listOverrides() {
        return Optional.ofNullable(listOverrides);
    }

    public List<String> overrides() {
        return overrides;
    }

    public boolean dumpMibs() {
        return dumpMibs;
    }

    public List<String> hosts() {
        return hosts;
    }

    public Optional<Path> p12PassphraseFile() {
        return Optional.ofNullable(p12PassphraseFile);
    }

    public boolean version() {
        return version;
    }

    public boolean help() {
        return help;
    }
}
