package org.flexisip.common.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.flexisip.common.time.HashedWheelTimer;
import org.flexisip.common.time.ManualClock;

/**
 * A transaction layer on a manual clock: timers run on the test thread when {@link #runFor} moves time, sends
 * and replies are recorded with the time they happened, and so is everything the TU is given.
 */
final class TransactionFixture {
    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 5060);
    static final InetSocketAddress PROXY = new InetSocketAddress("192.0.2.1", 5060);
    static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.20", 5060);
    static final NextHop UDP_HOP = new NextHop(SERVER, Protocol.UDP);
    static final NextHop TCP_HOP = new NextHop(SERVER, Protocol.TCP);

    final ManualClock clock = new ManualClock();
    final HashedWheelTimer timers = new HashedWheelTimer(clock, Runnable::run);
    final RecordingSender sender = new RecordingSender();
    final RecordingUser user = new RecordingUser();
    final TransactionLayer layer;

    TransactionFixture() {
        this(TimerSettings.rfc3261());
    }

    TransactionFixture(TimerSettings settings) {
        layer = new TransactionLayer(sender, timers, settings, Runnable::run, user);
    }

    /** Milliseconds since the fixture was made. */
    long now() {
        return clock.nanoTime() / 1_000_000;
    }

    /** Moves time forward one millisecond at a time, running the timers due at each step. */
    void runFor(Duration duration) {
        long steps = duration.toMillis();
        for (long i = 0; i < steps; i++) {
            clock.advance(Duration.ofMillis(1));
            timers.expire();
        }
    }

    /** Moves time to {@code millis} since the start. */
    void runUntil(long millis) {
        runFor(Duration.ofMillis(millis - now()));
    }

    // ---- messages ----

    static SipMessage parse(String text) {
        Decoded d = new SipMessageParser().parseDatagram(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(Decoded.Message.class, d, d::toString).message();
    }

    /** A request as a UA sends it (RFC 3261 branch, UDP). */
    static SipRequest request(String method, String branch) {
        return request(method, "SIP/2.0/UDP 192.0.2.10:5060;branch=" + branch, 314159, "");
    }

    static SipRequest request(String method, String via, long cseq, String toTag) {
        return (SipRequest) parse(method + " sip:bob@example.org SIP/2.0\n"
                + "Via: " + via + "\n"
                + "Max-Forwards: 70\n"
                + "Route: <sip:proxy2.example.org;lr>\n"
                + "Route: <sip:proxy3.example.org;lr>\n"
                + "From: Alice <sip:alice@example.org>;tag=1928301774\n"
                + "To: Bob <sip:bob@example.org>" + (toTag.isEmpty() ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: a84b4c76e66710@192.0.2.10\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Contact: <sip:alice@192.0.2.10>\n"
                + "Content-Length: 0\n\n");
    }

    /** The request a proxy forwards: our Via on top of the UA's. */
    static SipRequest outgoing(String method, String branch) {
        SipRequest ua = request(method, "z9hG4bK-ua-" + branch);
        return ua.copy().addFirst(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.1:5060;branch=" + branch)
                .set(HeaderName.MAX_FORWARDS, "69").build();
    }

    static IncomingMessage incoming(SipMessage message, Protocol protocol) {
        InetSocketAddress remote = message.isRequest() ? CLIENT : SERVER;
        return new IncomingMessage(message, protocol, remote, PROXY, Optional.empty());
    }

    static IncomingMessage udp(SipMessage message) {
        return incoming(message, Protocol.UDP);
    }

    /** A response to {@code request}; anything but 100 gets the To tag {@code callee}. */
    static SipResponse response(SipRequest request, int status) {
        SipResponse.Builder b = SipResponse.to(request, status, "Reason " + status);
        if (status != 100) {
            b.set(HeaderName.TO, request.to().withTag("callee").toString());
        }
        return b.build();
    }

    // ---- recorders ----

    /** A MessageSender that records; sends or replies fail when told to. */
    final class RecordingSender implements MessageSender {
        record Sent(SipMessage message, NextHop hop, long at) {
        }

        record Replied(SipResponse response, InetSocketAddress to, long at) {
        }

        final List<Sent> sent = new ArrayList<>();
        final List<Replied> replied = new ArrayList<>();
        boolean failSends;
        boolean failReplies;
        /** When set, sends return this future instead of a completed one. */
        CompletableFuture<Void> pendingSend;

        @Override
        public CompletableFuture<Void> send(SipMessage message, NextHop hop) {
            sent.add(new Sent(message, hop, now()));
            if (pendingSend != null) {
                return pendingSend;
            }
            return failSends ? CompletableFuture.failedFuture(new IOException("connection refused"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> reply(IncomingMessage request, SipResponse response) {
            replied.add(new Replied(response, request.remote(), now()));
            return failReplies ? CompletableFuture.failedFuture(new IOException("connection reset"))
                    : CompletableFuture.completedFuture(null);
        }

        /** Records the response the bytes hold, parsed again. */
        @Override
        public CompletableFuture<Void> replyDatagram(byte[] response, InetSocketAddress destination) {
            Decoded d = new SipMessageParser().parseDatagram(response);
            replied.add(new Replied((SipResponse) assertInstanceOf(Decoded.Message.class, d, d::toString).message(),
                    destination, now()));
            return failReplies ? CompletableFuture.failedFuture(new IOException("connection reset"))
                    : CompletableFuture.completedFuture(null);
        }

        /** When each message whose start line begins with {@code prefix} was sent, in ms. */
        List<Long> sendTimes(String prefix) {
            return sent.stream().filter(s -> s.message().startLine().startsWith(prefix)).map(Sent::at).toList();
        }

        List<SipRequest> sentRequests(String method) {
            return sent.stream().map(Sent::message).filter(m -> m instanceof SipRequest r && r.isMethod(method))
                    .map(SipRequest.class::cast).toList();
        }

        List<Integer> repliedStatuses() {
            return replied.stream().map(r -> r.response().statusCode()).toList();
        }

        List<Long> replyTimes(int status) {
            return replied.stream().filter(r -> r.response().statusCode() == status).map(Replied::at).toList();
        }
    }

    /** A TU that records what it is given. */
    static final class RecordingUser implements TransactionUser {
        final List<ServerTransaction> requests = new ArrayList<>();
        final List<IncomingMessage> acks = new ArrayList<>();
        final List<IncomingMessage> strays = new ArrayList<>();

        @Override
        public void onRequest(ServerTransaction transaction) {
            requests.add(transaction);
        }

        @Override
        public void onAck(IncomingMessage ack) {
            acks.add(ack);
        }

        @Override
        public void onStrayResponse(IncomingMessage response) {
            strays.add(response);
        }
    }

    /** A client transaction listener that records responses, when they came, and whether they were local. */
    final class RecordingListener implements ClientTransactionListener {
        record Received(SipResponse response, boolean local, long at) {
        }

        final List<Received> received = new ArrayList<>();

        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            received.add(new Received(response, transaction.isLocallyGenerated(response), now()));
        }

        List<Integer> statuses() {
            return received.stream().map(r -> r.response().statusCode()).toList();
        }

        Received last() {
            return received.get(received.size() - 1);
        }
    }
}
