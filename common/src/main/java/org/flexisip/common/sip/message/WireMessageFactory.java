package org.flexisip.common.sip.message;

import java.util.List;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.CSeqHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.uri.Uri;

/**
 * How the parser makes messages that keep the bytes they were read from, without copying them again. The
 * byte array handed over must not change afterwards: the parser copies each frame once, into an array of its
 * own, and gives that array to the message.
 */
public final class WireMessageFactory {
    private WireMessageFactory() {
    }

    /**
     * A header line of {@code source}: line {@code [lineStart, lineEnd)} with its line break, name
     * {@code [lineStart, nameEnd)}, value {@code [valueStart, valueEnd)}.
     */
    public static SipHeader header(byte[] source, int lineStart, int nameEnd, int valueStart, int valueEnd,
            int lineEnd) {
        return SipHeader.parsed(source, lineStart, nameEnd, valueStart, valueEnd, lineEnd);
    }

    /** The parts of a message located in its source bytes, and the routing headers already parsed. */
    public record Layout(byte[] source, int startLineOffset, int startLineLength, List<SipHeader> headers,
            int bodyOffset, int bodyLength, boolean wholeIsCanonical, int wholeOffset, int wholeLength,
            List<ViaHeader> vias, AddressHeader from, AddressHeader to, CSeqHeader cseq,
            List<AddressHeader> contacts, List<AddressHeader> routes, List<AddressHeader> recordRoutes) {
    }

    public static SipRequest request(String method, Uri requestUri, Layout l) {
        SipRequest r = new SipRequest(method, requestUri, startLine(l), List.copyOf(l.headers()), l.source(),
                l.bodyOffset(), l.bodyLength(), whole(l));
        r.preparsed(l.vias(), l.from(), l.to(), l.cseq(), l.contacts(), l.routes(), l.recordRoutes());
        return r;
    }

    public static SipResponse response(int statusCode, String reasonPhrase, Layout l) {
        SipResponse r = new SipResponse(statusCode, reasonPhrase, startLine(l), List.copyOf(l.headers()),
                l.source(), l.bodyOffset(), l.bodyLength(), whole(l));
        r.preparsed(l.vias(), l.from(), l.to(), l.cseq(), l.contacts(), l.routes(), l.recordRoutes());
        return r;
    }

    private static SipMessage.StartLineBytes startLine(Layout l) {
        return new SipMessage.StartLineBytes(l.source(), l.startLineOffset(), l.startLineLength());
    }

    private static SipMessage.WholeBytes whole(Layout l) {
        return l.wholeIsCanonical() ? new SipMessage.WholeBytes(l.source(), l.wholeOffset(), l.wholeLength()) : null;
    }
}
