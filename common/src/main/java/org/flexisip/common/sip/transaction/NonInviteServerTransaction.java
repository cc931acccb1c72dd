package org.flexisip.common.sip.transaction;

import java.time.Duration;

import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * The non-INVITE server transaction, RFC 3261 §17.2.2 (Figure 8). Also used for CANCEL, which gets its own
 * transaction (§9.2).
 * <pre>
 *                                   |Request received
 *                                   |pass to TU
 *                                   V
 *                             +-----------+
 *                             |           |
 *                             | Trying    |-------------+
 *                             |           |             |
 *                             +-----------+             |200-699 from TU
 *                                   |                   |send response
 *                                   |1xx from TU        |
 *                                   |send response      |
 *                                   |                   |
 *                Request            V      1xx from TU  |
 *                send response+-----------+send response|
 *                    +--------|           |--------+    |
 *                    |        | Proceeding|        |    |
 *                    +-------&gt;|           |&lt;-------+    |
 *             +&lt;--------------|           |             |
 *             |Trnsprt Err    +-----------+             |
 *             |Inform TU            |                   |
 *             |                     |                   |
 *             |                     |200-699 from TU    |
 *             |                     |send response      |
 *             |  Request            V                   |
 *             |  send response+-----------+             |
 *             |      +--------|           |             |
 *             |      |        | Completed |&lt;------------+
 *             |      +-------&gt;|           |
 *             +&lt;--------------|           |
 *             |Trnsprt Err    +-----------+
 *             |Inform TU            |
 *             |                     |Timer J fires
 *             |                     |-
 *             |                     |
 *             |                     V
 *             |               +-----------+
 *             |               |           |
 *             +--------------&gt;| Terminated|
 *                             |           |
 *                             +-----------+
 * </pre>
 * Timer J is 64×T1 on unreliable transports and zero on reliable ones, where Completed is left at once.
 */
public final class NonInviteServerTransaction extends ServerTransaction {

    NonInviteServerTransaction(TransactionLayer layer, IncomingMessage incoming, TransactionKey key) {
        super(layer, incoming, key, TransactionState.TRYING);
    }

    @Override
    void start() {
        // Trying arms no timer: the transaction waits for the TU.
    }

    @Override
    void handle(TransactionEvent event) {
        switch (state()) {
            case TRYING -> trying(event);
            case PROCEEDING -> proceeding(event);
            case COMPLETED -> completed(event);
            default -> terminated(event);
        }
    }

    /**
     * Trying: request retransmissions are discarded (§17.2.2).
     * <pre>
     *   1xx from TU / send response -&gt; Proceeding    200-699 from TU / send response -&gt; Completed
     * </pre>
     */
    private void trying(TransactionEvent event) {
        if (event instanceof TransactionEvent.TuResponse tu) {
            if (tu.response().isProvisional()) {
                moveTo(TransactionState.PROCEEDING, "§17.2.2: 1xx from TU");
                send(tu.response());
            } else {
                complete(tu.response());
            }
        } else if (event instanceof TransactionEvent.RequestReceived received) {
            LOG.debugf("%s: %s discarded in Trying", this, received.describe());
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.2.4: transport error");
        } else {
            unexpected(event);
        }
    }

    /**
     * Proceeding.
     * <pre>
     *   Request / send response (last 1xx)    1xx from TU / send response
     *   200-699 from TU / send response -&gt; Completed    Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void proceeding(TransactionEvent event) {
        if (event instanceof TransactionEvent.TuResponse tu) {
            if (tu.response().isProvisional()) {
                send(tu.response());
            } else {
                complete(tu.response());
            }
        } else if (event instanceof TransactionEvent.RequestReceived) {
            resend();
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.2.2: transport error in Proceeding");
        } else {
            unexpected(event);
        }
    }

    /**
     * Completed: request retransmissions get the final response again; other final responses from the TU are
     * discarded (§17.2.2).
     * <pre>
     *   Request / send response      Timer J fires / - -&gt; Terminated
     *   Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void completed(TransactionEvent event) {
        if (event instanceof TransactionEvent.RequestReceived) {
            resend();
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.J) {
            terminate(TerminationCause.COMPLETED, "§17.2.2: Timer J fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.2.2: transport error in Completed");
        } else {
            unexpected(event);
        }
    }

    private void complete(SipResponse response) {
        moveTo(TransactionState.COMPLETED, "§17.2.2: 200-699 from TU");
        Duration timerJ = layer.settings().timerJ(reliable());
        if (timerJ.isZero()) {
            send(response);
            if (isIn(TransactionState.COMPLETED)) {
                terminate(TerminationCause.COMPLETED, "§17.2.2: Timer J is zero on a reliable transport");
            }
            return;
        }
        // Completed lasts Timer J (32 s over UDP) only to answer retransmissions: bytes are enough for that.
        sendFinalAndRelease(response);
        if (isIn(TransactionState.COMPLETED)) {
            arm(TransactionTimer.J, timerJ);
        }
    }
}
