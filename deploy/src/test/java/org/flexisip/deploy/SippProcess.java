package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sipp (Debian {@code sip-tester}) run of one call ({@code -m 1}) as a process of its own, as testing.md says:
 * under coreutils {@code timeout} (sipp's own {@code -timeout} did not always stop a stuck run), on 127.0.0.1 with a
 * free SIP port and free media and control ports, no terminal input ({@code -nostdin}), its messages, errors and
 * scenario logs traced to files in the test's directory. Scenarios are the XML files of
 * {@code src/test/resources/sipp}.
 * Stopped by PID when closed, even when the test failed.
 */
final class SippProcess implements AutoCloseable {
    /** sipp's own bound ({@code -timeout}, with {@code -timeout_error}: a run that takes longer fails). */
    static final Duration SIPP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^SIP/2\\.0 (\\d{3}) ");
    /** The bound of coreutils {@code timeout} around sipp, beyond sipp's own. */
    private static final Duration KILL_BOUND = SIPP_TIMEOUT.plusSeconds(10);
    private static final Duration LISTEN_BOUND = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 80;

    private final String name;
    private final int port;
    private final Process process;
    private final List<Path> traces;

    private SippProcess(String name, int port, Process process, List<Path> traces) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.traces = traces;
    }

    /** A UAS: waits for the call on {@code port}; {@code args} add keys ({@code -key name value}). */
    static SippProcess server(Path dir, String name, String scenario, int port, String... args) throws IOException {
        return start(dir, name, scenario, port, List.of(), List.of(args));
    }

    /** A UAC: sends the call to {@code remote} ({@code host:port}) from a free port. */
    static SippProcess client(Path dir, String name, String scenario, String remote, String... args)
            throws IOException {
        return start(dir, name, scenario, ServiceProcess.freeUdpAndTcpPort(), List.of(remote), List.of(args));
    }

    private static SippProcess start(Path dir, String name, String scenario, int port, List<String> remote,
            List<String> args) throws IOException {
        Path messages = dir.resolve(name + "-messages.log");
        Path errors = dir.resolve(name + "-errors.log");
        Path logs = dir.resolve(name + "-logs.log");
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of("timeout", "--kill-after=5s", KILL_BOUND.toSeconds() + "s",
                "sipp"));
        command.addAll(remote);
        command.addAll(List.of("-sf", scenarioFile(scenario).toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-mp", Integer.toString(ServiceProcess.freeUdpAndTcpPort()),
                "-cp", Integer.toString(freeControlPort()),
                "-m", "1", "-timeout", SIPP_TIMEOUT.toSeconds() + "s", "-timeout_error", "-nostdin",
                "-trace_msg", "-message_file", messages.toString(), "-trace_err", "-error_file", errors.toString(),
                "-trace_logs", "-log_file", logs.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new SippProcess(name, port, p, List.of(err, errors, logs, messages, out));
    }

    /**
     * The statuses of the final responses (200 and above) in a sipp message trace ({@code -trace_msg}), in order: a
     * client's trace holds only the responses it received.
     */
    static List<Integer> finalStatuses(String trace) {
        Matcher m = STATUS_LINE.matcher(trace);
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            int status = Integer.parseInt(m.group(1));
            if (status >= 200) {
                out.add(status);
            }
        }
        return out;
    }

    /** The scenario file as built into target/test-classes. */
    private static Path scenarioFile(String scenario) {
        URL url = SippProcess.class.getResource("/sipp/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no scenario src/test/resources/sipp/" + scenario);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file", e);
        }
    }

    /** sipp's remote-control socket binds the wildcard address: a port free there. */
    private static int freeControlPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(0))) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /**
     * Waits until sipp's SIP socket is bound, read from {@code /proc/net/udp} so that the check never takes the port
     * itself; fails early if sipp exits.
     */
    SippProcess awaitListening() {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        await().atMost(LISTEN_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("sipp " + name + " exited with " + process.exitValue() + " before listening\n"
                        + report());
            }
            return Files.readAllLines(Path.of("/proc/net/udp")).stream().skip(1).map(String::trim)
                    .map(line -> line.split("\\s+")).anyMatch(f -> f.length > 1 && f[1].equals(local));
        });
        return this;
    }

    /** Waits for sipp's end (bounded beyond its own timeout) and returns its exit code: 0 when the call succeeded. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(KILL_BOUND.plusSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("sipp " + name + " did not exit\n" + report());
        }
        return process.exitValue();
    }

    /** The tails of the output and trace files, for an assertion message. */
    String report() {
        StringBuilder text = new StringBuilder("==== sipp ").append(name).append(process.isAlive() ? " (running)"
                : " (exit " + process.exitValue() + ")").append('\n');
        for (Path file : traces) {
            text.append("---- ").append(file.getFileName()).append(" (tail)\n").append(tail(file, TAIL_LINES));
        }
        return text.toString();
    }

    /** The last {@code lines} lines of a file, or a note when it does not exist. */
    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(none)\n";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** Stops sipp (SIGTERM to {@code timeout}, which passes it on) if it still runs; SIGKILL if it does not stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** SIGKILL to sipp (the child of {@code timeout}) and to {@code timeout}, by PID. */
    private void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
