package org.flexisip.common.sip.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * sipp, a peer we did not write, sends OPTIONS over UDP and TCP, on IPv4 and IPv6 loopback, to a
 * {@code sip:*} listener whose test handler answers 200.
 */
class SippOptionsTest {
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final AtomicInteger answered = new AtomicInteger();
    private SipTransports transports;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (transports != null) {
            transports.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"127.0.0.1, u1, 127.0.0.1", "127.0.0.1, t1, 127.0.0.1", "::1, u1, [::1]", "::1, t1, [::1]"})
    void sippOptionsGetsA200(String localIp, String sippTransport, String target) throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        transports = new SipTransports(TransportSpec.parseAll(List.of("sip:*:" + port)),
                new TransportSettings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 1460, 524288, 100,
                        Duration.ofSeconds(600), SipStreamFramer.Limits.DEFAULT),
                in -> {
                    if (in.message() instanceof SipRequest r && r.isMethod("OPTIONS")) {
                        answered.incrementAndGet(); // Before the answer: sipp may exit as soon as it has it.
                        transports.reply(in, SipResponse.to(r, 200, "OK").build());
                    }
                }, new RuntimeErrorRegistry(s -> Optional.empty(), Clock.systemUTC()), group, List::of);
        transports.start();
        await().atMost(Duration.ofSeconds(15)).until(transports::allBound);

        Path scenario = dir.resolve("options-uac.xml");
        try (var in = getClass().getResourceAsStream("/sipp/options-uac.xml")) {
            Files.copy(in, scenario);
        }
        Process sipp = new ProcessBuilder("timeout", "30", "sipp", "-sf", scenario.toString(), "-m", "1",
                "-t", sippTransport, "-i", localIp, "-p", Integer.toString(LoopbackPorts.freeUdpAndTcp()), "-nostdin",
                "-timeout", "20s", "-timeout_error", "-trace_err", target + ":" + port)
                .directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("sipp.out").toFile()).redirectErrorStream(true).start();
        assertTrue(sipp.waitFor(40, TimeUnit.SECONDS), "sipp did not exit");
        assertEquals(0, sipp.exitValue(), () -> "sipp failed:\n" + read(dir.resolve("sipp.out")));
        assertEquals(1, answered.get());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
