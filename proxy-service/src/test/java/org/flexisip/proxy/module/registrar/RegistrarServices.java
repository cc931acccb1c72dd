package org.flexisip.proxy.module.registrar;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.HashedWheelTimer;
import org.flexisip.common.time.ManualClock;
import org.flexisip.common.time.SipClock;
import org.flexisip.common.time.TimerService;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;

/**
 * The proxy core as the Registrar sees it in tests: this proxy is {@code 127.0.0.1:5060} (and the alias
 * {@code proxy.example.org}), the SIP loop and the blocking executor run tasks at once (on the thread that
 * completes the database's future: the test thread, or Redis's event loop), time is a {@link ManualClock} and
 * timers fire when the test calls {@link #advance}. Sending is not needed.
 */
final class RegistrarServices implements ProxyServices {
    static final String UNIQUE_ID = "0123456789abcdef";

    final ManualClock clock;
    final HashedWheelTimer timers;

    /** With a clock of the test's registrar backend ({@link RegistrarBackend#manualClock()}). */
    RegistrarServices(ManualClock clock) {
        this.clock = clock;
        this.timers = new HashedWheelTimer(clock, Runnable::run);
    }

    /** Moves time on and runs the timers that are due. */
    void advance(java.time.Duration amount) {
        clock.advance(amount);
        timers.expire();
    }

    @Override
    public String uniqueId() {
        return UNIQUE_ID;
    }

    @Override
    public boolean isUs(String host, OptionalInt port, boolean secure) {
        return host.equalsIgnoreCase("proxy.example.org") || host.equals("127.0.0.1") && port.orElse(5060) == 5060;
    }

    @Override
    public SipUri selfUri(IncomingMessage incoming) {
        SipUri.Builder b = SipUri.builder("127.0.0.1").port(5060);
        if (incoming.protocol() != TransportSpec.Protocol.UDP) {
            b.parameter("transport", incoming.protocol().name().toLowerCase(java.util.Locale.ROOT));
        }
        return b.parameter("lr", null).build();
    }

    @Override
    public Optional<SipUri> selfUri(TransportSpec.Protocol protocol, IncomingMessage incoming) {
        return Optional.of(selfUri(incoming));
    }

    @Override
    public CompletableFuture<NextHop> resolve(SipUri target, String defaultTransport) {
        throw new UnsupportedOperationException("the Registrar resolves nothing");
    }

    @Override
    public void forward(RequestEvent event, NextHop hop) {
        throw new UnsupportedOperationException("the Registrar forwards nothing");
    }

    @Override
    public void respond(RequestEvent event, SipResponse response) {
        throw new UnsupportedOperationException("the Registrar answers through its event");
    }

    @Override
    public void cancel(ClientTransaction branch, String reason) {
        throw new UnsupportedOperationException("the Registrar cancels nothing");
    }

    @Override
    public boolean isConnected(NextHop hop) {
        throw new UnsupportedOperationException("the Registrar sends nothing");
    }

    @Override
    public void sendStateless(SipMessage message, NextHop hop) {
        throw new UnsupportedOperationException("the Registrar sends nothing");
    }

    @Override
    public Executor sipLoop() {
        return Runnable::run;
    }

    @Override
    public Executor blockingExecutor() {
        return Runnable::run;
    }

    @Override
    public SipClock clock() {
        return clock;
    }

    @Override
    public TimerService timers() {
        return timers;
    }
}
