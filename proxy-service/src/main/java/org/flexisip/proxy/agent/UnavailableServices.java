package org.flexisip.proxy.agent;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.flexisip.common.time.TimerService;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;

/**
 * The services given to modules created only to validate their configuration: using them is a bug, but for the
 * clock and the blocking executor, which a module may keep while it is built (its first run comes later).
 */
final class UnavailableServices implements ProxyServices {
    private static UnsupportedOperationException unavailable() {
        return new UnsupportedOperationException("a module used the proxy while its configuration was only "
                + "being validated");
    }

    @Override
    public String uniqueId() {
        throw unavailable();
    }

    @Override
    public boolean isUs(String host, OptionalInt port, boolean secure) {
        throw unavailable();
    }

    @Override
    public SipUri selfUri(IncomingMessage incoming) {
        throw unavailable();
    }

    @Override
    public Optional<SipUri> selfUri(TransportSpec.Protocol protocol, IncomingMessage incoming) {
        throw unavailable();
    }

    @Override
    public CompletableFuture<NextHop> resolve(SipUri target, String defaultTransport) {
        throw unavailable();
    }

    @Override
    public void forward(RequestEvent event, NextHop hop) {
        throw unavailable();
    }

    @Override
    public void respond(RequestEvent event, org.flexisip.common.sip.message.SipResponse response) {
        throw unavailable();
    }

    @Override
    public void cancel(org.flexisip.common.sip.transaction.ClientTransaction branch, String reason) {
        throw unavailable();
    }

    @Override
    public boolean isConnected(NextHop hop) {
        throw unavailable();
    }

    @Override
    public void sendStateless(SipMessage message, NextHop hop) {
        throw unavailable();
    }

    @Override
    public Executor sipLoop() {
        throw unavailable();
    }

    @Override
    public Executor blockingExecutor() {
        return task -> {
            throw unavailable();
        };
    }

    @Override
    public SipClock clock() {
        return SipClock.system();
    }

    @Override
    public TimerService timers() {
        throw unavailable();
    }
}
