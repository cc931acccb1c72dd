package org.flexisip.common.sip.transaction;

import static org.flexisip.common.sip.transaction.TransactionFixture.TCP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.UDP_HOP;
import static org.flexisip.common.sip.transaction.TransactionFixture.outgoing;
import static org.flexisip.common.sip.transaction.TransactionFixture.request;
import static org.flexisip.common.sip.transaction.TransactionFixture.response;
import static org.flexisip.common.sip.transaction.TransactionFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.junit.jupiter.api.Test;

class TransactionLayerTest {
    private static final String RFC2543_VIA = "SIP/2.0/UDP 192.0.2.10:5060";
    private final TransactionFixture f = new TransactionFixture();
    private final TransactionFixture.RecordingListener listener = f.new RecordingListener();

    @Test
    void newRequestCreatesAServerTransactionForTheTu() {
        f.layer.onMessage(udp(request("OPTIONS", "z9hG4bK-1")));
        assertEquals(1, f.user.requests.size());
        assertEquals(1, f.layer.serverCount());
    }

    @Test
    void retransmittedRequestIsAbsorbed() {
        f.layer.onMessage(udp(request("OPTIONS", "z9hG4bK-1")));
        f.layer.onMessage(udp(request("OPTIONS", "z9hG4bK-1")));
        assertEquals(1, f.user.requests.size());
        assertEquals(1, f.layer.serverCount());
    }

    @Test
    void sameBranchFromAnotherSentByIsAnotherTransaction() {
        // RFC 3261 §17.2.3: branch, sent-by and method.
        f.layer.onMessage(udp(request("OPTIONS", "z9hG4bK-1")));
        f.layer.onMessage(udp(request("OPTIONS", "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-1", 314159, "")));
        assertEquals(2, f.user.requests.size());
    }

    @Test
    void ackMatchingNoTransactionGoesToTheTu() {
        // The ACK for a 2xx carries a new branch (RFC 3261 §13.2.2.4).
        f.layer.onMessage(udp(request("ACK", "z9hG4bK-ack-for-2xx")));
        assertEquals(1, f.user.acks.size());
        assertEquals(List.of(), f.user.requests);
        assertEquals(0, f.layer.serverCount());
    }

    @Test
    void responseMatchingNoClientTransactionIsStray() {
        SipResponse ok = response(outgoing("INVITE", "z9hG4bK-unknown"), 200);
        f.layer.onMessage(udp(ok));
        assertEquals(1, f.user.strays.size());
        assertSame(ok, f.user.strays.get(0).message());
    }

    @Test
    void retransmitted2xxAfterTheClientTransactionEndedIsStray() {
        ClientTransaction tx = f.layer.sendRequest(outgoing("INVITE", "z9hG4bK-c1"), UDP_HOP, listener);
        SipResponse ok = response(tx.request(), 200);
        f.layer.onMessage(udp(ok));
        f.runFor(Duration.ofSeconds(32));
        assertEquals(TransactionState.TERMINATED, tx.state());
        f.layer.onMessage(udp(ok));
        assertEquals(List.of(200), listener.statuses());
        assertEquals(1, f.user.strays.size());
    }

    @Test
    void responseWithTheBranchButAnotherCSeqMethodIsStray() {
        // RFC 3261 §17.1.3: a CANCEL shares the INVITE's branch; the CSeq method tells them apart.
        ClientTransaction tx = f.layer.sendRequest(outgoing("INVITE", "z9hG4bK-c1"), UDP_HOP, listener);
        SipResponse cancelOk = response(tx.request(), 200).copy()
                .set(HeaderName.CSEQ, new CSeqHeader(314159, "CANCEL").toString()).build();
        f.layer.onMessage(udp(cancelOk));
        assertEquals(List.of(), listener.received);
        assertEquals(1, f.user.strays.size());
    }

    @Test
    void cancelAndInviteWithOneBranchAreTwoClientTransactions() {
        SipRequest invite = outgoing("INVITE", "z9hG4bK-c1");
        f.layer.sendRequest(invite, UDP_HOP, listener);
        TransactionFixture.RecordingListener cancelListener = f.new RecordingListener();
        ClientTransaction cancel = f.layer.sendRequest(TransactionLayer.cancelFor(invite), UDP_HOP, cancelListener);
        f.layer.onMessage(udp(response(cancel.request(), 200)));
        assertEquals(List.of(200), cancelListener.statuses());
        assertEquals(List.of(), listener.received);
        assertEquals(2, f.layer.clientCount());
    }

    @Test
    void rfc2543RetransmissionIsMatchedWithoutACookie() {
        SipRequest invite = request("INVITE", RFC2543_VIA, 1, "");
        f.layer.onMessage(udp(invite));
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(response(invite, 180));
        f.layer.onMessage(udp(request("INVITE", RFC2543_VIA, 1, "")));
        assertEquals(1, f.user.requests.size());
        assertEquals(List.of(180, 180), f.sender.repliedStatuses());
    }

    @Test
    void rfc2543RequestWithAnotherCSeqIsAnotherTransaction() {
        f.layer.onMessage(udp(request("OPTIONS", RFC2543_VIA, 1, "")));
        f.layer.onMessage(udp(request("OPTIONS", RFC2543_VIA, 2, "")));
        assertEquals(2, f.user.requests.size());
    }

    @Test
    void rfc2543AckWithTheResponseToTagMatchesTheInvite() {
        SipRequest invite = request("INVITE", RFC2543_VIA, 1, "");
        f.layer.onMessage(udp(invite));
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(response(invite, 486));
        f.layer.onMessage(udp(request("ACK", RFC2543_VIA, 1, "callee")));
        assertEquals(TransactionState.CONFIRMED, tx.state());
        assertEquals(List.of(), f.user.acks);
    }

    @Test
    void rfc2543AckWithAnotherToTagGoesToTheTu() {
        SipRequest invite = request("INVITE", RFC2543_VIA, 1, "");
        f.layer.onMessage(udp(invite));
        ServerTransaction tx = f.user.requests.get(0);
        tx.respond(response(invite, 486));
        f.layer.onMessage(udp(request("ACK", RFC2543_VIA, 1, "someone-else")));
        assertEquals(TransactionState.COMPLETED, tx.state());
        assertEquals(1, f.user.acks.size());
    }

    @Test
    void cancelGetsItsOwnServerTransactionAndFindsItsInvite() {
        f.layer.onMessage(udp(request("INVITE", "z9hG4bK-x")));
        SipRequest cancel = request("CANCEL", "z9hG4bK-x");
        f.layer.onMessage(udp(cancel));
        assertEquals(2, f.user.requests.size());
        ServerTransaction cancelTx = f.user.requests.get(1);
        assertFalse(cancelTx.isInvite());
        assertEquals(TransactionState.TRYING, cancelTx.state());
        assertEquals(Optional.of(f.user.requests.get(0)), f.layer.findCancelTarget(cancel));
    }

    @Test
    void cancelForAnUnknownInviteFindsNothing() {
        f.layer.onMessage(udp(request("INVITE", "z9hG4bK-x")));
        assertEquals(Optional.empty(), f.layer.findCancelTarget(request("CANCEL", "z9hG4bK-other")));
        assertEquals(Optional.empty(), f.layer.findCancelTarget(request("BYE", "z9hG4bK-x")));
    }

    @Test
    void rfc2543CancelFindsItsInvite() {
        f.layer.onMessage(udp(request("INVITE", RFC2543_VIA, 7, "")));
        assertEquals(Optional.of(f.user.requests.get(0)),
                f.layer.findCancelTarget(request("CANCEL", RFC2543_VIA, 7, "")));
    }

    @Test
    void cancelForCopiesWhatRfc3261Section9Point1Requires() {
        SipRequest invite = outgoing("INVITE", "z9hG4bK-c1");
        SipRequest cancel = TransactionLayer.cancelFor(invite);
        assertEquals("CANCEL", cancel.method());
        assertEquals(invite.requestUri(), cancel.requestUri());
        assertEquals(invite.callId(), cancel.callId());
        assertEquals(invite.headerValue(HeaderName.FROM), cancel.headerValue(HeaderName.FROM));
        assertEquals(invite.headerValue(HeaderName.TO), cancel.headerValue(HeaderName.TO));
        assertEquals(new CSeqHeader(invite.cseq().number(), "CANCEL"), cancel.cseq());
        assertEquals(List.of(invite.topVia()), cancel.vias());
        assertEquals(invite.headers(HeaderName.ROUTE), cancel.headers(HeaderName.ROUTE));
        assertEquals(70, cancel.maxForwards().getAsInt());
        assertEquals(0, cancel.bodyLength());
        assertEquals(List.of(), cancel.headers(HeaderName.CONTACT));
    }

    @Test
    void countsLiveTransactions() {
        f.layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-a"), TCP_HOP, listener);
        f.layer.sendRequest(outgoing("INVITE", "z9hG4bK-b"), TCP_HOP, listener);
        f.layer.onMessage(udp(request("REGISTER", "z9hG4bK-c")));
        assertEquals(2, f.layer.clientCount());
        assertEquals(1, f.layer.serverCount());
        f.runFor(Duration.ofSeconds(32));
        assertEquals(0, f.layer.clientCount());
        assertEquals(1, f.layer.serverCount(), "a server transaction waits for the TU");
    }

    @Test
    void sendStatelessSendsWithoutATransaction() {
        SipRequest ack = request("ACK", "z9hG4bK-ack");
        f.layer.sendStateless(ack, UDP_HOP);
        assertEquals(1, f.sender.sent.size());
        assertSame(ack, f.sender.sent.get(0).message());
        assertEquals(0, f.layer.clientCount());
    }

    @Test
    void sendRequestRefusesAnAckAndABranchWithoutTheCookie() {
        assertThrows(IllegalArgumentException.class,
                () -> f.layer.sendRequest(outgoing("ACK", "z9hG4bK-a"), UDP_HOP, listener));
        assertThrows(IllegalArgumentException.class,
                () -> f.layer.sendRequest(outgoing("OPTIONS", "no-cookie"), UDP_HOP, listener));
        f.layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-a"), UDP_HOP, listener);
        assertThrows(IllegalArgumentException.class,
                () -> f.layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-a"), UDP_HOP, listener));
        assertEquals(List.of(), f.sender.sentRequests("ACK"));
    }

    @Test
    void sendFailureFromAnotherThreadIsHandledOnTheSipLoop() throws Exception {
        Queue<Runnable> sipLoop = new ArrayDeque<>();
        TransactionLayer layer = new TransactionLayer(f.sender, f.timers, TimerSettings.rfc3261(), sipLoop::add,
                f.user);
        CompletableFuture<Void> pending = new CompletableFuture<>();
        f.sender.pendingSend = pending;
        ClientTransaction tx = layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-a"), new NextHop(
                TransactionFixture.SERVER, Protocol.TCP), listener);
        Thread netty = new Thread(() -> pending.completeExceptionally(new IOException("reset")));
        netty.start();
        netty.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(TransactionState.TRYING, tx.state(), "nothing changes off the SIP loop");
        assertEquals(List.of(), listener.received);
        sipLoop.forEach(Runnable::run);
        assertEquals(List.of(503), listener.statuses());
        assertTrue(listener.last().local());
    }

    @Test
    void unexpectedEventsStartAtZero() {
        assertEquals(0, f.layer.unexpectedEvents());
    }
}
