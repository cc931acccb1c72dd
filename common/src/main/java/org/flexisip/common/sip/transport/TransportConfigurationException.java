package org.flexisip.common.sip.transport;

/** A transport that cannot even be tried: the URI itself is wrong. The start is refused with this message. */
public final class TransportConfigurationException extends Exception {
    public TransportConfigurationException(String message) {
        super(message, null, false, false);
    }
}
