package org.flexisip.common.sip.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A multipart body as SIP carries it: {@code multipart/mixed} (RFC 2046 §5.1.3, e.g. S/MIME or SDP plus an
 * image, RFC 3261 §7.4) and {@code multipart/related} (RFC 2387), as in the resource-list NOTIFY of RFC 4662 §5
 * ({@code type="application/rlmi+xml"}, {@code start="<cid>"}, an RLMI root part then one part per resource).
 * Bytes in, bytes out: the body is already framed by Content-Length (RFC 3261 §18.3) and parts are never
 * decoded or scanned as text.
 *
 * <h2>Grammar (RFC 2046 §5.1.1)</h2>
 * <pre>
 * boundary        := 0*69&lt;bchars&gt; bcharsnospace
 * bchars          := bcharsnospace / " "
 * bcharsnospace   := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?"
 * multipart-body  := [preamble CRLF] dash-boundary transport-padding CRLF body-part *encapsulation
 *                    close-delimiter transport-padding [CRLF epilogue]
 * dash-boundary   := "--" boundary
 * encapsulation   := delimiter transport-padding CRLF body-part
 * delimiter       := CRLF dash-boundary
 * close-delimiter := delimiter "--"
 * transport-padding := *LWSP-char
 * body-part       := MIME-part-headers [CRLF *OCTET]
 * </pre>
 *
 * <h2>How {@link #parse} reads it</h2>
 * <table>
 * <caption>Parsing decisions</caption>
 * <tr><th>Input</th><th>Handling</th></tr>
 * <tr><td>delimiters</td><td>exactly CRLF "--" boundary; the first one may also open the body (no preamble).
 *     A bare LF before "--boundary" is content: binary parts contain bare LFs.</td></tr>
 * <tr><td>boundary lookalikes</td><td>"--boundary" followed by something other than transport padding and CRLF,
 *     or "--", is content (whole-line match; a stricter reading of the RFC 2046 §5.1.1 prefix note, which makes
 *     nested bodies whose boundaries share a prefix readable).</td></tr>
 * <tr><td>preamble, epilogue</td><td>ignored, including bytes after "--boundary--" on the same line.</td></tr>
 * <tr><td>part headers</td><td>end at the first empty line; a part starting with CRLF has none. Lines may end
 *     with a bare LF (the header block is text and cannot be confused with content, so this tolerance is
 *     free); folded lines (RFC 5322 §2.2.3) are unfolded. Decoded as UTF-8 (RFC 6532).</td></tr>
 * <tr><td>a part with headers and no empty line</td><td>accepted, with empty content.</td></tr>
 * <tr><td>boundary syntax</td><td>not checked (length and characters are checked only when building).</td></tr>
 * <tr><td>nested multiparts</td><td>left as content; parse them with their own boundary.</td></tr>
 * </table>
 * Refused, with a {@link MultipartException} naming the byte offset: an empty boundary, no delimiter, a close
 * delimiter before any part, a missing close delimiter, a header line without ':', a continuation line before
 * any header, and more parts or part headers than the {@link Limits}.
 *
 * <p>Immutable. {@link #toBytes()} writes the canonical form ({@code --b CRLF headers CRLF content CRLF --b ...
 * --b-- CRLF}), so {@code parse(b.toBytes(), b.boundary()).parts()} equals {@code b.parts()}.
 */
public final class MultipartBody {

    /** Longest boundary RFC 2046 §5.1.1 allows. */
    public static final int MAX_BOUNDARY_LENGTH = 70;
    /** Length of the boundaries made by {@link #newBoundary}: 24 alphanumerics, about 143 random bits. */
    public static final int GENERATED_BOUNDARY_LENGTH = 24;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DASH = '-';
    private static final byte[] CRLF = {CR, LF};
    private static final String ALPHANUMERICS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** RFC 2046 §5.1.1 bcharsnospace, besides DIGIT and ALPHA. */
    private static final String BOUNDARY_SYMBOLS = "'()+_,-./:=?";
    /** RFC 2045 §5.1 tspecials: a parameter value containing one of these (or SP, CTL) must be quoted. */
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    /**
     * Caps on what a peer controls when {@link #parse parsing}.
     *
     * <table>
     * <caption>Limits</caption>
     * <tr><th>Limit</th><th>Default</th><th>Meaning</th></tr>
     * <tr><td>{@code maxParts}</td><td>{@value #DEFAULT_MAX_PARTS}</td><td>body parts in one body</td></tr>
     * <tr><td>{@code maxHeadersPerPart}</td><td>{@value #DEFAULT_MAX_HEADERS_PER_PART}</td>
     *     <td>header lines (after unfolding) in one part</td></tr>
     * </table>
     *
     * @param maxParts          at least 1
     * @param maxHeadersPerPart at least 1
     */
    public record Limits(int maxParts, int maxHeadersPerPart) {
        public static final int DEFAULT_MAX_PARTS = 1000;
        public static final int DEFAULT_MAX_HEADERS_PER_PART = 100;
        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_PARTS, DEFAULT_MAX_HEADERS_PER_PART);

        /** @throws IllegalArgumentException for a limit below 1 (a configuration bug, not peer input) */
        public Limits {
            if (maxParts < 1 || maxHeadersPerPart < 1) {
                throw new IllegalArgumentException("multipart limits must be at least 1: " + maxParts + ", "
                        + maxHeadersPerPart);
            }
        }
    }

    private final String boundary;
    private final List<MimePart> parts;

    private MultipartBody(String boundary, List<MimePart> parts) {
        this.boundary = boundary;
        this.parts = parts;
    }

    /** {@link #parse(byte[], String, Limits)} with {@link Limits#DEFAULT}. */
    public static MultipartBody parse(byte[] body, String boundary) throws MultipartException {
        return parse(body, boundary, Limits.DEFAULT);
    }

    /**
     * Reads the parts of a multipart body (RFC 2046 §5.1.1; see the class Javadoc for the tolerances).
     *
     * @param body     the message body, exactly Content-Length bytes
     * @param boundary the {@code boundary} parameter of the Content-Type ({@link #boundaryOf})
     * @throws MultipartException when the body does not follow the grammar or exceeds {@code limits}
     */
    public static MultipartBody parse(byte[] body, String boundary, Limits limits) throws MultipartException {
        if (boundary.isEmpty()) {
            throw new MultipartException("empty multipart boundary", 0);
        }
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        Delimiter open = Delimiter.find(body, dash, 0);
        if (open == null) {
            throw new MultipartException("no delimiter '--" + boundary + "' in the multipart body", 0);
        }
        if (open.close()) {
            throw new MultipartException("close delimiter before any body part (RFC 2046 §5.1.1 needs one)",
                    open.start());
        }
        List<MimePart> parts = new ArrayList<>();
        while (true) {
            Delimiter next = Delimiter.find(body, dash, open.end());
            if (next == null) {
                throw new MultipartException("missing close delimiter '--" + boundary + "--' after the part at byte "
                        + open.end(), body.length);
            }
            parts.add(parsePart(body, open.end(), next.start(), limits));
            if (next.close()) {
                return new MultipartBody(boundary, Collections.unmodifiableList(parts));
            }
            if (parts.size() == limits.maxParts()) {
                throw new MultipartException("more than " + limits.maxParts() + " body parts", next.start());
            }
            open = next;
        }
    }

    /**
     * A delimiter line found in the body.
     *
     * @param start where the delimiter starts: its CRLF, or the first '-' when it opens the body
     * @param end   first byte after it: after the CRLF ending its line, or after "--" for a close delimiter
     * @param close whether it is the close delimiter
     */
    private record Delimiter(int start, int end, boolean close) {

        /** The first delimiter at or after {@code from}, or null. */
        static Delimiter find(byte[] body, byte[] dash, int from) {
            if (from == 0 && matches(body, 0, dash)) {
                Delimiter d = at(body, dash, 0, 0);
                if (d != null) {
                    return d;
                }
            }
            for (int i = from; i + 2 + dash.length <= body.length; i++) {
                if (body[i] == CR && body[i + 1] == LF && matches(body, i + 2, dash)) {
                    Delimiter d = at(body, dash, i, i + 2);
                    if (d != null) {
                        return d;
                    }
                }
            }
            return null;
        }

        /** The delimiter whose dash-boundary is at {@code dashAt}, or null when the line goes on with content. */
        private static Delimiter at(byte[] body, byte[] dash, int start, int dashAt) {
            int p = dashAt + dash.length;
            if (p + 1 < body.length && body[p] == DASH && body[p + 1] == DASH) {
                return new Delimiter(start, p + 2, true);
            }
            while (p < body.length && (body[p] == ' ' || body[p] == '\t')) {
                p++;
            }
            if (p + 1 < body.length && body[p] == CR && body[p + 1] == LF) {
                return new Delimiter(start, p + 2, false);
            }
            return null;
        }

        private static boolean matches(byte[] body, int at, byte[] dash) {
            if (at + dash.length > body.length) {
                return false;
            }
            for (int k = 0; k < dash.length; k++) {
                if (body[at + k] != dash[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * {@code body-part := MIME-part-headers [CRLF *OCTET]} between {@code start} and {@code end}. Folded
     * values are collected in a builder, so many continuation lines cost linear time.
     */
    private static MimePart parsePart(byte[] body, int start, int end, Limits limits) throws MultipartException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int p = start;
        int contentStart = end;
        while (p < end) {
            int lf = p;
            while (lf < end && body[lf] != LF) {
                lf++;
            }
            int next = lf < end ? lf + 1 : end;
            int lineEnd = lf < end && lf > p && body[lf - 1] == CR ? lf - 1 : lf;
            if (lineEnd == p) {
                contentStart = next;
                break;
            }
            String line = new String(body, p, lineEnd - p, StandardCharsets.UTF_8);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (name == null) {
                    throw new MultipartException("continuation line before any part header", p);
                }
                value.append(line);
            } else {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new MultipartException("part header line without ':'", p);
                }
                if (name != null) {
                    headers.add(Map.entry(name, value.toString()));
                }
                name = line.substring(0, colon).strip();
                if (name.isEmpty()) {
                    throw new MultipartException("part header line without a name", p);
                }
                if (headers.size() == limits.maxHeadersPerPart()) {
                    throw new MultipartException("more than " + limits.maxHeadersPerPart() + " headers in a part", p);
                }
                value.setLength(0);
                value.append(line, colon + 1, line.length());
            }
            p = next;
        }
        if (name != null) {
            headers.add(Map.entry(name, value.toString()));
        }
        byte[] content = new byte[end - contentStart];
        System.arraycopy(body, contentStart, content, 0, content.length);
        return new MimePart(headers, content);
    }

    /**
     * The {@code boundary} parameter of a Content-Type value (RFC 2046 §5.1.1), quoted or not, parameter name
     * compared case-insensitively. Empty when there is none, or it is empty.
     *
     * @param contentTypeValue e.g. {@code multipart/related; type="application/rlmi+xml"; boundary=50UBfW7LSCV}
     */
    public static Optional<String> boundaryOf(String contentTypeValue) {
        return parameterOf(contentTypeValue, "boundary").filter(b -> !b.isEmpty());
    }

    /**
     * A parameter of a Content-Type value (RFC 2045 §5.1 {@code *(";" parameter)}, {@code value := token /
     * quoted-string}), for example {@code start} and {@code type} of multipart/related (RFC 2387 §3). Lenient:
     * an unquoted value runs to the next ';' and is trimmed (so boundaries with characters outside token are
     * read); a quoted value has its quoted-pairs undone and an unterminated one runs to the end. A ';' inside a
     * quoted value does not end it.
     *
     * @return the first value of parameter {@code name} (case-insensitive); {@code Optional.of("")} for a
     *         parameter without a value; empty when absent
     */
    public static Optional<String> parameterOf(String contentTypeValue, String name) {
        String v = contentTypeValue;
        int p = v.indexOf(';');
        while (p >= 0 && p < v.length()) {
            p++; // after ';'
            int nameStart = p;
            while (p < v.length() && v.charAt(p) != '=' && v.charAt(p) != ';') {
                p++;
            }
            String paramName = v.substring(nameStart, p).strip();
            String value = "";
            if (p < v.length() && v.charAt(p) == '=') {
                p++;
                while (p < v.length() && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
                    p++;
                }
                if (p < v.length() && v.charAt(p) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    p++;
                    while (p < v.length() && v.charAt(p) != '"') {
                        if (v.charAt(p) == '\\' && p + 1 < v.length()) {
                            p++;
                        }
                        quoted.append(v.charAt(p++));
                    }
                    value = quoted.toString();
                    p++; // after the closing quote (past the end when unterminated)
                    while (p < v.length() && v.charAt(p) != ';') {
                        p++;
                    }
                } else {
                    int valueStart = p;
                    while (p < v.length() && v.charAt(p) != ';') {
                        p++;
                    }
                    value = v.substring(valueStart, p).strip();
                }
            }
            if (paramName.equalsIgnoreCase(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * A fresh boundary of {@value #GENERATED_BOUNDARY_LENGTH} letters and digits: valid for RFC 2046 §5.1.1, a
     * token (so it needs no quotes in Content-Type), and with about 143 random bits, so unlikely to occur in any
     * content ({@link Builder#build} still checks).
     */
    public static String newBoundary(RandomGenerator random) {
        StringBuilder b = new StringBuilder(GENERATED_BOUNDARY_LENGTH);
        for (int i = 0; i < GENERATED_BOUNDARY_LENGTH; i++) {
            b.append(ALPHANUMERICS.charAt(random.nextInt(ALPHANUMERICS.length())));
        }
        return b.toString();
    }

    /** A builder for a body delimited by {@code boundary}, checked by {@link Builder#build}. */
    public static Builder builder(String boundary) {
        return new Builder(boundary);
    }

    /** A builder holding this body's boundary and parts. */
    public Builder toBuilder() {
        Builder b = new Builder(boundary);
        b.parts.addAll(parts);
        return b;
    }

    public List<MimePart> parts() {
        return parts;
    }

    public String boundary() {
        return boundary;
    }

    /** The first part whose Content-ID is {@code contentId}, given with or without its angle brackets. */
    public Optional<MimePart> partByContentId(String contentId) {
        String wanted = withoutAngleBrackets(contentId);
        for (MimePart part : parts) {
            if (part.contentId().map(MultipartBody::withoutAngleBrackets).filter(wanted::equals).isPresent()) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    /**
     * The root of a multipart/related body (RFC 2387 §3.2): the part named by the {@code start} parameter, or
     * the first part when there is none. Empty when {@code start} names no part. In an RFC 4662 §5.2 NOTIFY the
     * root is the RLMI document.
     */
    public Optional<MimePart> rootPart(Optional<String> start) {
        return start.isPresent() ? partByContentId(start.get()) : Optional.of(parts.get(0));
    }

    private static String withoutAngleBrackets(String id) {
        String s = id.strip();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * The Content-Type value announcing this body: {@code mediaType}, the given parameters, then
     * {@code boundary}; values that are not RFC 2045 tokens are quoted.
     * <pre>
     * body.contentTypeValue("multipart/related", "type", "application/rlmi+xml", "start", "&lt;x@y&gt;")
     *   → multipart/related;type="application/rlmi+xml";start="&lt;x@y&gt;";boundary=Zq3...
     * </pre>
     *
     * @throws IllegalArgumentException when {@code nameValuePairs} has an odd length (a bug in the caller)
     */
    public String contentTypeValue(String mediaType, String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("parameter names and values must come in pairs");
        }
        StringBuilder s = new StringBuilder(mediaType);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            appendParameter(s, nameValuePairs[i], nameValuePairs[i + 1]);
        }
        appendParameter(s, "boundary", boundary);
        return s.toString();
    }

    private static void appendParameter(StringBuilder s, String name, String value) {
        s.append(';').append(name).append('=');
        if (isToken(value)) {
            s.append(value);
            return;
        }
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\');
            }
            s.append(c);
        }
        s.append('"');
    }

    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The body in canonical form (RFC 2046 §5.1.1): no preamble or epilogue, CRLF line ends. */
    public byte[] toBytes() {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimatedSize(dash.length));
        for (MimePart part : parts) {
            out.writeBytes(dash);
            out.writeBytes(CRLF);
            for (Map.Entry<String, String> h : part.headers()) {
                out.writeBytes((h.getKey() + ": " + h.getValue()).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(CRLF);
            }
            out.writeBytes(CRLF);
            out.writeBytes(part.content());
            out.writeBytes(CRLF);
        }
        out.writeBytes(dash);
        out.write(DASH);
        out.write(DASH);
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private int estimatedSize(int dashLength) {
        int size = dashLength + 4;
        for (MimePart part : parts) {
            size += dashLength + 6 + part.contentLength() + 64 * part.headers().size();
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultipartBody other && boundary.equals(other.boundary) && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(boundary, parts);
    }

    @Override
    public String toString() {
        return "MultipartBody[boundary=" + boundary + ", parts=" + parts + "]";
    }

    /**
     * Collects parts; {@link #build} checks the whole so that {@link #toBytes()} reads back as the same parts.
     * Not thread-safe.
     */
    public static final class Builder {
        private final String boundary;
        private final List<MimePart> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = Objects.requireNonNull(boundary, "boundary");
        }

        public Builder part(MimePart part) {
            parts.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /**
         * Adds a part with a Content-Type header, then the given headers in order.
         *
         * @param extraHeaderNameValuePairs e.g. {@code "Content-ID", "<x@y>"}
         * @throws IllegalArgumentException when the pairs have an odd length (a bug in the caller)
         */
        public Builder part(String contentType, byte[] content, String... extraHeaderNameValuePairs) {
            if (extraHeaderNameValuePairs.length % 2 != 0) {
                throw new IllegalArgumentException("header names and values must come in pairs");
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>(1 + extraHeaderNameValuePairs.length / 2);
            headers.add(Map.entry(MimePart.CONTENT_TYPE, contentType));
            for (int i = 0; i < extraHeaderNameValuePairs.length; i += 2) {
                headers.add(Map.entry(extraHeaderNameValuePairs[i], extraHeaderNameValuePairs[i + 1]));
            }
            return part(new MimePart(headers, content));
        }

        /**
         * The body.
         *
         * @throws MultipartException when the boundary breaks RFC 2046 §5.1.1 (1 to 70 bchars, not ending with a
         *                            space), there is no part, a header name is not RFC 5322 §2.2 field-name
         *                            text, a header value holds CR or LF, or a part's content contains the
         *                            delimiter (RFC 2046 §5.1.1: it "must not appear" inside a part)
         */
        public MultipartBody build() throws MultipartException {
            checkBoundary(boundary);
            if (parts.isEmpty()) {
                throw new MultipartException("a multipart body needs at least one body part", 0);
            }
            byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            for (MimePart part : parts) {
                for (Map.Entry<String, String> h : part.headers()) {
                    checkHeader(h.getKey(), h.getValue());
                }
                // The content always follows a CRLF (end of the header block), so that CRLF counts too.
                byte[] content = part.content();
                byte[] framed = new byte[content.length + 2];
                framed[0] = CR;
                framed[1] = LF;
                System.arraycopy(content, 0, framed, 2, content.length);
                int at = indexOf(framed, delimiter);
                if (at >= 0) {
                    throw new MultipartException("part content contains the delimiter '--" + boundary + "'",
                            Math.max(0, at - 2));
                }
            }
            return new MultipartBody(boundary, List.copyOf(parts));
        }

        private static void checkBoundary(String boundary) throws MultipartException {
            if (boundary.isEmpty()) {
                throw new MultipartException("empty multipart boundary", 0);
            }
            if (boundary.length() > MAX_BOUNDARY_LENGTH) {
                throw new MultipartException("boundary longer than " + MAX_BOUNDARY_LENGTH + " characters",
                        MAX_BOUNDARY_LENGTH);
            }
            for (int i = 0; i < boundary.length(); i++) {
                char c = boundary.charAt(i);
                boolean alnum = c < 0x80 && ALPHANUMERICS.indexOf(c) >= 0;
                if (!alnum && BOUNDARY_SYMBOLS.indexOf(c) < 0 && c != ' ') {
                    throw new MultipartException("character '" + c + "' not allowed in a boundary", i);
                }
            }
            if (boundary.endsWith(" ")) {
                throw new MultipartException("boundary ends with a space", boundary.length() - 1);
            }
        }

        private static void checkHeader(String name, String value) throws MultipartException {
            if (name.isEmpty()) {
                throw new MultipartException("empty part header name", 0);
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == ':') {
                    throw new MultipartException("character not allowed in part header name '" + name + "'", i);
                }
            }
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == '\r' || value.charAt(i) == '\n') {
                    throw new MultipartException("CR or LF in the value of part header " + name, i);
                }
            }
        }

        /** Index of {@code needle} in {@code haystack}, or -1 (private; never escapes the builder). */
        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (haystack[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
