package org.flexisip.common.sip.grammar;

/**
 * Text that does not follow the SIP grammar (RFC 3261 §25). The message says what was expected; the offset is
 * where in the text the problem was found. A value, not a bug: callers turn it into a 400 or a dropped
 * message, never let it escape the codec.
 */
public final class SipSyntaxException extends Exception {
    private final int offset;

    public SipSyntaxException(String reason, int offset) {
        super(reason, null, false, false);
        this.offset = offset;
    }

    /** Position in the scanned text (0-based). */
    public int offset() {
        return offset;
    }

    /** The reason without the offset, fit for a reason phrase. */
    public String reason() {
        return getMessage();
    }
}
