package org.flexisip.common.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.filter.FilterSyntaxException;
import org.flexisip.common.filter.SipBooleanExpression;

/**
 * The value types of Flexisip's configuration (spec/config.md §4), each with its parser. Parsed values are:
 * {@link Boolean}, {@link Integer}, {@link IntegerRange}, {@link String}, {@code List<String>}, {@link Long}
 * (ByteSize, bytes), {@link Duration} and {@link SipBooleanExpression} (BooleanExpr).
 */
public enum ValueType {
    BOOLEAN("Boolean") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "1":
                    return Boolean.TRUE;
                case "false", "0":
                    return Boolean.FALSE;
                default:
                    throw new InvalidValueException("expected a Boolean: true, false, 1 or 0");
            }
        }
    },
    INTEGER("Integer") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            // Flexisip 2.4 reads garbage as 0 (atoi); we refuse it.
            if (!INTEGER_SYNTAX.matcher(text).matches()) {
                throw new InvalidValueException("expected an Integer (decimal digits with an optional sign)");
            }
            try {
                return Integer.valueOf(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("expected an Integer between " + Integer.MIN_VALUE + " and "
                        + Integer.MAX_VALUE);
            }
        }
    },
    INTEGER_RANGE("IntegerRange") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            int dash = text.indexOf('-');
            String low = dash < 0 ? text : text.substring(0, dash);
            String high = dash < 0 ? text : text.substring(dash + 1);
            try {
                int min = (Integer) INTEGER.parse(low);
                int max = (Integer) INTEGER.parse(high);
                if (min > max) {
                    throw new InvalidValueException("expected an IntegerRange 'n' or 'n-m' with n <= m");
                }
                return new IntegerRange(min, max);
            } catch (InvalidValueException e) {
                if (e.getMessage().contains("n <= m")) {
                    throw e;
                }
                throw new InvalidValueException("expected an IntegerRange: 'n' or 'n-m'");
            }
        }
    },
    STRING("String") {
        @Override
        public Object parse(String text) {
            return text;
        }
    },
    STRING_LIST("StringList") {
        @Override
        public Object parse(String text) {
            return splitList(text);
        }
    },
    BYTE_SIZE("ByteSize") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            Matcher m = BYTE_SIZE_SYNTAX.matcher(text);
            if (!m.matches()) {
                throw new InvalidValueException(
                        "expected a ByteSize: an optional '-', digits and an optional K, M or G (powers of 1000)");
            }
            long multiplier = switch (m.group(2)) {
                case "K" -> 1_000L;
                case "M" -> 1_000_000L;
                case "G" -> 1_000_000_000L;
                default -> 1L;
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidValueException("ByteSize too large for 64 bits");
            }
        }
    },
    /** A SIP boolean expression (spec/filters.md), compiled; an empty one is always true. */
    BOOLEAN_EXPR("BooleanExpr") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            try {
                return SipBooleanExpression.parse(text);
            } catch (FilterSyntaxException e) {
                throw new InvalidValueException("at position " + e.position() + ": " + e.expected());
            }
        }
    },
    DURATION_MS("DurationMS") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            return parseDuration(text, 0);
        }
    },
    DURATION_S("DurationS") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            return parseDuration(text, 1);
        }
    },
    DURATION_MIN("DurationMIN") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            return parseDuration(text, 2);
        }
    },
    /** A read-only statistic; it has no text form to parse. */
    COUNTER64("Counter64") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            throw new InvalidValueException("a Counter64 statistic is read-only");
        }
    },
    /** {@code global/runtime-error}: computed, read-only. */
    RUNTIME_ERROR("RuntimeError") {
        @Override
        public Object parse(String text) throws InvalidValueException {
            throw new InvalidValueException("runtime-error is read-only");
        }
    };

    private static final Pattern INTEGER_SYNTAX = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern BYTE_SIZE_SYNTAX = Pattern.compile("(-?[0-9]+)([KMG]?)");
    private static final Pattern DURATION_SYNTAX = Pattern.compile("([0-9]+)(ms|s|min|h|d|m|y)?");
    private static final String DURATION_HINT = "<value>[ms|s|min|h|d|m|y]";
    private static final String[] DEFAULT_UNITS = {"millisecond", "second", "minute"};
    private static final String[] DEFAULT_UNIT_SUFFIXES = {"ms", "s", "min"};

    private final String displayName;

    ValueType(String displayName) {
        this.displayName = displayName;
    }

    /** The type name as Flexisip prints it in dumps and the REST API. */
    public String displayName() {
        return displayName;
    }

    /** Parses a value written in the file, with {@code --set} or through the REST API. */
    public abstract Object parse(String text) throws InvalidValueException;

    public boolean isDuration() {
        return this == DURATION_MS || this == DURATION_S || this == DURATION_MIN;
    }

    /** Statistics and computed entries have no settable text. */
    public boolean isComputed() {
        return this == COUNTER64 || this == RUNTIME_ERROR;
    }

    /** {@code millisecond}, {@code second} or {@code minute} for durations. */
    public Optional<String> defaultUnit() {
        return isDuration() ? Optional.of(DEFAULT_UNITS[ordinal() - DURATION_MS.ordinal()]) : Optional.empty();
    }

    /**
     * Splits a StringList (spec/config.md §6): on space, tab, newline and comma, empty items dropped. Tab is our
     * addition; 2.4 keeps it inside items.
     */
    public static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split("[ \t\r\n,]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return List.copyOf(items);
    }

    /**
     * Parses a duration (spec/config.md §5): one integer and one optional unit. {@code precision} is 0 for
     * DurationMS, 1 for DurationS and 2 for DurationMIN; finer units than the precision are refused.
     */
    private static Duration parseDuration(String text, int precision) throws InvalidValueException {
        Matcher m = DURATION_SYNTAX.matcher(text);
        String expected = "expected " + DURATION_HINT + " (default unit: " + DEFAULT_UNITS[precision] + ")";
        if (!m.matches()) {
            throw new InvalidValueException(expected);
        }
        String unit = m.group(2) == null ? DEFAULT_UNIT_SUFFIXES[precision] : m.group(2);
        if (precision >= 1 && unit.equals("ms")) {
            throw new InvalidValueException(DEFAULT_UNITS[precision] + " is the maximum precision; " + expected);
        }
        if (precision >= 2 && unit.equals("s")) {
            throw new InvalidValueException("minute is the maximum precision; " + expected);
        }
        long unitMillis = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            // A month is 30.436875 days and a year 365.2425 days: both whole numbers of milliseconds.
            case "m" -> 2_629_746_000L;
            case "y" -> 31_556_952_000L;
            default -> throw new IllegalStateException(unit);
        };
        BigInteger millis = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unitMillis));
        if (millis.bitLength() > 63) {
            throw new InvalidValueException("duration too long: more than 2^63 milliseconds");
        }
        return Duration.ofMillis(millis.longValue());
    }
}
