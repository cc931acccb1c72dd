package org.flexisip.common.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Syntax errors of spec/filters.md §2-§3: each is reported with the 0-based position of the problem and what was
 * expected there (§3.11: cleanly, including those that abort Flexisip 2.4). Columns are separated by ';'; an
 * expression between double quotes keeps its trailing blanks.
 */
class FilterSyntaxExceptionTest {

    private static FilterSyntaxException errorOf(String expression) {
        return assertThrows(FilterSyntaxException.class, () -> SipBooleanExpression.parse(expression));
    }

    private static void assertError(String expression, int position, String expected) {
        FilterSyntaxException e = errorOf(expression);
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.expected().startsWith(expected), e.getMessage());
        assertEquals(expression, e.text());
    }

    @Test
    void messageGivesPositionExpectationAndText() {
        assertEquals("at position 18: expected an operand (a variable or a 'constant') after '==' in "
                + "\"request.method == \"", errorOf("request.method == ").getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            foo                                                ; 0  ; Element 'foo' is not a variable nor operator name
            request.method == 'INVITE' && fro.uri.domain == 'x' ; 30 ; Element 'fro.uri.domain' is not a variable nor operator name
            Request.method == 'INVITE'                         ; 0  ; Element 'Request.method' is not a variable nor operator name
            TRUE                                               ; 0  ; Element 'TRUE' is not a variable nor operator name
            request.method == 'INVITE' foo                     ; 27 ; Element 'foo' is not a variable nor operator name
            request.method == INVITE                           ; 18 ; Element 'INVITE' is not a variable nor operator name
            defined foo                                        ; 8  ; Element 'foo' is not a variable nor operator name
            """)
    void unknownWordIsNeitherAVariableNorAnOperator(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            user-agent contains 'Linphone ; 20 ; expected a closing quote (') for the constant opened here
            '                             ; 0  ; expected a closing quote (') for the constant opened here
            """)
    void constantWithoutClosingQuoteIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            (request.method == 'INVITE'   ; 27 ; expected ')' closing the '(' at position 0, not the end of the expression
            ((true) || (false)            ; 18 ; expected ')' closing the '(' at position 0
            (true false)                  ; 6  ; expected ')' closing the '(' at position 0, not 'false'
            """)
    void missingClosingParenthesisIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            && true         ; 0 ; expected a condition before '&&'
            || true         ; 0 ; expected a condition before '||'
            true && || true ; 8 ; expected a condition before '||'
            (&& true)       ; 1 ; expected a condition before '&&'
            """)
    void leadingAndOrOrIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            true &&                 ; 7  ; expected a condition after '&&'
            "true ||   "            ; 10 ; expected a condition after '||'
            !                       ; 1  ; expected a condition after '!'
            ()                      ; 1  ; expected a condition before ')'
            request.method ==       ; 17 ; expected an operand (a variable or a 'constant') after '=='
            request.method !=       ; 17 ; expected an operand (a variable or a 'constant') after '!='
            request.method contains ; 23 ; expected an operand (a variable or a 'constant') after 'contains'
            request.method in       ; 17 ; expected an operand (a variable or a 'constant') after 'in'
            request.method notin    ; 20 ; expected an operand (a variable or a 'constant') after 'notin'
            request.method nin      ; 18 ; expected an operand (a variable or a 'constant') after 'nin'
            numeric                 ; 7  ; expected an operand (a variable or a 'constant') after 'numeric'
            defined                 ; 7  ; expected a variable after 'defined', not the end of the expression
            defined 'x'             ; 8  ; expected a variable after 'defined', not the constant 'x'
            request.method == true  ; 18 ; expected an operand (a variable or a 'constant') after '==', not 'true'
            request.method          ; 14 ; expected an operator (==, !=, contains, in, notin, nin, regex, regexp) after 'request.method'
            'INVITE'                ; 8  ; expected an operator (==, !=, contains, in, notin, nin, regex, regexp) after the constant 'INVITE'
            request.method from.uri.user ; 15 ; expected an operator (==, !=, contains, in, notin, nin, regex, regexp) after 'request.method', not 'from.uri.user'
            contains 'x'            ; 0  ; expected an operand before 'contains'
            == 'x'                  ; 0  ; expected an operand before '=='
            """)
    void danglingOrMisplacedOperatorIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            request.uri.user regex request.method  ; 23 ; expected a constant ('...') after 'regex', not 'request.method'
            request.uri.user regexp request.method ; 24 ; expected a constant ('...') after 'regexp', not 'request.method'
            request.uri.user regex                 ; 22 ; expected a constant ('...') after 'regex', not the end of the expression
            """)
    void regexFollowedByANonConstantIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            request.uri.user regex '(ab'      ; 23 ; invalid regular expression '(ab': Unclosed group
            request.uri.user regexp 'a{2'     ; 24 ; invalid regular expression 'a{2': Unclosed counted closure
            is_request && call-id regex '[^]' ; 28 ; invalid regular expression '[^]': Unclosed character class
            """)
    void invalidRegularExpressionIsRefusedAtItsConstant(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            true false                 ; 5  ; expected '&&', '||' or the end of the expression, not 'false'
            true)                      ; 4  ; expected '&&', '||' or the end of the expression, not ')'
            (true))                    ; 6  ; expected '&&', '||' or the end of the expression, not ')'
            is_request 'x'             ; 11 ; expected '&&', '||' or the end of the expression, not the constant 'x'
            request.method == 'A' 'B'  ; 22 ; expected '&&', '||' or the end of the expression, not the constant 'B'
            """)
    void trailingGarbageIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            request.method = 'INVITE'       ; 15 ; expected '==' (a single '=' is not an operator)
            true & false                    ; 5  ; expected '&&' (a single '&' is not an operator)
            true | false                    ; 5  ; expected '||' (a single '|' is not an operator)
            request.method == <INVITE>      ; 18 ; unexpected character '<'
            """)
    void characterThatStartsNoTokenIsRefused(String expression, int position, String expected) {
        assertError(expression, position, expected);
    }

    @Test
    void doubleQuotedConstantIsRefusedWithAHint() {
        assertError("request.method == \"INVITE\"", 18,
                "unexpected character '\"' (constants are written between single quotes)");
    }

    @Test
    void tooDeeplyNestedExpressionIsRefused() {
        String nested = "(".repeat(ExpressionParser.MAX_DEPTH) + "true" + ")".repeat(ExpressionParser.MAX_DEPTH);
        assertTrue(errorOf(nested).expected().startsWith("expected at most " + ExpressionParser.MAX_DEPTH));
    }

    @Test
    void chainOfTwoHundredConditionsIsAccepted() {
        assertDoesNotThrow(() -> SipBooleanExpression.parse("false || ".repeat(200) + "true"));
    }
}
