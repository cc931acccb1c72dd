package org.flexisip.common.sip.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.transport.dos.InboundGuard;
import org.flexisip.common.sip.transport.tls.TlsConfigurationException;
import org.flexisip.common.sip.transport.tls.TlsContexts;
import org.jboss.logging.Logger;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The SIP transports of one role (RFC 3261 §18, spec/global.md §3-§6) on Netty: listeners from
 * {@code global/transports}, outgoing connections opened on demand and reused, keep-alives, idle timeout,
 * bounded queues, the {@code udp-mtu} fallback to TCP, and "is us".
 *
 * <p>A listener that cannot be bound, or a {@code sips:} transport whose certificate cannot be read, is a
 * runtime error on {@code global/transports} naming the URI and the reason: the role is not ready, serves its
 * other transports and retries the bind until it works.
 */
public final class SipTransports implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SipTransports.class);
    /** The runtime-error subject of transport problems. */
    public static final String SUBJECT = "global/transports";
    /** Between two attempts to bind a listener that failed. */
    public static final Duration BIND_RETRY = Duration.ofSeconds(10);
    /**
     * The receive buffer asked for every UDP listener (SO_RCVBUF), 4 MiB: the kernel default (208 KiB,
     * {@code net.core.rmem_default}) holds only a few hundred datagrams, which a pause of the SIP thread or of the
     * GC of a few tens of milliseconds overflows at a few thousand requests per second (issue 11: every
     * retransmission of the benchmark was a datagram dropped there). Linux caps it at {@code net.core.rmem_max};
     * raise that sysctl to get all of it (Kamailio raises its UDP buffer too: its {@code maxbuffer}).
     */
    public static final int UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final List<TransportSpec> specs;
    private final TransportSettings settings;
    private final SipTransportListener listener;
    private final RuntimeErrorRegistry runtimeErrors;
    private final EventLoopGroup group;
    private final Supplier<List<String>> aliases;
    private final TlsFactory tlsFactory;
    private final Map<String, TlsContexts> tls = new ConcurrentHashMap<>();
    /** The addresses of each transport's advertised name, looked up once at start (never on an event loop). */
    private final Map<String, List<String>> resolved = new ConcurrentHashMap<>();
    private final SipMessageParser parser = new SipMessageParser();
    private final TransportCounters counters = new TransportCounters();
    private final Map<String, String> bindErrors = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<Channel> udpChannels = new CopyOnWriteArrayList<>();
    private final Map<InetSocketAddress, SipConnection> connections = new ConcurrentHashMap<>();
    /** Connections being opened, so that concurrent sends to a new destination share one. */
    private final Map<InetSocketAddress, CompletableFuture<SipConnection>> connecting = new ConcurrentHashMap<>();
    /** Every channel we opened or accepted, so that {@link #close()} misses none. */
    private final io.netty.channel.group.ChannelGroup channels = new io.netty.channel.group.DefaultChannelGroup(
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final AtomicInteger pendingBinds = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean closed;
    /** DoSProtection's bans (spec/proxy.md §3), consulted before any packet is parsed. */
    private volatile InboundGuard guard = InboundGuard.OPEN;

    /** Makes the TLS contexts of a {@code sips:} transport (spec/global.md §7). */
    @FunctionalInterface
    public interface TlsFactory {
        TlsFactory NONE = spec -> {
            throw new TlsConfigurationException("no TLS configuration given to the transports");
        };

        TlsContexts create(TransportSpec spec) throws TlsConfigurationException;
    }

    public SipTransports(List<TransportSpec> specs, TransportSettings settings, SipTransportListener listener,
            RuntimeErrorRegistry runtimeErrors, EventLoopGroup group, Supplier<List<String>> aliases) {
        this(specs, settings, listener, runtimeErrors, group, aliases, TlsFactory.NONE);
    }

    /**
     * @param aliases    the current {@code global/aliases} (runtime-settable, so read at each check)
     * @param tlsFactory the TLS contexts of each {@code sips:} transport
     */
    public SipTransports(List<TransportSpec> specs, TransportSettings settings, SipTransportListener listener,
            RuntimeErrorRegistry runtimeErrors, EventLoopGroup group, Supplier<List<String>> aliases,
            TlsFactory tlsFactory) {
        this.tlsFactory = tlsFactory;
        this.specs = List.copyOf(specs);
        this.settings = settings;
        this.listener = listener;
        this.runtimeErrors = runtimeErrors;
        this.group = group;
        this.aliases = aliases;
    }

    public TransportSettings settings() {
        return settings;
    }

    public TransportCounters counters() {
        return counters;
    }

    /**
     * Installs DoSProtection's guard (spec/proxy.md §3): every datagram and every packet of a connection is counted
     * by it, a banned source's datagrams are dropped unparsed, and its connections are closed. Call before
     * {@link #start()}; {@link InboundGuard#OPEN} until then.
     */
    public void guard(InboundGuard inboundGuard) {
        this.guard = java.util.Objects.requireNonNull(inboundGuard);
    }

    InboundGuard guard() {
        return guard;
    }

    public List<TransportSpec> specs() {
        return specs;
    }

    /** Binds every listener; those that fail are retried every {@link #BIND_RETRY}. Does not block on them. */
    public void start() {
        started = true;
        for (TransportSpec spec : specs) {
            resolved.put(spec.uri(), resolve(spec.advertisedHost()));
        }
        for (TransportSpec spec : specs) {
            if (spec.protocols().contains(TransportSpec.Protocol.TLS)) {
                try {
                    TlsContexts contexts = tlsFactory.create(spec);
                    tls.put(spec.uri(), contexts);
                    contexts.warnings().forEach(w -> LOG.warnf("%s: %s", spec.uri(), w));
                } catch (TlsConfigurationException e) {
                    bindFailed(spec, TransportSpec.Protocol.TLS, e.getMessage());
                    continue;
                }
                if (spec.isClientOnly()) {
                    continue;
                }
            }
            for (TransportSpec.Protocol protocol : spec.protocols()) {
                bind(spec, protocol);
            }
        }
    }

    /** True when every configured listener is bound (the readiness of the role's SIP side). */
    public boolean allBound() {
        return started && pendingBinds.get() == 0 && bindErrors.isEmpty();
    }

    /** The UDP listeners bound, for tests. */
    List<Channel> udpListeners() {
        return List.copyOf(udpChannels);
    }

    /** The addresses listeners are bound to, for logs and tests. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Channel c : listeners) {
            addresses.add((InetSocketAddress) c.localAddress());
        }
        return addresses;
    }

    private void bind(TransportSpec spec, TransportSpec.Protocol protocol) {
        if (closed) {
            return;
        }
        String host = spec.bindHost().orElse("::");
        pendingBinds.incrementAndGet();
        ChannelFuture future;
        if (protocol == TransportSpec.Protocol.UDP) {
            future = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, false)
                    .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                    .handler(new DatagramHandler()).bind(host, spec.port());
        } else {
            future = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new AdaptiveRecvByteBufAllocator(512, 4096, settings.tcpMaxReadSize()))
                    .childHandler(streamInitializer(protocol, true, tls.get(spec.uri()), null))
                    .bind(host, spec.port());
        }
        future.addListener(f -> {
            if (f.isSuccess() && closed) {
                future.channel().close(); // Bound while closing: never served.
            } else if (f.isSuccess()) {
                Channel channel = future.channel();
                listeners.add(channel);
                if (protocol == TransportSpec.Protocol.UDP) {
                    udpChannels.add(channel);
                }
                bindSucceeded(spec, protocol);
                LOG.infof("listening on %s %s (%s)", protocol, channel.localAddress(), spec.uri());
            } else if (spec.isWildcard() && host.equals("::")) {
                // No IPv6 on this host: every IPv4 address then.
                bindWildcardIpv4(spec, protocol, f.cause());
            } else {
                bindFailed(spec, protocol, reason(f.cause()));
                scheduleRetry(spec, protocol);
            }
            // Last: a fallback bind started above is already counted, so readiness never sees a gap.
            pendingBinds.decrementAndGet();
        });
    }

    private void bindWildcardIpv4(TransportSpec spec, TransportSpec.Protocol protocol, Throwable ipv6Failure) {
        LOG.debugf("cannot bind [::]:%d (%s); binding 0.0.0.0", spec.port(), reason(ipv6Failure));
        TransportSpec ipv4 = new TransportSpec(spec.uri(), spec.protocols(), spec.advertisedHost(), spec.port(),
                Optional.of("0.0.0.0"), spec.tlsParameters());
        bind(ipv4, protocol);
    }

    private void scheduleRetry(TransportSpec spec, TransportSpec.Protocol protocol) {
        group.schedule(() -> bind(spec, protocol), BIND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void bindSucceeded(TransportSpec spec, TransportSpec.Protocol protocol) {
        if (bindErrors.remove(key(spec, protocol)) != null) {
            refreshRuntimeError();
        }
    }

    private void bindFailed(TransportSpec spec, TransportSpec.Protocol protocol, String reason) {
        bindErrors.put(key(spec, protocol), spec.uri() + " (" + protocol + " " + spec.bindHost().orElse("*") + ":"
                + spec.port() + "): " + reason);
        refreshRuntimeError();
        LOG.errorf("cannot listen on %s %s: %s", protocol, spec.uri(), reason);
    }

    private void refreshRuntimeError() {
        if (bindErrors.isEmpty()) {
            runtimeErrors.clear(SUBJECT);
        } else {
            List<String> messages = new ArrayList<>(bindErrors.values());
            Collections.sort(messages);
            runtimeErrors.report(SUBJECT, String.join("; ", messages), true);
        }
    }

    private static String key(TransportSpec spec, TransportSpec.Protocol protocol) {
        return spec.uri() + "|" + protocol;
    }

    private static String reason(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * @param contexts    TLS contexts for a TLS connection, else null
     * @param destination the peer of an outgoing TLS connection (its name is checked), else null
     */
    private ChannelInitializer<SocketChannel> streamInitializer(TransportSpec.Protocol protocol, boolean accepted,
            TlsContexts contexts, InetSocketAddress destination) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (contexts != null) {
                    ch.pipeline().addLast("tls", accepted ? contexts.newServerHandler(ch.alloc())
                            : contexts.newClientHandler(ch.alloc(), destination.getHostString(), destination.getPort()));
                }
                if (!settings.keepaliveInterval().isZero()) {
                    ch.pipeline().addLast(SipConnection.KEEPALIVE_HANDLER,
                            SipConnection.keepaliveHandler(settings.keepaliveInterval()));
                }
                if (!settings.idleTimeout().isZero()) {
                    ch.pipeline().addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0,
                            TimeUnit.MILLISECONDS));
                }
                ch.pipeline().addLast("sip", new SipStreamHandler(SipTransports.this, protocol, accepted, parser));
            }
        };
    }

    SipConnection register(Channel channel, TransportSpec.Protocol protocol, boolean accepted) {
        channels.add(channel);
        SipConnection c = new SipConnection(channel, protocol, settings, counters);
        (accepted ? counters.accepted : counters.connected).increment();
        connections.put((InetSocketAddress) channel.remoteAddress(), c);
        return c;
    }

    void unregister(SipConnection c) {
        if (c != null) {
            counters.closed.increment();
            connections.remove(c.remoteAddress(), c);
        }
    }

    void deliver(IncomingMessage message) {
        listener.onMessage(message);
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581 §4, applied to every request whatever the client asked (spec/global.md
     * §3.10): the top Via gets {@code received} and {@code rport} set to the source.
     */
    static SipMessage stampVia(SipMessage message, InetSocketAddress source) {
        if (!message.isRequest() || message.vias().isEmpty()) {
            return message;
        }
        ViaHeader top = message.topVia();
        String ip = source.getAddress().getHostAddress();
        int scope = ip.indexOf('%');
        ViaHeader stamped = top.toBuilder().param("received", scope < 0 ? ip : ip.substring(0, scope))
                .param("rport", Integer.toString(source.getPort())).build();
        return message.copy().replaceFirstValue(HeaderName.VIA, stamped.toString()).build();
    }

    /** The open connection with {@code remote}, if any (inbound or outbound). */
    public Optional<SipConnection> connection(InetSocketAddress remote) {
        SipConnection c = connections.get(remote);
        return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
    }

    /**
     * Sends {@code message} to {@code destination} over {@code protocol}. A request larger than {@code udp-mtu}
     * goes over TCP instead of UDP (RFC 3261 §18.1.1); a stream connection is reused when one is open.
     */
    public CompletableFuture<Void> send(SipMessage message, InetSocketAddress destination,
            TransportSpec.Protocol protocol) {
        byte[] bytes = message.toBytes();
        if (protocol == TransportSpec.Protocol.UDP) {
            if (message instanceof SipRequest && bytes.length > settings.udpMtu()) {
                counters.udpOverTcp.increment();
                return sendStream(bytes, destination, TransportSpec.Protocol.TCP);
            }
            return sendDatagram(bytes, destination);
        }
        return sendStream(bytes, destination, protocol);
    }

    /** Sends a response back the way the request came: its connection, or a datagram to its source. */
    public CompletableFuture<Void> reply(IncomingMessage request, SipMessage response) {
        if (request.connection().isPresent()) {
            return request.connection().get().send(response.toBytes());
        }
        return sendDatagram(response.toBytes(), request.remote());
    }

    /** Sends {@code bytes}, one whole message, as a datagram to {@code destination} from our UDP transport. */
    public CompletableFuture<Void> sendDatagram(byte[] bytes, InetSocketAddress destination) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Channel udp = udpChannelFor(destination);
        if (udp == null) {
            result.completeExceptionally(new TransportException("no UDP transport to send to " + destination));
            return result;
        }
        udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination)).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(new TransportException("cannot send to " + destination + ": "
                        + reason(f.cause()), f.cause()));
            }
        });
        return result;
    }

    private Channel udpChannelFor(InetSocketAddress destination) {
        boolean v6 = destination.getAddress() instanceof Inet6Address;
        Channel fallback = null;
        for (Channel c : udpChannels) {
            InetAddress local = ((InetSocketAddress) c.localAddress()).getAddress();
            boolean localV6 = local instanceof Inet6Address;
            if (local.isAnyLocalAddress() && localV6) {
                return c; // A dual-stack socket reaches both families.
            }
            if (localV6 == v6) {
                fallback = fallback == null || local.isLoopbackAddress() == destination.getAddress().isLoopbackAddress()
                        ? c : fallback;
            }
        }
        return fallback;
    }

    private CompletableFuture<Void> sendStream(byte[] bytes, InetSocketAddress destination,
            TransportSpec.Protocol protocol) {
        Optional<SipConnection> open = connection(destination);
        if (open.isPresent()) {
            return open.get().send(bytes);
        }
        CompletableFuture<SipConnection> pending = connecting.computeIfAbsent(destination, d -> connect(d, protocol));
        // Outside computeIfAbsent: a future already failed would otherwise update the map from inside itself.
        pending.whenComplete((c, e) -> connecting.remove(destination, pending));
        return pending.thenCompose(c -> c.send(bytes));
    }

    /** Opens a connection; completes once it is registered (after channelActive). */
    private CompletableFuture<SipConnection> connect(InetSocketAddress destination, TransportSpec.Protocol protocol) {
        TlsContexts contexts = null;
        if (protocol == TransportSpec.Protocol.TLS) {
            contexts = tls.values().stream().findFirst().orElse(null);
            if (contexts == null) {
                return CompletableFuture.failedFuture(new TransportException("no sips transport to connect to "
                        + destination + " over TLS"));
            }
        }
        CompletableFuture<SipConnection> result = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 4096,
                        settings.tcpMaxReadSize()))
                .handler(streamInitializer(protocol, false, contexts, destination)).connect(destination)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(new TransportException("cannot connect to " + destination
                                + ": " + reason(f.cause()), f.cause()));
                        return;
                    }
                    Channel ch = ((ChannelFuture) f).channel();
                    // The connect promise completes before channelActive registers the connection: queue behind it.
                    ch.eventLoop().execute(() -> {
                        SipConnection c = connections.get((InetSocketAddress) ch.remoteAddress());
                        if (c == null) {
                            result.completeExceptionally(new TransportException("connection to " + destination
                                    + " closed at once"));
                        } else {
                            result.complete(c);
                        }
                    });
                });
        return result;
    }

    /**
     * "Is us" (spec/global.md §4): an alias matches on any port; otherwise a transport matches by its advertised
     * host, the addresses that name resolved to at start, its bind address, or (for {@code *}) any local
     * address, with the port (5060 or 5061 when absent). {@code 127.0.0.1}, {@code ::1} and {@code [::1]}
     * match a transport on {@code localhost}. Does no name lookup itself: it runs on event loops.
     */
    public boolean isUs(String host, java.util.OptionalInt port, boolean secure) {
        String h = normalize(host);
        for (String alias : aliases.get()) {
            if (normalize(alias).equals(h)) {
                return true;
            }
        }
        int p = port.orElse(secure ? TransportSpec.DEFAULT_SIPS_PORT : TransportSpec.DEFAULT_SIP_PORT);
        for (TransportSpec spec : specs) {
            if (spec.port() != p) {
                continue;
            }
            String advertised = normalize(spec.advertisedHost());
            if (advertised.equals(h) || spec.bindHost().map(SipTransports::normalize).filter(h::equals).isPresent()) {
                return true;
            }
            if (advertised.equals("localhost") && isLoopbackLiteral(h)) {
                return true;
            }
            if (resolved.getOrDefault(spec.uri(), List.of()).contains(h)) {
                return true;
            }
            if (spec.isWildcard() && isLocalAddress(h)) {
                return true;
            }
        }
        return false;
    }

    /** The addresses of a host name (none for {@code *}, a literal, or a name that does not resolve). */
    private static List<String> resolve(String host) {
        String h = normalize(host);
        if (h.equals("*") || h.matches("[0-9a-f.:]+")) {
            return List.of();
        }
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(h)) {
                addresses.add(normalize(a.getHostAddress()));
            }
            return addresses;
        } catch (UnknownHostException e) {
            LOG.warnf("the transport host %s does not resolve: %s", host, e.getMessage());
            return List.of();
        }
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        h = TransportSpec.unbracket(h);
        int scope = h.indexOf('%');
        // An IPv6 zone (fe80::1%eth0) names the local interface, not another address.
        return scope < 0 ? h : h.substring(0, scope);
    }

    private static boolean isLoopbackLiteral(String h) {
        return h.equals("127.0.0.1") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean isLocalAddress(String h) {
        if (!h.matches("[0-9a-f.:]+")) {
            return false; // Not an IP literal: a name is never looked up here.
        }
        try {
            InetAddress address = InetAddress.getByName(h);
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /**
     * {@code global/unique-id} (spec/global.md §9): the configured value lowercased, else the first 16 hex
     * digits of MD5 over {@code sip:<advertised host>:<port>;transport=<proto>;maddr=<bind host>} of each
     * listening transport, in order: the same every start for the same transports.
     */
    public static String uniqueId(String configured, List<TransportSpec> specs) {
        if (!configured.isEmpty()) {
            return configured.toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder();
        for (TransportSpec spec : specs) {
            for (TransportSpec.Protocol protocol : spec.protocols()) {
                b.append("sip:").append(spec.advertisedHost()).append(':').append(spec.port())
                        .append(";transport=").append(protocol.token().toLowerCase(Locale.ROOT))
                        .append(";maddr=").append(spec.bindHost().orElse("*"));
            }
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides MD5", e);
        }
    }

    /** Closes every listener and connection. */
    @Override
    public void close() {
        closed = true;
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Receives datagrams: one message each (RFC 3261 §18.3). */
    private final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!guard.admitDatagram(packet.sender())) {
                return; // Banned by DoSProtection: not even parsed (SimpleChannelInboundHandler releases it).
            }
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            InetSocketAddress remote = packet.sender();
            Decoded d = parser.parseDatagram(bytes);
            if (d instanceof Decoded.Message m) {
                deliver(new IncomingMessage(stampVia(m.message(), remote), TransportSpec.Protocol.UDP, remote,
                        (InetSocketAddress) ctx.channel().localAddress(), Optional.empty()));
            } else if (d instanceof Decoded.Rejected r) {
                counters.rejected.increment();
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(r.response().toBytes()), remote));
            } else if (d instanceof Decoded.Dropped dropped) {
                counters.dropped.increment();
                LOG.debugf("dropped a datagram from %s: %s", remote, dropped.reason());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A datagram socket serves every peer: log and keep it open.
            LOG.debugf("error on %s: %s", ctx.channel().localAddress(), cause.toString());
        }
    }
}
