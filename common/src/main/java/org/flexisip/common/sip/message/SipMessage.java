package org.flexisip.common.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.header.EventHeader;
import org.flexisip.common.sip.header.MediaType;
import org.flexisip.common.sip.header.ReasonHeader;
import org.flexisip.common.sip.header.SubscriptionState;
import org.flexisip.common.sip.header.TokenList;
import org.flexisip.common.sip.header.ViaHeader;

/**
 * A SIP request or response (RFC 3261 §7): a start line, header lines in order, a body. Immutable and safe to
 * share between threads; {@link #copy()} gives a builder for a changed copy.
 *
 * <p>A parsed message keeps its bytes: header lines nobody changed are written out byte for byte, and an
 * unchanged message serializes to exactly the bytes it was parsed from. The headers the stack routes on (Via,
 * From, To, Call-ID, CSeq, Max-Forwards, Contact, Route, Record-Route) are read by the parser; any other typed
 * accessor parses its header on first use and throws {@link InvalidHeaderException} if a peer sent it
 * malformed.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    /** {@code SIP/2.0}: the only version we speak (RFC 3261 §7.1). */
    public static final String SIP_VERSION = "SIP/2.0";

    private final StartLineBytes startLine;
    private final List<SipHeader> headers;
    private final byte[] bodySource;
    private final int bodyOffset;
    private final int bodyLength;
    private final WholeBytes whole;

    private volatile List<ViaHeader> vias;
    private volatile AddressHeader from;
    private volatile AddressHeader to;
    private volatile CSeqHeader cseq;
    private volatile List<AddressHeader> contacts;
    private volatile List<AddressHeader> routes;
    private volatile List<AddressHeader> recordRoutes;

    /** The original bytes of the start line (CRLF included), when it was parsed and not changed. */
    record StartLineBytes(byte[] source, int offset, int length) {
    }

    /** The exact bytes a parsed, unchanged message came from. */
    record WholeBytes(byte[] source, int offset, int length) {
    }

    SipMessage(StartLineBytes startLine, List<SipHeader> headers, byte[] bodySource, int bodyOffset,
            int bodyLength, WholeBytes whole) {
        this.startLine = startLine;
        this.headers = headers;
        this.bodySource = bodySource;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.whole = whole;
    }

    /** Headers already parsed by the parser, handed over so that they are not parsed twice. */
    void preparsed(List<ViaHeader> v, AddressHeader f, AddressHeader t, CSeqHeader c, List<AddressHeader> m,
            List<AddressHeader> r, List<AddressHeader> rr) {
        this.vias = v;
        this.from = f;
        this.to = t;
        this.cseq = c;
        this.contacts = m;
        this.routes = r;
        this.recordRoutes = rr;
    }

    public abstract boolean isRequest();

    /** The start line without CRLF ({@code INVITE sip:bob@example.org SIP/2.0}, {@code SIP/2.0 200 OK}). */
    public abstract String startLine();

    // ---- headers as lines ----

    /** Every header line, in order. */
    public List<SipHeader> headers() {
        return headers;
    }

    /** The lines of header {@code name} (long or compact form), in order. */
    public List<SipHeader> headers(HeaderName name) {
        List<SipHeader> found = null;
        for (SipHeader h : headers) {
            if (h.is(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(h);
            }
        }
        return found == null ? List.of() : found;
    }

    /** The lines whose name is {@code name} (case-insensitive; compact forms of known headers match). */
    public List<SipHeader> headers(String name) {
        Optional<HeaderName> known = HeaderName.of(name);
        if (known.isPresent()) {
            return headers(known.get());
        }
        List<SipHeader> found = new ArrayList<>(1);
        for (SipHeader h : headers) {
            if (h.known().isEmpty() && h.name().equalsIgnoreCase(name)) {
                found.add(h);
            }
        }
        return found;
    }

    public Optional<SipHeader> header(HeaderName name) {
        for (SipHeader h : headers) {
            if (h.is(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The value of the first line named {@code name}. */
    public Optional<String> headerValue(String name) {
        List<SipHeader> lines = headers(name);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).value());
    }

    public Optional<String> headerValue(HeaderName name) {
        return header(name).map(SipHeader::value);
    }

    // ---- typed access: routing headers (read by the parser) ----

    /** Every Via value, top first, across lines and comma lists. */
    public List<ViaHeader> vias() {
        List<ViaHeader> v = vias;
        if (v == null) {
            List<ViaHeader> all = new ArrayList<>(2);
            for (SipHeader h : headers(HeaderName.VIA)) {
                all.addAll(parse(h, ViaHeader::parseList));
            }
            v = Collections.unmodifiableList(all);
            vias = v;
        }
        return v;
    }

    /** The top Via; a parsed message always has one. */
    public ViaHeader topVia() {
        List<ViaHeader> v = vias();
        if (v.isEmpty()) {
            throw new InvalidHeaderException("Via", "missing");
        }
        return v.get(0);
    }

    public AddressHeader from() {
        AddressHeader f = from;
        if (f == null) {
            f = parse(single(HeaderName.FROM), AddressHeader::parse);
            from = f;
        }
        return f;
    }

    public AddressHeader to() {
        AddressHeader t = to;
        if (t == null) {
            t = parse(single(HeaderName.TO), AddressHeader::parse);
            to = t;
        }
        return t;
    }

    public String callId() {
        return single(HeaderName.CALL_ID).value();
    }

    public CSeqHeader cseq() {
        CSeqHeader c = cseq;
        if (c == null) {
            c = parse(single(HeaderName.CSEQ), CSeqHeader::parse);
            cseq = c;
        }
        return c;
    }

    /** Max-Forwards (RFC 3261 §20.22), 0 to 255; empty when absent. */
    public OptionalInt maxForwards() {
        Optional<String> v = headerValue(HeaderName.MAX_FORWARDS);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(parseMaxForwards(v.get()));
    }

    /** The Contact values; empty for none and for {@code Contact: *} (see {@link #isContactStar()}). */
    public List<AddressHeader> contacts() {
        List<AddressHeader> c = contacts;
        if (c == null) {
            c = isContactStar() ? List.of() : addressList(HeaderName.CONTACT);
            contacts = c;
        }
        return c;
    }

    /** {@code Contact: *} (RFC 3261 §10.2.2: remove every binding). */
    public boolean isContactStar() {
        List<SipHeader> lines = headers(HeaderName.CONTACT);
        return lines.size() == 1 && lines.get(0).value().equals("*");
    }

    public List<AddressHeader> routes() {
        List<AddressHeader> r = routes;
        if (r == null) {
            r = addressList(HeaderName.ROUTE);
            routes = r;
        }
        return r;
    }

    public List<AddressHeader> recordRoutes() {
        List<AddressHeader> r = recordRoutes;
        if (r == null) {
            r = addressList(HeaderName.RECORD_ROUTE);
            recordRoutes = r;
        }
        return r;
    }

    // ---- typed access: other headers (parsed when read) ----

    public List<AddressHeader> paths() {
        return addressList(HeaderName.PATH);
    }

    public List<AddressHeader> serviceRoutes() {
        return addressList(HeaderName.SERVICE_ROUTE);
    }

    public List<AddressHeader> pPreferredIdentities() {
        return addressList(HeaderName.P_PREFERRED_IDENTITY);
    }

    /** Expires (RFC 3261 §20.19) in seconds; empty when absent. */
    public OptionalLong expires() {
        return deltaSeconds(HeaderName.EXPIRES);
    }

    public OptionalLong minExpires() {
        return deltaSeconds(HeaderName.MIN_EXPIRES);
    }

    public Optional<MediaType> contentType() {
        return header(HeaderName.CONTENT_TYPE).map(h -> parse(h, MediaType::parse));
    }

    public List<AuthHeader> authorizations() {
        return authList(HeaderName.AUTHORIZATION);
    }

    public List<AuthHeader> proxyAuthorizations() {
        return authList(HeaderName.PROXY_AUTHORIZATION);
    }

    public List<AuthHeader> wwwAuthenticates() {
        return authList(HeaderName.WWW_AUTHENTICATE);
    }

    public List<AuthHeader> proxyAuthenticates() {
        return authList(HeaderName.PROXY_AUTHENTICATE);
    }

    public Optional<EventHeader> event() {
        return header(HeaderName.EVENT).map(h -> parse(h, EventHeader::parse));
    }

    public Optional<SubscriptionState> subscriptionState() {
        return header(HeaderName.SUBSCRIPTION_STATE).map(h -> parse(h, SubscriptionState::parse));
    }

    public List<String> supported() {
        return tokenList(HeaderName.SUPPORTED);
    }

    public List<String> require() {
        return tokenList(HeaderName.REQUIRE);
    }

    public List<String> proxyRequire() {
        return tokenList(HeaderName.PROXY_REQUIRE);
    }

    public List<String> unsupported() {
        return tokenList(HeaderName.UNSUPPORTED);
    }

    public List<String> allow() {
        return tokenList(HeaderName.ALLOW);
    }

    /** The media ranges of every Accept line; empty when there is no Accept header. */
    public List<MediaType> accept() {
        List<MediaType> all = new ArrayList<>(2);
        for (SipHeader h : headers(HeaderName.ACCEPT)) {
            all.addAll(parse(h, MediaType::parseList));
        }
        return all;
    }

    public Optional<String> sipETag() {
        return headerValue(HeaderName.SIP_ETAG);
    }

    public Optional<String> sipIfMatch() {
        return headerValue(HeaderName.SIP_IF_MATCH);
    }

    public Optional<String> userAgent() {
        return headerValue(HeaderName.USER_AGENT);
    }

    public List<ReasonHeader> reasons() {
        List<ReasonHeader> all = new ArrayList<>(1);
        for (SipHeader h : headers(HeaderName.REASON)) {
            all.addAll(parse(h, ReasonHeader::parseList));
        }
        return all;
    }

    // ---- body ----

    /** A copy of the body (empty array when there is none). */
    public byte[] body() {
        return Arrays.copyOfRange(bodySource, bodyOffset, bodyOffset + bodyLength);
    }

    public int bodyLength() {
        return bodyLength;
    }

    public String bodyAsString() {
        return new String(bodySource, bodyOffset, bodyLength, StandardCharsets.UTF_8);
    }

    // ---- serialization ----

    /**
     * The message on the wire: unchanged header lines byte for byte, Content-Length set to the body length
     * (added when missing, rewritten when wrong, duplicates removed).
     */
    public byte[] toBytes() {
        if (whole != null) {
            return Arrays.copyOfRange(whole.source(), whole.offset(), whole.offset() + whole.length());
        }
        byte[] startBytes = startLine == null ? (startLine() + "\r\n").getBytes(StandardCharsets.UTF_8) : null;
        int startLength = startBytes != null ? startBytes.length : startLine.length();
        int clIndex = -1;
        boolean clCorrect = false;
        int clCount = 0;
        for (int i = 0; i < headers.size(); i++) {
            SipHeader h = headers.get(i);
            if (h.is(HeaderName.CONTENT_LENGTH)) {
                clCount++;
                if (clIndex < 0) {
                    clIndex = i;
                    clCorrect = isContentLength(h.value(), bodyLength);
                }
            }
        }
        boolean keepContentLength = clCount == 1 && clCorrect;
        SipHeader newContentLength = keepContentLength ? null
                : SipHeader.of(HeaderName.CONTENT_LENGTH, Integer.toString(bodyLength));
        int size = startLength + 2 + bodyLength;
        for (SipHeader h : headers) {
            if (keepContentLength || !h.is(HeaderName.CONTENT_LENGTH)) {
                size += h.wireLength();
            }
        }
        if (newContentLength != null) {
            size += newContentLength.wireLength();
        }
        byte[] out = new byte[size];
        int n;
        if (startBytes != null) {
            System.arraycopy(startBytes, 0, out, 0, startBytes.length);
            n = startBytes.length;
        } else {
            System.arraycopy(startLine.source(), startLine.offset(), out, 0, startLine.length());
            n = startLine.length();
        }
        for (int i = 0; i < headers.size(); i++) {
            SipHeader h = headers.get(i);
            if (!keepContentLength && h.is(HeaderName.CONTENT_LENGTH)) {
                if (i == clIndex) {
                    n = newContentLength.writeTo(out, n);
                }
                continue;
            }
            n = h.writeTo(out, n);
        }
        if (newContentLength != null && clIndex < 0) {
            n = newContentLength.writeTo(out, n);
        }
        out[n++] = '\r';
        out[n++] = '\n';
        System.arraycopy(bodySource, bodyOffset, out, n, bodyLength);
        return out;
    }

    // ---- building ----

    /** A builder holding this message's start line, headers and body. */
    public abstract Builder<?> copy();

    StartLineBytes startLineBytes() {
        return startLine;
    }

    /** Equal when start line, header lines (names as written, values unfolded) and body are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SipMessage m) || isRequest() != m.isRequest() || !startLine().equals(m.startLine())
                || !headers.equals(m.headers) || bodyLength != m.bodyLength) {
            return false;
        }
        return Arrays.equals(bodySource, bodyOffset, bodyOffset + bodyLength, m.bodySource, m.bodyOffset,
                m.bodyOffset + m.bodyLength);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startLine(), headers, bodyLength);
    }

    /** The message as text, for logs (the body is decoded as UTF-8). */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    // ---- helpers shared by the accessors ----

    /** A typed parse of one header line. */
    @FunctionalInterface
    interface HeaderParser<T> {
        T parse(String value) throws SipSyntaxException;
    }

    static <T> T parse(SipHeader h, HeaderParser<T> parser) {
        try {
            return parser.parse(h.value());
        } catch (SipSyntaxException e) {
            throw new InvalidHeaderException(h.name(), e.reason());
        }
    }

    private SipHeader single(HeaderName name) {
        SipHeader found = null;
        for (SipHeader h : headers) {
            if (h.is(name)) {
                if (found != null) {
                    throw new InvalidHeaderException(name.canonical(), "present more than once");
                }
                found = h;
            }
        }
        if (found == null) {
            throw new InvalidHeaderException(name.canonical(), "missing");
        }
        return found;
    }

    private List<AddressHeader> addressList(HeaderName name) {
        List<AddressHeader> all = null;
        for (SipHeader h : headers) {
            if (h.is(name)) {
                if (all == null) {
                    all = new ArrayList<>(2);
                }
                all.addAll(parse(h, AddressHeader::parseList));
            }
        }
        return all == null ? List.of() : Collections.unmodifiableList(all);
    }

    private List<AuthHeader> authList(HeaderName name) {
        List<AuthHeader> all = new ArrayList<>(1);
        for (SipHeader h : headers(name)) {
            all.add(parse(h, AuthHeader::parse));
        }
        return all;
    }

    private List<String> tokenList(HeaderName name) {
        List<String> all = new ArrayList<>(4);
        for (SipHeader h : headers(name)) {
            all.addAll(parse(h, TokenList::parse));
        }
        return all;
    }

    private OptionalLong deltaSeconds(HeaderName name) {
        Optional<SipHeader> h = header(name);
        if (h.isEmpty()) {
            return OptionalLong.empty();
        }
        String v = h.get().value();
        OptionalLong seconds = SipChars.decimal(v, 10);
        if (seconds.isEmpty()) {
            throw new InvalidHeaderException(h.get().name(), "expected delta-seconds, got '" + v + "'");
        }
        // RFC 3261 §20.19: a value above 2**32-1 is treated as 2**32-1.
        return OptionalLong.of(Math.min(seconds.getAsLong(), CSeqHeader.MAX_NUMBER));
    }

    /** One item of a comma list whose grammar we do not model: everything up to the next comma. */
    private static String commaListItem(org.flexisip.common.sip.grammar.SipScanner s) {
        int start = s.position();
        while (!s.atEnd() && s.peek() != ',') {
            s.next();
        }
        return s.text().substring(start, s.position()).strip();
    }

    /** Whether {@code value} is {@code 1*DIGIT} equal to {@code length} (leading zeros allowed). */
    static boolean isContentLength(String value, int length) {
        OptionalLong n = SipChars.decimal(value, 10);
        return n.isPresent() && n.getAsLong() == length;
    }

    /**
     * {@code Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT}, at most 255; shared by the parser and
     * {@link #maxForwards()}.
     */
    public static int parseMaxForwards(String v) {
        OptionalLong n = SipChars.decimal(v, 6);
        if (n.isEmpty()) {
            throw new InvalidHeaderException("Max-Forwards", "expected a number, got '" + v + "'");
        }
        int value = (int) n.getAsLong();
        if (value > 255) {
            throw new InvalidHeaderException("Max-Forwards", "above 255");
        }
        return value;
    }

    /**
     * Common part of the request and response builders: header lines and body. Changing a line replaces it
     * with a new one; lines left alone keep their original bytes.
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits SipRequest.Builder, SipResponse.Builder {
        final List<SipHeader> headers;
        byte[] body;
        StartLineBytes startLine;

        Builder(List<SipHeader> headers, byte[] body, StartLineBytes startLine) {
            this.headers = new ArrayList<>(headers);
            this.body = body;
            this.startLine = startLine;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Appends a header line. */
        public B add(String name, String value) {
            headers.add(SipHeader.of(name, value));
            return self();
        }

        public B add(HeaderName name, String value) {
            return add(name.canonical(), value);
        }

        public B add(SipHeader header) {
            headers.add(header);
            return self();
        }

        /** Inserts a header line before the first line of the same header, or appends it (top Via, RR). */
        public B addFirst(HeaderName name, String value) {
            SipHeader header = SipHeader.of(name, value);
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).is(name)) {
                    headers.add(i, header);
                    return self();
                }
            }
            headers.add(header);
            return self();
        }

        /** Replaces every line of {@code name} with one line, where the first one was (else appended). */
        public B set(HeaderName name, String value) {
            SipHeader header = SipHeader.of(name, value);
            int first = -1;
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (headers.get(i).is(name)) {
                    headers.remove(i);
                    first = i;
                }
            }
            if (first < 0) {
                headers.add(header);
            } else {
                headers.add(first, header);
            }
            return self();
        }

        /** Removes every line named {@code name} (long or compact form, any case). */
        public B remove(String name) {
            headers.removeIf(h -> h.hasName(name));
            return self();
        }

        public B remove(HeaderName name) {
            headers.removeIf(h -> h.is(name));
            return self();
        }

        /**
         * Removes the first value of a list header (the top Via, the first Route): a line holding several values
         * keeps the others.
         */
        public B removeFirstValue(HeaderName name) {
            for (int i = 0; i < headers.size(); i++) {
                SipHeader h = headers.get(i);
                if (!h.is(name)) {
                    continue;
                }
                List<String> values = splitValues(h, name);
                if (values.size() <= 1) {
                    headers.remove(i);
                } else {
                    headers.set(i, SipHeader.of(h.name(), String.join(", ", values.subList(1, values.size()))));
                }
                return self();
            }
            return self();
        }

        /**
         * Replaces the first value of a list header where it stands (the top Via stamped with {@code received}):
         * the line keeps its place, a line holding several values keeps the others; appended when absent.
         */
        public B replaceFirstValue(HeaderName name, String value) {
            for (int i = 0; i < headers.size(); i++) {
                SipHeader h = headers.get(i);
                if (!h.is(name)) {
                    continue;
                }
                List<String> values = new ArrayList<>(splitValues(h, name));
                if (values.size() <= 1) {
                    headers.set(i, SipHeader.of(name, value));
                } else {
                    values.set(0, value);
                    headers.set(i, SipHeader.of(h.name(), String.join(", ", values)));
                }
                return self();
            }
            headers.add(SipHeader.of(name, value));
            return self();
        }

        private static List<String> splitValues(SipHeader h, HeaderName name) {
            List<String> values = new ArrayList<>();
            switch (name) {
                case VIA -> parse(h, ViaHeader::parseList).forEach(v -> values.add(v.toString()));
                case CONTACT, ROUTE, RECORD_ROUTE, PATH, SERVICE_ROUTE, P_PREFERRED_IDENTITY ->
                    parse(h, AddressHeader::parseList).forEach(v -> values.add(v.toString()));
                case ACCEPT -> parse(h, MediaType::parseList).forEach(v -> values.add(v.toString()));
                case REASON -> parse(h, ReasonHeader::parseList).forEach(v -> values.add(v.toString()));
                default -> {
                    if (name.listValued()) {
                        values.addAll(parse(h, value -> new org.flexisip.common.sip.grammar.SipScanner(value)
                                .expectOptionalCommaList(SipMessage::commaListItem, "list")));
                    } else {
                        values.add(h.value());
                    }
                }
            }
            return values;
        }

        /** Sets the body and its Content-Type; Content-Length follows when serialized. */
        public B body(byte[] content, String contentType) {
            this.body = content.clone();
            set(HeaderName.CONTENT_TYPE, contentType);
            return self();
        }

        /** Removes the body and the Content-Type. */
        public B noBody() {
            this.body = new byte[0];
            remove(HeaderName.CONTENT_TYPE);
            return self();
        }

        /** The message; refuses one without Via, From, To, Call-ID or CSeq. */
        public abstract SipMessage build();

        /** Checks what every message needs (RFC 3261 §8.1.1): Via, From, To, Call-ID and CSeq. */
        void checkMandatoryHeaders() {
            // One pass, no stream: every message built (each response, each forwarded request) comes through here.
            boolean via = false;
            boolean from = false;
            boolean to = false;
            boolean callId = false;
            boolean cseq = false;
            for (int i = 0; i < headers.size(); i++) {
                SipHeader h = headers.get(i);
                via |= h.is(HeaderName.VIA);
                from |= h.is(HeaderName.FROM);
                to |= h.is(HeaderName.TO);
                callId |= h.is(HeaderName.CALL_ID);
                cseq |= h.is(HeaderName.CSEQ);
            }
            HeaderName missing = !via ? HeaderName.VIA : !from ? HeaderName.FROM : !to ? HeaderName.TO
                    : !callId ? HeaderName.CALL_ID : !cseq ? HeaderName.CSEQ : null;
            if (missing != null) {
                throw new IllegalStateException("a SIP message needs a " + missing.canonical() + " header");
            }
        }
    }
}
