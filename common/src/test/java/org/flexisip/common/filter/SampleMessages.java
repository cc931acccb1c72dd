package org.flexisip.common.filter;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;

/** Real messages, parsed from text, that the filter tests evaluate expressions against; looked up by name. */
final class SampleMessages {
    private static final String SDP = "v=0\r\n"
            + "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
            + "s=Talk\r\n"
            + "c=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 7078 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n";

    /** An INVITE with SDP from Linphone; Request-URI {@code sip:bob@example.org;transport=tcp}. */
    static final SipMessage INVITE = parse("INVITE sip:bob@example.org;transport=tcp SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-invite-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: \"Alice\" <sip:alice@example.net;transport=tcp>;tag=1928301774\r\n"
            + "To: <sip:bob@example.org>\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.net\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@192.0.2.10:5060;transport=tcp>;expires=3600\r\n"
            + "User-Agent: Linphone/5.2.0 (belle-sip/5.2.0)\r\n"
            + "Content-Type: application/sdp\r\n", SDP);

    /** A REGISTER whose Contact is an IPv6 address with a port and parameters. */
    static final SipMessage REGISTER = parse("REGISTER sip:example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP [2001:db8::10]:5062;branch=z9hG4bK-register-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:0612345678@example.org>;tag=reg1\r\n"
            + "To: <sip:0612345678@example.org>\r\n"
            + "Call-ID: register-1@2001:db8::10\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sip:0612345678@[2001:db8::10]:5062;transport=udp;ob>;+sip.instance=\"<urn:uuid:1>\"\r\n"
            + "Contact: <sip:0612345678@192.0.2.99>\r\n"
            + "User-Agent: Zoiper rv2.10.19\r\n"
            + "Expires: 3600\r\n", "");

    /**
     * A MESSAGE in text/plain, without Contact nor User-Agent; its To URI has a ';' in its user part and no
     * parameters (RFC 4475 §3.1.1.9).
     */
    static final SipMessage MESSAGE = parse("MESSAGE sip:carol@chat.example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.11;branch=z9hG4bK-message-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.net>;tag=m1\r\n"
            + "To: <sip:user;par=u%40example.net@example.com>\r\n"
            + "Call-ID: message-1@192.0.2.11\r\n"
            + "CSeq: 2 MESSAGE\r\n"
            + "Content-Type: Text/Plain;charset=UTF-8\r\n", "Hello Carol");

    /** The 200 OK to {@link #INVITE}, with SDP and a Contact whose URI has headers. */
    static final SipMessage OK = parse("SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-invite-1;rport\r\n"
            + "From: \"Alice\" <sip:alice@example.net;transport=tcp>;tag=1928301774\r\n"
            + "To: <sip:bob@example.org>;tag=a6c85cf\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.net\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:bob@192.0.2.20:5070;transport=tcp?Subject=hi>\r\n"
            + "User-Agent: Linphone/5.3.1 (belle-sip/5.3.1)\r\n"
            + "Content-Type: application/sdp\r\n", SDP);

    /** A 404 without body nor Contact. */
    static final SipMessage NOT_FOUND = parse("SIP/2.0 404 Not Found\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.11;branch=z9hG4bK-message-1\r\n"
            + "From: <sip:alice@example.net>;tag=m1\r\n"
            + "To: <sip:carol@chat.example.org>;tag=nf1\r\n"
            + "Call-ID: message-1@192.0.2.11\r\n"
            + "CSeq: 2 MESSAGE\r\n", "");

    /** An OPTIONS without Contact, Call-ID {@code foobar} (a test vector of FNV-1a). */
    static final SipMessage OPTIONS = parse("OPTIONS sip:proxy.example.org:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.12;branch=z9hG4bK-options-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:monitor@example.org>;tag=o1\r\n"
            + "To: <sip:proxy.example.org>\r\n"
            + "Call-ID: foobar\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "User-Agent: sipp\r\n", "");

    /** An INVITE to a tel: URI with a parameter; its Contact is a tel: URI too. */
    static final SipMessage TEL_INVITE = parse("INVITE tel:7042;phone-context=example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.13;branch=z9hG4bK-tel-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.net>;tag=t1\r\n"
            + "To: <tel:7042;phone-context=example.com>\r\n"
            + "Call-ID: tel-1@192.0.2.13\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <tel:+33612345678>\r\n", "");

    /**
     * A SUBSCRIBE from a partner domain to a phone number ({@code sip:+33612345678@example.org;user=phone}).
     */
    static final SipMessage SUBSCRIBE = parse("SUBSCRIBE sip:+33612345678@example.org;user=phone SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS 192.0.2.30:5061;branch=z9hG4bK-subscribe-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:carol@partner.example.net>;tag=s1\r\n"
            + "To: <sip:+33612345678@example.org;user=phone>\r\n"
            + "Call-ID: subscribe-1@192.0.2.30\r\n"
            + "CSeq: 1 SUBSCRIBE\r\n"
            + "Event: presence\r\n"
            + "Contact: <sip:carol@192.0.2.30:5061;transport=tls>\r\n", "");

    /** A MESSAGE carrying SDP (the odd case of spec/filters.md §5's sixth example). */
    static final SipMessage MESSAGE_WITH_SDP = parse("MESSAGE sip:carol@chat.example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.11;branch=z9hG4bK-message-2\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.net>;tag=m2\r\n"
            + "To: <sip:carol@chat.example.org>\r\n"
            + "Call-ID: message-2@192.0.2.11\r\n"
            + "CSeq: 3 MESSAGE\r\n"
            + "Content-Type: application/sdp\r\n", SDP);

    /** A REGISTER removing every binding: {@code Contact: *} is no Contact for the filters. */
    static final SipMessage REGISTER_STAR = parse("REGISTER sip:example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bK-star-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:0612345678@example.org>;tag=star1\r\n"
            + "To: <sip:0612345678@example.org>\r\n"
            + "Call-ID: star-1@192.0.2.15\r\n"
            + "CSeq: 2 REGISTER\r\n"
            + "Contact: *\r\n"
            + "Expires: 0\r\n", "");

    /** An OPTIONS whose Content-Type does not parse: a malformed header reads as absent. */
    static final SipMessage MALFORMED_CONTENT_TYPE = parse("OPTIONS sip:proxy.example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.14;branch=z9hG4bK-bad-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:monitor@example.org>;tag=b1\r\n"
            + "To: <sip:proxy.example.org>\r\n"
            + "Call-ID: bad-1\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Type: not a media type\r\n", "");

    private static final Map<String, SipMessage> BY_NAME = Map.ofEntries(Map.entry("invite", INVITE),
            Map.entry("register", REGISTER), Map.entry("message", MESSAGE), Map.entry("ok", OK),
            Map.entry("not-found", NOT_FOUND), Map.entry("options", OPTIONS), Map.entry("tel-invite", TEL_INVITE),
            Map.entry("subscribe", SUBSCRIBE), Map.entry("message-with-sdp", MESSAGE_WITH_SDP),
            Map.entry("register-star", REGISTER_STAR), Map.entry("malformed-content-type", MALFORMED_CONTENT_TYPE));

    private SampleMessages() {
    }

    /** Every sample. */
    static Collection<SipMessage> all() {
        return BY_NAME.values();
    }

    /** The message called {@code name} in the test tables ({@code invite}, {@code not-found}, ...). */
    static SipMessage named(String name) {
        SipMessage m = BY_NAME.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no sample message named " + name);
        }
        return m;
    }

    private static SipMessage parse(String head, String body) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String text = head + "Content-Length: " + bodyBytes.length + "\r\n\r\n" + body;
        Decoded d = new SipMessageParser().parseDatagram(text.getBytes(StandardCharsets.UTF_8));
        if (!(d instanceof Decoded.Message m)) {
            throw new IllegalStateException("sample message does not parse: " + d);
        }
        return m.message();
    }
}
