package org.flexisip.common.sip.transaction;

import java.time.Duration;

import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;

/**
 * The INVITE client transaction, RFC 3261 §17.1.1 (Figure 5) as updated by RFC 6026 §7.2 (Figure 4): a 2xx
 * takes it to Accepted, where every further 2xx (retransmissions, other forks) is passed to the TU until
 * Timer M; a 300-699 response is acknowledged by the transaction itself (§17.1.1.3).
 * <pre>
 *                                |INVITE from TU
 *              Timer A fires     |INVITE sent      Timer B fires
 *              Reset A,          V                 or Transport Err.
 *              INVITE sent +-----------+           inform TU
 *                +---------|           |---------------------------+
 *                |         |  Calling  |                           |
 *                +--------&gt;|           |-----------+               |
 *   300-699                +-----------+ 2xx       |               |
 *   ACK sent                  |  |       2xx to TU |               |
 *   resp. to TU               |  |1xx              |               |
 *   +-------------------------+  |1xx to TU        |               |
 *   |                            |                 |               |
 *   |                1xx         V                 |               |
 *   |                1xx to TU +-----------+       |               |
 *   |                +---------|           |       |               |
 *   |                |         |Proceeding |       |               |
 *   |                +--------&gt;|           |       |               |
 *   |                          +-----------+ 2xx   |               |
 *   |         300-699             |    2xx to TU   |               |
 *   |         ACK sent,  +--------+                +---------------+
 *   |         resp. to TU|                         |               |
 *   |                    |                         V               |
 *   |                    |                   +------------+        |
 *   |                    |                   |            |        |
 *   |                    |                   |  Accepted  |---+ 2xx|
 *   |                    |                   |            |   | 2xx to TU
 *   |                    |                   +------------+&lt;--+    |
 *   |                    |                         |               |
 *   |  300-699           V                         |               |
 *   |  ACK sent  +-----------+ Transport Err.      | Timer M fires |
 *   |  +---------|           | Inform TU           | -             |
 *   |  |         | Completed |-------------+       |               |
 *   |  +--------&gt;|           |             |       |               |
 *   |            +-----------+             |       |               |
 *   |              ^   |                   |       |               |
 *   |              |   | Timer D fires     |       |               |
 *   +--------------+   | -                 |       |               |
 *                      |                   V       V               |
 *                      |              +-----------+                |
 *                      +-------------&gt;|           |&lt;---------------+
 *                                     | Terminated|
 *                                     +-----------+
 * </pre>
 * Timer A runs on unreliable transports only; Timer D is zero on reliable ones, where Completed is left once the
 * ACK is sent and the response passed to the TU. Timer B runs in Calling only: once a provisional arrived, how
 * long to wait for the final response is the TU's business (Timer C, §16.8).
 */
public final class InviteClientTransaction extends ClientTransaction {
    private Duration timerAInterval;
    private SipRequest ack;

    InviteClientTransaction(TransactionLayer layer, SipRequest request, NextHop hop,
            ClientTransactionListener listener, TransactionKey key) {
        super(layer, request, hop, listener, key, TransactionState.CALLING);
    }

    @Override
    void start() {
        LOG.debugf("%s: INVITE sent, Calling (§17.1.1.2)", this);
        if (!reliable()) {
            timerAInterval = layer.settings().timerA();
            arm(TransactionTimer.A, timerAInterval);
        }
        arm(TransactionTimer.B, layer.settings().timerB());
        sendRequest();
    }

    @Override
    void handle(TransactionEvent event) {
        switch (state()) {
            case CALLING -> calling(event);
            case PROCEEDING -> proceeding(event);
            case ACCEPTED -> accepted(event);
            case COMPLETED -> completed(event);
            default -> terminated(event);
        }
    }

    /**
     * Calling: the INVITE is retransmitted on Timer A (doubling) until a response or Timer B.
     * <pre>
     *   Timer A fires / reset A, INVITE sent     Timer B or Transport Err. / inform TU -&gt; Terminated
     *   1xx / 1xx to TU -&gt; Proceeding            2xx / 2xx to TU -&gt; Accepted
     *   300-699 / ACK sent, resp. to TU -&gt; Completed
     * </pre>
     */
    private void calling(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received) {
            SipResponse response = received.response();
            if (response.isProvisional()) {
                moveTo(TransactionState.PROCEEDING, "§17.1.1.2: 1xx received");
                passToTu(response);
            } else {
                finalResponse(response);
            }
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.A) {
            timerAInterval = timerAInterval.multipliedBy(2);
            arm(TransactionTimer.A, timerAInterval);
            sendRequest();
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.B) {
            timeout("§17.1.1.2: Timer B fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.1.4: transport error in Calling");
        } else {
            unexpected(event);
        }
    }

    /**
     * Proceeding: no more retransmissions.
     * <pre>
     *   1xx / 1xx to TU        2xx / 2xx to TU -&gt; Accepted
     *   300-699 / ACK sent, resp. to TU -&gt; Completed
     * </pre>
     */
    private void proceeding(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received) {
            if (received.response().isProvisional()) {
                passToTu(received.response());
            } else {
                finalResponse(received.response());
            }
        } else if (event instanceof TransactionEvent.TransportError error) {
            transportError(error, "§17.1.4: transport error in Proceeding");
        } else {
            unexpected(event);
        }
    }

    /**
     * Accepted (RFC 6026 §7.2): every 2xx is passed to the TU, which sends the ACK for each, until Timer M.
     * <pre>
     *   2xx / 2xx to TU        Timer M fires / - -&gt; Terminated
     * </pre>
     */
    private void accepted(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received && received.response().isSuccess()) {
            passToTu(received.response());
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.M) {
            terminate(TerminationCause.COMPLETED, "RFC 6026 §7.2: Timer M fired");
        } else {
            unexpected(event);
        }
    }

    /**
     * Completed: every retransmission of the final response gets the ACK again and is not passed to the TU
     * (§17.1.1.2), until Timer D.
     * <pre>
     *   300-699 / ACK sent       Timer D fires / - -&gt; Terminated
     *   Transport Err. / inform TU -&gt; Terminated
     * </pre>
     */
    private void completed(TransactionEvent event) {
        if (event instanceof TransactionEvent.ResponseReceived received && received.response().statusCode() >= 300) {
            watch(layer.sender().send(ack, hop()));
        } else if (event instanceof TransactionEvent.TimerFired fired && fired.timer() == TransactionTimer.D) {
            terminate(TerminationCause.COMPLETED, "§17.1.1.2: Timer D fired");
        } else if (event instanceof TransactionEvent.TransportError error) {
            // The TU already has the final response: the ACK could not be sent.
            LOG.warnf("%s: %s while sending the ACK, transaction terminated", this, error.describe());
            terminate(TerminationCause.TRANSPORT_ERROR, "§17.1.1.2: transport error in Completed");
        } else {
            unexpected(event);
        }
    }

    private void finalResponse(SipResponse response) {
        if (response.isSuccess()) {
            moveTo(TransactionState.ACCEPTED, "RFC 6026 §7.2: 2xx received");
            arm(TransactionTimer.M, layer.settings().timerM());
            passToTu(response);
            releaseRequest();
            return;
        }
        moveTo(TransactionState.COMPLETED, "§17.1.1.2: 300-699 received");
        Duration timerD = layer.settings().timerD(reliable());
        if (!timerD.isZero()) {
            arm(TransactionTimer.D, timerD);
        }
        ack = ackFor(response);
        watch(layer.sender().send(ack, hop()));
        passToTu(response);
        if (timerD.isZero() && isIn(TransactionState.COMPLETED)) {
            terminate(TerminationCause.COMPLETED, "§17.1.1.2: Timer D is zero on a reliable transport");
        }
    }

    /**
     * The ACK for a 300-699 response (§17.1.1.3): Request-URI, Call-ID, From and CSeq number of the INVITE, the
     * To of the response (with its tag), a single Via equal to the INVITE's top Via, the INVITE's Route header
     * fields, no body.
     */
    SipRequest ackFor(SipResponse response) {
        SipRequest invite = request();
        SipRequest.Builder b = SipRequest.builder("ACK", invite.requestUri())
                .add(HeaderName.VIA, invite.topVia().toString())
                .add(HeaderName.MAX_FORWARDS, Integer.toString(TransactionLayer.MAX_FORWARDS));
        invite.headers(HeaderName.ROUTE).forEach(b::add);
        invite.header(HeaderName.FROM).ifPresent(b::add);
        response.header(HeaderName.TO).ifPresent(b::add);
        invite.header(HeaderName.CALL_ID).ifPresent(b::add);
        b.add(HeaderName.CSEQ, new CSeqHeader(invite.cseq().number(), "ACK").toString());
        return b.build();
    }
}
