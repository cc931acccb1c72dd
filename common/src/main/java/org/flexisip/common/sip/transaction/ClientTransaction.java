package org.flexisip.common.sip.transaction;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;

/**
 * A client transaction (RFC 3261 §17.1): sends one request to one next hop, retransmits it on unreliable
 * transports, and passes the responses to its {@link ClientTransactionListener}. Created by
 * {@link TransactionLayer#sendRequest}; see {@link InviteClientTransaction} and
 * {@link NonInviteClientTransaction} for the two machines.
 */
public abstract sealed class ClientTransaction extends Transaction
        permits InviteClientTransaction, NonInviteClientTransaction {
    /** Reason phrase of the 408 given to the TU when Timer B or F fires. */
    public static final String TIMEOUT_REASON = "Request Timeout";
    /** Reason phrase of the 503 given to the TU when a send fails. */
    public static final String TRANSPORT_ERROR_REASON = "Service Unavailable (transport error)";

    /** Null once released ({@link #releaseRequest}); {@link #releasedRequest} holds it then. */
    private SipRequest request;
    private byte[] releasedRequest;
    private final String method;
    private final NextHop hop;
    private final ClientTransactionListener listener;
    final TransactionKey key;
    private boolean provisional;
    private SipResponse locallyGenerated;

    ClientTransaction(TransactionLayer layer, SipRequest request, NextHop hop, ClientTransactionListener listener,
            TransactionKey key, TransactionState initial) {
        super(layer, initial);
        this.request = request;
        this.method = request.method();
        this.hop = hop;
        this.listener = listener;
        this.key = key;
    }

    @Override
    public SipRequest request() {
        return request != null ? request : (SipRequest) parseReleased(releasedRequest);
    }

    @Override
    public boolean isInvite() {
        return method.equals("INVITE");
    }

    /**
     * Keeps the request as bytes only. An INVITE answered 2xx stays in Accepted for Timer M (32 s, RFC 6026 §7.2)
     * only to pass further 2xx to the TU, which needs nothing of the request; holding the parsed request that long
     * weighed on the heap under load (issue 11). {@link #request()} parses the bytes again if someone asks.
     */
    final void releaseRequest() {
        if (request != null) {
            releasedRequest = request.toBytes();
            request = null;
        }
    }

    public NextHop hop() {
        return hop;
    }

    /** Whether a provisional response was received (a proxy may CANCEL only then, RFC 3261 §9.1). */
    public boolean hasProvisional() {
        return provisional;
    }

    /**
     * Whether {@code response} is the 408 (Timer B or F) or 503 (transport error) this transaction built itself
     * and passed to {@link ClientTransactionListener#onResponse}, rather than one received from the network.
     * Compared by identity: it is true only for the very instance passed to the listener.
     */
    public boolean isLocallyGenerated(SipResponse response) {
        return response != null && response == locallyGenerated;
    }

    /**
     * Drops the transaction at once (the TU gives up on a branch): it moves to Terminated with
     * {@link TerminationCause#TERMINATED_BY_TU}, stops retransmitting and tells nobody; responses that still
     * arrive go to {@link TransactionUser#onStrayResponse}.
     */
    public void terminate() {
        terminate(TerminationCause.TERMINATED_BY_TU, "dropped by the TU");
    }

    @Override
    boolean reliable() {
        return hop.reliable();
    }

    /** Sends the request and arms the timers of the initial state. */
    abstract void start();

    /** A response matched to this transaction by the layer. */
    void received(SipResponse response) {
        handle(new TransactionEvent.ResponseReceived(response));
    }

    /** Sends (or retransmits) the request. */
    final void sendRequest() {
        watch(layer.sender().send(request(), hop));
    }

    /** Passes a response to the TU. */
    final void passToTu(SipResponse response) {
        if (response.isProvisional()) {
            provisional = true;
        }
        listener.onResponse(this, response);
    }

    /** §17.1.1.2, §17.1.2.2: Timer B or F fired; the TU gets a locally built 408. */
    final void timeout(String section) {
        fail(408, TIMEOUT_REASON, TerminationCause.TIMEOUT, section);
    }

    /** §17.1.4: a send failed; the TU gets a locally built 503. */
    final void transportError(TransactionEvent.TransportError error, String section) {
        LOG.warnf("%s: %s, transaction terminated", this, error.describe());
        fail(503, TRANSPORT_ERROR_REASON, TerminationCause.TRANSPORT_ERROR, section);
    }

    private void fail(int status, String reason, TerminationCause cause, String section) {
        SipResponse response = SipResponse.to(request(), status, reason).build();
        locallyGenerated = response;
        terminate(cause, section);
        listener.onResponse(this, response);
    }

    @Override
    public String toString() {
        return method + " client " + ((TransactionKey.Client) key).branch() + " to " + hop.protocol() + " "
                + hop.address();
    }
}
