package org.flexisip.common.sip.transaction;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * What the transaction layer needs from the transports: send a message to a next hop, answer a received
 * request. A failed future means a transport error (RFC 3261 §17.1.4, §17.2.4). The future may complete on
 * any thread: the layer hops back onto its SIP loop before reacting.
 */
public interface MessageSender {
    /** Sends a request (or a statelessly forwarded message) to {@code hop}. */
    CompletableFuture<Void> send(SipMessage message, NextHop hop);

    /** Sends {@code response} back where {@code request} came from (RFC 3261 §18.2.2). */
    CompletableFuture<Void> reply(IncomingMessage request, SipResponse response);

    /**
     * Sends {@code response}, a response already sent and kept serialized, again as a UDP datagram to
     * {@code destination}, the source of its request: how a completed transaction that no longer holds parsed
     * messages answers a retransmission (RFC 3261 §17.2.2, §18.2.2).
     */
    CompletableFuture<Void> replyDatagram(byte[] response, InetSocketAddress destination);
}
