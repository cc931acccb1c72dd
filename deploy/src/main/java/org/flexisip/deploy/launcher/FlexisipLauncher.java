package org.flexisip.deploy.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Stream;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.cli.RoleCommand;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.ValueType;
import org.flexisip.common.config.ini.IniDocument;
import org.flexisip.common.config.ini.IniReader;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.plugin.PluginRequest;

import picocli.CommandLine;

/**
 * {@code flexisip}: the command an operator runs (through {@code deploy/flexisip}), with Flexisip's options
 * (spec/config.md §7). It starts one Java process per role, each {@code java -jar
 * <role>-service/target/quarkus-app/quarkus-run.jar} with the same configuration file and {@code --set}
 * overrides, and supervises them.
 *
 * <h2>What it does with the command line</h2>
 * <ul>
 * <li>{@code --server ROLES} (names separated by spaces, commas or '+' in one argument, the option
 * repeatable; {@code all} = the four roles), else {@code global/default-servers}: the roles to start, in the
 * order proxy, presence, conference, regevent. An unknown name, {@code b2bua} ("not supported") or no name
 * at all refuses the start with a message naming the value (status 2 for {@code --server}; 1 for the
 * configuration, which the roles validate too).</li>
 * <li>{@code --daemon}: detach (see {@link Daemon}); {@code -p/--pidfile FILE}: the PID of the process that
 * supervises, removed when it exits. These three are the launcher's own; every other option
 * ({@code -c}, {@code --set}, {@code -t}, {@code --syslog}, {@code -d}, {@code --hosts} ...) goes to every role
 * as it was given.</li>
 * <li>{@code -h}, {@code --version}, dumps and lists ({@code --dump-default}, {@code --list-sections},
 * {@code --rewrite-config} ...) are answered as a role answers them, without starting anything.</li>
 * </ul>
 *
 * <h2>Before starting</h2>
 * Each role's check of its command line and configuration runs here first, in this process, exactly as the
 * role will run it ({@link RoleCommand}): a configuration error is printed once, with the role's exit status
 * (1, or 255 for a missing {@code -c} file), and nothing is started. Only the {@code [module::X]} sections of
 * plugins ({@code global/plugins}) are left to the proxy, which loads them. The launcher warns when presence,
 * conference or regevent are started while {@code module::Registrar/db-implementation} is not {@code redis}:
 * those roles reach the proxy's registrations only through a Redis registrar database.
 *
 * <h2>Supervision</h2>
 * See {@link Supervisor}: {@code global/auto-respawn=true} starts again a role that died (killed by a
 * signal, or a non-zero status after it was up) after 1 s, doubled at each death in a row up to 60 s; status
 * 5 always means "restart me". Unlike Flexisip 2.4, whose watchdog exists only with {@code --daemon}, this
 * holds in the foreground too. With {@code auto-respawn=false}, a dead role ends the launcher with that role's
 * status, after stopping the others. SIGTERM, SIGINT (Ctrl-C) or SIGHUP stop every role (SIGTERM, up to 30 s,
 * then SIGKILL), remove the PID file and exit 0. Options for the roles' JVMs: {@link RoleCommandLine}.
 *
 * <h2>Output</h2>
 * The launcher's lines go to standard output; the roles' standard output and error are the launcher's (with
 * {@code --daemon} the roles' standard output, which repeats their log files, is discarded). Each role writes
 * its own log file, {@code {server}} in {@code global/log-filename} being its role name.
 *
 * <h2>Exit status</h2>
 * 0 after a requested stop; 2 for a usage error; the roles' configuration statuses (1, 255); the status of a
 * role that could not start or died without being restarted.
 */
public final class FlexisipLauncher {
    /** The system property that names the repository root (set by {@code deploy/flexisip}). */
    static final String HOME_PROPERTY = "flexisip.home";
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);
    private static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");

    private final Path home;
    private final Map<String, String> environment;
    private final Path defaultConfigFile;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param home              the repository root, where the roles' jars are built
     * @param environment       where {@code FLEXISIP_*_JAVA_OPTS} and {@code PATH} are read
     * @param defaultConfigFile the file read without {@code -c} ({@code /etc/flexisip/flexisip.conf})
     */
    FlexisipLauncher(Path home, Map<String, String> environment, Path defaultConfigFile, PrintStream out,
            PrintStream err) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.defaultConfigFile = defaultConfigFile;
        this.out = out;
        this.err = err;
    }

    public static void main(String... args) {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
        int status;
        try {
            status = new FlexisipLauncher(home, System.getenv(), ConfigSources.DEFAULT_FILE, System.out,
                    System.err).run(args);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** What the command line asks for, once checked. */
    sealed interface Decision permits Exit, Launch {
    }

    /** Nothing to start: exit with this status (what to say has been said). */
    record Exit(int status) implements Decision {
    }

    /**
     * Roles to start and how to watch them.
     *
     * @param names           the roles joined by '+'
     * @param launcherLogFile where {@code --daemon} sends the launcher's output
     * @param warnings        said before starting
     * @param notes           said before starting, for information
     */
    record Launch(List<RoleCommandLine> roles, String names, boolean autoRespawn, boolean daemon,
            Optional<Path> pidFile, Path launcherLogFile, List<String> warnings, List<String> notes)
            implements Decision {
        public Launch {
            roles = List.copyOf(roles);
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
        }
    }

    /** The outcome of one role's own check of the command line and configuration, run in this process. */
    private record Checked(int status, Optional<FlexisipConfig> config, String messages) {
    }

    /** Checks the command line and the configuration; starts nothing. */
    Decision plan(String... args) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getMessage());
        }
        if (options.help()) {
            out.print(usage());
            return new Exit(0);
        }
        if (options.version()) {
            out.println("flexisip " + BuildVersion.current());
            return new Exit(0);
        }
        Optional<RoleSelection.Chosen> asked = Optional.empty();
        if (!options.servers().isEmpty()) {
            RoleSelection.Parsed parsed = RoleSelection.parse("--server", options.servers());
            if (parsed instanceof RoleSelection.Refused refused) {
                return usageError(refused.message());
            }
            asked = Optional.of((RoleSelection.Chosen) parsed);
        }
        List<String> roleArguments = LauncherArguments.forRoles(List.of(args));
        ConfigSchema schema = schema(options);
        if (informational(options)) {
            Role role = asked.map(c -> c.roles().get(0)).orElse(Role.PROXY);
            RoleCommand.Outcome outcome = new RoleCommand(role, schema, defaultConfigFile, out, err)
                    .run(roleArguments.toArray(String[]::new));
            return new Exit(outcome instanceof RoleCommand.Exit exit ? exit.code() : 0);
        }

        Map<Role, Checked> checks = new EnumMap<>(Role.class);
        Function<Role, Checked> check = role -> checks.computeIfAbsent(role,
                r -> check(schema, r, roleArguments));
        RoleSelection.Chosen chosen;
        if (asked.isPresent()) {
            chosen = asked.get();
        } else {
            // global/default-servers is the same for every role; a role whose own sections are wrong still
            // tells which roles to start, through another role's view of [global].
            Optional<FlexisipConfig> any = Arrays.stream(Role.values()).map(check)
                    .flatMap(c -> c.config().stream()).findFirst();
            if (any.isEmpty()) {
                Checked first = check.apply(Role.PROXY);
                err.print(first.messages());
                return new Exit(first.status());
            }
            RoleSelection.Parsed parsed = RoleSelection.parse("global/default-servers",
                    any.get().global().getStringList("default-servers"));
            if (parsed instanceof RoleSelection.Refused refused) {
                err.println("error: " + refused.message());
                return new Exit(1);
            }
            chosen = (RoleSelection.Chosen) parsed;
        }
        Set<String> printed = new LinkedHashSet<>();
        int status = 0;
        for (Role role : chosen.roles()) {
            Checked checked = check.apply(role);
            if (checked.config().isEmpty()) {
                if (printed.add(checked.messages())) {
                    err.print(checked.messages());
                }
                status = status == 0 ? checked.status() : status;
            }
        }
        if (status != 0) {
            return new Exit(status);
        }
        return launch(options, chosen, check.apply(chosen.roles().get(0)).config().orElseThrow(), roleArguments);
    }

    private Decision launch(CommandLineOptions options, RoleSelection.Chosen chosen, FlexisipConfig config,
            List<String> roleArguments) {
        ConfigSection global = config.global();
        Path logDirectory = Path.of(global.getString("log-directory")).toAbsolutePath().normalize();
        List<RoleCommandLine> lines = new ArrayList<>();
        for (Role role : chosen.roles()) {
            Path jar = jar(role);
            if (!Files.isRegularFile(jar)) {
                err.println("error: " + jar + " is missing: build the roles with ./mvnw -B -q package -DskipTests "
                        + "-pl deploy -am (deploy/flexisip does it when a jar is missing)");
                return new Exit(1);
            }
            lines.add(RoleCommandLine.of(role, java(), jar, roleArguments, global.getBoolean("dump-corefiles"),
                    logDirectory, javaOptions(role), setsid()));
        }
        List<String> warnings = new ArrayList<>();
        List<String> needingRedis = chosen.roles().stream().filter(r -> r != Role.PROXY).map(Role::id).toList();
        String database = config.entry("module::Registrar/db-implementation").map(ConfigEntry::text)
                .orElse("");
        if (!needingRedis.isEmpty() && !database.equals("redis")) {
            warnings.add(String.join(", ", needingRedis) + ": module::Registrar/db-implementation is '" + database
                    + "', not 'redis': " + (needingRedis.size() == 1 ? "this role reaches" : "these roles reach")
                    + " the proxy's registrations only through a Redis registrar database shared with it "
                    + "(set db-implementation=redis and redis-server-domain)");
        }
        List<String> notes = new ArrayList<>();
        if (global.getBoolean("dump-corefiles")) {
            notes.add("global/dump-corefiles: a crashing role leaves a core file where "
                    + CORE_PATTERN + " says (" + corePattern() + ", relative to " + Path.of("").toAbsolutePath()
                    + ") and an exhausted heap a java_pid<PID>.hprof in " + logDirectory);
        }
        String pattern = global.getString("log-filename");
        Path launcherLog = logDirectory.resolve(pattern.contains("{server}") ? pattern.replace("{server}",
                "launcher") : "flexisip-launcher.log");
        return new Launch(lines, chosen.names(), global.getBoolean("auto-respawn"), options.daemon(),
                options.pidFile().map(p -> p.toAbsolutePath().normalize()), launcherLog, warnings, notes);
    }

    /** Plans, then detaches ({@code --daemon}) or supervises the roles until they end or a signal stops them. */
    int run(String... args) throws IOException, InterruptedException {
        Decision decision = plan(args);
        if (decision instanceof Exit exit) {
            return exit.status();
        }
        Launch launch = (Launch) decision;
        LauncherLog log = new LauncherLog(out);
        launch.warnings().forEach(w -> log.warn("%s", w));
        launch.notes().forEach(n -> log.info("%s", n));
        Optional<Path> ready = Daemon.readyFile(environment);
        if (launch.daemon() && ready.isEmpty()) {
            return new Daemon(out, err).detach(List.of(args), launch.launcherLogFile(), setsid());
        }
        return supervise(launch, ready, log);
    }

    private int supervise(Launch launch, Optional<Path> ready, LauncherLog log)
            throws IOException, InterruptedException {
        Path runDirectory = Files.createTempDirectory("flexisip-launcher-");
        Supervisor supervisor = new Supervisor(launch.roles(), launch.autoRespawn(), RespawnBackOff.DEFAULT,
                runDirectory, launch.daemon() ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT,
                log, () -> ready.ifPresent(file -> writePid(file, log)));
        Thread hook = new Thread(() -> {
            log.info("stop requested (SIGTERM, SIGINT or SIGHUP): stopping every role");
            supervisor.stop(STOP_BOUND);
            cleanUp(launch.pidFile(), runDirectory, log);
            log.info("stopped");
            Runtime.getRuntime().halt(0);
        }, "flexisip-launcher-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (launch.pidFile().isPresent() && !writePid(launch.pidFile().get(), log)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            cleanUp(Optional.empty(), runDirectory, log);
            return 1;
        }
        log.info("flexisip %s: starting %s (PID %d, auto-respawn %s)", BuildVersion.current(), launch.names(),
                ProcessHandle.current().pid(), launch.autoRespawn());
        supervisor.start();
        int status = supervisor.awaitEnd();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopUnderWay) {
            new CountDownLatch(1).await(); // The hook stops the roles and ends the process.
        }
        supervisor.stop(STOP_BOUND);
        cleanUp(launch.pidFile(), runDirectory, log);
        return status;
    }

    private static boolean writePid(Path file, LauncherLog log) {
        try {
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            log.error("cannot write the PID file %s: %s", file, e);
            return false;
        }
    }

    private static void cleanUp(Optional<Path> pidFile, Path runDirectory, LauncherLog log) {
        try {
            if (pidFile.isPresent()) {
                Files.deleteIfExists(pidFile.get());
            }
            try (Stream<Path> files = Files.list(runDirectory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(runDirectory);
        } catch (IOException e) {
            log.warn("cleaning up: %s", e);
        }
    }

    private Checked check(ConfigSchema schema, Role role, List<String> roleArguments) {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(messages, true, StandardCharsets.UTF_8);
        RoleCommand.Outcome outcome = new RoleCommand(role, schema, defaultConfigFile, sink, sink)
                .run(roleArguments.toArray(String[]::new));
        String text = messages.toString(StandardCharsets.UTF_8);
        if (outcome instanceof RoleCommand.Start start) {
            return new Checked(0, Optional.of(start.loaded().config()), text);
        }
        return new Checked(((RoleCommand.Exit) outcome).code(), Optional.empty(), text);
    }

    /**
     * The standard schema; when {@code global/plugins} names plugins, plus the {@code [module::X]} sections of
     * the file and of {@code --set} that it does not know, accepted unread: plugins declare them, and only the
     * proxy, which loads the plugins, can check them (it does at start).
     */
    private ConfigSchema schema(CommandLineOptions options) {
        ConfigSchema standard = StandardSchema.build(BuildVersion.current());
        ConfigSources sources = new ConfigSources(options.config(), defaultConfigFile, options.overrides(),
                options.transports());
        if (PluginRequest.peek(sources).isEmpty()) {
            return standard;
        }
        Map<String, SectionSpec.Builder> unknown = new LinkedHashMap<>();
        Optional<Path> file = sources.file().or(() -> Optional.of(defaultConfigFile).filter(Files::isRegularFile));
        if (file.isPresent()) {
            try {
                IniReader.read(file.get().toString(), Files.readString(file.get())).document().sections().stream()
                        .map(IniDocument.Section::name).filter(name -> isUnknownModule(standard, name))
                        .forEach(name -> unknown.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                                k -> placeholder(name)));
            } catch (IOException | RuntimeException unreadable) {
                // The roles' check reports an unreadable file in its own words.
            }
        }
        Map<String, Set<String>> setParameters = new LinkedHashMap<>();
        for (String override : options.overrides()) {
            int equals = override.indexOf('=');
            int slash = override.indexOf('/');
            if (slash > 0 && equals > slash && isUnknownModule(standard, override.substring(0, slash).strip())) {
                String section = override.substring(0, slash).strip();
                String parameter = override.substring(slash + 1, equals).strip().toLowerCase(Locale.ROOT);
                SectionSpec.Builder builder = unknown.computeIfAbsent(section.toLowerCase(Locale.ROOT),
                        k -> placeholder(section));
                if (setParameters.computeIfAbsent(section.toLowerCase(Locale.ROOT), k -> new HashSet<>())
                        .add(parameter)) {
                    builder.parameter(ParameterSpec.builder(parameter, ValueType.STRING));
                }
            }
        }
        try {
            return standard.with(unknown.values().stream().map(SectionSpec.Builder::build).toList());
        } catch (IllegalArgumentException clash) {
            return standard; // Two hashed SNMP leaves collide: the strict check then names the section.
        }
    }

    private static boolean isUnknownModule(ConfigSchema schema, String section) {
        return section.toLowerCase(Locale.ROOT).startsWith("module::") && schema.section(section).isEmpty();
    }

    private static SectionSpec.Builder placeholder(String name) {
        return SectionSpec.builder(name).readBy().help("Declared by a plugin; the proxy checks it.");
    }

    private static boolean informational(CommandLineOptions options) {
        return options.dumpDefault().isPresent() || options.listSections() || options.listModules()
                || options.listOverrides().isPresent() || options.rewriteConfig() || options.dumpMibs();
    }

    private Exit usageError(String message) {
        err.println("error: " + message);
        err.println("Try --help for the list of options.");
        return new Exit(RoleCommand.USAGE_ERROR);
    }

    /** The kernel's core file pattern, quoted, or why it cannot be read. */
    private static String corePattern() {
        try {
            return "'" + Files.readString(CORE_PATTERN).strip() + "'";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The runnable jar of a role's service. */
    Path jar(Role role) {
        return home.resolve(role.id() + "-service/target/quarkus-app/quarkus-run.jar");
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code FLEXISIP_JAVA_OPTS}, then {@code FLEXISIP_<ROLE>_JAVA_OPTS}, split on blanks. */
    private List<String> javaOptions(Role role) {
        return Stream.of("FLEXISIP_JAVA_OPTS", "FLEXISIP_" + role.id().toUpperCase(Locale.ROOT) + "_JAVA_OPTS")
                .map(name -> environment.getOrDefault(name, "").strip()).filter(s -> !s.isEmpty())
                .flatMap(s -> Arrays.stream(s.split("\\s+"))).toList();
    }

    /** {@code setsid} from {@code PATH}, when there is one. */
    private Optional<Path> setsid() {
        return Arrays.stream(environment.getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "setsid")).filter(Files::isExecutable).findFirst();
    }

    static String usage() {
        CommandLine line = new CommandLine(new CommandLineOptions()).setCommandName("flexisip");
        line.getCommandSpec().usageMessage()
                .description("Starts the Flexisip roles named by --server (default: global/default-servers), one "
                        + "Java process each with the same configuration and options, and supervises them.")
                .footer("", "Environment: FLEXISIP_JAVA_OPTS (Java options of every role), FLEXISIP_<ROLE>_JAVA_OPTS "
                        + "(of one role, e.g. FLEXISIP_PROXY_JAVA_OPTS=-Dquarkus.management.port=9280).",
                        "Exit status: 0 after a requested stop, 2 for a usage error, 1 or 255 for a configuration "
                        + "error, else the status of the role that ended the run.");
        return line.getUsageMessage();
    }
}
