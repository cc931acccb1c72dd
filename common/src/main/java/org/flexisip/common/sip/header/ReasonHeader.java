package org.flexisip.common.sip.header;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * {@code Reason = "Reason" HCOLON reason-value *(COMMA reason-value)},
 * {@code reason-value = protocol *(SEMI reason-params)} (RFC 3326 §2): {@code SIP;cause=200;text="Call
 * completed elsewhere"}.
 *
 * @param protocol {@code SIP}, {@code Q.850}, ...
 * @param params   {@code cause}, {@code text}, ...
 */
public record ReasonHeader(String protocol, HeaderParams params) {

    public static List<ReasonHeader> parseList(String value) throws SipSyntaxException {
        return new SipScanner(value).expectCommaList(
                s -> new ReasonHeader(s.expectToken("a reason protocol"), HeaderParams.parse(s)), "Reason value");
    }

    public OptionalInt cause() {
        Optional<String> v = params.get("cause");
        java.util.OptionalLong n = v.isPresent() ? SipChars.decimal(v.get(), 9) : java.util.OptionalLong.empty();
        return n.isPresent() ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    public Optional<String> text() {
        return params.get("text");
    }

    @Override
    public String toString() {
        return protocol + params;
    }
}
