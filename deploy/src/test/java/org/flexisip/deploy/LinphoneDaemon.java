package org.flexisip.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One real SIP client, liblinphone's {@code linphone-daemon} (Debian {@code linphone-cli}, liblinphone 5.1), as a
 * process of its own, driven as testing.md says.
 * <ul>
 * <li>Its own folder: {@code HOME}, {@code XDG_RUNTIME_DIR}, rc file, database, log. Its SIP port is free for UDP and
 * TCP and bound to 127.0.0.1 ({@code [sip] bind_address}); its RTP ports are free.</li>
 * <li>Its account is in the rc file ({@code [proxy_0]}): it registers at start, and {@code reg_route} sends every
 * request through the proxy (without it Linphone sends an INVITE for {@code sip:bob@localhost} to localhost:5060).
 * Linphone sends {@code Supported: replaces, outbound, gruu} and a {@code +sip.instance}, then uses the GRUU the
 * registrar returns as its Contact.</li>
 * <li>No sound card here: liblinphone falls back to its file player and recorder, with no audio (never an ALSA
 * null device, testing.md). {@code [rtp] nortp_timeout} is raised so that only signalling (a BYE) can end a call
 * during a test.</li>
 * <li>Commands go through the unix socket {@code /tmp/<pipe>}, one connection per command: the command line, then a
 * half-close, so that the daemon answers and closes ({@code Status: Ok|Error}, then fields).</li>
 * <li>Events (call states, received messages, message states) are printed by the daemon on its standard output
 * while no command connection is open; that output goes to a file, read by {@link #events()}.</li>
 * <li>Run under coreutils {@code timeout}; stopped with {@code quit}, then by PID.</li>
 * </ul>
 */
final class LinphoneDaemon implements AutoCloseable {
    /** The bound of coreutils {@code timeout} around the daemon: beyond any test. */
    private static final Duration KILL_BOUND = Duration.ofSeconds(180);
    /** The bound of one command's answer. */
    private static final Duration COMMAND_BOUND = Duration.ofSeconds(10);
    private static final Duration QUIT_BOUND = Duration.ofSeconds(10);
    /** Longer than any test: a call without RTP is never ended by the client itself. */
    private static final int NO_RTP_TIMEOUT_SECONDS = 600;
    private static final int LOG_TAIL_LINES = 40;
    private static final String EVENT_TYPE = "Event-type: ";
    private static final String LOG_FILE = "daemon.log";
    private static final String STDOUT_FILE = "daemon.out";
    private static final String STDERR_FILE = "daemon.err";
    /** belle-sip's log line before the bytes it received, and before the bytes it sent. */
    private static final Pattern RECEIVED = Pattern.compile(" received \\[\\d+\\] new bytes from \\[(.+?)\\]:$");
    private static final Pattern SENT = Pattern.compile(" message sent to \\[(.+?)\\], size: \\[\\d+\\] bytes$");
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3} ");
    private static final Pattern START_LINE = Pattern.compile("^(?:[A-Z]+ \\S+ SIP/2\\.0|SIP/2\\.0 \\d{3} .*)$");

    private final String name;
    private final Path folder;
    private final Path socket;
    private final Path log;
    private final Path stdout;
    private final Path stderr;
    private final Process process;

    private LinphoneDaemon(String name, Path folder, Path socket, Process process) {
        this.name = name;
        this.folder = folder;
        this.socket = socket;
        this.log = folder.resolve(LOG_FILE);
        this.stdout = folder.resolve(STDOUT_FILE);
        this.stderr = folder.resolve(STDERR_FILE);
        this.process = process;
    }

    /**
     * Starts a client in {@code dir/name} whose account {@code sip:user@localhost} registers at
     * {@code sip:127.0.0.1:proxyPort} over {@code transport} ({@code udp} or {@code tcp}), which is also its only
     * listening transport.
     */
    static LinphoneDaemon start(Path dir, String name, String user, String transport, int proxyPort)
            throws IOException {
        return start(dir, name, user, Optional.empty(), transport, proxyPort);
    }

    /**
     * As {@link #start(Path, String, String, String, int)}, with the account's {@code password} in the rc file
     * ({@code [auth_info_0]}, realm and domain {@code localhost}): liblinphone answers digest challenges with it,
     * computing whichever algorithm the challenge names.
     */
    static LinphoneDaemon start(Path dir, String name, String user, Optional<String> password, String transport,
            int proxyPort) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path home = Files.createDirectories(folder.resolve("home"));
        // liblinphone keeps its call history and ZRTP caches there.
        Files.createDirectories(home.resolve(".local/share/linphone"));
        Path runtime = Files.createDirectories(folder.resolve("run"));
        int sipPort = ServiceProcess.freeUdpAndTcpPort();
        int rtpPort = freeRtpPorts();
        String proxy = "sip:127.0.0.1:" + proxyPort + ";transport=" + transport;
        String rc = String.join("\n",
                "[sip]",
                "sip_port=" + (transport.equals("udp") ? sipPort : 0),
                "sip_tcp_port=" + (transport.equals("tcp") ? sipPort : 0),
                "sip_tls_port=0",
                "bind_address=127.0.0.1",
                "default_proxy=0",
                "[rtp]",
                "audio_rtp_port=" + rtpPort,
                "video_rtp_port=" + (rtpPort + 2),
                "nortp_timeout=" + NO_RTP_TIMEOUT_SECONDS,
                "[video]",
                "capture=0",
                "display=0",
                "[storage]",
                "uri=" + folder.resolve("linphone.db"),
                "[proxy_0]",
                "reg_proxy=<" + proxy + ">",
                "reg_route=<" + proxy + ";lr>",
                "reg_identity=sip:" + user + "@localhost",
                "reg_expires=3600",
                "reg_sendregister=1",
                "publish=0",
                "")
                + password.map(p -> String.join("\n", "[auth_info_0]", "username=" + user, "passwd=" + p,
                        "realm=localhost", "domain=localhost", "")).orElse("");
        Path rcFile = folder.resolve("linphonerc");
        Files.writeString(rcFile, rc, StandardCharsets.UTF_8);
        // The daemon makes its socket /tmp/<pipe>: a name no other test or run uses.
        String pipe = "flexisip-test-" + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
        ProcessBuilder builder = new ProcessBuilder("timeout", "--kill-after=5s", KILL_BOUND.toSeconds() + "s",
                "linphone-daemon", "--pipe", pipe, "--config", rcFile.toString(),
                "--log", folder.resolve(LOG_FILE).toString(), "--disable-stats-events")
                .directory(folder.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(folder.resolve(STDOUT_FILE).toFile())
                .redirectError(folder.resolve(STDERR_FILE).toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        return new LinphoneDaemon(name, folder, Path.of("/tmp", pipe), builder.start());
    }

    /**
     * Four consecutive free UDP ports from an even one: audio RTP and RTCP, then video RTP and RTCP. RTP binds the
     * wildcard address, so they are checked there.
     */
    private static int freeRtpPorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(0))) {
                base = probe.getLocalPort() & ~1;
            }
            if (base + 3 <= 65535 && udpFree(base) && udpFree(base + 1) && udpFree(base + 2) && udpFree(base + 3)) {
                return base;
            }
        }
        throw new IOException("no four consecutive UDP ports free for RTP");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(port))) {
            return true;
        } catch (SocketException taken) {
            return false;
        }
    }

    String name() {
        return name;
    }

    /** The {@code timeout} process and, once started, the daemon under it. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /** The folder named in the daemon's command line ({@code --config}, {@code --log}): finds a leftover. */
    Path folder() {
        return folder;
    }

    // ---- commands

    /** One command's answer: {@code Status: Ok} or {@code Status: Error} with a reason, then fields. */
    record Answer(String command, String text) {
        boolean ok() {
            return text.startsWith("Status: Ok");
        }

        /** The value of the first line {@code key: value}. */
        Optional<String> field(String key) {
            return text.lines().filter(line -> line.startsWith(key + ": ")).findFirst()
                    .map(line -> line.substring(key.length() + 2));
        }

        @Override
        public String toString() {
            return "> " + command + "\n" + text;
        }
    }

    /**
     * Sends one command on a connection of its own and reads the answer up to the daemon's close (it closes after
     * our half-close), bounded by {@link #COMMAND_BOUND}.
     */
    Answer command(String line) throws IOException {
        requireAlive();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            channel.shutdownOutput();
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                long deadline = System.nanoTime() + COMMAND_BOUND.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException(name + ": no complete answer to '" + line + "' within "
                                + COMMAND_BOUND + ": " + answer.toString(StandardCharsets.UTF_8));
                    }
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    selector.selectedKeys().clear();
                    int read;
                    while ((read = channel.read(buffer)) > 0) {
                        answer.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    if (read < 0) {
                        return new Answer(line, answer.toString(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    /** A command that must succeed. */
    Answer commandOk(String line) throws IOException {
        Answer answer = command(line);
        if (!answer.ok()) {
            throw new AssertionError(name + ": command failed\n" + answer);
        }
        return answer;
    }

    /**
     * Whether its account is registered ({@code register-status ALL} gives {@code LinphoneRegistrationOk}); false
     * while the daemon has not yet opened its socket.
     */
    boolean registered() {
        requireAlive();
        try {
            return command("register-status ALL").text().contains("State: LinphoneRegistrationOk");
        } catch (IOException notYetListening) {
            return false;
        }
    }

    /** The state {@code call-status} gives for the current call ({@code LinphoneCallStreamsRunning}...), if any. */
    Optional<String> callState() throws IOException {
        Answer answer = command("call-status");
        return answer.ok() ? answer.field("State") : Optional.empty();
    }

    // ---- events

    /** One event the daemon printed: {@code Event-type: call-state-changed} and its fields ({@code Event}, ...). */
    record Event(String type, Map<String, String> fields) {
        String field(String key) {
            return fields.getOrDefault(key, "");
        }
    }

    /** The events printed so far, in order. */
    List<Event> events() throws IOException {
        List<Event> events = new ArrayList<>();
        String type = null;
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith(EVENT_TYPE)) {
                if (type != null) {
                    events.add(new Event(type, fields));
                }
                type = line.substring(EVENT_TYPE.length()).trim();
                fields = new LinkedHashMap<>();
            } else if (type != null && line.contains(": ")) {
                int colon = line.indexOf(": ");
                fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        if (type != null) {
            events.add(new Event(type, fields));
        }
        return events;
    }

    /** The call states it went through ({@code Event} of each {@code call-state-changed}), in order. */
    List<String> callStates() throws IOException {
        return events().stream().filter(e -> e.type().equals("call-state-changed")).map(e -> e.field("Event"))
                .toList();
    }

    boolean reachedCallState(String state) throws IOException {
        requireAlive();
        return callStates().contains(state);
    }

    /** The {@code message-received} events. */
    List<Event> receivedMessages() throws IOException {
        requireAlive();
        return events().stream().filter(e -> e.type().equals("message-received")).toList();
    }

    /** The states its message {@code id} went through ({@code message-state-changed}). */
    List<String> messageStates(String id) throws IOException {
        requireAlive();
        return events().stream().filter(e -> e.type().equals("message-state-changed"))
                .filter(e -> e.field("Id").equals(id)).map(e -> e.field("State")).toList();
    }

    // ---- SIP traffic, from belle-sip's log

    /** The start lines of the SIP messages it received, from belle-sip's log of each read. */
    List<String> receivedStartLines() throws IOException {
        return sipTraffic().stream().filter(t -> t.contains(" <- ")).map(t -> t.substring(t.indexOf("]: ") + 3))
                .toList();
    }

    /**
     * The SIP messages it sent and received, one line each with the log's time:
     * {@code 06:45:40:830 -> [TCP://127.0.0.1:39991]: INVITE sip:bob@localhost SIP/2.0} or {@code ... <- ...}.
     */
    List<String> sipTraffic() throws IOException {
        List<String> traffic = new ArrayList<>();
        if (!Files.exists(log)) {
            return traffic;
        }
        String direction = null;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (LOG_LINE.matcher(line).find()) {
                    Matcher received = RECEIVED.matcher(line);
                    Matcher sent = SENT.matcher(line);
                    String time = line.substring(11, 23);
                    direction = received.find() ? time + " <- [" + received.group(1) + "]"
                            : sent.find() ? time + " -> [" + sent.group(1) + "]" : null;
                } else if (direction != null && START_LINE.matcher(line).matches()) {
                    traffic.add(direction + ": " + line);
                }
            }
        }
        return traffic;
    }

    // ---- failure report and stop

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("linphone-daemon " + name + " exited with " + process.exitValue() + "\n"
                    + report());
        }
    }

    /** Its events, its SIP traffic and the tails of its log and error output, for an assertion message. */
    String report() {
        StringBuilder text = new StringBuilder("==== linphone-daemon ").append(name)
                .append(process.isAlive() ? " (running, pid " + process.pid() + ")" : " (exit " + process.exitValue()
                        + ")").append('\n');
        try {
            text.append("---- events\n");
            for (Event e : events()) {
                text.append(e.type()).append(' ').append(e.fields()).append('\n');
            }
            text.append("---- SIP traffic\n");
            sipTraffic().forEach(t -> text.append(t).append('\n'));
        } catch (IOException e) {
            text.append("(unreadable: ").append(e.getMessage()).append(")\n");
        }
        text.append("---- ").append(stderr.getFileName()).append(" (tail)\n").append(SippProcess.tail(stderr, 20));
        text.append("---- ").append(log).append(" (tail)\n").append(SippProcess.tail(log, LOG_TAIL_LINES));
        return text.toString();
    }

    /** {@code quit}, then SIGTERM to {@code timeout} (passed on to the daemon), then SIGKILL, all by PID. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> handles = processes();
        if (process.isAlive()) {
            try {
                command("quit");
            } catch (IOException | AssertionError alreadyGoing) {
                // Stopped below by PID.
            }
            if (!process.waitFor(QUIT_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    handles.forEach(ProcessHandle::destroyForcibly);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        for (ProcessHandle h : handles) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException leftover) {
            // A socket file left in /tmp holds no process.
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", name, folder);
    }
}
