package org.flexisip.common.sip.transaction;

import static org.flexisip.common.sip.transaction.TransactionFixture.incoming;
import static org.flexisip.common.sip.transaction.TransactionFixture.request;
import static org.flexisip.common.sip.transaction.TransactionFixture.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.junit.jupiter.api.Test;

class NonInviteServerTransactionTest {
    private final TransactionFixture f = new TransactionFixture();
    private final SipRequest register = request("REGISTER", "z9hG4bK-r1");

    private ServerTransaction receive(Protocol protocol) {
        f.layer.onMessage(incoming(register, protocol));
        return f.user.requests.get(f.user.requests.size() - 1);
    }

    @Test
    void newRequestReachesTheTuInTryingWithNoAutomaticResponse() {
        ServerTransaction tx = receive(Protocol.UDP);
        assertInstanceOf(NonInviteServerTransaction.class, tx);
        assertFalse(tx.isInvite());
        assertEquals(TransactionState.TRYING, tx.state());
        f.runUntil(5_000);
        assertEquals(List.of(), f.sender.replied);
        assertEquals(EnumSet.noneOf(TransactionTimer.class), tx.armedTimers());
    }

    @Test
    void retransmissionInTryingIsDiscarded() {
        receive(Protocol.UDP);
        f.layer.onMessage(incoming(register, Protocol.UDP));
        assertEquals(List.of(), f.sender.replied);
        assertEquals(1, f.user.requests.size());
    }

    @Test
    void retransmissionInProceedingGetsTheLastProvisional() {
        ServerTransaction tx = receive(Protocol.UDP);
        tx.respond(response(register, 100));
        assertEquals(TransactionState.PROCEEDING, tx.state());
        f.layer.onMessage(incoming(register, Protocol.UDP));
        assertEquals(List.of(100, 100), f.sender.repliedStatuses());
    }

    @Test
    void retransmissionInCompletedGetsTheFinalResponseAgain() {
        ServerTransaction tx = receive(Protocol.UDP);
        tx.respond(response(register, 200));
        f.runUntil(1_000);
        f.layer.onMessage(incoming(register, Protocol.UDP));
        assertEquals(List.of(0L, 1_000L), f.sender.replyTimes(200));
        assertEquals(1, f.user.requests.size());
    }

    @Test
    void timerJKeepsCompletedFor64T1OverUdp() {
        ServerTransaction tx = receive(Protocol.UDP);
        tx.respond(response(register, 200));
        assertEquals(EnumSet.of(TransactionTimer.J), tx.armedTimers());
        f.runUntil(31_999);
        assertEquals(TransactionState.COMPLETED, tx.state());
        f.runUntil(32_000);
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(Optional.of(TerminationCause.COMPLETED), tx.terminationCause());
        assertEquals(List.of(200), f.sender.repliedStatuses(), "no response retransmission for non-INVITE");
    }

    @Test
    void timerJIsZeroOverTcp() {
        ServerTransaction tx = receive(Protocol.TCP);
        tx.respond(response(register, 200));
        assertEquals(TransactionState.TERMINATED, tx.state());
        assertEquals(List.of(200), f.sender.repliedStatuses());
        assertEquals(0, f.layer.serverCount());
    }

    @Test
    void secondFinalResponseIsDiscardedAndCounted() {
        ServerTransaction tx = receive(Protocol.UDP);
        tx.respond(response(register, 200));
        tx.respond(response(register, 500));
        assertEquals(List.of(200), f.sender.repliedStatuses());
        assertEquals(1, f.layer.unexpectedEvents());
    }

    @Test
    void transportErrorTerminates() {
        ServerTransaction tx = receive(Protocol.TCP);
        f.sender.failReplies = true;
        tx.respond(response(register, 100));
        assertEquals(Optional.of(TerminationCause.TRANSPORT_ERROR), tx.terminationCause());
        assertEquals(0, f.layer.serverCount());
    }

    @Test
    void retransmissionInCompletedGetsTheSameBytesAtTheRequestSource() {
        ServerTransaction tx = receive(Protocol.UDP);
        SipResponse ok = response(register, 200);
        tx.respond(ok);
        f.layer.onMessage(incoming(register, Protocol.UDP));
        assertEquals(2, f.sender.replied.size());
        assertArrayEquals(ok.toBytes(), f.sender.replied.get(1).response().toBytes());
        assertEquals(f.sender.replied.get(0).to(), f.sender.replied.get(1).to());
    }

    @Test
    void completedTransactionStillGivesItsRequestIncomingAndLastResponse() {
        ServerTransaction tx = receive(Protocol.UDP);
        IncomingMessage received = tx.incoming();
        tx.respond(response(register, 403));
        assertEquals(register.toString(), tx.request().toString());
        assertEquals(received.remote(), tx.incoming().remote());
        assertEquals(received.local(), tx.incoming().local());
        assertEquals(Protocol.UDP, tx.incoming().protocol());
        assertEquals(403, tx.lastResponse().orElseThrow().statusCode());
        assertEquals(OptionalInt.of(403), tx.lastStatusCode());
        assertTrue(tx.isAnswered());
        assertFalse(tx.isInvite());
    }

    @Test
    void provisionalOnlyTransactionIsNotAnswered() {
        ServerTransaction tx = receive(Protocol.UDP);
        assertEquals(OptionalInt.empty(), tx.lastStatusCode());
        tx.respond(response(register, 100));
        assertEquals(OptionalInt.of(100), tx.lastStatusCode());
        assertFalse(tx.isAnswered());
    }
}
