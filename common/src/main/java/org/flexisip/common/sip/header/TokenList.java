package org.flexisip.common.sip.header;

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
        return new SipScanner(value).expectOptionalCommaList(s -> s.expectToken("a token"), "token list");
    }
}
