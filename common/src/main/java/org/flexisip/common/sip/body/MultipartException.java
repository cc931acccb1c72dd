package org.flexisip.common.sip.body;

/**
 * A multipart body that cannot be read or built (RFC 2046 §5.1.1): no delimiter, no close delimiter, a part
 * header line without a colon, too many parts, or (when building) a boundary that RFC 2046 does not allow.
 * A value, not a bug: the receiver of a SIP message turns it into a 400 (RFC 3261 §21.4.1) or ignores the body;
 * it never escapes the transport.
 */
public final class MultipartException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int offset;

    /**
     * @param reason what is wrong, fit for a reason phrase
     * @param offset where: a byte offset in the parsed body, or an index in the value refused by the builder
     *               (the boundary, a header or a part's content)
     */
    public MultipartException(String reason, int offset) {
        super(reason + " (at byte " + offset + ")", null, false, false);
        this.reason = reason;
        this.offset = offset;
    }

    /** The reason without the offset. */
    public String reason() {
        return reason;
    }

    /** Byte offset in the parsed body, or index in the value refused by the builder (0-based). */
    public int offset() {
        return offset;
    }
}
