package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;

/**
 * A built role service run as a separate process, as an operator runs it: {@code java -jar quarkus-run.jar}
 * with Flexisip options, its management interface on a free loopback port. Stopped by PID.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Duration START_BOUND = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int managementPort;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(Process process, int managementPort, Path stdout, Path stderr) {
        this.process = process;
        this.managementPort = managementPort;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The runnable jar of a role's service, built by the reactor before this module. */
    static Path jar(Role role) {
        Path root = Path.of(System.getProperty("flexisip.repo.root", ".."));
        Path jar = root.resolve(role.id() + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B verify)");
        }
        return jar;
    }

    /** A loopback port free for both UDP and TCP. */
    static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                    java.net.DatagramSocket udp = new java.net.DatagramSocket(tcp.getLocalPort(),
                            java.net.InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // Free for TCP only: try another.
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts the service with {@code args}; output goes to files under {@code dir}, and so do its logs unless
     * {@code args} set {@code global/log-directory} themselves.
     */
    static ServiceProcess start(Role role, Path dir, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m",
                "-Dquarkus.management.port=" + port, "-jar", jar(role).toString(),
                "--set", "global/log-directory=" + dir.resolve("log")));
        List<String> given = List.of(args);
        if (role == Role.PROXY && !given.contains("-t") && !given.contains("--transports")) {
            // Never the default sip:* on 5060: tests run side by side.
            command.addAll(List.of("-t", "sip:127.0.0.1:" + freeUdpAndTcpPort()));
        }
        command.addAll(given);
        Path out = Files.createTempFile(dir, role.id(), ".out");
        Path err = Files.createTempFile(dir, role.id(), ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ServiceProcess(p, port, out, err);
    }

    /** Runs the service's command line to completion (dumps, lists, refused starts). */
    static Result run(Role role, Path dir, String... args) throws IOException, InterruptedException {
        try (ServiceProcess p = start(role, dir, args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(role + " " + List.of(args) + " did not exit within 60 s");
            }
            return new Result(p.process.exitValue(), p.stdout(), p.stderr(), p.managementPort);
        }
    }

    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr, int managementPort) {
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    int managementPort() {
        return managementPort;
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process dies. */
    ServiceProcess awaitReady() {
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + stderr()
                        + stdout());
            }
            return readinessStatus() == 200;
        });
        return this;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of {@code /q/health/ready}, or -1 while nothing listens on the management port. */
    private int readinessStatus() throws IOException, InterruptedException {
        try {
            return get("/q/health/ready").statusCode();
        } catch (java.net.ConnectException e) {
            return -1;
        }
    }

    /** Stops the service with SIGTERM and waits for it; SIGKILL if it does not stop. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
