package org.flexisip.common.sip.transaction;

import static org.flexisip.common.sip.transaction.TransactionFixture.incoming;
import static org.flexisip.common.sip.transaction.TransactionFixture.request;
import static org.flexisip.common.sip.transaction.TransactionFixture.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.junit.jupiter.api.Test;

class InviteServerTransactionTest {
    private static final String BRANCH = "z9hG4bK-s1";
    private final TransactionFixture f = new TransactionFixture();
    private final SipRequest invite = request("INVITE", BRANCH);

    private ServerTransaction receiveInvite(Protocol protocol) {
        f.layer.onMessage(incoming(invite, protocol));
        return f.user.requests.get(0);
    }

    /** The ACK for a non-2xx: same branch, To tag of the response (RFC 3261 §17.1.1.3). */
    private void receiveAck(Protocol protocol) {
        f.layer.onMessage(incoming(request("ACK", "SIP/2.0/UDP 192.0.2.10:5060;branch=" + BRANCH, 314159,
                "callee"), protocol));
    }

    @Test
    void newInviteReachesTheTuInProceeding() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        assertInstanceOf(InviteServerTransaction.class, tx);
        assertTrue(tx.isInvite());
        assertEquals(TransactionState.PROCEEDING, tx.state());
        assertEquals(invite, tx.request());
        assertEquals(Protocol.UDP, tx.incoming().protocol());
        assertEquals(1, f.layer.serverCount());
    }

    @Test
    void sends100TryingWhenTheTuIsSilentFor200Milliseconds() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        f.runUntil(199);
        assertEquals(List.of(), f.sender.replied);
        f.runUntil(200);
        assertEquals(List.of(100), f.sender.repliedStatuses());
        assertEquals(Optional.of(100), tx.lastResponse().map(r -> r.statusCode()));
    }

    @Test
    void automatic100TryingCopiesTheTimestamp() {
        // RFC 3261 §8.2.6.1
        f.layer.onMessage(incoming(invite.copy().add("Timestamp", "54").build(), Protocol.UDP));
        f.runUntil(200);
        assertEquals(Optional.of("54"), f.sender.replied.get(0).response().headerValue("Timestamp"));
    }

    @Test
    void sendsNo100WhenTheTuAnswersFirst() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        f.runUntil(50);
        tx.respond(response(invite, 180));
        f.runUntil(1_000);
        assertEquals(List.of(180), f.sender.repliedStatuses());
    }

    @Test
    void retransmitsTheFinalResponseOnTimerGWithIntervalsCappedAtT2() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        assertEquals(EnumSet.of(TransactionTimer.G, TransactionTimer.H), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                f.sender.replyTimes(486));
    }

    @Test
    void lostAckIsRecoveredByTimerGRetransmissionsUntilTheAckArrives() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        // The first ACK is lost: the 486 is sent again at 500 and 1500 ms; the peer's next ACK arrives at 1600.
        f.runUntil(1_600);
        receiveAck(Protocol.UDP);
        assertEquals(TransactionState.CONFIRMED, tx.state());
        f.runUntil(6_000);
        assertEquals(List.of(0L, 500L, 1500L), f.sender.replyTimes(486));
        assertEquals(List.of(), f.user.acks, "the ACK for a non-2xx belongs to the transaction");
    }

    @Test
    void timerHEndsTheTransactionWithATimeoutWhenNoAckArrives() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        AtomicInteger told = new AtomicInteger();
        tx.onTerminated(told::incrementAndGet);
        tx.respond(response(invite, 486));
        f.runUntil(31_999);
        assertEquals(TransactionState.COMPLETED, tx.state());
        assertEquals(0, told.get());
        f.runUntil(32_000);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.TIMEOUT), tx.terminationCause());
        assertEquals(1, told.get());
        assertEquals(0, f.layer.serverCount());
    }

    @Test
    void timerIAbsorbsAckRetransmissionsForT4() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        f.runUntil(100);
        receiveAck(Protocol.UDP);
        assertEquals(EnumSet.of(TransactionTimer.I), tx.armedTimers());
        f.runUntil(3_000);
        receiveAck(Protocol.UDP);
        f.runUntil(5_099);
        assertEquals(TransactionState.CONFIRMED, tx.state());
        f.runUntil(5_100);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
        assertEquals(List.of(), f.user.acks);
    }

    @Test
    void timerIIsZeroOverTcp() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        tx.respond(response(invite, 486));
        receiveAck(Protocol.TCP);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
    }

    @Test
    void noTimerGOverTcpButTimerHStillRuns() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        tx.respond(response(invite, 486));
        assertEquals(EnumSet.of(TransactionTimer.H), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(List.of(486), f.sender.repliedStatuses());
        f.runUntil(32_000);
        assertEquals(Optional.of(TerminationCause.TIMEOUT), tx.terminationCause());
    }

    @Test
    void retransmittedInviteIsAbsorbedAndGetsTheLastProvisional() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 180));
        f.layer.onMessage(incoming(invite, Protocol.UDP));
        assertEquals(List.of(180, 180), f.sender.repliedStatuses());
        assertEquals(1, f.user.requests.size());
    }

    @Test
    void retransmittedInviteBeforeAnyResponseIsAbsorbedSilently() {
        receiveInvite(Protocol.UDP);
        f.layer.onMessage(incoming(invite, Protocol.UDP));
        assertEquals(List.of(), f.sender.replied);
        assertEquals(1, f.user.requests.size());
        assertEquals(0, f.layer.unexpectedEvents());
    }

    @Test
    void retransmittedInviteInCompletedGetsTheFinalResponseAgain() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        f.runUntil(100);
        f.layer.onMessage(incoming(invite, Protocol.UDP));
        assertEquals(List.of(0L, 100L), f.sender.replyTimes(486));
    }

    @Test
    void retransmittedInviteInConfirmedIsAbsorbed() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        receiveAck(Protocol.UDP);
        f.layer.onMessage(incoming(invite, Protocol.UDP));
        assertEquals(List.of(486), f.sender.repliedStatuses());
        assertEquals(1, f.user.requests.size());
    }

    @Test
    void twoHundredEntersAcceptedAndTimerLEndsItAfter64T1() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 200));
        assertEquals(TransactionState.ACCEPTED, tx.state());
        assertEquals(EnumSet.of(TransactionTimer.L), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(TransactionState.ACCEPTED, tx.state());
        assertEquals(List.of(200), f.sender.repliedStatuses(), "the TU retransmits 2xx, not the transaction");
        f.runUntil(32_000);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
    }

    @Test
    void passesFurther2xxFromTheTuInAccepted() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 200));
        tx.respond(response(invite, 200));
        assertEquals(List.of(200, 200), f.sender.repliedStatuses());
        assertEquals(0, f.layer.unexpectedEvents());
    }

    @Test
    void further2xxInAcceptedOverUdpGoAsTheyAreToTheInviteSource() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 200));
        SipResponse other = response(invite, 200).copy().set(HeaderName.TO, invite.to().withTag("fork-2").toString())
                .build();
        tx.respond(other);
        assertEquals(2, f.sender.replied.size());
        assertArrayEquals(other.toBytes(), f.sender.replied.get(1).response().toBytes());
        assertEquals(f.sender.replied.get(0).to(), f.sender.replied.get(1).to());
        assertEquals(invite.toString(), tx.request().toString(), "the request is still there once released");
        assertEquals(Optional.of("fork-2"), tx.lastResponse().flatMap(r -> r.to().tag()));
        assertTrue(tx.isAnswered());
    }

    @Test
    void absorbsRetransmittedInviteInAcceptedState() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 200));
        f.layer.onMessage(incoming(invite, Protocol.UDP));
        assertEquals(List.of(200), f.sender.repliedStatuses());
        assertEquals(1, f.user.requests.size());
    }

    @Test
    void ackMatchingTheTransactionInAcceptedGoesToTheTu() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 200));
        receiveAck(Protocol.UDP);
        assertEquals(1, f.user.acks.size());
        assertEquals(TransactionState.ACCEPTED, tx.state());
    }

    @Test
    void secondFinalResponseIsRefusedAndCounted() {
        ServerTransaction tx = receiveInvite(Protocol.UDP);
        tx.respond(response(invite, 486));
        tx.respond(response(invite, 603));
        assertEquals(List.of(486), f.sender.repliedStatuses());
        assertEquals(Optional.of(486), tx.lastResponse().map(r -> r.statusCode()));
        assertEquals(1, f.layer.unexpectedEvents());
    }

    @Test
    void transportErrorOnReplyTerminatesAndTellsTheTu() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        AtomicInteger told = new AtomicInteger();
        tx.onTerminated(told::incrementAndGet);
        f.sender.failReplies = true;
        tx.respond(response(invite, 486));
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.TRANSPORT_ERROR), tx.terminationCause());
        assertEquals(1, told.get());
        assertEquals(0, f.layer.serverCount());
        assertEquals(0, f.timers.pending());
    }

    @Test
    void transportErrorInAcceptedKeepsTheTransactionUntilTimerL() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        f.sender.failReplies = true;
        tx.respond(response(invite, 200));
        assertEquals(TransactionState.ACCEPTED, tx.state());
        f.runUntil(32_000);
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
    }

    @Test
    void responseAfterTerminationIsCounted() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        tx.respond(response(invite, 486));
        receiveAck(Protocol.TCP);
        tx.respond(response(invite, 500));
        assertEquals(List.of(486), f.sender.repliedStatuses());
        assertEquals(1, f.layer.unexpectedEvents());
    }

    @Test
    void onTerminatedRunsAtOnceWhenAlreadyTerminated() {
        ServerTransaction tx = receiveInvite(Protocol.TCP);
        tx.respond(response(invite, 486));
        receiveAck(Protocol.TCP);
        AtomicInteger told = new AtomicInteger();
        tx.onTerminated(told::incrementAndGet);
        assertEquals(1, told.get());
    }
}
