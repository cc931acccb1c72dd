package org.flexisip.proxy.agent;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.transaction.TimerSettings;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.time.HashedWheelTimer;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.registrar.RegistrarBackend;
import org.flexisip.proxy.testing.TestConfigs;

import io.netty.channel.nio.NioEventLoopGroup;

/** The proxy core on a loopback UDP/TCP port, without Quarkus: transports, SIP loop, timers, agent, chain. */
final class LoopbackProxy implements AutoCloseable {
    final int port;
    final FlexisipConfig config;
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService sipLoop = Executors.newSingleThreadExecutor();
    private final ExecutorService blocking = Executors.newFixedThreadPool(1);
    private final HashedWheelTimer timers;
    private final SipTransports transports;
    private Agent agent;
    /** The registrar database of the Registrar and the Router. */
    RegistrarDb db;

    /** With the in-memory registrar database. */
    LoopbackProxy(String... overrides) throws Exception {
        this(RegistrarBackend.internal(), overrides);
    }

    /** With the registrar database of {@code backend} (which closes it after the test). */
    LoopbackProxy(RegistrarBackend backend, String... overrides) throws Exception {
        port = freeUdpAndTcp();
        List<String> all = new ArrayList<>();
        all.add("global/transports=sip:127.0.0.1:" + port);
        all.addAll(backend.configLines());
        all.addAll(List.of(overrides));
        config = TestConfigs.with(all.toArray(String[]::new));
        ConfigSection global = config.global();
        List<TransportSpec> specs = TransportSpec.parseAll(global.getStringList("transports"));
        SipClock clock = SipClock.system();
        timers = new HashedWheelTimer(clock, sipLoop);
        timers.start();
        transports = new SipTransports(specs, TransportSettings.from(global), in -> agent.onIncoming(in),
                new RuntimeErrorRegistry(s -> Optional.empty(), Clock.systemUTC()), group,
                () -> global.getStringList("aliases"));
        agent = new Agent(SipTransports.uniqueId("", specs), transports, TimerSettings.rfc3261()
                .withTransactionTimeout(global.getDuration("transaction-timeout")), sipLoop, blocking, clock, timers,
                new ProxyStatistics(global));
        db = backend.open(config, clock);
        ModuleChain chain = ModuleCatalog.builtIn(db).build(config, agent, sipLoop, agent);
        agent.installChain(chain);
        sipLoop.execute(chain::start);
        transports.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!transports.allBound() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static int freeUdpAndTcp() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // Free for TCP only: try another.
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    @Override
    public void close() throws Exception {
        db.close();
        transports.close();
        timers.close();
        sipLoop.shutdown();
        blocking.shutdownNow();
        sipLoop.awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
