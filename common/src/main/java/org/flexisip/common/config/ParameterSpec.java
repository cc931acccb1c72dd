package org.flexisip.common.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The declaration of one configuration entry (spec/config.md §4): a parameter, a statistics counter or a
 * computed value. Immutable; built with {@link #builder(String, ValueType)}.
 *
 * @param name             own name, lowercase with '-'
 * @param type             value type
 * @param defaultValue     default as written in a file; empty for counters and computed entries
 * @param help             operator documentation
 * @param snmpLeaf         last OID arc (hashed from the name unless fixed by spec/snmp.md)
 * @param readOnly         cannot be set in a file, with --set or at runtime
 * @param exportable       printed by dumps
 * @param runtimeSettable  may be changed while running (REST PUT, SNMP SET)
 * @param secret           its value is redacted by the REST API
 * @param deprecation      set when the parameter is deprecated
 * @param fallbackOf       for a deprecated parameter, the newer parameter it is the fallback of
 * @param constraint       checks beyond the type; a failure is fatal at load
 * @param advisory         a check whose failure is only a warning at load (Flexisip falls back to a default)
 *                         but refuses the value when it is changed while running
 */
public record ParameterSpec(
        String name,
        ValueType type,
        String defaultValue,
        String help,
        long snmpLeaf,
        boolean readOnly,
        boolean exportable,
        boolean runtimeSettable,
        boolean secret,
        Optional<Deprecation> deprecation,
        Optional<String> fallbackOf,
        Constraint constraint,
        Constraint advisory) {

    /** A check on a parsed value beyond its type; throws with what was expected. */
    @FunctionalInterface
    public interface Constraint {
        Constraint NONE = value -> {
        };

        void check(Object parsedValue) throws InvalidValueException;

        /** A String whose value must be one of {@code allowed} (case-sensitive, as Flexisip compares). */
        static Constraint oneOf(String... allowed) {
            java.util.List<String> values = java.util.List.of(allowed);
            return value -> {
                if (!values.contains(value)) {
                    throw new InvalidValueException("expected one of " + String.join(", ", values));
                }
            };
        }

        /** An Integer within {@code [min, max]}. */
        static Constraint between(int min, int max) {
            return value -> {
                int v = (Integer) value;
                if (v < min || v > max) {
                    throw new InvalidValueException("expected an Integer from " + min + " to " + max);
                }
            };
        }

        /** A String matching {@code regex} entirely; {@code expected} says what that means. */
        static Constraint matches(String regex, String expected) {
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
            return value -> {
                if (!pattern.matcher((String) value).matches()) {
                    throw new InvalidValueException("expected " + expected);
                }
            };
        }
    }

    public ParameterSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(help);
    }

    public static Builder builder(String name, ValueType type) {
        return new Builder(name, type);
    }

    /** A read-only Counter64 statistic. */
    public static ParameterSpec counter(String name, String help) {
        return builder(name, ValueType.COUNTER64).help(help).readOnly().notExported().build();
    }

    public boolean isCounter() {
        return type == ValueType.COUNTER64;
    }

    public boolean isDeprecated() {
        return deprecation.isPresent();
    }

    /** Parses and checks a value for this parameter, as read from a file or --set (advisory not checked). */
    public Object parse(String text) throws InvalidValueException {
        Object value = type.parse(text);
        constraint.check(value);
        return value;
    }

    /** Parses and checks a value given while running: the advisory check is enforced too. */
    public Object parseStrictly(String text) throws InvalidValueException {
        Object value = parse(text);
        advisory.check(value);
        return value;
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.defaultValue = defaultValue;
        b.help = help;
        b.snmpLeaf = OptionalLong.of(snmpLeaf);
        b.readOnly = readOnly;
        b.exportable = exportable;
        b.runtimeSettable = runtimeSettable;
        b.secret = secret;
        b.deprecation = deprecation.orElse(null);
        b.fallbackOf = fallbackOf.orElse(null);
        b.constraint = constraint;
        b.advisory = advisory;
        return b;
    }

    public static final class Builder {
        private final String name;
        private final ValueType type;
        private String defaultValue = "";
        private String help = "";
        private OptionalLong snmpLeaf = OptionalLong.empty();
        private boolean readOnly;
        private boolean exportable = true;
        private boolean runtimeSettable;
        private boolean secret;
        private Deprecation deprecation;
        private String fallbackOf;
        private Constraint constraint = Constraint.NONE;
        private Constraint advisory = Constraint.NONE;

        private Builder(String name, ValueType type) {
            this.name = name;
            this.type = type;
        }

        public Builder defaultValue(String value) {
            this.defaultValue = value;
            return this;
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        /** A fixed leaf from spec/snmp.md §1.5 instead of the hashed one. */
        public Builder snmpLeaf(long leaf) {
            this.snmpLeaf = OptionalLong.of(leaf);
            return this;
        }

        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        public Builder notExported() {
            this.exportable = false;
            return this;
        }

        public Builder runtimeSettable() {
            this.runtimeSettable = true;
            return this;
        }

        public Builder secret() {
            this.secret = true;
            return this;
        }

        public Builder deprecated(String date, String version, String advice) {
            this.deprecation = new Deprecation(date, version, advice);
            return this;
        }

        /** This deprecated parameter's value is used only when {@code newerName} is unset. */
        public Builder fallbackOf(String newerName) {
            this.fallbackOf = newerName;
            return this;
        }

        public Builder constraint(Constraint check) {
            this.constraint = check;
            return this;
        }

        /** A check that only warns at load and refuses at runtime (see {@link ParameterSpec#advisory()}). */
        public Builder advisory(Constraint check) {
            this.advisory = check;
            return this;
        }

        public ParameterSpec build() {
            if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("parameter names are lowercase: " + name);
            }
            return new ParameterSpec(name, type, defaultValue, help,
                    snmpLeaf.orElseGet(() -> SnmpOid.hashedLeaf(name)), readOnly, exportable, runtimeSettable,
                    secret, Optional.ofNullable(deprecation), Optional.ofNullable(fallbackOf), constraint,
                    advisory);
        }
    }
}
