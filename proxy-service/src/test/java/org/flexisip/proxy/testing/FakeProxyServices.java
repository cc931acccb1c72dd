package org.flexisip.proxy.testing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.ManualClock;
import org.flexisip.common.time.SipClock;
import org.flexisip.common.time.TimerService;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;

/**
 * The proxy core as modules see it, for tests: this proxy is {@code 127.0.0.1:5060} (and the alias
 * {@code proxy.example.org}), IP literals resolve at once, and what is sent is recorded.
 */
public final class FakeProxyServices implements ProxyServices {
    public static final String UNIQUE_ID = "0123456789abcdef";

    public record Forwarded(SipRequest request, NextHop hop) {
    }

    public final List<Forwarded> forwarded = new ArrayList<>();
    public final List<SipMessage> sentStateless = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @Override
    public String uniqueId() {
        return UNIQUE_ID;
    }

    @Override
    public boolean isUs(String host, OptionalInt port, boolean secure) {
        if (host.equalsIgnoreCase("proxy.example.org")) {
            return true;
        }
        return host.equals("127.0.0.1") && port.orElse(5060) == 5060;
    }

    @Override
    public SipUri selfUri(IncomingMessage incoming) {
        return SipUri.builder("127.0.0.1").port(5060).parameter("lr", null).build();
    }

    @Override
    public Optional<SipUri> selfUri(TransportSpec.Protocol protocol, IncomingMessage incoming) {
        SipUri.Builder b = SipUri.builder("127.0.0.1").port(5060);
        if (protocol == TransportSpec.Protocol.TCP) {
            b.parameter("transport", "tcp");
        }
        return Optional.of(b.parameter("lr", null).build());
    }

    @Override
    public CompletableFuture<NextHop> resolve(SipUri target, String defaultTransport) {
        String transport = target.transport().orElse(defaultTransport);
        TransportSpec.Protocol protocol = transport.equalsIgnoreCase("tcp") ? TransportSpec.Protocol.TCP
                : TransportSpec.Protocol.UDP;
        String host = target.maddr().orElse(target.host());
        if (!host.matches("[0-9.]+")) {
            return CompletableFuture.failedFuture(new java.net.UnknownHostException(host));
        }
        return CompletableFuture.completedFuture(new NextHop(new InetSocketAddress(host, target.port().orElse(5060)),
                protocol));
    }

    @Override
    public void forward(RequestEvent event, NextHop hop) {
        forwarded.add(new Forwarded(event.request(), hop));
    }

    public final List<org.flexisip.common.sip.message.SipResponse> responded = new ArrayList<>();
    public final List<String> cancelled = new ArrayList<>();

    @Override
    public void respond(RequestEvent event, org.flexisip.common.sip.message.SipResponse response) {
        responded.add(response);
    }

    @Override
    public void cancel(org.flexisip.common.sip.transaction.ClientTransaction branch, String reason) {
        cancelled.add(branch.request().requestUri() + (reason == null ? "" : " " + reason));
    }

    /** Open stream connections (UDP is always "connected"). */
    public final java.util.Set<InetSocketAddress> connections = new java.util.HashSet<>();

    @Override
    public boolean isConnected(NextHop hop) {
        return !hop.protocol().isStream() || connections.contains(hop.address());
    }

    @Override
    public void sendStateless(SipMessage message, NextHop hop) {
        sentStateless.add(message);
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
        throw new UnsupportedOperationException("no timers in this test");
    }
}
