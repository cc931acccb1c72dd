package org.flexisip.common.sip.transport;

/** The layer above the transports (the transaction layer): receives every well-formed message. */
@FunctionalInterface
public interface SipTransportListener {
    /** Called on the event loop that received the message: must not block. */
    void onMessage(IncomingMessage message);
}
