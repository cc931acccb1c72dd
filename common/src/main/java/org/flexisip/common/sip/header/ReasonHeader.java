package org.flexisip.common.sip.header;

import java.util.ArrayList;
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
        SipScanner s = new SipScanner(value);
        List<ReasonHeader> list = new ArrayList<>(1);
        do {
            s.skipWhitespace();
            String protocol = s.expectToken("a reason protocol");
            list.add(new ReasonHeader(protocol, HeaderParams.parse(s)));
            s.skipWhitespace();
        } while (s.consume(','));
        if (!s.atEnd()) {
            throw s.error("expected ',' or the end of the Reason value");
        }
        return list;
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
