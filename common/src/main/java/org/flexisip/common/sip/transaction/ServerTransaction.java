package org.flexisip.common.sip.transaction;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;

/**
 * A server transaction (RFC 3261 §17.2): receives one request, sends the TU's responses back where it came
 * from, absorbs retransmissions of the request, and retransmits its own responses when the state says so.
 * Created by {@link TransactionLayer} and handed to {@link TransactionUser#onRequest}; see
 * {@link InviteServerTransaction} and {@link NonInviteServerTransaction} for the two machines.
 *
 * <h2>Memory once answered</h2>
 * A non-INVITE transaction over UDP stays in Completed for Timer J (32 s) only to answer retransmissions of its
 * request with the same bytes; an INVITE one answered 2xx stays in Accepted for Timer L (32 s) only to absorb
 * retransmissions of the INVITE and send the TU's further 2xx (RFC 6026 §7.1). Holding the parsed request and
 * response for that long made such transactions most of the live heap under load (issue 11 profile: about 5 kB
 * each, 32 s times the request rate of them, and long G1 pauses to copy them), so on entering Completed or
 * Accepted over UDP the transaction keeps only the two messages serialized and the peer's address
 * ({@link #sendFinalAndRelease}). {@link #request()}, {@link #incoming()} and
 * {@link #lastResponse()} still answer then, by parsing those bytes again: a rare path (late responses of a fork,
 * logs), not the retransmission one, which sends the bytes as they are.
 */
public abstract sealed class ServerTransaction extends Transaction
        permits InviteServerTransaction, NonInviteServerTransaction {
    final TransactionKey key;
    private final String method;
    private IncomingMessage incoming;
    private SipRequest request;
    private SipResponse lastResponse;
    /** Set by {@link #sendFinalAndRelease}, after which the three fields above are null. */
    private Released released;

    /** What an answered transaction (Completed, or Accepted) keeps once it has released its parsed messages. */
    private record Released(byte[] request, byte[] response, int status, TransportSpec.Protocol protocol,
            InetSocketAddress remote, InetSocketAddress local) {
        /** The same with {@code bytes}, a response of status {@code code}, as the last response sent. */
        Released withResponse(byte[] bytes, int code) {
            return new Released(request, bytes, code, protocol, remote, local);
        }
    }

    ServerTransaction(TransactionLayer layer, IncomingMessage incoming, TransactionKey key,
            TransactionState initial) {
        super(layer, initial);
        this.incoming = incoming;
        this.request = (SipRequest) incoming.message();
        this.method = request.method();
        this.key = key;
    }

    @Override
    public SipRequest request() {
        return request != null ? request : (SipRequest) parseReleased(released.request);
    }

    @Override
    public boolean isInvite() {
        return method.equals("INVITE");
    }

    /** The request as received, with its transport, addresses and connection. */
    public IncomingMessage incoming() {
        if (incoming != null) {
            return incoming;
        }
        return new IncomingMessage(request(), released.protocol, released.remote, released.local, Optional.empty());
    }

    /** The last response sent (the one a retransmitted request gets again). */
    public Optional<SipResponse> lastResponse() {
        if (released != null) {
            return Optional.of((SipResponse) parseReleased(released.response));
        }
        return Optional.ofNullable(lastResponse);
    }

    /** The status code of the last response sent; empty before the first one. */
    public OptionalInt lastStatusCode() {
        if (released != null) {
            return OptionalInt.of(released.status);
        }
        return lastResponse == null ? OptionalInt.empty() : OptionalInt.of(lastResponse.statusCode());
    }

    /** Whether a final response (200-699) has been sent. */
    public boolean isAnswered() {
        OptionalInt status = lastStatusCode();
        return status.isPresent() && status.getAsInt() >= 200;
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
        return (incoming != null ? incoming.protocol() : released.protocol).isStream();
    }

    /** A retransmission of the request, or an ACK, matched to this transaction by the layer. */
    void received(IncomingMessage message) {
        handle(new TransactionEvent.RequestReceived(message));
    }

    /** Starts the machine once the layer has registered it, before the TU sees it. */
    abstract void start();

    /** Sends {@code response} and remembers it for retransmissions (as bytes once the messages are released). */
    final void send(SipResponse response) {
        if (released != null) {
            byte[] bytes = response.toBytes();
            released = released.withResponse(bytes, response.statusCode());
            watch(layer.sender().replyDatagram(bytes, released.remote));
            return;
        }
        lastResponse = response;
        watch(layer.sender().reply(incoming, response));
    }

    /** Sends the last response again (a retransmission). */
    final void resend() {
        if (released != null) {
            watch(layer.sender().replyDatagram(released.response, released.remote));
        } else if (lastResponse != null) {
            watch(layer.sender().reply(incoming, lastResponse));
        }
    }

    /**
     * Sends the final {@code response} to a request received over UDP and from then on keeps the request and
     * the response as bytes only, with the peer's address (see the class doc): the response is serialized once,
     * for this send and for every retransmission. A datagram reply goes to the request's source whatever the
     * request said (RFC 3261 §18.2.2 with RFC 3581 rport, which every request gets here), so the address is all
     * the replies need.
     */
    final void sendFinalAndRelease(SipResponse response) {
        if (reliable() || response.isProvisional()) {
            throw new IllegalStateException("only a final response over UDP releases the messages: " + response);
        }
        released = new Released(request.toBytes(), null, 0, incoming.protocol(), incoming.remote(),
                incoming.local());
        incoming = null;
        request = null;
        lastResponse = null;
        send(response); // Released now: sent from bytes, which become the kept response.
    }

    /** A transport error while sending a response (§17.2.4): Terminated, the TU can read the cause. */
    final void transportError(TransactionEvent.TransportError error, String section) {
        LOG.warnf("%s: %s, transaction terminated", this, error.describe());
        terminate(TerminationCause.TRANSPORT_ERROR, section);
    }

    @Override
    public String toString() {
        String id = key instanceof TransactionKey.ServerBranch b ? b.branch()
                : ((TransactionKey.ServerRfc2543) key).callId();
        IncomingMessage in = incoming;
        return method + " server " + id + " from " + (in != null ? in.protocol() : released.protocol) + " "
                + (in != null ? in.remote() : released.remote);
    }
}
