package org.flexisip.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flexisip.common.sip.message.SipMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truth tables of spec/filters.md §3 on real parsed messages. Columns are separated by ';' (message, expression,
 * expected value).
 */
class SipBooleanExpressionTest {

    private static boolean evaluate(String expression, String message) throws FilterSyntaxException {
        return SipBooleanExpression.parse(expression).evaluate(SampleMessages.named(message));
    }

    // ---- the empty expression and the value object ----

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t \r\n" })
    void emptyOrBlankExpressionIsTrueForEveryMessage(String text) throws Exception {
        SipBooleanExpression e = SipBooleanExpression.parse(text);
        for (SipMessage m : SampleMessages.all()) {
            assertTrue(e.evaluate(m));
        }
        assertEquals(text, e.text());
    }

    @Test
    void alwaysTrueIsTheEmptyExpression() throws Exception {
        assertEquals("", SipBooleanExpression.alwaysTrue().text());
        assertTrue(SipBooleanExpression.alwaysTrue().evaluate(SampleMessages.NOT_FOUND));
        assertSame(SipBooleanExpression.alwaysTrue(), SipBooleanExpression.parse(""));
    }

    @Test
    void textAndToStringAreTheSourceText() throws Exception {
        String text = "  is_request &&\trequest.method == 'INVITE' ";
        SipBooleanExpression e = SipBooleanExpression.parse(text);
        assertEquals(text, e.text());
        assertEquals(text, e.toString());
    }

    @Test
    void expressionsAreEqualWhenWrittenAlike() throws Exception {
        SipBooleanExpression a = SipBooleanExpression.parse("request.method == 'INVITE'");
        assertEquals(a, SipBooleanExpression.parse("request.method == 'INVITE'"));
        assertEquals(a.hashCode(), SipBooleanExpression.parse("request.method == 'INVITE'").hashCode());
        assertNotEquals(a, SipBooleanExpression.parse("request.method=='INVITE'"));
    }

    // ---- comparisons ----

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; request.method == 'INVITE'          ; true
            register  ; request.method == 'INVITE'          ; false
            invite    ; request.method == 'invite'          ; false
            invite    ; 'INVITE' == request.method          ; true
            invite    ; to.uri.domain == request.uri.domain ; true
            invite    ; from.uri.domain == to.uri.domain    ; false
            invite    ; 'a' == 'a'                          ; true
            invite    ; request.method=='INVITE'            ; true
            """)
    void equalsComparesExactlyAndCaseSensitively(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; request.method != 'INVITE'  ; false
            register  ; request.method != 'INVITE'  ; true
            ok        ; request.method != 'INVITE'  ; true
            invite    ; 'a' != 'b'                  ; true
            """)
    void notEqualsIsTheNegationOfEquals(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; user-agent contains 'Linphone'   ; true
            register  ; user-agent contains 'Linphone'   ; false
            invite    ; user-agent contains 'linphone'   ; false
            invite    ; call-id contains '@pc33.'        ; true
            message   ; user-agent contains ''           ; true
            message   ; user-agent contains 'x'          ; false
            ok        ; user-agent contains from.uri.user ; false
            """)
    void containsLooksForASubstring(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; from.uri.domain in 'example.org example.net'   ; true
            register  ; from.uri.domain in 'example.net   example.com' ; false
            invite    ; request.method in 'REGISTER\tINVITE'           ; true
            invite    ; request.method in 'INV'                        ; false
            invite    ; request.method in 'INVITES'                    ; false
            message   ; user-agent in 'sipp Zoiper'                    ; false
            message   ; user-agent in ''                               ; false
            invite    ; to.uri.domain in request.uri.domain            ; true
            options   ; user-agent in from.uri.user                    ; false
            """)
    void inSplitsTheListOnBlanksAndLooksForAnEqualItem(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; from.uri.domain notin 'example.org example.net' ; false
            register  ; from.uri.domain notin 'example.net'             ; true
            invite    ; from.uri.domain nin 'example.org example.net'   ; false
            register  ; from.uri.domain nin 'example.net'               ; true
            message   ; user-agent nin 'sipp'                           ; true
            """)
    void notinAndNinAreTheNegationOfIn(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            register   ; from.uri.user regex '0[67][0-9]{8}'    ; true
            invite     ; from.uri.user regex '0[67][0-9]{8}'    ; false
            invite     ; request.method regex 'INV'             ; false
            invite     ; request.method regexp 'INV.*'          ; true
            invite     ; request.method regex 'INVITE|BYE'      ; true
            tel-invite ; contact.uri.user regex '\\+?[0-9]{6,15}' ; true
            options    ; status.code regex ''                   ; true
            options    ; status.code regex '.+'                 ; false
            """)
    void regexMustMatchTheWholeValue(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; defined contact.uri.user ; true
            options   ; defined contact.uri.user ; false
            ok        ; defined status.code      ; true
            invite    ; defined status.code      ; false
            message   ; defined user-agent       ; false
            invite    ; defined content-type     ; true
            """)
    void definedIsTrueWhenTheElementIsPresent(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            register  ; numeric from.uri.user  ; true
            invite    ; numeric from.uri.user  ; false
            subscribe ; numeric request.uri.user ; false
            ok        ; numeric status.code    ; true
            options   ; numeric call-id.hash   ; true
            invite    ; numeric '12a'          ; false
            invite    ; numeric '0042'         ; true
            """)
    void numericIsTrueWhenEveryCharacterIsADigit(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite  ; numeric status.code ; true
            message ; numeric user-agent  ; true
            invite  ; numeric ''          ; true
            """)
    void numericIsTrueForAnEmptyValue(String message, String expression, boolean expected) throws Exception {
        // spec/filters.md §3.8: a quirk kept from 2.4.
        assertEquals(expected, evaluate(expression, message));
    }

    // ---- boolean terms ----

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; true  ; true
            not-found ; true  ; true
            invite    ; false ; false
            not-found ; false ; false
            """)
    void trueAndFalseAreConstants(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; is_request  ; true
            options   ; is_request  ; true
            ok        ; is_request  ; false
            not-found ; is_request  ; false
            invite    ; is_response ; false
            ok        ; is_response ; true
            not-found ; is_response ; true
            """)
    void isRequestAndIsResponseTellTheDirection(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; !request.method == 'OPTIONS'  ; true
            options   ; !request.method == 'OPTIONS'  ; false
            invite    ; !true                         ; false
            invite    ; !!true                        ; true
            invite    ; ! false && false              ; false
            invite    ; !(false && false)             ; true
            invite    ; !is_response                  ; true
            """)
    void notNegatesOnlyTheNextTerm(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite    ; (true || false) && false                ; false
            invite    ; true || (false && false)                ; true
            invite    ; ((request.method == 'INVITE'))          ; true
            invite    ; (false || true) && (true && is_request) ; true
            invite    ; (  is_response  )                       ; false
            """)
    void parenthesesGroup(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    // ---- grouping: §3.1 ----

    @Test
    void orBeforeAndTakesTheAndIntoItsRightOperand() throws Exception {
        // true || (false && false)
        assertTrue(evaluate("true || false && false", "invite"));
    }

    @Test
    void andBeforeOrTakesTheOrIntoItsRightOperandUnlikeC() throws Exception {
        // false && (true || true): false, where C would read (false && true) || true, which is true.
        assertFalse(evaluate("false && true || true", "invite"));
    }

    @ParameterizedTest(name = "{0} && {1} || {2}")
    @CsvSource({ "false, false, false", "false, false, true", "false, true, false", "false, true, true",
            "true, false, false", "true, false, true", "true, true, false", "true, true, true" })
    void andOrMeansAAndBOrC(boolean a, boolean b, boolean c) throws Exception {
        assertEquals(a && (b || c), evaluate(a + " && " + b + " || " + c, "invite"));
    }

    @ParameterizedTest(name = "{0} || {1} && {2}")
    @CsvSource({ "false, false, false", "false, false, true", "false, true, false", "false, true, true",
            "true, false, false", "true, false, true", "true, true, false", "true, true, true" })
    void orAndMeansAOrBAndC(boolean a, boolean b, boolean c) throws Exception {
        assertEquals(a || (b && c), evaluate(a + " || " + b + " && " + c, "invite"));
    }

    @Test
    void longChainGroupsToTheRight() throws Exception {
        // false && (false || (true && (false || true))) is false; read left to right it would be true.
        assertFalse(evaluate("false && false || true && false || true", "invite"));
        // true && (false || (true && (false || true))) is true.
        assertTrue(evaluate("true && false || true && false || true", "invite"));
    }

    @Test
    void comparisonsChainWithTheSameGrouping() throws Exception {
        // request.method == 'BYE' && (is_request || true): false on an INVITE.
        assertFalse(evaluate("request.method == 'BYE' && is_request || true", "invite"));
        assertTrue(evaluate("(request.method == 'BYE' && is_request) || true", "invite"));
    }

    // ---- short-circuit: §3.9 ----

    /** A condition that counts how often it is evaluated. */
    private static final class CountingCondition implements Condition {
        private final boolean value;
        private int evaluations;

        CountingCondition(boolean value) {
            this.value = value;
        }

        @Override
        public boolean test(SipMessage message) {
            evaluations++;
            return value;
        }
    }

    @Test
    void andDoesNotEvaluateItsRightOperandWhenTheLeftIsFalse() {
        CountingCondition right = new CountingCondition(true);
        assertFalse(new Condition.And(new Condition.Constant(false), right).test(SampleMessages.INVITE));
        assertEquals(0, right.evaluations);
    }

    @Test
    void orDoesNotEvaluateItsRightOperandWhenTheLeftIsTrue() {
        CountingCondition right = new CountingCondition(false);
        assertTrue(new Condition.Or(new Condition.Constant(true), right).test(SampleMessages.INVITE));
        assertEquals(0, right.evaluations);
    }

    @Test
    void leftOperandIsEvaluatedFirst() {
        CountingCondition left = new CountingCondition(true);
        CountingCondition right = new CountingCondition(true);
        assertTrue(new Condition.And(left, right).test(SampleMessages.INVITE));
        assertEquals(1, left.evaluations);
        assertEquals(1, right.evaluations);
    }

    // ---- absent and malformed elements: §3.10 ----

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            options                ; contact.uri.domain == ''  ; true
            register-star          ; contact.uri.user == ''    ; true
            invite                 ; status.phrase == ''       ; true
            ok                     ; request.uri.user == ''    ; true
            message                ; user-agent == ''          ; true
            malformed-content-type ; content-type == ''        ; true
            malformed-content-type ; defined content-type      ; false
            """)
    void absentOrMalformedElementIsTheEmptyString(String message, String expression, boolean expected)
            throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }

    @ParameterizedTest
    @EnumSource(SipVariable.class)
    void evaluationNeverThrowsWhateverTheVariableAndMessage(SipVariable variable) throws Exception {
        SipBooleanExpression e = SipBooleanExpression.parse("defined " + variable.variableName() + " || "
                + variable.variableName() + " regex '.*' && numeric " + variable.variableName());
        for (SipMessage m : SampleMessages.all()) {
            e.evaluate(m);
        }
    }

    // ---- spec/filters.md §5 ----

    @ParameterizedTest(name = "{1} on {0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            invite     ; is_request && request.method-name == 'INVITE' ; true
            tel-invite ; is_request && request.method-name == 'INVITE' ; true
            register   ; is_request && request.method-name == 'INVITE' ; false
            ok         ; is_request && request.method-name == 'INVITE' ; false
            subscribe  ; is_request && (request.method-name == 'PUBLISH' || request.method-name == 'NOTIFY' || request.method-name == 'SUBSCRIBE') ; true
            invite     ; is_request && (request.method-name == 'PUBLISH' || request.method-name == 'NOTIFY' || request.method-name == 'SUBSCRIBE') ; false
            invite     ; user-agent contains 'Linphone' ; true
            ok         ; user-agent contains 'Linphone' ; true
            register   ; user-agent contains 'Linphone' ; false
            message    ; user-agent contains 'Linphone' ; false
            subscribe  ; !(from.uri.domain in 'trusted.example.org partner.example.net') ; false
            invite     ; !(from.uri.domain in 'trusted.example.org partner.example.net') ; true
            subscribe  ; request.uri.user regex '\\+?[0-9]{6,15}' ; true
            invite     ; request.uri.user regex '\\+?[0-9]{6,15}' ; false
            tel-invite ; request.uri.user regex '\\+?[0-9]{6,15}' ; false
            message-with-sdp ; content-type == 'application/sdp' && request.method == 'MESSAGE' ; true
            message    ; content-type == 'application/sdp' && request.method == 'MESSAGE' ; false
            invite     ; content-type == 'application/sdp' && request.method == 'MESSAGE' ; false
            register   ; defined contact.uri.user && numeric request.uri.user ; true
            tel-invite ; defined contact.uri.user && numeric request.uri.user ; true
            invite     ; defined contact.uri.user && numeric request.uri.user ; false
            options    ; defined contact.uri.user && numeric request.uri.user ; false
            subscribe  ; defined contact.uri.user && numeric request.uri.user ; false
            invite     ; false ; false
            ok         ; false ; false
            """)
    void examplesOfTheSpecification(String message, String expression, boolean expected) throws Exception {
        assertEquals(expected, evaluate(expression, message));
    }
}
