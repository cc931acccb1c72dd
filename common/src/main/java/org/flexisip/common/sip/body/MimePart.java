package org.flexisip.common.sip.body;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One body part of a multipart body (RFC 2046 §5.1): its MIME headers (RFC 2045 §3, RFC 2387 Content-ID) and
 * its content as raw bytes. The content is never decoded: SIP sends parts with
 * {@code Content-Transfer-Encoding: binary} (RFC 3261 §7.4.1 forbids relying on anything else), so it may hold
 * NUL, bare CR or bare LF (RFC 4475 §3.1.1.11).
 *
 * <p>Immutable. Header names and values are stored trimmed (surrounding whitespace carries no meaning in a
 * MIME header), in the order given; the content is copied in and out. Two parts are equal when their headers
 * are equal in order and their contents are byte for byte equal.
 *
 * @param headers the part's headers, name and value, in order (names as written)
 * @param content the part's content, without the CRLF that precedes the next delimiter
 */
public record MimePart(List<Map.Entry<String, String>> headers, byte[] content) {

    /** RFC 2045 §5. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** RFC 2045 §7, RFC 2392 (the {@code <id@host>} form referenced by RFC 2387 {@code start}). */
    public static final String CONTENT_ID = "Content-ID";

    public MimePart {
        List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers) {
            copy.add(Map.entry(h.getKey().strip(), h.getValue().strip()));
        }
        headers = Collections.unmodifiableList(copy);
        content = content.clone();
    }

    /** A part with only a Content-Type header. */
    public static MimePart of(String contentType, byte[] content) {
        return new MimePart(List.of(Map.entry(CONTENT_TYPE, contentType)), content);
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Number of content bytes, without copying them. */
    public int contentLength() {
        return content.length;
    }

    /** The first value of header {@code name}, compared case-insensitively (RFC 2045 §3), trimmed. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return Optional.of(h.getValue());
            }
        }
        return Optional.empty();
    }

    /** The full Content-Type value with its parameters, e.g. {@code application/pidf+xml;charset=utf-8}. */
    public Optional<String> contentType() {
        return header(CONTENT_TYPE);
    }

    /** The Content-ID value as written, e.g. {@code <abc@example.com>} (RFC 2392). */
    public Optional<String> contentId() {
        return header(CONTENT_ID);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MimePart other && headers.equals(other.headers) && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "MimePart[headers=" + headers + ", content=" + content.length + " bytes]";
    }
}
