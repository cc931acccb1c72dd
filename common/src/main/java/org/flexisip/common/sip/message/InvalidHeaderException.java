package org.flexisip.common.sip.message;

/**
 * A header that the parser kept unread (it is not one the stack routes on) turned out to be malformed when
 * read. The module chain answers such a request with 400 and this message as the reason.
 */
public final class InvalidHeaderException extends RuntimeException {
    private final String header;

    public InvalidHeaderException(String header, String reason) {
        super("Malformed " + header + " header: " + reason, null, false, false);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
