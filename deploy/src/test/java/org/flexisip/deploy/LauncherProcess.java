package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;

/**
 * {@code deploy/flexisip} run as an operator runs it, as a process of its own: each role's management interface
 * on a free loopback port ({@code FLEXISIP_<ROLE>_JAVA_OPTS}), the proxy on a free SIP port, logs in a
 * temporary directory. The roles' processes seen while the launcher ran are remembered, so that the test can
 * check that none is left, and {@link #close} kills whatever is left even when the test failed.
 */
final class LauncherProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("flexisip.repo.root", "..")).toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("deploy/flexisip");
    private static final Duration START_BOUND = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Map<Role, Integer> managementPorts;
    private final int sipPort;
    private final Path logDirectory;
    private final Path stdout;
    private final Path stderr;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private final Set<ProcessHandle> detached = ConcurrentHashMap.newKeySet();

    private LauncherProcess(Process process, Map<Role, Integer> managementPorts, int sipPort, Path logDirectory,
            Path stdout, Path stderr) {
        this.process = process;
        this.managementPorts = managementPorts;
        this.sipPort = sipPort;
        this.logDirectory = logDirectory;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs {@code command} (the script and its arguments, as an operator types them) followed by the test's
     * ports and log directory.
     */
    static LauncherProcess start(Path dir, List<String> command) throws IOException {
        return start(dir, command, Map.of());
    }

    static LauncherProcess start(Path dir, List<String> command, Map<String, String> environment)
            throws IOException {
        Map<Role, Integer> ports = new EnumMap<>(Role.class);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEXISIP_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        for (Role role : Role.values()) {
            ports.put(role, ServiceProcess.freePort());
            env.put("FLEXISIP_" + role.name() + "_JAVA_OPTS", "-Dquarkus.management.port=" + ports.get(role));
        }
        env.putAll(environment);
        int sipPort = ServiceProcess.freeUdpAndTcpPort();
        Path logs = dir.resolve("log");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-t", "sip:127.0.0.1:" + sipPort, "--set", "global/log-directory=" + logs));
        Path out = Files.createTempFile(dir, "launcher", ".out");
        Path err = Files.createTempFile(dir, "launcher", ".err");
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        return new LauncherProcess(builder.start(), ports, sipPort, logs, out, err);
    }

    /** {@code deploy/flexisip} with {@code args}. */
    static LauncherProcess start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return start(dir, command);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    int sipPort() {
        return sipPort;
    }

    Path logDirectory() {
        return logDirectory;
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    String output() throws IOException {
        return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    /** The running role processes under the launcher, by role (remembered for {@link #remaining}). */
    Map<Role, ProcessHandle> roles() {
        return roles(process.toHandle());
    }

    /**
     * The running role processes under {@code launcher} (the detached supervisor of {@code --daemon}), by role;
     * {@link #close} stops that launcher too.
     */
    Map<Role, ProcessHandle> roles(ProcessHandle launcher) {
        if (!launcher.equals(process.toHandle())) {
            detached.add(launcher);
        }
        Map<Role, ProcessHandle> roles = new EnumMap<>(Role.class);
        launcher.descendants().forEach(p -> {
            String args = String.join(" ", p.info().arguments().orElse(new String[0]));
            for (Role role : Role.values()) {
                if (args.contains(role.id() + "-service/target/quarkus-app/quarkus-run.jar")) {
                    roles.put(role, p);
                    seen.add(p);
                }
            }
        });
        return roles;
    }

    /** Role processes seen so far that are still alive. */
    List<ProcessHandle> remaining() {
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Waits until the role answers {@code /q/health/ready} with 200; fails early if the launcher ends. */
    LauncherProcess awaitReady(Role role) {
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the launcher exited with " + process.exitValue() + ":\n" + output());
            }
            return readiness(role) == 200;
        });
        roles();
        return this;
    }

    /** The status of the role's {@code /q/health/ready}, or -1 while nothing listens there. */
    int readiness(Role role) throws IOException, InterruptedException {
        try {
            return get(role, "/q/health/ready").statusCode();
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            return -1;
        }
    }

    HttpResponse<String> get(Role role, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts.get(role) + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends one OPTIONS datagram to the proxy and waits up to {@code wait} for any SIP response (today 503,
     * later 200): true when one arrived.
     */
    boolean proxyAnswersOptions(Duration wait) throws IOException {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout((int) wait.toMillis());
            byte[] options = ("OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + client.getLocalPort() + ";branch=z9hG4bK" + System.nanoTime()
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:probe@example.org>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: launcher-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), sipPort));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            client.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII)
                    .startsWith("SIP/2.0 ");
        } catch (SocketTimeoutException | java.net.PortUnreachableException noAnswer) {
            return false;
        }
    }

    /** Waits for the launcher to exit by itself; its status. */
    int awaitExit(Duration bound) throws InterruptedException, IOException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the launcher did not exit within " + bound + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM to the launcher; its exit status once it has stopped. */
    int stop() throws InterruptedException, IOException {
        roles();
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    /** A line of the launcher's standard output containing {@code text}. */
    Optional<String> line(String text) throws IOException {
        return stdout().lines().filter(l -> l.contains(text)).findFirst();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            roles();
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle supervisor : detached) {
            if (supervisor.isAlive()) {
                roles(supervisor);
                supervisor.destroy();
                try {
                    supervisor.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    supervisor.destroyForcibly();
                }
            }
        }
        for (ProcessHandle role : remaining()) {
            role.destroyForcibly();
        }
    }
}
