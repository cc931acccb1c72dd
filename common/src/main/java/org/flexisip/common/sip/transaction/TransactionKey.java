package org.flexisip.common.sip.transaction;

import java.util.Locale;
import java.util.Optional;

import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;

/** What a message is matched on to find its transaction. */
sealed interface TransactionKey {

    /**
     * RFC 3261 §17.2.3, for a top Via whose branch carries the magic cookie: branch, sent-by, and method (ACK
     * counts as INVITE).
     */
    record ServerBranch(String branch, String sentBy, String method) implements TransactionKey {
    }

    /**
     * RFC 3261 §17.2.3 referring to RFC 2543 §17, for a top Via without the magic cookie: Call-ID, CSeq number,
     * method (ACK counts as INVITE), From tag and top Via sent-by. The To tag of an ACK is checked against the
     * response afterwards ({@link InviteServerTransaction#acceptsAck}).
     */
    record ServerRfc2543(String callId, long cseq, String method, String fromTag, String sentBy)
            implements TransactionKey {
    }

    /** RFC 3261 §17.1.3: the branch of the top Via and the CSeq method. */
    record Client(String branch, String method) implements TransactionKey {
    }

    /** The server key of a received request; an ACK gets the key of the INVITE it acknowledges. */
    static TransactionKey server(SipRequest request) {
        String method = request.method();
        return server(request, method.equals("ACK") ? "INVITE" : method);
    }

    /** The server key {@code request} would have with another method (a CANCEL looking for its INVITE). */
    static TransactionKey server(SipRequest request, String method) {
        ViaHeader via = request.topVia();
        String sentBy = sentBy(via);
        if (via.hasRfc3261Branch()) {
            return new ServerBranch(via.branch().orElseThrow(), sentBy, method);
        }
        return new ServerRfc2543(request.callId(), request.cseq().number(), method,
                request.from().tag().orElse(""), sentBy);
    }

    /** The client key of a request we send or of a response we receive; empty when the top Via has no branch. */
    static Optional<TransactionKey> client(SipMessage message) {
        return message.topVia().branch().filter(b -> !b.isEmpty())
                .map(b -> new Client(b, message.cseq().method()));
    }

    private static String sentBy(ViaHeader via) {
        String host = via.host().toLowerCase(Locale.ROOT);
        return via.port().isPresent() ? host + ":" + via.port().getAsInt() : host;
    }
}
