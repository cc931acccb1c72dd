package org.flexisip.common.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One header field line (RFC 3261 §7.3), possibly folded over several physical lines and possibly holding
 * several comma-separated values. A parsed header keeps its original bytes, so a header nobody changed is
 * forwarded byte for byte; its value string is made only when someone reads it. Immutable.
 */
public final class SipHeader {
    private final HeaderName known;
    private final String name;
    private final byte[] source;
    private final int lineStart;
    private final int lineEnd;
    private final int valueStart;
    private final int valueEnd;
    private volatile String value;
    /** For a header made with {@link #of}: its wire line, once serialized. */
    private volatile byte[] builtLine;

    private SipHeader(HeaderName known, String name, byte[] source, int lineStart, int lineEnd, int valueStart,
            int valueEnd, String value) {
        this.known = known;
        this.name = name;
        this.source = source;
        this.lineStart = lineStart;
        this.lineEnd = lineEnd;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.value = value;
    }

    /** A new header; {@code name} may be a compact form, kept as given. */
    public static SipHeader of(String name, String value) {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
        if (!org.flexisip.common.sip.grammar.SipChars.isToken(name) || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header needs a token name and a value without CR or LF: " + name);
        }
        return new SipHeader(HeaderName.of(name).orElse(null), name, null, 0, 0, 0, 0, value.strip());
    }

    public static SipHeader of(HeaderName name, String value) {
        return of(name.canonical(), value);
    }

    /**
     * A header read from {@code source}: the line spans {@code [lineStart, lineEnd)} (line break included), its
     * name {@code [lineStart, nameEnd)}, its value {@code [valueStart, valueEnd)} (folding included).
     */
    static SipHeader parsed(byte[] source, int lineStart, int nameEnd, int valueStart, int valueEnd, int lineEnd) {
        int nameLength = nameEnd - lineStart;
        HeaderName known = HeaderName.lookup(source, lineStart, nameLength);
        String name = known != null && known.isWrittenAs(source, lineStart, nameLength) ? known.canonical()
                : new String(source, lineStart, nameLength, StandardCharsets.ISO_8859_1);
        return new SipHeader(known, name, source, lineStart, lineEnd, valueStart, valueEnd, null);
    }

    /** The name as written (a compact form stays compact). */
    public String name() {
        return name;
    }

    /** The known header this is, whatever the case or form of its name. */
    public Optional<HeaderName> known() {
        return Optional.ofNullable(known);
    }

    /** True when this line is header {@code h}. */
    public boolean is(HeaderName h) {
        return known == h;
    }

    /** True when this line's name is {@code otherName} (case-insensitive; compact and long forms match). */
    public boolean hasName(String otherName) {
        if (known != null) {
            return HeaderName.of(otherName).orElse(null) == known;
        }
        return name.equalsIgnoreCase(otherName);
    }

    /** The value with folding undone and surrounding white space removed (UTF-8 decoded). */
    public String value() {
        String v = value;
        if (v == null) {
            v = unfold(source, valueStart, valueEnd);
            value = v;
        }
        return v;
    }

    /** Whether the original bytes of this line are available (it was parsed and not rebuilt). */
    boolean hasSourceBytes() {
        return source != null;
    }

    /** The bytes of this line as it goes on the wire, line break included. */
    int writeTo(byte[] out, int offset) {
        if (source != null) {
            int length = lineEnd - lineStart;
            System.arraycopy(source, lineStart, out, offset, length);
            if (!terminated()) {
                // The last line of a datagram without the empty line: end it, or the next line would join it.
                out[offset + length] = '\r';
                out[offset + length + 1] = '\n';
                return offset + length + 2;
            }
            return offset + length;
        }
        byte[] bytes = builtLine();
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return offset + bytes.length;
    }

    int wireLength() {
        if (source != null) {
            return lineEnd - lineStart + (terminated() ? 0 : 2);
        }
        return builtLine().length;
    }

    /**
     * The wire line of a header made with {@link #of}, encoded once: a message is measured then written, and a
     * header may be serialized in several messages (a response and its retransmissions, forwarded copies).
     */
    private byte[] builtLine() {
        byte[] line = builtLine;
        if (line == null) {
            line = (name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
            builtLine = line;
        }
        return line;
    }

    private boolean terminated() {
        return lineEnd > lineStart && source[lineEnd - 1] == '\n';
    }

    /**
     * Header values are UTF-8 (RFC 3261 §7.3.1 allows UTF-8 in text); folding (line break followed by white
     * space) becomes one space.
     */
    private static String unfold(byte[] bytes, int start, int end) {
        while (end > start && isWsp(bytes[end - 1])) {
            end--;
        }
        boolean folded = false;
        for (int i = start; i < end; i++) {
            if (bytes[i] == '\r' || bytes[i] == '\n') {
                folded = true;
                break;
            }
        }
        if (!folded) {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[end - start];
        int n = 0;
        int i = start;
        while (i < end) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                while (i < end && (bytes[i] == '\r' || bytes[i] == '\n')) {
                    i++;
                }
                while (i < end && isWsp(bytes[i])) {
                    i++;
                }
                while (n > 0 && isWsp(out[n - 1])) {
                    n--;
                }
                out[n++] = ' ';
            } else {
                out[n++] = b;
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Equal when the names are written the same and the values (unfolded) are the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SipHeader h && name.equals(h.name) && value().equals(h.value());
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + value().hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + value();
    }
}
