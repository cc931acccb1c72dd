package org.flexisip.deploy.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.Role;

/**
 * The command that starts one role: {@code java [options] -jar <role>-service/target/quarkus-app/quarkus-run.jar
 * --server <role> -p <started file> <the launcher's arguments>}.
 *
 * <p>Java options, in this order (a later one wins):
 * <ul>
 * <li>{@code global/dump-corefiles=true} (spec/global.md §2): {@code -XX:+CreateCoredumpOnCrash
 * -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=<log-directory>}, and the process runs under
 * {@code sh -c 'ulimit -c unlimited; exec ...'} (the hard limit when unlimited is refused, with a warning), so a
 * JVM crash leaves a core file (where {@code /proc/sys/kernel/core_pattern} says) and an exhausted heap a
 * {@code java_pid<pid>.hprof}; {@code false}: {@code -XX:-CreateCoredumpOnCrash} and no heap dump.</li>
 * <li>Always {@code -XX:+ExitOnOutOfMemoryError} (a JVM past an OutOfMemoryError is in no known state: it
 * exits with status 3 and the launcher restarts it) and {@code -XX:ErrorFile=<log-directory>/hs_err_<role>_pid%p.log}
 * (the JVM's crash report beside the logs rather than in the working directory).</li>
 * <li>The operator's: {@code FLEXISIP_JAVA_OPTS} for every role, then {@code FLEXISIP_<ROLE>_JAVA_OPTS}
 * (e.g. {@code FLEXISIP_PROXY_JAVA_OPTS="-Xmx1g -Dquarkus.management.port=9280"}), split on blanks.</li>
 * </ul>
 * With {@code setsid} available the role runs in a session of its own: a Ctrl-C in the terminal reaches the
 * launcher alone, which then stops each role and waits for it.
 *
 * @param role      the role
 * @param prefix    everything up to and including the jar
 * @param arguments the launcher's arguments less its own options
 */
record RoleCommandLine(Role role, List<String> prefix, List<String> arguments) {
    /** The shell line that raises the core size limit, then becomes the JVM ({@code exec} keeps the PID). */
    static final String UNLIMITED_CORE_FILES = "ulimit -c unlimited 2>/dev/null || { "
            + "echo \"warning: $0: cannot raise the core file size limit to unlimited, using the hard limit "
            + "$(ulimit -H -c)\" >&2; ulimit -c \"$(ulimit -H -c)\"; }; exec \"$@\"";

    RoleCommandLine {
        prefix = List.copyOf(prefix);
        arguments = List.copyOf(arguments);
    }

    /**
     * @param java         the Java binary
     * @param jar          the role's {@code quarkus-run.jar}
     * @param arguments    the launcher's arguments less its own options
     * @param dumpCoreFiles {@code global/dump-corefiles}
     * @param logDirectory {@code global/log-directory}, made absolute
     * @param javaOptions  the operator's Java options for this role
     * @param setsid       the {@code setsid} binary, when there is one
     */
    static RoleCommandLine of(Role role, Path java, Path jar, List<String> arguments, boolean dumpCoreFiles,
            Path logDirectory, List<String> javaOptions, Optional<Path> setsid) {
        List<String> prefix = new ArrayList<>();
        setsid.ifPresent(s -> prefix.add(s.toString()));
        if (dumpCoreFiles) {
            prefix.addAll(List.of("sh", "-c", UNLIMITED_CORE_FILES, "flexisip-" + role.id()));
        }
        prefix.add(java.toString());
        if (dumpCoreFiles) {
            prefix.addAll(List.of("-XX:+CreateCoredumpOnCrash", "-XX:+HeapDumpOnOutOfMemoryError",
                    "-XX:HeapDumpPath=" + logDirectory));
        } else {
            prefix.add("-XX:-CreateCoredumpOnCrash");
        }
        prefix.add("-XX:+ExitOnOutOfMemoryError");
        prefix.add("-XX:ErrorFile=" + logDirectory.resolve("hs_err_" + role.id() + "_pid%p.log"));
        prefix.addAll(javaOptions);
        prefix.addAll(List.of("-jar", jar.toString()));
        return new RoleCommandLine(role, prefix, arguments);
    }

    /** The full command; the role writes its PID to {@code startedFile} once it has started. */
    List<String> command(Path startedFile) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("--server", role.id(), "-p", startedFile.toString()));
        command.addAll(arguments);
        return List.copyOf(command);
    }
}
