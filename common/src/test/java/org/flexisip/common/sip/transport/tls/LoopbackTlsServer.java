package org.flexisip.common.sip.transport.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLSession;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * A minimal Netty TLS server on 127.0.0.1 and a free port, terminating TLS with {@link TlsContexts} and recording how
 * its first handshake ended; and the matching client. Nothing but the handshake is exercised.
 */
final class LoopbackTlsServer {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Channel channel;
    private final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();

    LoopbackTlsServer(EventLoopGroup group, TlsContexts contexts) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(recording(contexts.newServerHandler(ch.alloc()), handshake), new Closer());
                    }
                })
                .bind(LOOPBACK, 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Completes with the server's session, or exceptionally with why the server refused the handshake. */
    CompletableFuture<SSLSession> handshake() {
        return handshake;
    }

    /** Connects to 127.0.0.1 with a client handler made for {@code host}; completes when the client's handshake ends. */
    static CompletableFuture<SSLSession> connect(EventLoopGroup group, TlsContexts contexts, String host, int port) {
        CompletableFuture<SSLSession> clientHandshake = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(recording(contexts.newClientHandler(ch.alloc(), host, port),
                                clientHandshake), new Closer());
                    }
                })
                .connect(LOOPBACK, port).addListener(f -> {
                    if (!f.isSuccess()) {
                        clientHandshake.completeExceptionally(f.cause());
                    }
                });
        return clientHandshake;
    }

    private static SslHandler recording(SslHandler ssl, CompletableFuture<SSLSession> outcome) {
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                outcome.complete(ssl.engine().getSession());
            } else {
                outcome.completeExceptionally(f.cause());
            }
        });
        return ssl;
    }

    /** Ends the pipeline: a failed handshake closes the connection instead of reaching Netty's tail warning. */
    private static final class Closer extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
