package org.flexisip.common.sip.transport;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.parser.SipStreamFramer;
import org.flexisip.common.sip.transport.dos.InboundGuard;
import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The SIP end of a TCP or TLS pipeline: frames the stream (one copy, from the ByteBuf into the framer), hands
 * messages up, answers broken requests, pings on keep-alive, pongs on outbound connections, closes on idle
 * timeout and on a message left incomplete for too long.
 */
final class SipStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(SipStreamHandler.class);

    private final SipTransports transports;
    private final TransportSpec.Protocol protocol;
    private final boolean accepted;
    private final SipStreamFramer framer;
    private SipConnection connection;
    /** DoSProtection's count of this connection's packets (spec/proxy.md §3.1). */
    private InboundGuard.StreamMeter meter = InboundGuard.StreamMeter.OPEN;
    private ScheduledFuture<?> incompleteTimer;
    /** The answer to a broken request, which must leave before the connection is closed. */
    private java.util.concurrent.CompletableFuture<Void> pendingAnswer = java.util.concurrent.CompletableFuture
            .completedFuture(null);

    SipStreamHandler(SipTransports transports, TransportSpec.Protocol protocol, boolean accepted,
            SipMessageParser parser) {
        this.transports = transports;
        this.protocol = protocol;
        this.accepted = accepted;
        this.framer = new SipStreamFramer(parser, transports.settings().limits());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (accepted && !transports.guard().admitConnection(remote)) {
            ctx.close(); // Its address is banned by DoSProtection; never registered nor served.
            return;
        }
        if (accepted) {
            // Connections we opened go to destinations we chose: they are not metered.
            meter = transports.guard().streamMeter(remote);
        }
        connection = transports.register(ctx.channel(), protocol, accepted);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelIncompleteTimer();
        transports.unregister(connection);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        byte[] bytes;
        try {
            bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
        } finally {
            buf.release();
        }
        if (connection == null) {
            return; // Refused in channelActive, closing.
        }
        java.util.List<Decoded> results = framer.feed(bytes, 0, bytes.length);
        if (!meter.admit(Math.max(1, results.size()))) {
            LOG.debugf("closing %s: banned by DoSProtection", connection);
            ctx.close();
            return;
        }
        boolean framed = false;
        boolean close = false;
        for (Decoded d : results) {
            framed = true;
            close |= handle(ctx, d);
        }
        if (close || framer.isBroken()) {
            pendingAnswer.whenComplete((v, e) -> ctx.close());
            return;
        }
        if (framed) {
            // Progress: the time limit applies to the message now being received, not to an earlier one.
            cancelIncompleteTimer();
        }
        if (framer.bufferedBytes() > 0) {
            armIncompleteTimer(ctx);
        } else {
            cancelIncompleteTimer();
        }
    }

    /** Handles one result; true when the connection must be closed (its framing is lost). */
    private boolean handle(ChannelHandlerContext ctx, Decoded d) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        if (d instanceof Decoded.Message m) {
            transports.deliver(new IncomingMessage(SipTransports.stampVia(m.message(), remote), protocol, remote,
                    local, Optional.of(connection)));
        } else if (d instanceof Decoded.KeepAlive k) {
            if (k.ping() && connection.isMarkedOutbound()) {
                connection.pong();
            }
        } else if (d instanceof Decoded.Rejected r) {
            transports.counters().rejected.increment();
            pendingAnswer = connection.send(r.response().toBytes());
            LOG.debugf("refused a request from %s: %d %s", remote, r.statusCode(), r.reason());
            return r.closeConnection();
        } else if (d instanceof Decoded.Dropped dropped) {
            transports.counters().dropped.increment();
            LOG.debugf("dropped bytes from %s: %s", remote, dropped.reason());
            return dropped.closeConnection();
        }
        return false;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                connection.ping();
            } else if (idle.state() == IdleState.READER_IDLE) {
                transports.counters().closedIdle.increment();
                LOG.debugf("closing %s: idle for %s", connection, transports.settings().idleTimeout());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The one boundary of this connection: log and close; other connections are not affected.
        LOG.debugf("closing %s after an error: %s", connection, cause.toString());
        ctx.close();
    }

    private void armIncompleteTimer(ChannelHandlerContext ctx) {
        if (incompleteTimer == null) {
            long millis = transports.settings().incompleteMessageTimeout().toMillis();
            incompleteTimer = ctx.executor().schedule(() -> {
                LOG.debugf("closing %s: incomplete message for %d ms", connection, millis);
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelIncompleteTimer() {
        if (incompleteTimer != null) {
            incompleteTimer.cancel(false);
            incompleteTimer = null;
        }
    }
}
