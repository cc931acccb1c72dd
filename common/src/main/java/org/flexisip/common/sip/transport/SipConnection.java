package org.flexisip.common.sip.transport;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * A TCP or TLS connection carrying SIP, inbound or outbound. Holds what the layers above decide about it: a
 * connection marked for outbound (RFC 5626, a REGISTER with {@code Supported: outbound}) answers CRLFCRLF
 * pings with CRLF pongs; a connection marked proxy-to-proxy uses {@code proxy-to-proxy-keepalive-interval}.
 * Messages queued on it are bounded by {@code tport-message-queue-size}.
 */
public final class SipConnection {
    static final String KEEPALIVE_HANDLER = "keepalive";
    private static final byte[] PING = {'\r', '\n', '\r', '\n'};
    private static final byte[] PONG = {'\r', '\n'};

    private final Channel channel;
    private final TransportSpec.Protocol protocol;
    private final TransportSettings settings;
    private final TransportCounters counters;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean outbound;
    private volatile boolean proxyToProxy;

    SipConnection(Channel channel, TransportSpec.Protocol protocol, TransportSettings settings,
            TransportCounters counters) {
        this.channel = channel;
        this.protocol = protocol;
        this.settings = settings;
        this.counters = counters;
    }

    public TransportSpec.Protocol protocol() {
        return protocol;
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * The certificate the peer of a TLS connection presented, once the handshake is done: the transport asked for
     * it and verified it against its CA list ({@code tls-verify-incoming}), else the handshake failed. Empty over
     * TCP, or when the peer presented none (allowed with {@code tls-allow-missing-client-certificate}).
     */
    public Optional<X509Certificate> peerCertificate() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null || !tls.handshakeFuture().isSuccess()) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** RFC 5626 §4.4.1: pings on this connection get a pong (the registrar calls this). */
    public void markOutbound() {
        outbound = true;
    }

    public boolean isMarkedOutbound() {
        return outbound;
    }

    /**
     * The connection links two proxies (spec/global.md §5.2): it switches to
     * {@code proxy-to-proxy-keepalive-interval} when that is above zero and differs.
     */
    public void markProxyToProxy() {
        if (proxyToProxy) {
            return;
        }
        proxyToProxy = true;
        Duration interval = settings.proxyToProxyKeepaliveInterval();
        if (!interval.isZero() && !interval.equals(settings.keepaliveInterval())) {
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(KEEPALIVE_HANDLER) != null) {
                    channel.pipeline().replace(KEEPALIVE_HANDLER, KEEPALIVE_HANDLER, keepaliveHandler(interval));
                } else {
                    channel.pipeline().addFirst(KEEPALIVE_HANDLER, keepaliveHandler(interval));
                }
            });
        }
    }

    public boolean isProxyToProxy() {
        return proxyToProxy;
    }

    /** Messages written but not yet flushed to the socket. */
    public int queuedMessages() {
        return queued.get();
    }

    /**
     * Queues {@code bytes} for sending. Past {@code tport-message-queue-size} messages waiting, fails at once
     * rather than let memory grow.
     */
    public CompletableFuture<Void> send(byte[] bytes) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!channel.isActive()) {
            result.completeExceptionally(new TransportException("connection to " + channel.remoteAddress()
                    + " is closed"));
            return result;
        }
        if (queued.incrementAndGet() > settings.messageQueueSize()) {
            queued.decrementAndGet();
            counters.queueOverflows.increment();
            result.completeExceptionally(new TransportException("queue of the connection to "
                    + channel.remoteAddress() + " is full (" + settings.messageQueueSize()
                    + " messages, tport-message-queue-size)"));
            return result;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            queued.decrementAndGet();
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(new TransportException("cannot send to " + channel.remoteAddress()
                        + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    void pong() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(PONG));
    }

    void ping() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(PING));
    }

    public void close() {
        channel.close();
    }

    /** Fires a writer-idle event after {@code interval} without sending: the pipeline then pings. */
    static IdleStateHandler keepaliveHandler(Duration interval) {
        return new IdleStateHandler(0, interval.toMillis(), 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return protocol + " " + channel.localAddress() + " <-> " + channel.remoteAddress();
    }
}
