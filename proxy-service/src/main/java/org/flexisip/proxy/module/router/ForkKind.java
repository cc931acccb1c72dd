package org.flexisip.proxy.module.router;

import java.util.Locale;

import org.flexisip.common.sip.message.SipRequest;

/** The kind of fork a request gets (spec/proxy.md §14.9). */
enum ForkKind {
    CALL, MESSAGE, BASIC;

    static ForkKind of(SipRequest request) {
        if (request.isMethod("INVITE")) {
            return CALL;
        }
        if (request.isMethod("MESSAGE")) {
            boolean composing = request.contentType().map(t -> t.toString().toLowerCase(Locale.ROOT)
                    .startsWith("application/im-iscomposing+xml")).orElse(false);
            boolean expiresZero = request.expires().isPresent() && request.expires().getAsLong() == 0;
            return composing || expiresZero ? BASIC : MESSAGE;
        }
        if (request.isMethod("REFER") && request.requestUri().toString().contains("text")) {
            return MESSAGE;
        }
        return BASIC;
    }
}
