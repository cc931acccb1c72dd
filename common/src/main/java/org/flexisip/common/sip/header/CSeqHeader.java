package org.flexisip.common.sip.header;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * {@code CSeq = "CSeq" HCOLON 1*DIGIT LWS Method} (RFC 3261 §20.16); the number is below 2**31 per §8.1.1.5,
 * and values up to 2**32-1 are read (RFC 4475 §3.1.2.4 refuses larger ones).
 *
 * @param number sequence number
 * @param method method, case-sensitive
 */
public record CSeqHeader(long number, String method) {
    /** The largest sequence number accepted: 2**32-1. */
    public static final long MAX_NUMBER = 0xFFFF_FFFFL;

    public static CSeqHeader parse(String value) throws SipSyntaxException {
        SipScanner s = new SipScanner(value.strip());
        String digits = s.consumeDigits();
        if (digits.isEmpty()) {
            throw s.error("expected the CSeq number");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 10 || Long.parseLong(significant) > MAX_NUMBER) {
            throw new SipSyntaxException("CSeq number " + digits + " is larger than 2**32-1", 0);
        }
        if (!s.skipWhitespace()) {
            throw s.error("expected white space between the CSeq number and method");
        }
        String method = s.expectToken("the CSeq method");
        if (!s.atEnd()) {
            throw s.error("unexpected text after the CSeq method");
        }
        return new CSeqHeader(Long.parseLong(significant), method);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
