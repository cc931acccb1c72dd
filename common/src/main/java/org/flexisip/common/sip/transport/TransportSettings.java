package org.flexisip.common.sip.transport;

import java.time.Duration;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.sip.parser.SipStreamFramer;

/**
 * The connection-management settings of [global] (spec/global.md §3.9, §5, §6).
 *
 * @param idleTimeout                   a connection that received nothing for this long is closed
 * @param keepaliveInterval             CRLFCRLF after this much silence on TCP/TLS; zero disables
 * @param proxyToProxyKeepaliveInterval used instead on connections marked proxy-to-proxy when above zero
 * @param udpMtu                        requests larger than this go over TCP
 * @param tcpMaxReadSize                most bytes read from a stream at once
 * @param messageQueueSize              most messages queued for one connection
 * @param incompleteMessageTimeout      a stream holding part of a message for this long is closed
 * @param limits                        bounds on one message
 */
public record TransportSettings(Duration idleTimeout, Duration keepaliveInterval,
        Duration proxyToProxyKeepaliveInterval, int udpMtu, int tcpMaxReadSize, int messageQueueSize,
        Duration incompleteMessageTimeout, SipStreamFramer.Limits limits) {

    /** spec/global.md §3.9: 600 s to receive a complete message on a stream. */
    public static final Duration INCOMPLETE_MESSAGE_TIMEOUT = Duration.ofSeconds(600);

    public static TransportSettings from(ConfigSection global) {
        return new TransportSettings(global.getDuration("idle-timeout"), global.getDuration("keepalive-interval"),
                global.getDuration("proxy-to-proxy-keepalive-interval"), global.getInt("udp-mtu"),
                global.getInt("tcp-max-read-size"), global.getInt("tport-message-queue-size"),
                INCOMPLETE_MESSAGE_TIMEOUT, SipStreamFramer.Limits.DEFAULT);
    }
}
