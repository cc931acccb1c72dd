package org.flexisip.common.sip.uri;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a URI (RFC 3261 §19.1.1, §25.1; RFC 3966 §3), in the order written:
 * <pre>
 * uri-parameters    =  *( ";" uri-parameter)
 * other-param       =  pname [ "=" pvalue ]
 * pname             =  1*paramchar
 * pvalue            =  1*paramchar
 * </pre>
 * Names are compared case-insensitively and kept as written. Names and values are held unescaped. A flag
 * parameter such as {@code lr} has the value {@code ""}: {@code pvalue} cannot be empty, so the two cannot be
 * confused. Immutable.
 */
public final class UriParameters {
    private static final String[] NONE = new String[0];
    private static final UriParameters EMPTY = new UriParameters(NONE, NONE);

    private final String[] names;
    private final String[] values;

    /** Takes ownership of the arrays (same length, no nulls). */
    UriParameters(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    public static UriParameters empty() {
        return EMPTY;
    }

    /** The value of the first parameter named {@code name}: empty when absent, {@code ""} for a flag. */
    public Optional<String> get(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The names as written, in order. */
    public List<String> names() {
        return List.of(names);
    }

    /** Name/value pairs in order; the value of a flag is {@code ""}. */
    public List<Map.Entry<String, String>> entries() {
        return new AbstractList<>() {
            @Override
            public Map.Entry<String, String> get(int index) {
                return Map.entry(names[index], values[index]);
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /**
     * A copy with {@code name} set to {@code value} ({@code null} or {@code ""} for a flag): the first parameter
     * of that name is replaced in place and any later one dropped; otherwise the parameter is appended.
     *
     * @throws IllegalArgumentException when the name is empty
     */
    public UriParameters with(String name, String valueOrNullForFlag) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty parameter name");
        }
        String value = valueOrNullForFlag == null ? "" : valueOrNullForFlag;
        int first = indexOf(name);
        if (first < 0) {
            String[] n = Arrays.copyOf(names, names.length + 1);
            String[] v = Arrays.copyOf(values, values.length + 1);
            n[names.length] = name;
            v[values.length] = value;
            return new UriParameters(n, v);
        }
        UriParameters rest = without(name);
        String[] n = new String[rest.names.length + 1];
        String[] v = new String[n.length];
        System.arraycopy(rest.names, 0, n, 0, first);
        System.arraycopy(rest.values, 0, v, 0, first);
        n[first] = name;
        v[first] = value;
        System.arraycopy(rest.names, first, n, first + 1, rest.names.length - first);
        System.arraycopy(rest.values, first, v, first + 1, rest.values.length - first);
        return new UriParameters(n, v);
    }

    /** A copy without any parameter named {@code name}; this instance when there is none. */
    public UriParameters without(String name) {
        int count = 0;
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                count++;
            }
        }
        if (count == 0) {
            return this;
        }
        String[] n = new String[names.length - count];
        String[] v = new String[n.length];
        int j = 0;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                n[j] = names[i];
                v[j++] = values[i];
            }
        }
        return n.length == 0 ? EMPTY : new UriParameters(n, v);
    }

    String name(int index) {
        return names[index];
    }

    String value(int index) {
        return values[index];
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code ;name[=value]} for each parameter, escaping as {@code paramchar} requires. */
    void appendTo(StringBuilder b) {
        for (int i = 0; i < names.length; i++) {
            b.append(';');
            UriCharset.PARAM.encode(b, names[i]);
            if (!values[i].isEmpty()) {
                b.append('=');
                UriCharset.PARAM.encode(b, values[i]);
            }
        }
    }

    /** {@code ;name=value;flag...}, escaped: the form they take in a URI. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        appendTo(b);
        return b.toString();
    }

    /** Same parameters in the same order; names compared case-insensitively, values exactly. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UriParameters p) || p.names.length != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equalsIgnoreCase(p.names[i]) || !values[i].equals(p.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            for (int k = 0; k < name.length(); k++) {
                // the folding of String.equalsIgnoreCase, so that equal names hash alike
                h = 31 * h + Character.toLowerCase(Character.toUpperCase(name.charAt(k)));
            }
            h = 31 * h + values[i].hashCode();
        }
        return h;
    }
}
