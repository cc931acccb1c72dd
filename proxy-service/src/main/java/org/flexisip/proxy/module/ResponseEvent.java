package org.flexisip.proxy.module;

import java.util.Optional;

import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * A response travelling back through the chain: one received for a request this proxy forwarded statefully
 * (with its client transaction), one built locally for a branch (timeout, transport error: no incoming
 * message), or a stray one (no transaction: Forward sends it on along its Via).
 */
public final class ResponseEvent {
    private final IncomingMessage incoming;
    private final ClientTransaction transaction;
    private SipResponse response;

    public ResponseEvent(SipResponse response, IncomingMessage incoming, ClientTransaction transaction) {
        this.response = response;
        this.incoming = incoming;
        this.transaction = transaction;
    }

    public SipResponse response() {
        return response;
    }

    public void setResponse(SipResponse changed) {
        this.response = changed;
    }

    /** Where it came from; empty for a response this proxy generated for a branch. */
    public Optional<IncomingMessage> incoming() {
        return Optional.ofNullable(incoming);
    }

    /** The client transaction it answers; empty for a stray response. */
    public Optional<ClientTransaction> transaction() {
        return Optional.ofNullable(transaction);
    }

    public boolean isStray() {
        return transaction == null;
    }

    @Override
    public String toString() {
        return response.statusCode() + " " + response.cseq();
    }
}
