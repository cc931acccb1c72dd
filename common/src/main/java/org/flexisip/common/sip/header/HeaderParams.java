package org.flexisip.common.sip.header;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * The parameters of a header value (RFC 3261 §25.1 {@code *( SEMI generic-param )}): ordered, names
 * case-insensitive, values optional (a flag such as {@code lr} or {@code rport} has none) and possibly quoted.
 * Immutable.
 */
public final class HeaderParams {
    private static final HeaderParams EMPTY = new HeaderParams(List.of());

    /**
     * One parameter.
     *
     * @param name   as written
     * @param value  unquoted value; empty for a flag
     * @param quoted whether the value was (or must be) written as a quoted-string
     */
    public record Param(String name, Optional<String> value, boolean quoted) {
        @Override
        public String toString() {
            if (value.isEmpty()) {
                return name;
            }
            return name + "=" + (quoted ? quote(value.get()) : value.get());
        }
    }

    private final List<Param> params;

    private HeaderParams(List<Param> params) {
        this.params = params;
    }

    public static HeaderParams empty() {
        return EMPTY;
    }

    public List<Param> asList() {
        return params;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    public boolean has(String name) {
        return find(name) != null;
    }

    /** The value of {@code name}: empty when absent, {@code Optional.of("")} for a flag. */
    public Optional<String> get(String name) {
        Param p = find(name);
        return p == null ? Optional.empty() : Optional.of(p.value().orElse(""));
    }

    /** A copy with {@code name} set (replacing an existing one in place, else appended). */
    public HeaderParams with(String name, String value) {
        boolean quoted = value != null && !value.isEmpty() && !isPlainValue(value);
        return with(new Param(name, Optional.ofNullable(value).filter(v -> !v.isEmpty()), quoted));
    }

    /** A copy with {@code name} set to a quoted-string value. */
    public HeaderParams withQuoted(String name, String value) {
        return with(new Param(name, Optional.of(value), true));
    }

    private HeaderParams with(Param param) {
        List<Param> copy = new ArrayList<>(params);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name().equalsIgnoreCase(param.name())) {
                copy.set(i, param);
                return new HeaderParams(Collections.unmodifiableList(copy));
            }
        }
        copy.add(param);
        return new HeaderParams(Collections.unmodifiableList(copy));
    }

    public HeaderParams without(String name) {
        if (!has(name)) {
            return this;
        }
        List<Param> copy = new ArrayList<>(params);
        copy.removeIf(p -> p.name().equalsIgnoreCase(name));
        return new HeaderParams(Collections.unmodifiableList(copy));
    }

    private Param find(String name) {
        for (Param p : params) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Reads {@code *( SEMI generic-param )} where {@code generic-param = token [ EQUAL gen-value ]} and
     * {@code gen-value = token / host / quoted-string}. Stops before anything that is not a ';'.
     */
    public static HeaderParams parse(SipScanner s) throws SipSyntaxException {
        List<Param> list = null;
        while (s.consumeSeparator(';')) {
            String name = s.expectToken("a parameter name after ';'");
            Optional<String> value = Optional.empty();
            boolean quoted = false;
            if (s.consumeSeparator('=')) {
                if (s.peek() == '"') {
                    value = Optional.of(s.expectQuotedString());
                    quoted = true;
                } else {
                    int start = s.position();
                    while (!s.atEnd() && isValueChar(s.peek())) {
                        s.next();
                    }
                    if (s.position() == start) {
                        throw s.error("expected a value for parameter '" + name + "'");
                    }
                    value = Optional.of(s.text().substring(start, s.position()));
                }
            }
            if (list == null) {
                list = new ArrayList<>(4);
            }
            list.add(new Param(name, value, quoted));
        }
        return list == null ? EMPTY : new HeaderParams(Collections.unmodifiableList(list));
    }

    /** token, plus the characters of a host ({@code :} and brackets of IPv6). */
    private static boolean isValueChar(int c) {
        return SipChars.isToken(c) || c == ':' || c == '[' || c == ']';
    }

    private static boolean isPlainValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isValueChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** {@code ;name=value;flag...}, each parameter preceded by ';'. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Param p : params) {
            b.append(';').append(p);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderParams h && params.equals(h.params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }
}
