package org.flexisip.common.sip.transaction;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.time.TimerService;
import org.jboss.logging.Logger;

/**
 * The transaction layer (RFC 3261 §17): matches every received message to its transaction, creates server
 * transactions for new requests and client transactions for the requests the TU sends, and hands the rest to
 * the {@link TransactionUser}. Confined to the SIP loop: every method is called there (see the package
 * documentation).
 *
 * <h2>Matching</h2>
 * <ul>
 * <li>Responses (§17.1.3): top Via branch and CSeq method. A response matching nothing goes to
 * {@link TransactionUser#onStrayResponse}.</li>
 * <li>Requests (§17.2.3): when the top Via branch starts with {@code z9hG4bK}, branch, sent-by and method, an ACK
 * matching the INVITE; otherwise the RFC 2543 fallback: Call-ID, CSeq number, method, From tag and top Via
 * sent-by, plus the To tag of the response for an ACK. A retransmission goes to its transaction, which absorbs
 * it or sends its last response again; an ACK matching nothing, or matching an INVITE in Accepted, goes to
 * {@link TransactionUser#onAck}; any other new request creates a server transaction passed to
 * {@link TransactionUser#onRequest}.</li>
 * </ul>
 */
public final class TransactionLayer {
    /** RFC 3261 §8.1.1.6: the Max-Forwards of requests we originate (ACK for non-2xx, CANCEL). */
    public static final int MAX_FORWARDS = 70;

    private static final Logger LOG = Logger.getLogger(TransactionLayer.class);

    private final MessageSender sender;
    private final TimerService timers;
    private final TimerSettings settings;
    private final Executor sipLoop;
    private final TransactionUser user;
    private final Map<TransactionKey, ServerTransaction> servers = new HashMap<>();
    private final Map<TransactionKey, ClientTransaction> clients = new HashMap<>();
    private long unexpectedEvents;

    /**
     * @param sender   the transports
     * @param timers   the timer service; its tasks must run on the SIP loop
     * @param settings T1, T2, T4 and the transaction timeout
     * @param sipLoop  the SIP loop, where the completion of a send is brought back before touching any state
     * @param user     the TU (the proxy core)
     */
    public TransactionLayer(MessageSender sender, TimerService timers, TimerSettings settings, Executor sipLoop,
            TransactionUser user) {
        this.sender = Objects.requireNonNull(sender);
        this.timers = Objects.requireNonNull(timers);
        this.settings = Objects.requireNonNull(settings);
        this.sipLoop = Objects.requireNonNull(sipLoop);
        this.user = Objects.requireNonNull(user);
    }

    /** The single entry point for received messages: matches them and routes them (see the class doc). */
    public void onMessage(IncomingMessage incoming) {
        if (incoming.message() instanceof SipRequest request) {
            onRequest(incoming, request);
        } else {
            onResponse(incoming, (SipResponse) incoming.message());
        }
    }

    private void onRequest(IncomingMessage incoming, SipRequest request) {
        TransactionKey key = TransactionKey.server(request);
        ServerTransaction existing = servers.get(key);
        if (request.isMethod("ACK")) {
            if (existing instanceof InviteServerTransaction invite && invite.acceptsAck(request)) {
                invite.received(incoming);
            } else {
                user.onAck(incoming);
            }
            return;
        }
        if (existing != null) {
            LOG.debugf("%s: request retransmission", existing);
            existing.received(incoming);
            return;
        }
        ServerTransaction created = request.isMethod("INVITE") ? new InviteServerTransaction(this, incoming, key)
                : new NonInviteServerTransaction(this, incoming, key);
        servers.put(key, created);
        LOG.debugf("%s: new server transaction, %s", created, created.state());
        created.start();
        user.onRequest(created);
    }

    private void onResponse(IncomingMessage incoming, SipResponse response) {
        Optional<TransactionKey> key = TransactionKey.client(response);
        ClientTransaction tx = key.isPresent() ? clients.get(key.get()) : null;
        if (tx == null) {
            LOG.debugf("Response %d to %s matches no client transaction", response.statusCode(),
                    response.cseq().method());
            user.onStrayResponse(incoming);
            return;
        }
        tx.received(response);
    }

    /**
     * Sends {@code request} in a new client transaction. The request already carries its top Via with an RFC
     * 3261 branch, unique to this transaction (the proxy builds it). The listener may be called before this
     * returns when the send fails at once.
     *
     * @throws IllegalArgumentException for an ACK (an ACK for a 2xx is sent with {@link #sendStateless}; the
     *                                  one for 300-699 is sent by the INVITE client transaction), a branch
     *                                  without the magic cookie, or a branch already in use
     */
    public ClientTransaction sendRequest(SipRequest request, NextHop hop, ClientTransactionListener listener) {
        Objects.requireNonNull(hop);
        Objects.requireNonNull(listener);
        if (request.isMethod("ACK")) {
            throw new IllegalArgumentException("an ACK is never sent in a client transaction (RFC 3261 §17.1.1.3)");
        }
        ViaHeader via = request.topVia();
        if (!via.hasRfc3261Branch()) {
            throw new IllegalArgumentException("the top Via needs a branch starting with " + ViaHeader.MAGIC_COOKIE
                    + " (RFC 3261 §8.1.1.7): " + via);
        }
        TransactionKey key = TransactionKey.client(request).orElseThrow();
        if (clients.containsKey(key)) {
            throw new IllegalArgumentException("a client transaction already uses branch " + via.branch().get()
                    + " for " + request.cseq().method());
        }
        ClientTransaction tx = request.isMethod("INVITE")
                ? new InviteClientTransaction(this, request, hop, listener, key)
                : new NonInviteClientTransaction(this, request, hop, listener, key);
        clients.put(key, tx);
        tx.start();
        return tx;
    }

    /**
     * Sends a message outside any transaction: the ACK for a 2xx (RFC 3261 §13.2.2.4), a response forwarded
     * statelessly (§16.7, §16.11). A failure is logged.
     */
    public void sendStateless(SipMessage message, NextHop hop) {
        sender.send(message, hop).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warnf("Stateless send of %s to %s %s failed: %s", message.startLine(), hop.protocol(),
                        hop.address(), error.getMessage());
            }
        });
    }

    /**
     * The INVITE server transaction a CANCEL cancels (RFC 3261 §9.2): the one the CANCEL would match by §17.2.3
     * if its method were INVITE.
     */
    public Optional<ServerTransaction> findCancelTarget(SipRequest cancel) {
        if (!cancel.isMethod("CANCEL")) {
            return Optional.empty();
        }
        ServerTransaction tx = servers.get(TransactionKey.server(cancel, "INVITE"));
        return tx instanceof InviteServerTransaction ? Optional.of(tx) : Optional.empty();
    }

    /**
     * The CANCEL for {@code invite} (RFC 3261 §9.1): same Request-URI, Call-ID, From, To and CSeq number, method
     * CANCEL, a single Via equal to the INVITE's top Via, the INVITE's Route header fields, Max-Forwards 70, no
     * body.
     *
     * @throws IllegalArgumentException when {@code invite} is not an INVITE
     */
    public static SipRequest cancelFor(SipRequest invite) {
        if (!invite.isMethod("INVITE")) {
            throw new IllegalArgumentException("only an INVITE is cancelled, not " + invite.method());
        }
        SipRequest.Builder b = SipRequest.builder("CANCEL", invite.requestUri())
                .add(HeaderName.VIA, invite.topVia().toString())
                .add(HeaderName.MAX_FORWARDS, Integer.toString(MAX_FORWARDS));
        invite.headers(HeaderName.ROUTE).forEach(b::add);
        invite.header(HeaderName.FROM).ifPresent(b::add);
        invite.header(HeaderName.TO).ifPresent(b::add);
        invite.header(HeaderName.CALL_ID).ifPresent(b::add);
        b.add(HeaderName.CSEQ, new CSeqHeader(invite.cseq().number(), "CANCEL").toString());
        return b.build();
    }

    /** Client transactions not yet terminated. */
    public int clientCount() {
        return clients.size();
    }

    /** Server transactions not yet terminated. */
    public int serverCount() {
        return servers.size();
    }

    /** Events a transaction state did not expect (each also logged at warn). */
    public long unexpectedEvents() {
        return unexpectedEvents;
    }

    public TimerSettings settings() {
        return settings;
    }

    MessageSender sender() {
        return sender;
    }

    TimerService timers() {
        return timers;
    }

    Executor sipLoop() {
        return sipLoop;
    }

    TransactionUser user() {
        return user;
    }

    void countUnexpected() {
        unexpectedEvents++;
    }

    /** Removes a terminated transaction. */
    void forget(Transaction tx) {
        if (tx instanceof ServerTransaction server) {
            servers.remove(server.key, server);
        } else if (tx instanceof ClientTransaction client) {
            clients.remove(client.key, client);
        }
    }
}
