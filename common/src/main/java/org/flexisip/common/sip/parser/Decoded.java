package org.flexisip.common.sip.parser;

import java.util.List;

import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipResponse;

/**
 * What the codec made of some bytes. It never throws for anything a peer sends: a broken message is a value
 * that says what to do with it.
 */
public sealed interface Decoded permits Decoded.Message, Decoded.KeepAlive, Decoded.Rejected, Decoded.Dropped {

    /** A well-formed message. */
    record Message(SipMessage message) implements Decoded {
    }

    /**
     * CRLFs between messages (RFC 5626 §3.5.1): a double CRLF is a ping, a single CRLF a pong.
     *
     * @param ping true for {@code CRLFCRLF}
     */
    record KeepAlive(boolean ping) implements Decoded {
    }

    /**
     * A request to refuse: enough of it can be read (Via, From, To, Call-ID, CSeq) to answer
     * {@code statusCode reason} (400, or 505 for another SIP version).
     *
     * @param statusCode      status of the answer
     * @param reason          reason phrase saying what is wrong
     * @param method          the request's method, as far as it could be read
     * @param responseHeaders the Via lines and the first From, To, Call-ID and CSeq lines, byte for byte
     * @param closeConnection on a stream, the framing is lost: close the connection after answering
     */
    record Rejected(int statusCode, String reason, String method, List<SipHeader> responseHeaders,
            boolean closeConnection) implements Decoded {

        /** The answer (without a To tag: the To header of a broken request may not be parsable). */
        public SipResponse response() {
            SipResponse.Builder b = SipResponse.builder(statusCode, reason);
            responseHeaders.forEach(b::add);
            return b.build();
        }
    }

    /**
     * Bytes that cannot be answered (a broken response, or a request missing what an answer needs): drop and
     * count them.
     *
     * @param reason          what is wrong
     * @param offset          where in the input it was found
     * @param closeConnection on a stream, the framing is lost: close the connection
     */
    record Dropped(String reason, int offset, boolean closeConnection) implements Decoded {
    }
}
