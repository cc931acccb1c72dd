package org.flexisip.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flexisip.common.sip.message.SipMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The value of each variable of spec/filters.md §4 on real parsed messages; {@code ''} is the empty value. */
class SipVariableTest {

    private static String value(String variable, String message) {
        return SipVariable.named(variable).orElseThrow().valueIn(SampleMessages.named(message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, request", "register, request", "options, request", "ok, response", "not-found, response" })
    void directionTellsRequestsFromResponses(String message, String expected) {
        assertEquals(expected, value("direction", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, INVITE", "register, REGISTER", "message, MESSAGE", "options, OPTIONS",
            "subscribe, SUBSCRIBE", "ok, ''", "not-found, ''" })
    void requestMethodNameIsTheMethodOfARequestAndEmptyForAResponse(String message, String expected) {
        assertEquals(expected, value("request.method-name", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, INVITE", "register, REGISTER", "message, MESSAGE", "options, OPTIONS", "ok, ''",
            "not-found, ''" })
    void requestMethodIsTheSameAsRequestMethodName(String message, String expected) {
        assertEquals(expected, value("request.method", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, example.org", "register, example.org", "options, proxy.example.org",
            "message, chat.example.org", "tel-invite, ''", "ok, ''" })
    void requestUriDomainIsTheHostOfASipRequestUri(String message, String expected) {
        assertEquals(expected, value("request.uri.domain", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, bob", "register, ''", "subscribe, +33612345678", "tel-invite, 7042", "ok, ''" })
    void requestUriUserIsTheUserPartOrTheTelephoneNumber(String message, String expected) {
        assertEquals(expected, value("request.uri.user", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, transport=tcp", "register, ''", "options, ''", "subscribe, user=phone",
            "tel-invite, phone-context=example.com", "ok, ''" })
    void requestUriParamsAreTheRawParametersWithoutTheLeadingSemicolon(String message, String expected) {
        assertEquals(expected, value("request.uri.params", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, example.net", "register, example.org", "ok, example.net", "not-found, example.net",
            "subscribe, partner.example.net" })
    void fromUriDomainIsTheHostOfTheFromUri(String message, String expected) {
        assertEquals(expected, value("from.uri.domain", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, alice", "register, 0612345678", "options, monitor", "ok, alice" })
    void fromUriUserIsTheUserPartOfTheFromUri(String message, String expected) {
        assertEquals(expected, value("from.uri.user", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, transport=tcp", "ok, transport=tcp", "register, ''" })
    void fromUriParamsAreTheUriParametersNotTheHeaderParameters(String message, String expected) {
        assertEquals(expected, value("from.uri.params", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, example.org", "message, example.com", "not-found, chat.example.org", "tel-invite, ''" })
    void toUriDomainIsTheHostOfTheToUri(String message, String expected) {
        assertEquals(expected, value("to.uri.domain", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, bob", "message, user;par=u@example.net", "subscribe, +33612345678", "tel-invite, 7042" })
    void toUriUserIsUnescaped(String message, String expected) {
        assertEquals(expected, value("to.uri.user", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, ''", "message, ''", "ok, ''", "subscribe, user=phone",
            "tel-invite, phone-context=example.com" })
    void toUriParamsIgnoreASemicolonInsideTheUserPartAndTheTagOfTheHeader(String message, String expected) {
        assertEquals(expected, value("to.uri.params", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, 192.0.2.10", "register, [2001:db8::10]", "ok, 192.0.2.20", "options, ''", "message, ''",
            "not-found, ''", "tel-invite, ''", "register-star, ''" })
    void contactUriDomainIsTheHostOfTheFirstContact(String message, String expected) {
        assertEquals(expected, value("contact.uri.domain", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, alice", "register, 0612345678", "ok, bob", "options, ''", "tel-invite, +33612345678",
            "register-star, ''" })
    void contactUriUserIsTheUserOfTheFirstContact(String message, String expected) {
        assertEquals(expected, value("contact.uri.user", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, transport=tcp", "register, transport=udp;ob", "ok, transport=tcp", "options, ''",
            "tel-invite, ''", "register-star, ''" })
    void contactUriParamsStopBeforeTheUriHeadersAndSkipTheIpv6Port(String message, String expected) {
        assertEquals(expected, value("contact.uri.params", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, Linphone/5.2.0 (belle-sip/5.2.0)", "register, Zoiper rv2.10.19",
            "ok, Linphone/5.3.1 (belle-sip/5.3.1)", "message, ''", "options, sipp" })
    void userAgentIsTheHeaderValue(String message, String expected) {
        assertEquals(expected, value("user-agent", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, a84b4c76e66710@pc33.example.net", "ok, a84b4c76e66710@pc33.example.net",
            "options, foobar", "register, register-1@2001:db8::10" })
    void callIdIsTheHeaderValue(String message, String expected) {
        assertEquals(expected, value("call-id", message));
    }

    @Test
    void callIdHashIsTheUnsignedDecimalFnv1aOfTheCallId() {
        // FNV-1a 32-bit test vector: "foobar" -> 0xbf9cf968.
        assertEquals(Long.toString(0xbf9cf968L), value("call-id.hash", "options"));
    }

    @Test
    void callIdHashIsTheSameForEveryMessageOfACall() {
        assertEquals(value("call-id.hash", "invite"), value("call-id.hash", "ok"));
        assertTrue(!value("call-id.hash", "invite").equals(value("call-id.hash", "register")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "ok, 200", "not-found, 404", "invite, ''", "options, ''" })
    void statusCodeIsTheCodeOfAResponseAndEmptyForARequest(String message, String expected) {
        assertEquals(expected, value("status.code", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "ok, OK", "not-found, Not Found", "invite, ''" })
    void statusPhraseIsTheReasonPhraseOfAResponse(String message, String expected) {
        assertEquals(expected, value("status.phrase", message));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "invite, application/sdp", "ok, application/sdp", "message, Text/Plain", "options, ''",
            "not-found, ''" })
    void contentTypeIsTypeSlashSubtypeAsWrittenWithoutParameters(String message, String expected) {
        assertEquals(expected, value("content-type", message));
    }

    @Test
    void malformedContentTypeIsEmpty() {
        assertEquals("", value("content-type", "malformed-content-type"));
    }

    @ParameterizedTest
    @EnumSource(SipVariable.class)
    void everyVariableHasAValueInEveryMessage(SipVariable variable) {
        for (SipMessage message : SampleMessages.all()) {
            assertNotNull(variable.valueIn(message), variable.variableName());
        }
    }

    @ParameterizedTest
    @EnumSource(SipVariable.class)
    void everyVariableIsFoundByItsName(SipVariable variable) {
        assertEquals(variable, SipVariable.named(variable.variableName()).orElseThrow());
    }
}
