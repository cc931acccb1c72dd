package org.flexisip.common.sip.transaction;

import static org.flexisip.common.sip.transaction.TransactionFixture.TCP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.UDP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.response;
import static org.flexisip.common.sip.transaction.TransactionFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class NonInviteClientTransactionTest {
    private final TransactionFixture f = new TransactionFixture();
    private final TransactionFixture.RecordingListener listener = f.new RecordingListener();

    private ClientTransaction sendOptions(NextHop hop) {
        return f.layer.sendRequest(TransactionFixture.outgoing("OPTIONS", "z9hG4bK-n1"), hop, listener);
    }

    private void receive(SipResponse response) {
        f.layer.onMessage(udp(response));
    }

    @Test
    void startsInTryingWithTimersEAndFOverUdp() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        assertInstanceOf(NonInviteClientTransaction.class, tx);
        assertFalse(tx.isInvite());
        assertEquals(TransactionState.TRYING, tx.state());
        assertEquals(EnumSet.of(TransactionTimer.E, TransactionTimer.F), tx.armedTimers());
    }

    @Test
    void retransmitsOnTimerEWithIntervalsCappedAtT2() {
        // RFC 3261 §17.1.2.2: 500 ms, 1 s, 2 s, then 4 s (T2) each time.
        sendOptions(UDP_HOP);
        f.runUntil(31_999);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                f.sender.sendTimes("OPTIONS"));
    }

    @Test
    void retransmitsEveryT2AfterAProvisional() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        f.runUntil(200);
        receive(response(tx.request(), 100));
        assertEquals(TransactionState.PROCEEDING, tx.state());
        f.runUntil(10_000);
        assertEquals(List.of(0L, 500L, 4500L, 8500L), f.sender.sendTimes("OPTIONS"));
    }

    @Test
    void timerFGivesALocal408After64T1() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        f.runUntil(31_999);
        assertEquals(List.of(), listener.received);
        f.runUntil(32_000);
        assertEquals(List.of(408), listener.statuses());
        assertTrue(listener.last().local());
        assertEquals(Optional.of(TerminationCause.TIMEOUT), tx.terminationCause());
        assertEquals(0, f.layer.clientCount());
    }

    @Test
    void timerFStillRunsInProceeding() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        receive(response(tx.request(), 100));
        f.runUntil(32_000);
        assertEquals(List.of(100, 408), listener.statuses());
        assertEquals(32_000, listener.last().at());
    }

    @Test
    void noRetransmissionsOverTcp() {
        ClientTransaction tx = sendOptions(TCP_HOP);
        assertEquals(EnumSet.of(TransactionTimer.F), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(List.of(0L), f.sender.sendTimes("OPTIONS"));
        f.runUntil(32_000);
        assertEquals(List.of(408), listener.statuses());
    }

    @Test
    void timerKKeepsCompletedForT4OverUdp() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        f.runUntil(100);
        receive(response(tx.request(), 200));
        assertEquals(TransactionState.COMPLETED, tx.state());
        assertEquals(EnumSet.of(TransactionTimer.K), tx.armedTimers());
        f.runUntil(5_099);
        assertEquals(TransactionState.COMPLETED, tx.state());
        f.runUntil(5_100);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
        assertEquals(List.of(0L), f.sender.sendTimes("OPTIONS"));
    }

    @Test
    void timerKIsZeroOverTcp() {
        ClientTransaction tx = sendOptions(TCP_HOP);
        receive(response(tx.request(), 200));
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(List.of(200), listener.statuses());
        assertEquals(0, f.timers.pending());
    }

    @Test
    void absorbsRetransmittedFinalResponsesInCompleted() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        SipResponse ok = response(tx.request(), 200);
        receive(ok);
        receive(ok);
        receive(ok);
        assertEquals(List.of(200), listener.statuses());
        assertEquals(0, f.layer.unexpectedEvents());
    }

    @Test
    void failedSendGivesALocal503() {
        f.sender.failSends = true;
        ClientTransaction tx = sendOptions(TCP_HOP);
        assertEquals(List.of(503), listener.statuses());
        assertTrue(listener.last().local());
        assertEquals(ClientTransaction.TRANSPORT_ERROR_REASON, listener.last().response().reasonPhrase());
        assertEquals(Optional.of(TerminationCause.TRANSPORT_ERROR), tx.terminationCause());
    }

    @Test
    void failedRetransmissionGivesALocal503() {
        ClientTransaction tx = sendOptions(UDP_HOP);
        f.sender.failSends = true;
        f.runUntil(500);
        assertEquals(List.of(503), listener.statuses());
        assertEquals(500, listener.last().at());
        assertEquals(TransactionState.TERMINATED, tx.state());
    }
}
