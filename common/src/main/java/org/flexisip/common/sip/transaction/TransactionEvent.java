package org.flexisip.common.sip.transaction;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;

/** What can happen to a transaction; each state handler takes the events its figure shows. */
sealed interface TransactionEvent {

    /** A short description for logs (never the whole message). */
    String describe();

    /** A request matching a server transaction: a retransmission, or an ACK. */
    record RequestReceived(IncomingMessage incoming) implements TransactionEvent {
        SipRequest request() {
            return (SipRequest) incoming.message();
        }

        boolean isAck() {
            return request().isMethod("ACK");
        }

        @Override
        public String describe() {
            return isAck() ? "ACK" : request().method() + " retransmission";
        }
    }

    /** A response matching a client transaction. */
    record ResponseReceived(SipResponse response) implements TransactionEvent {
        @Override
        public String describe() {
            return "response " + response.statusCode();
        }
    }

    /** A response the TU passes to a server transaction. */
    record TuResponse(SipResponse response) implements TransactionEvent {
        @Override
        public String describe() {
            return response.statusCode() + " from the TU";
        }
    }

    /** A timer fired. */
    record TimerFired(TransactionTimer timer) implements TransactionEvent {
        @Override
        public String describe() {
            return "Timer " + timer;
        }
    }

    /** A send failed. */
    record TransportError(Throwable cause) implements TransactionEvent {
        @Override
        public String describe() {
            String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            return "transport error (" + detail + ")";
        }
    }
}
