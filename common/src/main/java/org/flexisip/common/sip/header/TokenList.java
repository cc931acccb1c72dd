package org.flexisip.common.sip.header;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * The comma-separated tokens of Supported, Require, Proxy-Require, Unsupported (option-tags, RFC 3261
 * §20.37) and Allow (methods, §20.5). An empty value is an empty list (§20.37 allows it).
 */
public final class TokenList {
    private TokenList() {
    }

    public static List<String> parse(String value) throws SipSyntaxException {
        List<String> tokens = new ArrayList<>(4);
        SipScanner s = new SipScanner(value);
        s.skipWhitespace();
        if (s.atEnd()) {
            return tokens;
        }
        do {
            s.skipWhitespace();
            tokens.add(s.expectToken("a token"));
            s.skipWhitespace();
        } while (s.consume(','));
        if (!s.atEnd()) {
            throw s.error("expected ',' between tokens");
        }
        return tokens;
    }
}
