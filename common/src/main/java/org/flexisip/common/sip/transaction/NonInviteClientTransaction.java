package org.flexisip.common.sip.transaction;

import java.time.Duration;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;

/**
 * The non-INVITE client transaction, RFC 3261 §17.1.2 (Figure 6).
 * <pre>
 *                                    |Request from TU
 *                                    |send request
 *                Timer E             V
 *                send request  +-----------+
 *                    +---------|           |-------------------+
 *                    |         |  Trying   |  Timer F          |
 *                    +--------&gt;|           |  or Transport Err.|
 *                              +-----------+  inform TU        |
 *                 200-699         |  |                         |
 *                 resp. to TU     |  |1xx                      |
 *                 +---------------+  |resp. to TU              |
 *                 |                  |                         |
 *                 |   Timer E        V       Timer F           |
 *                 |   send req +-----------+ or Transport Err. |
 *                 |  +---------|           | inform TU         |
 *                 |  |         |Proceeding |------------------&gt;|
 *                 |  +--------&gt;|           |-----+             |
 *                 |            +-----------+ 1xx |             |
 *                 |              |      ^        |             |
 *                 |     200-699  |      +--------+             |
 *                 |     resp. to TU                            |
 *                 |              |                             |
 *                 |              V                             |
 *                 |            +-----------+                   |
 *                 |            |           |                   |
 *                 |            | Completed |                   |
 *                 |            |           |                   |
 *                 |            +-----------+                   |
 *                 |              ^   |                         |
 *                 |              |   | Timer K                 |
 *                 +--------------+   | -                       |
 *                                    |                         |
 *                                    V                         |
 *                              +-----------+                   |
 *                              |           |                   |
 *                              | Terminated|&lt;------------------+
 *                              |           |
 *                              +-----------+
 * </pre>
 * Timer E runs on unreliable transports only: T1, doubled up to T2 in Trying, T2 in Proceeding. Timer K is zero
 * on reliable transports, where Completed is left once the response is passed to the TU.
 */
public final class NonInviteClientTransaction extends ClientTransaction {
    private Duration timerEInterval;

    NonInviteClientTransaction(TransactionLayer layer, SipRequest request, NextHop hop,
            ClientTransactionListener listener, TransactionKey key) {
        super(layer, request, hop, listener, key, TransactionState.TRYING);
    }

    @Override
    void start() {
        LOG.debugf("%s: request sent, Trying (§17.1.2.2)", this);
        if (!reliable()) {
            timerEInterval = layer.settings().timerE();
            arm(TransactionTimer.E, timerEInterval);
        }
        arm(TransactionTimer.F, layer.settings().timerF());
        sendRequest();
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
     * Trying.
     * <pre>
     *   Timer E / send request (interval doubled, at most T2)
     *   1xx / resp. to TU -&gt; Proceeding       200-699 / resp. to TU -&gt; Completed
     *   Timer F or Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void trying(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received) {
            if (received.response().isProvisional()) {
                moveTo(TransactionState.PROCEEDING, "§17.1.2.2: 1xx received");
                passToTu(received.response());
            } else {
                complete(received.response());
            }
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.E) {
            timerEInterval = layer.settings().nextCappedInterval(timerEInterval);
            arm(TransactionTimer.E, timerEInterval);
            sendRequest();
        } else {
            timeoutOrTransportError(event);
        }
    }

    /**
     * Proceeding.
     * <pre>
     *   Timer E / send request (interval T2)     1xx / resp. to TU
     *   200-699 / resp. to TU -&gt; Completed
     *   Timer F or Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void proceeding(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received) {
            if (received.response().isProvisional()) {
                passToTu(received.response());
            } else {
                complete(received.response());
            }
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.E) {
            timerEInterval = layer.settings().t2();
            arm(TransactionTimer.E, timerEInterval);
            sendRequest();
        } else {
            timeoutOrTransportError(event);
        }
    }

    private void timeoutOrTransportError(TransactionEvent event) {
        if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.F) {
            timeout("§17.1.2.2: Timer F fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.1.4: transport error in " + state());
        } else {
            unexpected(event);
        }
    }

    /**
     * Completed: response retransmissions are absorbed until Timer K.
     * <pre>
     *   200-699 / -       Timer K / - -&gt; Terminated
     * </pre>
     */
    private void completed(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received) {
            LOG.debugf("%s: %s absorbed in Completed", this, received.describe());
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.K) {
            terminate(TerminationCause.COMPLETED, "§17.1.2.2: Timer K fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            LOG.debugf("%s: %s after the final response, ignored", this, error.describe());
        } else {
            unexpected(event);
        }
    }

    private void complete(SipResponse response) {
        moveTo(TransactionState.COMPLETED, "§17.1.2.2: 200-699 received");
        Duration timerK = layer.settings().timerK(reliable());
        if (!timerK.isZero()) {
            arm(TransactionTimer.K, timerK);
        }
        passToTu(response);
        if (timerK.isZero() && isIn(TransactionState.COMPLETED)) {
            terminate(TerminationCause.COMPLETED, "§17.1.2.2: Timer K is zero on a reliable transport");
        }
    }
}
