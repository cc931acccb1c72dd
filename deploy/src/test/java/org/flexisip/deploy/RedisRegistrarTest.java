package org.flexisip.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy on the Redis registrar database (a real redis-server with its append-only file): bindings survive a
 * restart of the proxy; while Redis is down a REGISTER is answered 503 at once and the proxy is not ready; once
 * Redis is back the proxy is ready again and no binding is lost.
 */
class RedisRegistrarTest {
    @TempDir
    Path dir;

    private Process redis;
    private int redisPort;

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void startRedis() throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", dir.toString(), "--notify-keyspace-events", "Ex")
                .redirectOutput(dir.resolve("redis.out").toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", redisPort)) {
                return true;
            }
        });
    }

    private ServiceProcess startProxy(int sipPort) throws Exception {
        return ServiceProcess.start(Role.PROXY, dir, "-t", "sip:127.0.0.1:" + sipPort,
                "--set", "module::Registrar/db-implementation=redis",
                "--set", "module::Registrar/redis-server-domain=127.0.0.1",
                "--set", "module::Registrar/redis-server-port=" + redisPort,
                "--set", "module::Registrar/reg-domains=localhost");
    }

    private static String register(DatagramSocket device, int cseq) {
        return "REGISTER sip:localhost SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + device.getLocalPort() + ";branch=z9hG4bK-reg" + cseq + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:bob@localhost>;tag=r" + cseq + "\r\nTo: <sip:bob@localhost>\r\n"
                + "Call-ID: redis-reg@127.0.0.1\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:bob@127.0.0.1:" + device.getLocalPort() + ">;+sip.instance=\"<urn:uuid:b0b>\"\r\n"
                + "Expires: 600\r\nContent-Length: 0\r\n\r\n";
    }

    private static String invite(DatagramSocket caller) {
        return "INVITE sip:bob@localhost SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.getLocalPort() + ";branch=z9hG4bK-redis-inv\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@localhost>;tag=a1\r\nTo: <sip:bob@localhost>\r\n"
                + "Call-ID: redis-inv@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(DatagramSocket socket, String text, int port) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram starting with {@code start} within {@code seconds}. */
    private static String receive(DatagramSocket socket, String start, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        StringBuilder seen = new StringBuilder();
        socket.setSoTimeout(500);
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            if (text.startsWith(start)) {
                return text;
            }
            seen.append(text.lines().findFirst().orElse("")).append(" | ");
        }
        throw new AssertionError("no '" + start + "' within " + seconds + " s; seen: " + seen);
    }

    @Test
    void bindingsOutliveTheProxyAndARedisOutageAnswers503AtOnceAndLosesNothing() throws Exception {
        redisPort = ServiceProcess.freePort();
        startRedis();
        int sipPort = ServiceProcess.freeUdpAndTcpPort();
        try (DatagramSocket bob = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket alice = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            try (ServiceProcess proxy = startProxy(sipPort).awaitReady()) {
                send(bob, register(bob, 1), sipPort);
                assertTrue(receive(bob, "SIP/2.0 ", 15).startsWith("SIP/2.0 200"));
            }
            try (ServiceProcess proxy = startProxy(sipPort).awaitReady()) {
                String record = proxy.get("/api/registrar/sip%3Abob%40localhost").body();
                assertTrue(record.contains("sip:bob@127.0.0.1:" + bob.getLocalPort()), record);
                send(alice, invite(alice), sipPort);
                assertTrue(receive(bob, "INVITE ", 15).startsWith("INVITE sip:bob@127.0.0.1"));

                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
                long sent = System.nanoTime();
                send(bob, register(bob, 2), sipPort);
                String answer = receive(bob, "SIP/2.0 ", 10);
                long millis = (System.nanoTime() - sent) / 1_000_000;
                assertTrue(answer.startsWith("SIP/2.0 503"), answer);
                assertTrue(answer.contains("Retry-After:"), answer);
                assertTrue(millis < 5_000, "the 503 took " + millis + " ms");
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> proxy.get("/q/health/ready").statusCode() == 503);
                assertTrue(proxy.get("/api/runtime-error").body().contains("module::Registrar"));

                startRedis();
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                        .until(() -> proxy.get("/q/health/ready").statusCode() == 200);
                assertEquals(200, proxy.get("/api/registrar/sip%3Abob%40localhost").statusCode());
                send(bob, register(bob, 3), sipPort);
                assertTrue(receive(bob, "SIP/2.0 ", 15).startsWith("SIP/2.0 200"));
            }
        }
    }
}
