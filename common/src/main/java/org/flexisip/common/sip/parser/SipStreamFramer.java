package org.flexisip.common.sip.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3: the header section ends with an empty
 * line, the body is Content-Length bytes; RFC 5626 §3.5.1: CRLFs between messages are keep-alives).
 *
 * <p>Shaped like Netty's HTTP decoder: a state per step, a state that runs out of bytes returns and waits for
 * more, and a failure puts the framer in {@code BROKEN}, where it discards everything (the connection is to be
 * closed). The header section and the whole message are bounded: a message announcing more than
 * {@link Limits#maxMessageBytes()} is refused as soon as its Content-Length is read, without waiting for (or
 * buffering) its body. One instance per connection; not thread-safe.
 */
public final class SipStreamFramer {

    /**
     * Bounds on what one peer can make us buffer.
     *
     * @param maxHeaderBytes  start line and header section, empty line included
     * @param maxMessageBytes header section plus body
     */
    public record Limits(int maxHeaderBytes, int maxMessageBytes) {
        /** 64 KiB of headers, 1 MiB in all. */
        public static final Limits DEFAULT = new Limits(64 * 1024, 1024 * 1024);

        public Limits {
            if (maxHeaderBytes <= 0 || maxMessageBytes < maxHeaderBytes) {
                throw new IllegalArgumentException("need 0 < maxHeaderBytes <= maxMessageBytes");
            }
        }
    }

    private enum State {
        /** Between messages: CRLF keep-alives, then the start of a message. */
        IDLE,
        /** Looking for the empty line that ends the header section. */
        HEADERS,
        /** Waiting for the Content-Length bytes of the body. */
        BODY,
        /** The framing is lost: every byte is discarded until the connection closes. */
        BROKEN
    }

    private static final int INITIAL_CAPACITY = 2048;

    private final SipMessageParser parser;
    private final Limits limits;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int start;
    private int end;
    private int scanned;
    private int frameLength;
    private State state = State.IDLE;

    public SipStreamFramer(SipMessageParser parser, Limits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    /** Adds bytes read from the connection and returns what they complete, in order (often nothing). */
    public List<Decoded> feed(byte[] data, int offset, int length) {
        List<Decoded> out = new ArrayList<>(1);
        if (state == State.BROKEN) {
            return out;
        }
        append(data, offset, length);
        boolean progress = true;
        while (progress && state != State.BROKEN) {
            progress = switch (state) {
                case IDLE -> idle(out);
                case HEADERS -> headers(out);
                case BODY -> body(out);
                case BROKEN -> false;
            };
        }
        return out;
    }

    public List<Decoded> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Whether the framing was lost and the connection should be closed. */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /** Bytes held waiting for the rest of a message. */
    public int bufferedBytes() {
        return end - start;
    }

    private boolean idle(List<Decoded> out) {
        if (start == end) {
            return false;
        }
        if (buffer[start] == '\r' || buffer[start] == '\n') {
            int crlfs = 0;
            int i = start;
            while (i + 1 < end && buffer[i] == '\r' && buffer[i + 1] == '\n' && crlfs < 2) {
                i += 2;
                crlfs++;
            }
            if (crlfs == 0) {
                if (buffer[start] == '\r' && start + 1 == end) {
                    return false; // A CR as the last byte: wait for what follows it.
                }
                start++; // A bare LF, or a CR not followed by LF, between messages: skipped.
                return true;
            }
            if (crlfs == 1 && (i == end || (buffer[i] == '\r' && i + 1 == end))) {
                return false; // Maybe the first half of a CRLFCRLF ping split across reads: wait.
            }
            start = i;
            out.add(new Decoded.KeepAlive(crlfs == 2));
            return true;
        }
        state = State.HEADERS;
        scanned = start;
        return true;
    }

    private boolean headers(List<Decoded> out) {
        int terminator = findEmptyLine();
        if (terminator < 0) {
            if (end - start > limits.maxHeaderBytes()) {
                fail(out, "header section larger than " + limits.maxHeaderBytes() + " bytes");
            }
            return false;
        }
        int headerLength = terminator - start;
        if (headerLength > limits.maxHeaderBytes()) {
            fail(out, "header section larger than " + limits.maxHeaderBytes() + " bytes");
            return false;
        }
        long contentLength = contentLength(start, terminator);
        if (contentLength < 0) {
            // Unusable Content-Length: let the parser refuse the header section, then give up the stream.
            frameLength = headerLength;
            emitFrame(out);
            state = State.BROKEN;
            return false;
        }
        if (headerLength + contentLength > limits.maxMessageBytes()) {
            fail(out, "message of " + (headerLength + contentLength) + " bytes, more than "
                    + limits.maxMessageBytes());
            return false;
        }
        frameLength = (int) (headerLength + contentLength);
        state = State.BODY;
        return true;
    }

    private boolean body(List<Decoded> out) {
        if (end - start < frameLength) {
            return false;
        }
        emitFrame(out);
        state = State.IDLE;
        return true;
    }

    /** Hands the frame to the parser in an array of its own (the buffer itself when the frame fills it). */
    private void emitFrame(List<Decoded> out) {
        byte[] frame;
        int offset;
        if (start + frameLength == end) {
            frame = buffer;
            offset = start;
            buffer = new byte[INITIAL_CAPACITY];
            start = 0;
            end = 0;
        } else {
            frame = new byte[frameLength];
            System.arraycopy(buffer, start, frame, 0, frameLength);
            offset = 0;
            start += frameLength;
        }
        out.add(parser.parseFrame(frame, offset, frameLength));
    }

    private void fail(List<Decoded> out, String reason) {
        out.add(new Decoded.Dropped(reason, start, true));
        state = State.BROKEN;
        buffer = new byte[0];
        start = 0;
        end = 0;
    }

    /**
     * The end of the empty line closing the header section ({@code CRLF CRLF}, or bare LFs), or -1. Resumes
     * where the previous search stopped, so a slow peer costs no rescans.
     */
    private int findEmptyLine() {
        for (int i = Math.max(scanned, start); i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            int next = i + 1;
            if (next < end && buffer[next] == '\n') {
                return next + 1;
            }
            if (next + 1 < end && buffer[next] == '\r' && buffer[next + 1] == '\n') {
                return next + 2;
            }
            if (next >= end || (next + 1 >= end && buffer[next] == '\r')) {
                scanned = i;
                return -1;
            }
        }
        scanned = Math.max(start, end - 1);
        return -1;
    }

    /**
     * The Content-Length of the header section {@code [from, to)}: 0 when absent, -1 when unusable (not a
     * number, too large, or several different values).
     */
    private long contentLength(int from, int to) {
        long found = -2;
        int line = from;
        while (line < to) {
            int lineEnd = line;
            while (lineEnd < to && buffer[lineEnd] != '\n') {
                lineEnd++;
            }
            int nameEnd = isContentLengthName(line, lineEnd);
            if (nameEnd > 0) {
                long value = digits(nameEnd, lineEnd);
                if (value < 0 || (found >= 0 && found != value)) {
                    return -1;
                }
                found = value;
            }
            line = lineEnd + 1;
        }
        return found == -2 ? 0 : found;
    }

    /** After {@code Content-Length :} or {@code l :} (any case) at {@code line}: the value start, else -1. */
    private int isContentLengthName(int line, int lineEnd) {
        int i = line;
        String longName = "content-length";
        int matched = 0;
        while (i < lineEnd && matched < longName.length() && lower(buffer[i]) == longName.charAt(matched)) {
            i++;
            matched++;
        }
        if (matched != longName.length()) {
            i = line;
            if (i < lineEnd && lower(buffer[i]) == 'l') {
                i++;
            } else {
                return -1;
            }
        }
        while (i < lineEnd && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        return i < lineEnd && buffer[i] == ':' ? i + 1 : -1;
    }

    /** The decimal value in {@code [from, to)} surrounded by white space, or -1. */
    private long digits(int from, int to) {
        int i = from;
        while (i < to && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        long value = 0;
        int count = 0;
        while (i < to && buffer[i] >= '0' && buffer[i] <= '9') {
            value = value * 10 + (buffer[i] - '0');
            if (++count > 10) {
                return -1;
            }
            i++;
        }
        while (i < to && (buffer[i] == ' ' || buffer[i] == '\t' || buffer[i] == '\r')) {
            i++;
        }
        return count == 0 || i != to ? -1 : value;
    }

    private static int lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    private void append(byte[] data, int offset, int length) {
        if (end + length > buffer.length) {
            int live = end - start;
            int needed = live + length;
            byte[] target = needed <= buffer.length ? buffer : new byte[Math.max(needed, buffer.length * 2)];
            System.arraycopy(buffer, start, target, 0, live);
            scanned -= start;
            buffer = target;
            start = 0;
            end = live;
        }
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }
}
