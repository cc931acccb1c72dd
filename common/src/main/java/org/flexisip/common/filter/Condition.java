package org.flexisip.common.filter;

import java.util.Set;
import java.util.regex.Pattern;

import org.flexisip.common.sip.message.SipMessage;

/**
 * A node of a compiled SIP boolean expression (spec/filters.md §3). Nodes are immutable and built once, at parse
 * time; {@link #test} reads the message and allocates nothing beyond what the variables' accessors do. Not
 * sealed, so that tests can observe the order of evaluation.
 */
interface Condition {

    boolean test(SipMessage message);

    /** {@code true}, {@code false}, and the empty expression. */
    record Constant(boolean value) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return value;
        }
    }

    /** {@code is_request} ({@code request = true}) and {@code is_response}. */
    record MessageKind(boolean request) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return message.isRequest() == request;
        }
    }

    /** {@code left && right}; {@code right} is not evaluated when {@code left} is false (§3.9). */
    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return left.test(message) && right.test(message);
        }
    }

    /** {@code left || right}; {@code right} is not evaluated when {@code left} is true (§3.9). */
    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return left.test(message) || right.test(message);
        }
    }

    /** {@code !term}, and {@code notin}/{@code nin} as the negation of {@code in}. */
    record Not(Condition negated) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return !negated.test(message);
        }
    }

    /** {@code a == b}: exact, case-sensitive (§3.3). */
    record Equals(Operand left, Operand right) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return left.valueIn(message).equals(right.valueIn(message));
        }
    }

    /** {@code a != b}. */
    record NotEquals(Operand left, Operand right) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return !left.valueIn(message).equals(right.valueIn(message));
        }
    }

    /** {@code a contains b}: {@code b} is a substring of {@code a}; every value contains {@code ''} (§3.4). */
    record Contains(Operand haystack, Operand needle) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return haystack.valueIn(message).contains(needle.valueIn(message));
        }
    }

    /**
     * {@code a in b} with a variable {@code b}: its value is split on blanks (space, tab, CR, LF) and {@code a}
     * must equal one of the items (§3.5). The items are compared in place, without splitting into new strings.
     * An empty {@code a} is in no list, since a list has no empty item.
     */
    record In(Operand item, Operand list) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            String value = item.valueIn(message);
            String items = list.valueIn(message);
            int end = items.length();
            int i = 0;
            while (i < end) {
                while (i < end && isBlank(items.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < end && !isBlank(items.charAt(i))) {
                    i++;
                }
                if (i > start && i - start == value.length() && items.startsWith(value, start)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code a in 'x y z'}: the constant list split once, at parse time. */
    record InSet(Operand item, Set<String> items) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return items.contains(item.valueIn(message));
        }
    }

    /** {@code a regex 'p'}: the whole value matches {@code pattern} (§3.6). */
    record Matches(Operand input, Pattern pattern) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return pattern.matcher(input.valueIn(message)).matches();
        }
    }

    /** {@code defined v}: the message has the element, that is, {@code v} is not empty (§3.7). */
    record Defined(SipVariable variable) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            return !variable.valueIn(message).isEmpty();
        }
    }

    /** {@code numeric v}: every character is an ASCII digit; true for an empty value, as in 2.4 (§3.8). */
    record Numeric(Operand operand) implements Condition {
        @Override
        public boolean test(SipMessage message) {
            String value = operand.valueIn(message);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    /** A blank between the items of an {@code in} list, and between tokens of an expression (§2.1). */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
