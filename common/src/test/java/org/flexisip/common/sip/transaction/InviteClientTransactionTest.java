package org.flexisip.common.sip.transaction;

import static org.flexisip.common.sip.transaction.TransactionFixture.TCP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.UDP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.response;
import static org.flexisip.common.sip.transaction.TransactionFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class InviteClientTransactionTest {
    private final TransactionFixture f = new TransactionFixture();
    private final TransactionFixture.RecordingListener listener = f.new RecordingListener();

    private ClientTransaction sendInvite(NextHop hop) {
        return f.layer.sendRequest(TransactionFixture.outgoing("INVITE", "z9hG4bK-c1"), hop, listener);
    }

    private void receive(SipResponse response) {
        f.layer.onMessage(udp(response));
    }

    @Test
    void startsInCallingWithTimersAAndBOverUdp() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        assertInstanceOf(InviteClientTransaction.class, tx);
        assertTrue(tx.isInvite());
        assertEquals(TransactionState.CALLING, tx.state());
        assertEquals(EnumSet.of(TransactionTimer.A, TransactionTimer.B), tx.armedTimers());
        assertEquals(1, f.layer.clientCount());
    }

    @Test
    void retransmitsInviteOnTimerAWithDoublingIntervals() {
        // RFC 3261 §17.1.1.2: T1, 2×T1, 4×T1... with no cap, until Timer B.
        sendInvite(UDP_HOP);
        f.runUntil(31_999);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), f.sender.sendTimes("INVITE"));
    }

    @Test
    void timerBGivesALocal408After64T1() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        f.runUntil(31_999);
        assertEquals(List.of(), listener.received);
        f.runUntil(32_000);
        assertEquals(List.of(408), listener.statuses());
        assertTrue(listener.last().local());
        assertEquals(32_000, listener.last().at());
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.TIMEOUT), tx.terminationCause());
        assertEquals(0, f.layer.clientCount());
    }

    @Test
    void stopsRetransmittingAfterTimerB() {
        sendInvite(UDP_HOP);
        f.runUntil(60_000);
        assertEquals(7, f.sender.sendTimes("INVITE").size());
        assertEquals(0, f.timers.pending());
    }

    @Test
    void transactionTimeoutOf4SecondsGives408AfterExactly4Seconds() {
        TransactionFixture short4 = new TransactionFixture(
                TimerSettings.rfc3261().withTransactionTimeout(Duration.ofSeconds(4)));
        TransactionFixture.RecordingListener l = short4.new RecordingListener();
        short4.layer.sendRequest(TransactionFixture.outgoing("INVITE", "z9hG4bK-c1"), UDP_HOP, l);
        short4.runUntil(3_999);
        assertEquals(List.of(), l.received);
        short4.runUntil(4_000);
        assertEquals(List.of(408), l.statuses());
        assertEquals(4_000, l.last().at());
        assertTrue(l.last().local());
        assertEquals(List.of(0L, 500L, 1500L, 3500L), short4.sender.sendTimes("INVITE"));
    }

    @Test
    void noRetransmissionsOverTcpButTimerBStillRuns() {
        ClientTransaction tx = sendInvite(TCP_HOP);
        assertEquals(EnumSet.of(TransactionTimer.B), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(List.of(0L), f.sender.sendTimes("INVITE"));
        f.runUntil(32_000);
        assertEquals(List.of(408), listener.statuses());
    }

    @Test
    void provisionalStopsInviteRetransmissions() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        f.runUntil(700);
        receive(response(tx.request(), 100));
        f.runUntil(60_000);
        assertEquals(List.of(0L, 500L), f.sender.sendTimes("INVITE"));
        assertEquals(TransactionState.PROCEEDING, tx.state());
        assertTrue(tx.hasProvisional());
        assertEquals(List.of(100), listener.statuses(), "no Timer B once Proceeding");
        assertEquals(Optional.empty(), tx.terminationCause());
    }

    @Test
    void passesEveryProvisionalToTheTu() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        receive(response(tx.request(), 100));
        receive(response(tx.request(), 180));
        receive(response(tx.request(), 183));
        assertEquals(List.of(100, 180, 183), listener.statuses());
        assertFalse(listener.last().local());
    }

    @Test
    void buildsTheAckFor486() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        SipRequest invite = tx.request();
        SipResponse busy = response(invite, 486);
        receive(busy);

        List<SipRequest> acks = f.sender.sentRequests("ACK");
        assertEquals(1, acks.size());
        SipRequest ack = acks.get(0);
        // RFC 3261 §17.1.1.3
        assertEquals(invite.requestUri(), ack.requestUri());
        assertEquals(invite.callId(), ack.callId());
        assertEquals(invite.headerValue(HeaderName.FROM), ack.headerValue(HeaderName.FROM));
        assertEquals(busy.headerValue(HeaderName.TO), ack.headerValue(HeaderName.TO));
        assertEquals(Optional.of("callee"), ack.to().tag());
        assertEquals(new CSeqHeader(invite.cseq().number(), "ACK"), ack.cseq());
        assertEquals(List.of(invite.topVia()), ack.vias());
        assertEquals(invite.headers(HeaderName.ROUTE), ack.headers(HeaderName.ROUTE));
        assertEquals(2, ack.routes().size());
        assertEquals(0, ack.bodyLength());
        assertEquals(70, ack.maxForwards().getAsInt());
        assertEquals(List.of(), ack.headers(HeaderName.CONTACT));
        assertEquals(UDP_HOP, f.sender.sent.get(f.sender.sent.size() - 1).hop());

        assertEquals(List.of(486), listener.statuses());
        assertFalse(listener.last().local());
        assertEquals(TransactionState.COMPLETED, tx.state());
    }

    @Test
    void resendsTheAckForEachRetransmitted486WithoutPassingItAgain() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        SipResponse busy = response(tx.request(), 486);
        receive(busy);
        f.runUntil(500);
        receive(busy);
        receive(busy);
        List<SipRequest> acks = f.sender.sentRequests("ACK");
        assertEquals(3, acks.size());
        assertEquals(acks.get(0), acks.get(2));
        assertEquals(List.of(486), listener.statuses());
        assertEquals(0, f.layer.unexpectedEvents());
    }

    @Test
    void finalResponseStopsRetransmissionsAndTimerB() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        f.runUntil(600);
        receive(response(tx.request(), 486));
        assertEquals(EnumSet.of(TransactionTimer.D), tx.armedTimers());
        f.runUntil(31_000);
        assertEquals(List.of(0L, 500L), f.sender.sendTimes("INVITE"));
    }

    @Test
    void timerDEndsCompletedAfter32SecondsOverUdp() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        f.runUntil(100);
        receive(response(tx.request(), 486));
        f.runUntil(32_099);
        assertEquals(TransactionState.COMPLETED, tx.state());
        f.runUntil(32_100);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
        assertEquals(0, f.layer.clientCount());
    }

    @Test
    void timerDIsZeroOverTcp() {
        ClientTransaction tx = sendInvite(TCP_HOP);
        receive(response(tx.request(), 486));
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(1, f.sender.sentRequests("ACK").size());
        assertEquals(List.of(486), listener.statuses());
        assertEquals(0, f.timers.pending());
    }

    @Test
    void twoHundredEntersAcceptedAndTimerMEndsItAfter64T1() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        f.runUntil(1_000);
        receive(response(tx.request(), 200));
        assertEquals(TransactionState.ACCEPTED, tx.state());
        assertEquals(EnumSet.of(TransactionTimer.M), tx.armedTimers());
        f.runUntil(32_999);
        assertEquals(TransactionState.ACCEPTED, tx.state());
        f.runUntil(33_000);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
    }

    @Test
    void passesRetransmittedAndForked2xxToTheTuInAcceptedAndSendsNoAck() {
        // RFC 6026 §7.2: the TU acknowledges every 2xx itself.
        ClientTransaction tx = sendInvite(UDP_HOP);
        SipResponse ok = response(tx.request(), 200);
        receive(ok);
        receive(ok);
        receive(ok.copy().set(HeaderName.TO, tx.request().to().withTag("other-fork").toString()).build());
        assertEquals(List.of(200, 200, 200), listener.statuses());
        assertEquals(List.of(), f.sender.sentRequests("ACK"));
        assertEquals(0, f.layer.unexpectedEvents());
    }

    @Test
    void theRequestIsStillGivenInAcceptedOnceKeptAsBytes() {
        SipRequest invite = TransactionFixture.outgoing("INVITE", "z9hG4bK-c1");
        ClientTransaction tx = f.layer.sendRequest(invite, UDP_HOP, listener);
        receive(response(invite, 200));
        assertEquals(TransactionState.ACCEPTED, tx.state());
        assertEquals(invite.toString(), tx.request().toString());
        assertTrue(tx.isInvite());
    }

    @Test
    void failedSendGivesALocal503() {
        f.sender.failSends = true;
        ClientTransaction tx = sendInvite(UDP_HOP);
        assertEquals(List.of(503), listener.statuses());
        assertTrue(listener.last().local());
        assertTrue(tx.isLocallyGenerated(listener.last().response()));
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.TRANSPORT_ERROR), tx.terminationCause());
        assertEquals(0, f.layer.clientCount());
        assertEquals(0, f.timers.pending());
    }

    @Test
    void locallyGeneratedResponseCarriesTheRequestHeaders() {
        ClientTransaction tx = sendInvite(TCP_HOP);
        f.runUntil(32_000);
        SipResponse timeout = listener.last().response();
        assertEquals(tx.request().callId(), timeout.callId());
        assertEquals(tx.request().cseq(), timeout.cseq());
        assertEquals(tx.request().vias(), timeout.vias());
        assertFalse(tx.isLocallyGenerated(response(tx.request(), 408)));
    }

    @Test
    void terminateByTheTuDropsTheBranch() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        tx.terminate();
        assertEquals(Optional.of(TerminationCause.TERMINATED_BY_TU), tx.terminationCause());
        f.runUntil(40_000);
        assertEquals(List.of(0L), f.sender.sendTimes("INVITE"));
        receive(response(tx.request(), 180));
        assertEquals(List.of(), listener.received);
        assertEquals(1, f.user.strays.size());
    }

    @Test
    void provisionalAfterAFinalResponseIsUnexpectedAndCounted() {
        ClientTransaction tx = sendInvite(UDP_HOP);
        receive(response(tx.request(), 486));
        receive(response(tx.request(), 180));
        assertEquals(List.of(486), listener.statuses());
        assertEquals(1, f.layer.unexpectedEvents());
    }
}
