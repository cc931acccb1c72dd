package org.flexisip.common.sip.message;

import java.util.List;
import java.util.Objects;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.uri.Uri;

/**
 * A SIP request: {@code Request-Line = Method SP Request-URI SP SIP-Version CRLF} (RFC 3261 §7.1). The method
 * is case-sensitive and may be any token (RFC 4475 §3.1.1.2); unknown methods are requests like any other.
 */
public final class SipRequest extends SipMessage {
    private final String method;
    private final Uri requestUri;

    SipRequest(String method, Uri requestUri, StartLineBytes startLine, List<SipHeader> headers, byte[] body,
            int bodyOffset, int bodyLength, WholeBytes whole) {
        super(startLine, headers, body, bodyOffset, bodyLength, whole);
        this.method = method;
        this.requestUri = requestUri;
    }

    /** A new request; add at least Via, From, To, Call-ID and CSeq before {@link Builder#build()}. */
    public static Builder builder(String method, Uri requestUri) {
        return new Builder(method, requestUri, List.of(), new byte[0], null);
    }

    public String method() {
        return method;
    }

    public boolean isMethod(String name) {
        return method.equals(name);
    }

    public Uri requestUri() {
        return requestUri;
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    @Override
    public String startLine() {
        return method + " " + requestUri + " " + SIP_VERSION;
    }

    @Override
    public Builder copy() {
        return new Builder(method, requestUri, headers(), body(), startLineBytes());
    }

    /** Builds a request; the original start line bytes are kept until the method or URI changes. */
    public static final class Builder extends SipMessage.Builder<Builder> {
        private String method;
        private Uri requestUri;

        Builder(String method, Uri requestUri, List<SipHeader> headers, byte[] body, StartLineBytes startLine) {
            super(headers, body, startLine);
            this.method = method;
            this.requestUri = requestUri;
        }

        public Builder method(String newMethod) {
            if (!SipChars.isToken(newMethod)) {
                throw new IllegalArgumentException("a method is a token: " + newMethod);
            }
            this.method = newMethod;
            this.startLine = null;
            return this;
        }

        public Builder requestUri(Uri uri) {
            this.requestUri = Objects.requireNonNull(uri);
            this.startLine = null;
            return this;
        }

        /** @throws IllegalStateException when Via, From, To, Call-ID or CSeq is missing */
        @Override
        public SipRequest build() {
            checkMandatoryHeaders();
            return new SipRequest(method, requestUri, startLine, List.copyOf(headers), body, 0, body.length, null);
        }
    }
}
