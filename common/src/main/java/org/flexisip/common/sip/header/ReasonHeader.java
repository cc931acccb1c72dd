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
        if (v.isPresent() && !v.get().isEmpty() && v.get().length() <= 9 && v.get().chars().allMatch(SipChars::isDigit)) {
            return OptionalInt.of(Integer.parseInt(v.get()));
        }
        return OptionalInt.empty();
    }

    public Optional<String> text() {
        return params.get("text");
    }

    @Override
    public String toString() {
        return protocol + params;
    }
}
