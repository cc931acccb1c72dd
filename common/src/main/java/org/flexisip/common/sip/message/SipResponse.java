package org.flexisip.common.sip.message;

import java.util.List;

/**
 * A SIP response: {@code Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF} (RFC 3261 §7.2).
 * The reason phrase may be empty or hold UTF-8 (RFC 4475 §3.1.1.12, §3.1.1.13).
 */
public final class SipResponse extends SipMessage {
    private final int statusCode;
    private final String reasonPhrase;

    SipResponse(int statusCode, String reasonPhrase, StartLineBytes startLine, List<SipHeader> headers,
            byte[] body, int bodyOffset, int bodyLength, WholeBytes whole) {
        super(startLine, headers, body, bodyOffset, bodyLength, whole);
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
    }

    /** A new response; add at least Via, From, To, Call-ID and CSeq before {@link Builder#build()}. */
    public static Builder builder(int statusCode, String reasonPhrase) {
        return new Builder(statusCode, reasonPhrase, List.of(), new byte[0], null);
    }

    /**
     * A response to {@code request} (RFC 3261 §8.2.6.2): its Via lines, From, To, Call-ID and CSeq copied as
     * they are (byte for byte), ready for more headers and a To tag.
     */
    public static Builder to(SipRequest request, int statusCode, String reasonPhrase) {
        Builder b = builder(statusCode, reasonPhrase);
        for (SipHeader h : request.headers()) {
            if (h.is(HeaderName.VIA) || h.is(HeaderName.FROM) || h.is(HeaderName.TO) || h.is(HeaderName.CALL_ID)
                    || h.is(HeaderName.CSEQ)) {
                b.add(h);
            }
        }
        return b;
    }

    public int statusCode() {
        return statusCode;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** 1xx. */
    public boolean isProvisional() {
        return statusCode < 200;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    @Override
    public String startLine() {
        return SIP_VERSION + " " + statusCode + " " + reasonPhrase;
    }

    @Override
    public Builder copy() {
        return new Builder(statusCode, reasonPhrase, headers(), body(), startLineBytes());
    }

    /** Builds a response; the original status line bytes are kept until the status changes. */
    public static final class Builder extends SipMessage.Builder<Builder> {
        private int statusCode;
        private String reasonPhrase;

        Builder(int statusCode, String reasonPhrase, List<SipHeader> headers, byte[] body,
                StartLineBytes startLine) {
            super(headers, body, startLine);
            status(statusCode, reasonPhrase);
            this.startLine = startLine;
        }

        public Builder status(int code, String reason) {
            if (code < 100 || code > 699) {
                throw new IllegalArgumentException("a status code is from 100 to 699: " + code);
            }
            if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a reason phrase holds no CR or LF");
            }
            this.statusCode = code;
            this.reasonPhrase = reason;
            this.startLine = null;
            return this;
        }

        /** @throws IllegalStateException when Via, From, To, Call-ID or CSeq is missing */
        @Override
        public SipResponse build() {
            checkMandatoryHeaders();
            return new SipResponse(statusCode, reasonPhrase, startLine, List.copyOf(headers), body, 0, body.length,
                    null);
        }
    }
}
