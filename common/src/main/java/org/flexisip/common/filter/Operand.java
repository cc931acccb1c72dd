package org.flexisip.common.filter;

import org.flexisip.common.sip.message.SipMessage;

/**
 * A string-valued side of a comparison (spec/filters.md §3): {@code operand := variable | constant}.
 */
sealed interface Operand permits Operand.Literal, SipVariable {

    /** The value of this operand for {@code message}; never null, {@code ""} when the element is absent. */
    String valueIn(SipMessage message);

    /** Whether the value does not depend on the message. */
    boolean isConstant();

    /** A quoted constant, {@code 'text'}, held without its quotes. */
    record Literal(String value) implements Operand {
        @Override
        public String valueIn(SipMessage message) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }
}
