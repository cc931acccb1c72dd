package org.flexisip.deploy.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code --daemon} (spec/config.md §7): the launcher started from a terminal checks the command line and the
 * configuration there (errors are printed where the operator sees them, with the usual exit status), then
 * starts a copy of itself in a new session ({@code setsid}: no controlling terminal, so no SIGHUP when the
 * terminal closes), standard input from {@code /dev/null}, standard output and error appended to the
 * launcher's log file ({@code <log-directory>/<log-filename>} with {@code {server}} = {@code launcher}). That
 * copy supervises the roles and writes the {@code -p} PID file with its own PID. The first launcher waits
 * until every role is up, then prints the supervisor's PID and exits 0; if the supervisor ends first, it
 * prints what the supervisor logged and exits with the supervisor's status.
 */
final class Daemon {
    /** Set in the detached copy's environment: the file it creates once every role is up. */
    static final String READY_FILE_VARIABLE = "FLEXISIP_LAUNCHER_READY_FILE";
    private static final Duration WAIT_BOUND = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int SHOWN_LOG_BYTES = 8192;

    private final PrintStream out;
    private final PrintStream err;

    Daemon(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The ready file when this process is the detached copy. */
    static Optional<Path> readyFile(Map<String, String> environment) {
        return Optional.ofNullable(environment.get(READY_FILE_VARIABLE)).filter(s -> !s.isEmpty()).map(Path::of);
    }

    /**
     * Starts the detached supervisor and waits for it to report every role up.
     *
     * @return the exit status of this (foreground) launcher
     */
    int detach(List<String> args, Path logFile, Optional<Path> setsid) throws IOException, InterruptedException {
        Path readyDirectory = Files.createTempDirectory("flexisip-daemon-");
        Path ready = readyDirectory.resolve("ready");
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            List<String> command = new ArrayList<>();
            setsid.ifPresent(s -> command.add(s.toString()));
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FlexisipLauncher.class.getName()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).redirectErrorStream(true);
            builder.environment().put(READY_FILE_VARIABLE, ready.toString());
            Process supervisor = builder.start();
            long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                if (supervisor.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.print(logSince(logFile, logStart));
                    err.println("error: the flexisip launcher stopped while starting the roles (status "
                            + supervisor.exitValue() + "); its log is " + logFile);
                    return supervisor.exitValue();
                }
                if (Files.exists(ready)) {
                    out.println("flexisip: running in the background, PID " + supervisor.pid() + ", log " + logFile);
                    return 0;
                }
            }
            out.println("flexisip: running in the background, PID " + supervisor.pid() + ", still starting after "
                    + WAIT_BOUND.toMinutes() + " min: see " + logFile);
            return 0;
        } finally {
            Files.deleteIfExists(ready);
            Files.deleteIfExists(readyDirectory);
        }
    }

    /** What the supervisor wrote to the log file since {@code start}, at most the last few kilobytes. */
    private static String logSince(Path logFile, long start) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(start, file.length() - SHOWN_LOG_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
