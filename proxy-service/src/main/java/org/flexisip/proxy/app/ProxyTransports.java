package org.flexisip.proxy.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.transaction.TimerSettings;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportConfigurationException;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.transport.tls.TlsConfigurationException;
import org.flexisip.common.sip.transport.tls.TlsContexts;
import org.flexisip.common.sip.transport.tls.TlsSettings;
import org.flexisip.common.time.HashedWheelTimer;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.agent.Agent;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.proxy.agent.ModuleCatalog;
import org.flexisip.proxy.agent.RegistrarDatabases;
import org.flexisip.proxy.agent.ProxyStatistics;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.dosprotection.DoSProtection;
import org.flexisip.proxy.plugin.ProxyPlugins;
import org.jboss.logging.Logger;

import io.netty.channel.nio.NioEventLoopGroup;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Wires the proxy: the SIP listeners of {@code global/transports}, the single SIP loop thread that the transaction
 * layer, the core and the modules run on (as Flexisip runs on one sofia-sip loop), the timer wheel, the
 * {@link Agent} and its module chain, and the modules' idle tick every 5 s.
 */
@Singleton
public class ProxyTransports {
    private static final Logger LOG = Logger.getLogger(ProxyTransports.class);
    static final Duration IDLE_TICK = Duration.ofSeconds(5);

    private final FlexisipConfig config;
    private final RuntimeErrorRegistry runtimeErrors;
    private final CommandLineOptions options;
    private final ProxyPlugins plugins;
    private final Vertx vertx;
    private NioEventLoopGroup group;
    private SipTransports transports;
    private ExecutorService sipLoop;
    private ExecutorService blocking;
    private HashedWheelTimer timers;
    private Agent agent;
    private ModuleChain chain;
    private RegistrarDb registrarDb;

    public ProxyTransports(FlexisipConfig config, RuntimeErrorRegistry runtimeErrors, CommandLineOptions options,
            ProxyPlugins plugins, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.plugins = plugins;
        this.runtimeErrors = runtimeErrors;
        this.options = options;
    }

    void onStart(@Observes StartupEvent event) throws TransportConfigurationException, ModuleConfigurationException {
        ConfigSection global = config.global();
        List<TransportSpec> specs = TransportSpec.parseAll(global.getStringList("transports"));
        String uniqueId = SipTransports.uniqueId(global.getString("unique-id"), specs);
        LOG.infof("unique-id %s", uniqueId);
        sipLoop = Executors.newSingleThreadExecutor(named("sip-loop"));
        blocking = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                named("sip-blocking"));
        SipClock clock = SipClock.system();
        timers = new HashedWheelTimer(clock, sipLoop);
        timers.start();
        group = new NioEventLoopGroup(2);
        transports = new SipTransports(specs, TransportSettings.from(global), in -> agent.onIncoming(in),
                runtimeErrors, group, () -> global.getStringList("aliases"), spec -> TlsContexts.create(
                        TlsSettings.resolve(spec.tlsParameters(), TlsSettings.Global.from(global)), passphrase()));
        TimerSettings timerSettings = TimerSettings.rfc3261()
                .withTransactionTimeout(global.getDuration("transaction-timeout"));
        agent = new Agent(uniqueId, transports, timerSettings, sipLoop, blocking, clock, timers,
                new ProxyStatistics(global));
        registrarDb = RegistrarDatabases.create(config, clock, vertx, runtimeErrors);
        ModuleCatalog catalog = ModuleCatalog.builtIn(registrarDb).with(plugins);
        catalog.startWarnings(config).forEach(LOG::warn);
        chain = catalog.build(config, agent, sipLoop, agent);
        agent.installChain(chain);
        DoSProtection.guardOf(chain).ifPresent(transports::guard);
        LOG.infof("module chain: %s", chain.links());
        sipLoop.execute(chain::start);
        ReloadSignal.install(chain, sipLoop);
        scheduleIdle();
        transports.start();
    }

    private void scheduleIdle() {
        timers.schedule(IDLE_TICK, () -> {
            chain.onIdle();
            if (registrarDb instanceof InternalRegistrarDb internal) {
                internal.purgeExpired(); // Redis expires its records itself.
            }
            if (!sipLoop.isShutdown()) {
                scheduleIdle();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (transports != null) {
            transports.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (timers != null) {
            timers.close();
        }
        if (sipLoop != null) {
            sipLoop.execute(() -> {
                chain.close();
                registrarDb.close();
            });
            sipLoop.shutdown();
            blocking.shutdownNow();
        }
    }

    /** True once every listener is bound (readiness). */
    public boolean allBound() {
        return transports != null && transports.allBound();
    }

    /** The proxy core, for tests and the admin API. */
    public Agent agent() {
        return agent;
    }

    public ModuleChain chain() {
        return chain;
    }

    /** The registrar database the Registrar and the Router share (the admin API reads it too). */
    public RegistrarDb registrarDb() {
        return registrarDb;
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            t.setDaemon(true);
            return t;
        };
    }

    private Optional<char[]> passphrase() throws TlsConfigurationException {
        Optional<Path> file = options.p12PassphraseFile();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file.get()).strip().toCharArray());
        } catch (java.io.IOException e) {
            throw new TlsConfigurationException("cannot read --p12-passphrase-file " + file.get() + ": " + e.getMessage());
        }
    }
}
