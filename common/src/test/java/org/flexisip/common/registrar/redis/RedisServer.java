package org.flexisip.common.registrar.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, for the tests (shared/testing.md): append-only file in a
 * temporary folder (a restart on the same port and folder keeps the data), keyspace expiry notifications unless
 * told otherwise, run under {@code timeout} and stopped by PID. {@link #command} talks RESP2 over a plain socket,
 * independent of the client under test. Published in this module's test-jar: the proxy's registrar tests run on
 * it too.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration LIFETIME_CAP = Duration.ofMinutes(10);

    private final Path dir;
    private final int port;
    private final String password;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(Path dir, int port, String password, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server with {@code --notify-keyspace-events Ex} and {@code extraArgs}. */
    public static RedisServer start(Path dir, String... extraArgs) {
        return startWithPassword(dir, "", extraArgs);
    }

    /**
     * @param password what {@link #command} authenticates with ({@code --requirepass} goes in {@code extraArgs})
     */
    public static RedisServer startWithPassword(Path dir, String password, String... extraArgs) {
        RedisServer server = new RedisServer(dir, freePort(), password, List.of(extraArgs));
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM, so that the append-only file is flushed) and waits for its end. */
    public void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("redis-server did not stop", e);
        }
    }

    /** Starts it again on the same port and folder. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    /** One command on a new connection; the answer as String, Long, List, or null. */
    public Object command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (!password.isEmpty()) {
                write(out, "AUTH", password);
                read(in);
            }
            write(out, args);
            return read(in);
        } catch (IOException e) {
            throw new AssertionError("redis command " + String.join(" ", args) + " failed", e);
        }
    }

    /** The fields and values of a hash, read with a raw {@code HGETALL}. */
    public Map<String, String> hgetall(String key) {
        List<?> flat = (List<?>) command("HGETALL", key);
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return hash;
    }

    /** How many connections subscribe to {@code channel}. */
    public long subscribers(String channel) {
        List<?> answer = (List<?>) command("PUBSUB", "NUMSUB", channel);
        return (Long) answer.get(1);
    }

    private void launch() {
        Path binary = findRedisServer();
        List<String> cmd = new ArrayList<>(List.of("timeout", Long.toString(LIFETIME_CAP.toSeconds()),
                binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--dir", dir.toString()));
        if (extraArgs.stream().noneMatch("--notify-keyspace-events"::equals)) {
            cmd.addAll(List.of("--notify-keyspace-events", "Ex"));
        }
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        fail("redis-server exited: " + Files.readString(dir.resolve("redis-" + port + ".log")));
                    }
                    return "PONG".equals(command("PING"));
                });
    }

    private static Path findRedisServer() {
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("redis-server is not installed: run deploy/install-test-peers.sh (as root) to "
                + "install the test peers listed in deploy/test-peers.txt");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void write(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                line(in);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException();
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** An error answer. */
    public record RedisError(String message) {
    }
}
