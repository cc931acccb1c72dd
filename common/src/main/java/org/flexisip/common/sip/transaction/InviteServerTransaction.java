package org.flexisip.common.sip.transaction;

import java.time.Duration;
import java.util.Optional;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * The INVITE server transaction, RFC 3261 §17.2.1 (Figure 7) as updated by RFC 6026 §7.1 (Figure 5): a 2xx
 * takes it to Accepted, where it lets further 2xx from the TU through, absorbs INVITE retransmissions and hands
 * ACKs to the TU, until Timer L.
 * <pre>
 *                               |INVITE
 *                               |pass INV to TU
 *            INVITE             V send 100 if TU won't in 200 ms
 *            send response +------------+
 *                +---------|            |--------+ 101-199 from TU
 *                |         | Proceeding |        | send response
 *                +--------&gt;|            |&lt;-------+
 *                          +------------+
 *          300-699 from TU   |     |  |   2xx from TU
 *          send response     |     |  |   send response
 *              +-------------+     |  +-----------------+
 *              |                   |                    |
 *              V                   | Transport          V
 *        +-----------+             | Err.         +------------+
 *        |           |             | Inform TU    |            |
 *        | Completed |             |              |  Accepted  |
 *        |           |             |              |            |
 *        +-----------+             |              +------------+
 *   INVITE / send response         |      INVITE / -
 *   Timer G fires / send response  |      ACK / to TU
 *              |    |              |      2xx from TU / send response
 *          ACK |    | Timer H      |      Transport Err. / Inform TU
 *          -   |    | fires -,     |              |
 *              |    | Transport    |              |
 *              V    | Err.         |              |
 *      +-----------+| Inform TU    |              |
 *      | Confirmed ||              |              |
 *      +-----------+|              |              |
 *      ACK / -      |              |              |
 *              |    |              |              |
 *      Timer I |    |              |              | Timer L
 *      fires - |    |              |              | fires -
 *              V    V              V              V
 *          +--------------------------------------------+
 *          |                 Terminated                 |
 *          +--------------------------------------------+
 * </pre>
 * (Figure 5 of RFC 6026 redrawn with the self-loops written under each state as {@code event / action}.)
 * Timer G runs on unreliable transports only; Timer I is zero on reliable ones, where Confirmed is left at
 * once. The TU hears of a termination through {@link #onTerminated(Runnable)}; after Timer H,
 * {@link #terminationCause()} is {@link TerminationCause#TIMEOUT} (the ACK never came), after a transport
 * error {@link TerminationCause#TRANSPORT_ERROR}. In Accepted, a transport error is logged and the transaction
 * stays (RFC 6026 Figure 5) until Timer L.
 */
public final class InviteServerTransaction extends ServerTransaction {
    private Duration timerGInterval;

    InviteServerTransaction(TransactionLayer layer, IncomingMessage incoming, TransactionKey key) {
        super(layer, incoming, key, TransactionState.PROCEEDING);
    }

    @Override
    void start() {
        arm(TransactionTimer.TRYING_100, TimerSettings.TRYING_DELAY);
    }

    @Override
    void handle(TransactionEvent event) {
        switch (state()) {
            case PROCEEDING -> proceeding(event);
            case COMPLETED -> completed(event);
            case CONFIRMED -> confirmed(event);
            case ACCEPTED -> accepted(event);
            default -> terminated(event);
        }
    }

    /**
     * Proceeding: 1xx from the TU are sent; a 2xx leads to Accepted, 300-699 to Completed; an INVITE
     * retransmission gets the last provisional again; with no answer from the TU after 200 ms, 100 Trying is
     * sent.
     * <pre>
     *   INVITE / send response (last 1xx)      101-199 from TU / send response
     *   Transport Err. / inform TU             (Timer 100) / send 100 Trying
     *   300-699 from TU / send response -&gt; Completed    2xx from TU / send response -&gt; Accepted
     * </pre>
     */
    private void proceeding(TransactionEvent event) {
        if (event instanceof TransactionEvent.TuResponse tu) {
            SipResponse response = tu.response();
            if (response.isProvisional()) {
                disarm(TransactionTimer.TRYING_100);
                send(response);
            } else if (response.isSuccess()) {
                moveTo(TransactionState.ACCEPTED, "RFC 6026 §7.1: 2xx from TU");
                if (reliable()) {
                    send(response);
                } else {
                    // Accepted lasts Timer L (32 s) to absorb retransmissions: bytes are enough for that.
                    sendFinalAndRelease(response);
                }
                if (isIn(TransactionState.ACCEPTED)) {
                    arm(TransactionTimer.L, layer.settings().timerL());
                }
            } else {
                moveTo(TransactionState.COMPLETED, "§17.2.1: 300-699 from TU");
                send(response);
                if (isIn(TransactionState.COMPLETED)) {
                    if (!reliable()) {
                        timerGInterval = layer.settings().timerG();
                        arm(TransactionTimer.G, timerGInterval);
                    }
                    arm(TransactionTimer.H, layer.settings().timerH());
                }
            }
        } else if (event instanceof TransactionEvent.RequestReceived received && !received.isAck()) {
            // §17.2.1: a retransmission in Proceeding gets the most recent provisional response.
            if (lastResponse().isEmpty()) {
                LOG.debugf("%s: INVITE retransmission absorbed, no provisional response yet", this);
            }
            resend();
        } else if (event instanceof TransactionEvent.TimerFired fired
                && fired.timer() == TransactionTimer.TRYING_100) {
            send(trying());
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.2.4: transport error in Proceeding");
        } else {
            unexpected(event);
        }
    }

    /**
     * Completed: the final non-2xx response is retransmitted on Timer G and for every INVITE retransmission,
     * until the ACK (to Confirmed) or Timer H (to Terminated, the TU is told).
     * <pre>
     *   INVITE / send response        Timer G fires / send response
     *   ACK / - -&gt; Confirmed          Timer H fires / - -&gt; Terminated (timeout)
     *   Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void completed(TransactionEvent event) {
        if (event instanceof TransactionEvent.RequestReceived received) {
            if (received.isAck()) {
                moveTo(TransactionState.CONFIRMED, "§17.2.1: ACK received");
                Duration timerI = layer.settings().timerI(reliable());
                if (timerI.isZero()) {
                    terminate(TerminationCause.COMPLETED, "§17.2.1: Timer I is zero on a reliable transport");
                } else {
                    arm(TransactionTimer.I, timerI);
                }
            } else {
                resend();
            }
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.G) {
            timerGInterval = layer.settings().nextCappedInterval(timerGInterval);
            arm(TransactionTimer.G, timerGInterval);
            resend();
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.H) {
            LOG.debugf("%s: no ACK before Timer H", this);
            terminate(TerminationCause.TIMEOUT, "§17.2.1: Timer H fired, no ACK");
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.2.4: transport error in Completed");
        } else {
            unexpected(event);
        }
    }

    /**
     * Confirmed: absorbs ACK retransmissions until Timer I.
     * <pre>
     *   ACK / -          Timer I fires / - -&gt; Terminated
     * </pre>
     */
    private void confirmed(TransactionEvent event) {
        if (event instanceof TransactionEvent.RequestReceived received) {
            LOG.debugf("%s: %s absorbed in Confirmed", this, received.describe());
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.I) {
            terminate(TerminationCause.COMPLETED, "§17.2.1: Timer I fired");
        } else {
            unexpected(event);
        }
    }

    /**
     * Accepted (RFC 6026 §7.1): further 2xx from the TU are sent, INVITE retransmissions absorbed (the TU
     * retransmits the 2xx itself), ACKs passed to the TU, until Timer L.
     * <pre>
     *   2xx from TU / send response       INVITE / -        ACK / to TU
     *   Transport Err. / inform TU        Timer L fires / - -&gt; Terminated
     * </pre>
     */
    private void accepted(TransactionEvent event) {
        if (event instanceof TransactionEvent.TuResponse tu && tu.response().isSuccess()) {
            send(tu.response());
        } else if (event instanceof TransactionEvent.RequestReceived received) {
            if (received.isAck()) {
                layer.user().onAck(received.incoming());
            } else {
                LOG.debugf("%s: INVITE retransmission absorbed in Accepted", this);
            }
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.L) {
            terminate(TerminationCause.COMPLETED, "RFC 6026 §7.1: Timer L fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            LOG.warnf("%s: %s in Accepted; waiting for Timer L (RFC 6026 §7.1)", this, error.describe());
        } else {
            unexpected(event);
        }
    }

    /** 100 Trying, with the request's Timestamp header (RFC 3261 §8.2.6.1). */
    private SipResponse trying() {
        SipResponse.Builder b = SipResponse.to(request(), 100, "Trying");
        request().headers("Timestamp").forEach(b::add);
        return b.build();
    }

    /**
     * Whether {@code ack} belongs to this transaction. With RFC 3261 branches, matching the key is enough; an
     * RFC 2543 ACK must also carry the To tag of the response it acknowledges (RFC 2543 §17).
     */
    boolean acceptsAck(SipRequest ack) {
        if (key instanceof TransactionKey.ServerBranch) {
            return true;
        }
        Optional<String> sentTag = lastResponse().filter(r -> !r.isProvisional()).flatMap(r -> r.to().tag());
        return sentTag.isEmpty() || sentTag.equals(ack.to().tag());
    }
}
