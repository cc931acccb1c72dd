package org.flexisip.common.sip.header;

import java.util.Optional;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * {@code Event = ( "Event" / "o" ) HCOLON event-type *( SEMI event-param )} (RFC 6665 §8.2.1). The package
 * ({@code presence}, {@code reg}, {@code conference}, ...) compares case-insensitively.
 *
 * @param eventType {@code presence}, {@code reg}, {@code presence.winfo}, ...
 * @param params    parameters, among them {@code id}
 */
public record EventHeader(String eventType, HeaderParams params) {

    public static EventHeader parse(String value) throws SipSyntaxException {
        return new SipScanner(value).expectOnly(
                s -> new EventHeader(s.expectToken("an event package"), HeaderParams.parse(s)), "event");
    }

    public Optional<String> id() {
        return params.get("id");
    }

    public boolean is(String eventPackage) {
        return eventType.equalsIgnoreCase(eventPackage);
    }

    @Override
    public String toString() {
        return eventType + params;
    }
}
