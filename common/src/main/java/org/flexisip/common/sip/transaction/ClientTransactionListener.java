package org.flexisip.common.sip.transaction;

import org.flexisip.common.sip.message.SipResponse;

/**
 * Receives the responses of one client transaction, on the SIP loop.
 */
@FunctionalInterface
public interface ClientTransactionListener {
    /**
     * A response for the TU (RFC 3261 §17.1): every provisional and the final response; for an INVITE in the
     * Accepted state, every further 2xx, retransmissions included (RFC 6026 §7.2). Retransmitted non-2xx final
     * responses are absorbed by the transaction and not passed again.
     *
     * <p>A timeout (Timer B or F) arrives as a locally built {@code 408 Request Timeout}, a transport error as a
     * locally built {@code 503 Service Unavailable}; {@link ClientTransaction#isLocallyGenerated(SipResponse)}
     * tells them from responses received from the network. Either ends the transaction.
     *
     * <p>This may be called before {@link TransactionLayer#sendRequest} returns, when the send fails at once.
     */
    void onResponse(ClientTransaction transaction, SipResponse response);
}
