package org.flexisip.common.sip.transport;

/** A message could not be sent: the connection failed, its queue is full, the destination is unreachable. */
public final class TransportException extends Exception {
    public TransportException(String message) {
        super(message, null, false, false);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
