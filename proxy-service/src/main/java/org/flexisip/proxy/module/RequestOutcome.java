package org.flexisip.proxy.module;

import java.util.List;

import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipResponse;

/** What a module decided for a request (spec/proxy.md §1.1). */
public sealed interface RequestOutcome {

    /** Go on with the next module, with the event's (possibly changed) request. */
    record Continue() implements RequestOutcome {
    }

    /**
     * Answer the request here: {@code status} and {@code reason} with {@code headers} added to a response built
     * from the request (To tag added), or the given {@code response} as it is.
     */
    record Reply(int status, String reason, List<SipHeader> headers, SipResponse response) implements RequestOutcome {
        public Reply {
            headers = List.copyOf(headers);
        }
    }

    /** Drop the request silently (no answer). */
    record Drop() implements RequestOutcome {
    }

    /** The module keeps the event and will call {@link RequestEvent#resume()} or {@link RequestEvent#reply}. */
    record Suspend() implements RequestOutcome {
    }

    /** The module took the request over (sent it on, forked it): the chain stops without answering. */
    record Handled() implements RequestOutcome {
    }

    RequestOutcome CONTINUE = new Continue();
    RequestOutcome DROP = new Drop();
    RequestOutcome SUSPEND = new Suspend();
    RequestOutcome HANDLED = new Handled();

    static RequestOutcome proceed() {
        return CONTINUE;
    }

    static RequestOutcome reply(int status, String reason) {
        return new Reply(status, reason, List.of(), null);
    }

    static RequestOutcome reply(int status, String reason, List<SipHeader> headers) {
        return new Reply(status, reason, headers, null);
    }

    static RequestOutcome reply(SipResponse response) {
        return new Reply(response.statusCode(), response.reasonPhrase(), List.of(), response);
    }

    static RequestOutcome drop() {
        return DROP;
    }

    static RequestOutcome suspend() {
        return SUSPEND;
    }

    static RequestOutcome handled() {
        return HANDLED;
    }
}
