package org.flexisip.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.flexisip.common.filter.SipBooleanExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {

    @Test
    void durationMsWithMinuteUnitReadsInMilliseconds() throws Exception {
        assertEquals(Duration.ofMillis(60_000), ValueType.DURATION_MS.parse("1min"));
    }

    @Test
    void durationSWithHourUnitReadsInSeconds() throws Exception {
        assertEquals(7200, ((Duration) ValueType.DURATION_S.parse("2h")).toSeconds());
    }

    @Test
    void durationWithoutUnitUsesTheDefaultUnit() throws Exception {
        assertEquals(Duration.ofMillis(32_000), ValueType.DURATION_MS.parse("32000"));
        assertEquals(Duration.ofSeconds(3600), ValueType.DURATION_S.parse("3600"));
        assertEquals(Duration.ofMinutes(2), ValueType.DURATION_MIN.parse("2"));
    }

    @Test
    void millisecondsOnASecondParameterAreRefusedForPrecision() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.DURATION_S.parse("5ms"));
        assertTrue(e.getMessage().contains("second is the maximum precision"), e.getMessage());
    }

    @Test
    void secondsOnAMinuteParameterAreRefusedForPrecision() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.DURATION_MIN.parse("90s"));
        assertTrue(e.getMessage().contains("minute is the maximum precision"), e.getMessage());
    }

    @Test
    void mIsAMonthNotAMinute() throws Exception {
        assertEquals(Duration.ofMillis(2_629_746_000L), ValueType.DURATION_MS.parse("1m"));
        assertEquals(Duration.ofMillis(31_556_952_000L), ValueType.DURATION_MS.parse("1y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h30min", "-5", "5 s", "", "1.5h", "10sec"})
    void illFormedDurationsAreRefusedWithTheSyntax(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.DURATION_S.parse(text));
        assertTrue(e.getMessage().contains("<value>[ms|s|min|h|d|m|y]"), e.getMessage());
    }

    @Test
    void durationOverflowingSixtyFourBitsOfMillisecondsIsRefused() {
        assertThrows(InvalidValueException.class, () -> ValueType.DURATION_MS.parse("9999999999999999y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "2", ""})
    void booleanAcceptsOnlyTrueFalseOneZero(String text) {
        assertThrows(InvalidValueException.class, () -> ValueType.BOOLEAN.parse(text));
    }

    @Test
    void booleanReadsOneAndZero() throws Exception {
        assertEquals(Boolean.TRUE, ValueType.BOOLEAN.parse("1"));
        assertEquals(Boolean.FALSE, ValueType.BOOLEAN.parse("0"));
    }

    @Test
    void integerRefusesGarbageThatFlexisipReadsAsZero() {
        assertThrows(InvalidValueException.class, () -> ValueType.INTEGER.parse("12abc"));
    }

    @Test
    void integerRangeReadsSingleValueAndPair() throws Exception {
        assertEquals(new IntegerRange(5, 5), ValueType.INTEGER_RANGE.parse("5"));
        assertEquals(new IntegerRange(1024, 65535), ValueType.INTEGER_RANGE.parse("1024-65535"));
    }

    @Test
    void integerRangeWithMinAboveMaxIsRefused() {
        assertThrows(InvalidValueException.class, () -> ValueType.INTEGER_RANGE.parse("10-5"));
    }

    @Test
    void byteSizeMultipliersArePowersOfOneThousand() throws Exception {
        assertEquals(2_000L, ValueType.BYTE_SIZE.parse("2K"));
        assertEquals(3_000_000L, ValueType.BYTE_SIZE.parse("3M"));
        assertEquals(1_000_000_000L, ValueType.BYTE_SIZE.parse("1G"));
        assertEquals(-1L, ValueType.BYTE_SIZE.parse("-1"));
    }

    @Test
    void stringListSplitsOnSpaceCommaNewlineAndTab() throws Exception {
        assertEquals(List.of("a", "b", "c", "d", "e"), ValueType.STRING_LIST.parse("a, b,c\td\ne"));
    }

    @Test
    void stringListKeepsHashBecauseThereAreNoInlineComments() throws Exception {
        assertEquals(List.of("proxy", "presence", "#", "later"),
                ValueType.STRING_LIST.parse("proxy presence # later"));
    }

    @Test
    void booleanExprIsParsedIntoACompiledExpression() throws Exception {
        Object parsed = ValueType.BOOLEAN_EXPR.parse("user-agent contains 'Linphone'");
        assertEquals("user-agent contains 'Linphone'", ((SipBooleanExpression) parsed).text());
    }

    @Test
    void booleanExprSyntaxErrorSaysWhereAndWhat() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ValueType.BOOLEAN_EXPR.parse("x"));
        assertEquals("at position 0: Element 'x' is not a variable nor operator name", e.getMessage());
    }
}
