package org.flexisip.common.sip.transaction;

import java.util.Objects;
import java.util.Optional;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * A server transaction (RFC 3261 §17.2): receives one request, sends the TU's responses back where it came
 * from, absorbs retransmissions of the request, and retransmits its own responses when the state says so.
 * Created by {@link TransactionLayer} and handed to {@link TransactionUser#onRequest}; see
 * {@link InviteServerTransaction} and {@link NonInviteServerTransaction} for the two machines.
 */
public abstract sealed class ServerTransaction extends Transaction
        permits InviteServerTransaction, NonInviteServerTransaction {
    private final IncomingMessage incoming;
    private final SipRequest request;
    final TransactionKey key;
    private SipResponse lastResponse;

    ServerTransaction(TransactionLayer layer, IncomingMessage incoming, TransactionKey key,
            TransactionState initial) {
        super(layer, initial);
        this.incoming = incoming;
        this.request = (SipRequest) incoming.message();
        this.key = key;
    }

    @Override
    public SipRequest request() {
        return request;
    }

    /** The request as received, with its transport, addresses and connection. */
    public IncomingMessage incoming() {
        return incoming;
    }

    /** The last response sent (the one a retransmitted request gets again). */
    public Optional<SipResponse> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }

    /**
     * Sends {@code response} through {@link MessageSender#reply}: any number of 1xx, then one final response
     * (for an INVITE, further 2xx may follow while Accepted, RFC 6026 §7.1). A response the state does not
     * allow (a second final response, anything after Terminated) is not sent; it is logged and counted in
     * {@link TransactionLayer#unexpectedEvents()}.
     */
    public void respond(SipResponse response) {
        handle(new TransactionEvent.TuResponse(Objects.requireNonNull(response)));
    }

    @Override
    boolean reliable() {
        return incoming.protocol().isStream();
    }

    /** A retransmission of the request, or an ACK, matched to this transaction by the layer. */
    void received(IncomingMessage message) {
        handle(new TransactionEvent.RequestReceived(message));
    }

    /** Starts the machine once the layer has registered it, before the TU sees it. */
    abstract void start();

    /** Sends {@code response} and remembers it for retransmissions. */
    final void send(SipResponse response) {
        lastResponse = response;
        watch(layer.sender().reply(incoming, response));
    }

    /** Sends the last response again (a retransmission). */
    final void resend() {
        if (lastResponse != null) {
            watch(layer.sender().reply(incoming, lastResponse));
        }
    }

    /** A transport error while sending a response (§17.2.4): Terminated, the TU can read the cause. */
    final void transportError(TransactionEvent.TransportError error, String section) {
        LOG.warnf("%s: %s, transaction terminated", this, error.describe());
        terminate(TerminationCause.TRANSPORT_ERROR, section);
    }

    @Override
    public String toString() {
        return request.method() + " server " + request.topVia().branch().orElse(request.callId()) + " from "
                + incoming.protocol() + " " + incoming.remote();
    }
}
