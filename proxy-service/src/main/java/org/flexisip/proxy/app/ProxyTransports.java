package org.flexisip.proxy.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportConfigurationException;
import org.flexisip.common.sip.transport.TransportSettings;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.transport.tls.TlsConfigurationException;
import org.flexisip.common.sip.transport.tls.TlsContexts;
import org.flexisip.common.sip.transport.tls.TlsSettings;
import org.jboss.logging.Logger;

import io.netty.channel.nio.NioEventLoopGroup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The proxy's SIP listeners from {@code global/transports}. Until the proxy core and its modules exist, every
 * request is answered {@code 503} with a reason saying so (never a fake success); responses and ACKs are
 * dropped.
 */
@Singleton
public class ProxyTransports {
    private static final Logger LOG = Logger.getLogger(ProxyTransports.class);
    static final String NOT_IMPLEMENTED = "Proxy modules not implemented yet";

    private final FlexisipConfig config;
    private final RuntimeErrorRegistry runtimeErrors;
    private final CommandLineOptions options;
    private NioEventLoopGroup group;
    private SipTransports transports;

    public ProxyTransports(FlexisipConfig config, RuntimeErrorRegistry runtimeErrors, CommandLineOptions options) {
        this.config = config;
        this.runtimeErrors = runtimeErrors;
        this.options = options;
    }

    void onStart(@Observes StartupEvent event) throws TransportConfigurationException {
        ConfigSection global = config.global();
        List<TransportSpec> specs = TransportSpec.parseAll(global.getStringList("transports"));
        LOG.infof("unique-id %s", SipTransports.uniqueId(global.getString("unique-id"), specs));
        group = new NioEventLoopGroup(2);
        transports = new SipTransports(specs, TransportSettings.from(global), this::answer, runtimeErrors, group,
                () -> global.getStringList("aliases"), spec -> TlsContexts.create(
                        TlsSettings.resolve(spec.tlsParameters(), TlsSettings.Global.from(global)), passphrase()));
        transports.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (transports != null) {
            transports.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** True once every listener is bound (readiness). */
    public boolean allBound() {
        return transports != null && transports.allBound();
    }

    private void answer(IncomingMessage in) {
        if (in.message() instanceof SipRequest request && !request.isMethod("ACK")) {
            transports.reply(in, SipResponse.to(request, 503, NOT_IMPLEMENTED).build());
        }
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
