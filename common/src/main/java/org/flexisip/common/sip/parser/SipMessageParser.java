package org.flexisip.common.sip.parser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.WireMessageFactory;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;

/**
 * Turns the bytes of one message into a {@link Decoded} (RFC 3261 §7, §18.3): a datagram holds one message;
 * a stream frame comes from {@link SipStreamFramer}. The start line and the headers the stack routes on (Via,
 * From, To, Call-ID, CSeq, Max-Forwards, Contact, Route, Record-Route, Content-Length) are read at once; the
 * other header values stay bytes until someone reads them.
 *
 * <p>A broken request whose Via, From, To, Call-ID and CSeq are present becomes {@link Decoded.Rejected} (400,
 * or 505 for another SIP version) with a reason phrase naming the defect; anything else broken becomes
 * {@link Decoded.Dropped}. Nothing a peer sends throws out of {@link #parseDatagram} or {@link #parseFrame}.
 * Stateless and thread-safe.
 */
public final class SipMessageParser {
    /** Most header lines in one message; beyond, the message is refused. */
    public static final int MAX_HEADER_LINES = 500;
    /** Longest reason phrase we write when refusing a message. */
    static final int MAX_REASON_LENGTH = 160;

    /** Parses one UDP datagram (RFC 3261 §18.3: trailing bytes beyond Content-Length are discarded). */
    public Decoded parseDatagram(byte[] data, int offset, int length) {
        return parse(data, offset, offset + length, true);
    }

    public Decoded parseDatagram(byte[] data) {
        return parseDatagram(data, 0, data.length);
    }

    /**
     * Parses one frame cut by {@link SipStreamFramer}: a terminated header section and exactly Content-Length
     * body bytes. The array becomes the message's storage and must not change afterwards.
     */
    public Decoded parseFrame(byte[] frame, int offset, int length) {
        return parse(frame, offset, offset + length, false);
    }

    private Decoded parse(byte[] data, int offset, int end, boolean datagram) {
        try {
            return new Pass(data, offset, end, datagram).run();
        } catch (RuntimeException e) {
            // A defect of ours, not of the peer: never let it escape into the transport.
            return new Decoded.Dropped("internal parser error: " + e, offset, !datagram);
        }
    }

    /** One parse of one message; holds the positions found so far. */
    private static final class Pass {
        private final byte[] data;
        private final int end;
        private final boolean datagram;
        private int pos;

        private final List<SipHeader> headers = new ArrayList<>(16);
        private int rejectStatus;
        private String rejectReason;

        Pass(byte[] data, int offset, int end, boolean datagram) {
            this.data = data;
            this.pos = offset;
            this.end = end;
            this.datagram = datagram;
        }

        Decoded run() {
            int start = pos;
            while (pos < end && (data[pos] == '\r' || data[pos] == '\n')) {
                pos++;
            }
            if (pos == end) {
                return new Decoded.KeepAlive(end - start >= 4);
            }
            int messageStart = pos;
            int startLineEnd = lineEnd(pos);
            if (startLineEnd < 0) {
                return new Decoded.Dropped("no line break after the start line", pos, !datagram);
            }
            int startLineContentEnd = contentEnd(messageStart, startLineEnd);
            pos = startLineEnd;

            boolean terminated = readHeaderLines();
            if (rejectReason != null && headers.size() >= MAX_HEADER_LINES) {
                return new Decoded.Dropped(rejectReason, pos, !datagram);
            }
            int bodyStart = pos;

            boolean response = startsWith(messageStart, startLineContentEnd, "SIP/");
            String startLine = new String(data, messageStart, startLineContentEnd - messageStart,
                    response ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return response
                    ? response(startLine, messageStart, startLineEnd, bodyStart, terminated)
                    : request(startLine, messageStart, startLineEnd, bodyStart, terminated);
        }

        /**
         * Reads header lines up to the empty line. Returns false when the data ends first (a datagram without
         * the empty line: RFC 4475 §3.1.2.15 keeps such a file).
         */
        private boolean readHeaderLines() {
            while (pos < end) {
                int lineStart = pos;
                if (data[pos] == '\n') {
                    pos++;
                    return true;
                }
                if (data[pos] == '\r' && pos + 1 < end && data[pos + 1] == '\n') {
                    pos += 2;
                    return true;
                }
                int nameEnd = pos;
                while (nameEnd < end && SipChars.isToken(data[nameEnd])) {
                    nameEnd++;
                }
                int colon = nameEnd;
                while (colon < end && (data[colon] == ' ' || data[colon] == '\t')) {
                    colon++;
                }
                int lineEnd = foldedLineEnd(pos);
                if (nameEnd == lineStart || colon >= end || data[colon] != ':') {
                    reject(400, "Malformed header line (no name or no ':'): '"
                            + new String(data, lineStart, Math.min(contentEnd(lineStart, lineEnd) - lineStart, 40),
                                    StandardCharsets.ISO_8859_1) + "'");
                    pos = lineEnd;
                    continue;
                }
                int valueStart = colon + 1;
                while (valueStart < lineEnd && (data[valueStart] == ' ' || data[valueStart] == '\t')) {
                    valueStart++;
                }
                int valueEnd = contentEnd(valueStart, lineEnd);
                headers.add(WireMessageFactory.header(data, lineStart, nameEnd, valueStart, valueEnd, lineEnd));
                pos = lineEnd;
                if (headers.size() >= MAX_HEADER_LINES) {
                    rejectReason = "more than " + MAX_HEADER_LINES + " header lines";
                    return false;
                }
            }
            return false;
        }

        private Decoded request(String startLine, int messageStart, int startLineEnd, int bodyStart,
                boolean terminated) {
            String method = "";
            Uri requestUri = null;
            int sp1 = startLine.indexOf(' ');
            int sp2 = startLine.lastIndexOf(' ');
            if (sp1 <= 0 || sp2 == sp1) {
                reject(400, "Malformed Request-Line");
            } else {
                method = startLine.substring(0, sp1);
                String uriText = startLine.substring(sp1 + 1, sp2);
                String version = startLine.substring(sp2 + 1);
                if (!SipChars.isToken(method)) {
                    reject(400, "Malformed method in the Request-Line");
                } else if (!isSipVersion(version)) {
                    reject(400, "Malformed SIP-Version in the Request-Line");
                } else if (!version.equalsIgnoreCase(SipMessage.SIP_VERSION)) {
                    reject(505, "Version Not Supported");
                } else if (uriText.isEmpty() || uriText.indexOf(' ') >= 0 || uriText.indexOf('\t') >= 0) {
                    reject(400, "Malformed Request-Line (extra white space)");
                } else if (uriText.charAt(0) == '<') {
                    reject(400, "Request-URI enclosed in <>");
                } else {
                    try {
                        requestUri = Uri.parse(uriText);
                        if (requestUri instanceof SipUri sip && !sip.headers().isEmpty()) {
                            reject(400, "Request-URI with headers");
                        }
                    } catch (SipSyntaxException e) {
                        reject(400, "Malformed Request-URI: " + e.reason());
                    }
                }
            }
            // What an answer needs (RFC 3261 §8.2.6.2): without it, the request cannot even be refused.
            for (HeaderName required : RESPONSE_HEADERS) {
                if (count(required) == 0) {
                    return new Decoded.Dropped("request without " + required.canonical(), bodyStart, !datagram);
                }
            }
            Routing routing = readRoutingHeaders();
            if (rejectReason == null && routing.cseq != null && !routing.cseq.method().equals(method)) {
                reject(400, "CSeq method does not match the request method");
            }
            Body body = body(bodyStart, terminated);
            if (rejectReason != null) {
                return new Decoded.Rejected(rejectStatus, rejectReason, method, responseHeaders(),
                        !datagram && body == null);
            }
            return new Decoded.Message(WireMessageFactory.request(method, requestUri,
                    layout(messageStart, startLineEnd, body, routing)));
        }

        private Decoded response(String startLine, int messageStart, int startLineEnd, int bodyStart,
                boolean terminated) {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            int sp1 = startLine.indexOf(' ');
            if (sp1 < 0 || !startLine.substring(0, sp1).equalsIgnoreCase(SipMessage.SIP_VERSION)
                    || startLine.length() < sp1 + 5 || startLine.charAt(sp1 + 4) != ' ') {
                return dropped("Malformed Status-Line", messageStart);
            }
            String code = startLine.substring(sp1 + 1, sp1 + 4);
            if (!code.chars().allMatch(SipChars::isDigit) || code.charAt(0) < '1' || code.charAt(0) > '6') {
                return dropped("Malformed status code", messageStart);
            }
            String reason = startLine.substring(sp1 + 5);
            for (HeaderName required : RESPONSE_HEADERS) {
                if (count(required) == 0) {
                    return dropped("response without " + required.canonical(), bodyStart);
                }
            }
            Routing routing = readRoutingHeaders();
            Body body = body(bodyStart, terminated);
            if (rejectReason != null) {
                return dropped(rejectReason, bodyStart);
            }
            return new Decoded.Message(WireMessageFactory.response(Integer.parseInt(code), reason,
                    layout(messageStart, startLineEnd, body, routing)));
        }

        private Decoded dropped(String reason, int at) {
            return new Decoded.Dropped(reason, at, !datagram);
        }

        /** The routing headers, parsed; the first problem found becomes the reason of the refusal. */
        private Routing readRoutingHeaders() {
            Routing r = new Routing();
            for (HeaderName single : List.of(HeaderName.FROM, HeaderName.TO, HeaderName.CALL_ID, HeaderName.CSEQ,
                    HeaderName.MAX_FORWARDS)) {
                if (count(single) > 1) {
                    reject(400, "Multiple " + single.canonical() + " headers");
                }
            }
            List<ViaHeader> vias = new ArrayList<>(2);
            List<AddressHeader> contacts = null;
            List<AddressHeader> routes = null;
            List<AddressHeader> recordRoutes = null;
            int contactLines = 0;
            boolean contactStar = false;
            for (SipHeader h : headers) {
                HeaderName name = h.known().orElse(null);
                if (name == null) {
                    continue;
                }
                try {
                    switch (name) {
                        case VIA -> vias.addAll(ViaHeader.parseList(h.value()));
                        case FROM -> r.from = r.from == null ? AddressHeader.parse(h.value()) : r.from;
                        case TO -> r.to = r.to == null ? AddressHeader.parse(h.value()) : r.to;
                        case CSEQ -> r.cseq = r.cseq == null ? CSeqHeader.parse(h.value()) : r.cseq;
                        case CALL_ID -> checkCallId(h.value());
                        case MAX_FORWARDS -> SipMessage.parseMaxForwards(h.value());
                        case CONTACT -> {
                            contactLines++;
                            if (h.value().equals("*")) {
                                contactStar = true;
                            } else {
                                contacts = add(contacts, AddressHeader.parseList(h.value()));
                            }
                        }
                        case ROUTE -> routes = add(routes, AddressHeader.parseList(h.value()));
                        case RECORD_ROUTE -> recordRoutes = add(recordRoutes, AddressHeader.parseList(h.value()));
                        default -> {
                        }
                    }
                } catch (SipSyntaxException e) {
                    reject(400, "Malformed " + name.canonical() + " header: " + e.reason());
                } catch (InvalidHeaderException e) {
                    reject(400, e.getMessage());
                }
            }
            if (contactStar && contactLines > 1) {
                reject(400, "Contact '*' must be the only contact");
            }
            r.vias = List.copyOf(vias);
            r.contacts = contactStar ? List.of() : contacts == null ? null : List.copyOf(contacts);
            r.routes = routes == null ? null : List.copyOf(routes);
            r.recordRoutes = recordRoutes == null ? null : List.copyOf(recordRoutes);
            return r;
        }

        private static List<AddressHeader> add(List<AddressHeader> list, List<AddressHeader> more) {
            List<AddressHeader> l = list == null ? new ArrayList<>(more.size()) : list;
            l.addAll(more);
            return l;
        }

        /** {@code callid = word [ "@" word ]}: taken literally, but not empty and without white space. */
        private static void checkCallId(String value) throws SipSyntaxException {
            if (value.isEmpty()) {
                throw new SipSyntaxException("empty Call-ID", 0);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c == 0x7F) {
                    throw new SipSyntaxException("white space or control character in the Call-ID", i);
                }
            }
        }

        /**
         * The body, framed by Content-Length (RFC 3261 §18.3). A datagram without Content-Length takes the rest
         * of the datagram; with one, trailing bytes are discarded and a missing tail is an error. Returns null
         * when the length cannot be known (the framing on a stream is lost).
         */
        private Body body(int bodyStart, boolean terminated) {
            List<SipHeader> lengths = new ArrayList<>(1);
            for (SipHeader h : headers) {
                if (h.is(HeaderName.CONTENT_LENGTH)) {
                    lengths.add(h);
                }
            }
            int available = end - bodyStart;
            if (lengths.isEmpty()) {
                return new Body(bodyStart, datagram ? available : 0, false);
            }
            String value = lengths.get(0).value();
            java.util.OptionalLong parsedLength = SipChars.decimal(value, 10);
            for (SipHeader other : lengths) {
                if (!SipChars.decimal(other.value(), 10).equals(parsedLength)) {
                    reject(400, "Several different Content-Length values");
                    return null;
                }
            }
            if (parsedLength.isEmpty()) {
                reject(400, "Malformed Content-Length");
                return null;
            }
            long length = parsedLength.getAsLong();
            if (length > available || (!terminated && length > 0)) {
                reject(400, "Content-Length larger than the message");
                return new Body(bodyStart, 0, false);
            }
            boolean canonical = lengths.size() == 1 && length == available && terminated;
            return new Body(bodyStart, (int) length, canonical);
        }

        private WireMessageFactory.Layout layout(int messageStart, int startLineEnd, Body body, Routing r) {
            return new WireMessageFactory.Layout(data, messageStart, startLineEnd - messageStart, headers,
                    body.offset, body.length, body.canonical, messageStart, body.offset + body.length - messageStart,
                    r.vias, r.from, r.to, r.cseq, r.contacts, r.routes, r.recordRoutes);
        }

        /** The lines an answer copies: every Via, the first From, To, Call-ID and CSeq. */
        private List<SipHeader> responseHeaders() {
            List<SipHeader> copied = new ArrayList<>(8);
            boolean from = false;
            boolean to = false;
            boolean callId = false;
            boolean cseq = false;
            for (SipHeader h : headers) {
                if (h.is(HeaderName.VIA)) {
                    copied.add(h);
                } else if (h.is(HeaderName.FROM) && !from) {
                    from = copied.add(h);
                } else if (h.is(HeaderName.TO) && !to) {
                    to = copied.add(h);
                } else if (h.is(HeaderName.CALL_ID) && !callId) {
                    callId = copied.add(h);
                } else if (h.is(HeaderName.CSEQ) && !cseq) {
                    cseq = copied.add(h);
                }
            }
            return copied;
        }

        private int count(HeaderName name) {
            int n = 0;
            for (SipHeader h : headers) {
                if (h.is(name)) {
                    n++;
                }
            }
            return n;
        }

        /** Keeps the first problem: it is the one the reason phrase reports. */
        private void reject(int status, String reason) {
            if (rejectReason == null) {
                rejectStatus = status;
                rejectReason = printable(reason);
            }
        }

        /** The end of the line starting at {@code from}, line break included; -1 when there is none. */
        private int lineEnd(int from) {
            for (int i = from; i < end; i++) {
                if (data[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** The end of a header line and of the continuation lines that fold into it (RFC 3261 §7.3.1). */
        private int foldedLineEnd(int from) {
            int e = lineEnd(from);
            while (e > 0 && e < end && (data[e] == ' ' || data[e] == '\t')) {
                int next = lineEnd(e);
                if (next < 0) {
                    return end;
                }
                e = next;
            }
            return e < 0 ? end : e;
        }

        /** The end of the content of a line ending at {@code lineEnd}: before its CRLF or LF. */
        private int contentEnd(int lineStart, int lineEnd) {
            int e = lineEnd;
            if (e > lineStart && data[e - 1] == '\n') {
                e--;
            }
            if (e > lineStart && data[e - 1] == '\r') {
                e--;
            }
            return e;
        }

        private boolean startsWith(int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                int b = data[from + i];
                if (Character.toUpperCase(b) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<HeaderName> RESPONSE_HEADERS = List.of(HeaderName.VIA, HeaderName.FROM,
            HeaderName.TO, HeaderName.CALL_ID, HeaderName.CSEQ);

    /** {@code SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT}, any case. */
    static boolean isSipVersion(String v) {
        if (v.length() < 7 || !v.regionMatches(true, 0, "SIP/", 0, 4)) {
            return false;
        }
        int dot = v.indexOf('.', 4);
        return dot > 4 && dot < v.length() - 1 && v.substring(4, dot).chars().allMatch(SipChars::isDigit)
                && v.substring(dot + 1).chars().allMatch(SipChars::isDigit);
    }

    /** A reason phrase we can write: printable ASCII, bounded. */
    static String printable(String reason) {
        StringBuilder b = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < reason.length() && b.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    /** Where the body is; canonical when the message's Content-Length is its one, exact length. */
    private record Body(int offset, int length, boolean canonical) {
    }

    /** The routing headers read by the parser. */
    private static final class Routing {
        List<ViaHeader> vias;
        AddressHeader from;
        AddressHeader to;
        CSeqHeader cseq;
        List<AddressHeader> contacts;
        List<AddressHeader> routes;
        List<AddressHeader> recordRoutes;
    }
}
