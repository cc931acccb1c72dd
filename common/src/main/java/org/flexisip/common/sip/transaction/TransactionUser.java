package org.flexisip.common.sip.transaction;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * The layer above the transactions (RFC 3261 §17: the "TU"), the proxy core. Called on the SIP loop.
 */
public interface TransactionUser {
    /**
     * A new request, other than ACK, with its new server transaction. A CANCEL gets its own non-INVITE server
     * transaction; {@link TransactionLayer#findCancelTarget(SipRequest)} finds the INVITE it cancels.
     */
    void onRequest(ServerTransaction transaction);

    /**
     * An ACK that matches no transaction (the ACK for a 2xx, RFC 3261 §17.1.1.3), or that matches an INVITE
     * server transaction in the Accepted state (RFC 6026 §7.1): the proxy forwards it.
     */
    void onAck(IncomingMessage ack);

    /**
     * A response that matches no client transaction (RFC 3261 §17.1.3), for example a 2xx retransmitted after
     * the client transaction ended: a proxy forwards it statelessly (§16.7).
     */
    void onStrayResponse(IncomingMessage response);
}
