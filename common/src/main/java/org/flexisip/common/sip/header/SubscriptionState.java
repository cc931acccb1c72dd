package org.flexisip.common.sip.header;

import java.util.Optional;
import java.util.OptionalLong;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * {@code Subscription-State = "Subscription-State" HCOLON substate-value *( SEMI subexp-params )} (RFC 6665
 * §8.2.3): {@code active}, {@code pending} or {@code terminated}, with {@code expires}, {@code reason},
 * {@code retry-after}.
 *
 * @param state  as written
 * @param params parameters
 */
public record SubscriptionState(String state, HeaderParams params) {

    public static SubscriptionState parse(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOnly(
                s -> new SubscriptionState(s.expectToken("a subscription state"), HeaderParams.parse(s)),
                "subscription state");
    }

    public boolean is(String expected) {
        return state.equalsIgnoreCase(expected);
    }

    public OptionalLong expires() {
        return number(params.get("expires"));
    }

    public Optional<String> reason() {
        return params.get("reason");
    }

    public OptionalLong retryAfter() {
        return number(params.get("retry-after"));
    }

    private static OptionalLong number(Optional<String> v) {
        return v.isPresent() ? SipChars.decimal(v.get(), 18) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return state + params;
    }
}
