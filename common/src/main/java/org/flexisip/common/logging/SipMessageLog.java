package org.flexisip.common.logging;

import java.nio.charset.StandardCharsets;

import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.message.SipMessage;

/**
 * How a SIP message is written in the logs (spec/global.md §8.7): start line and headers always, the body only
 * when {@code show-body-for} is true for that message.
 */
public final class SipMessageLog {
    private volatile SipBooleanExpression showBodyFor;

    public SipMessageLog(SipBooleanExpression showBodyFor) {
        this.showBodyFor = showBodyFor;
    }

    public void showBodyFor(SipBooleanExpression expression) {
        this.showBodyFor = expression;
    }

    /** The message as text for a log line. */
    public String render(SipMessage message) {
        String text = new String(message.toBytes(), StandardCharsets.UTF_8);
        if (message.bodyLength() == 0 || showBodyFor.evaluate(message)) {
            return text;
        }
        int headerEnd = text.indexOf("\r\n\r\n");
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd + 4);
        return head + "[" + message.bodyLength() + " bytes of body not shown: show-body-for is false]";
    }
}
