package org.flexisip.common.sip.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a day's traffic between Linphone clients and a Flexisip cluster, as they look on the wire:
 * registration, an audio+video call from alice to bob (INVITE, 100, 180, 200 with SDP, ACK, BYE), an instant
 * message and a presence subscription.
 *
 * <p>Topology: alice (Linphone Android behind NAT, 192.168.1.23 seen as 203.0.113.45) is connected to node
 * sip1 (192.0.2.10), bob (Linphone iOS, 10.0.0.17 seen as 198.51.100.77) to node sip2 (192.0.2.11), and the
 * presence server is 192.0.2.20. Every message has already crossed one or two proxies, so it carries two or
 * three Via values, the client's filled in with received/rport (RFC 3581), one per line as sofia-sip and
 * belle-sip write them. Requests are shown as a proxy forwards them; responses as the proxy receives them,
 * before it removes its own Via. A proxy that record-routes also does so in mid-dialog requests (ACK, BYE,
 * NOTIFY; RFC 3261 §16.6 step 4 allows it), so those carry a Record-Route as well. Two messages cannot: a
 * REGISTER carries Path instead (RFC 3327; Record-Route means nothing in REGISTER), and a 100 Trying only
 * copies Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.1).
 *
 * <p>Header lines end with CRLF, SDP bodies too (RFC 4566 §5); PIDF bodies keep the LF that libxml2 writes.
 * Content-Length is computed from the body, so an edited body can never make a message wrong.
 */
public final class BenchmarkCorpus {
    /** How many messages {@link #messages()} returns: a constant, so that {@code @OperationsPerInvocation} can use it. */
    public static final int SIZE = 11;

    private record Sample(String name, String head, String body) {
    }

    private static final String ALICE_UA = "LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.47 (tags/5.3.47)";
    private static final String BOB_UA = "LinphoneiOS/5.2.3 (iPhone 13) LinphoneSDK/5.3.47 (tags/5.3.47)";

    private static final String INVITE_OFFER = crlf("""
            v=0
            o=alice 1284 3487 IN IP4 192.168.1.23
            s=Talk
            c=IN IP4 192.168.1.23
            t=0 0
            a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
            a=record:off
            m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 useinbandfec=1
            a=rtpmap:97 speex/16000
            a=fmtp:97 vbr=on
            a=rtpmap:98 speex/8000
            a=fmtp:98 vbr=on
            a=fmtp:18 annexb=yes
            a=rtpmap:101 telephone-event/48000
            a=rtpmap:99 telephone-event/16000
            a=rtpmap:100 telephone-event/8000
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            m=video 9078 RTP/AVP 96 97
            a=rtpmap:96 VP8/90000
            a=rtpmap:97 H264/90000
            a=fmtp:97 profile-level-id=42801F
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            a=rtcp-fb:96 nack pli
            a=rtcp-fb:96 nack sli
            a=rtcp-fb:96 ack rpsi
            a=rtcp-fb:96 ccm fir
            a=rtcp-fb:97 nack pli
            a=rtcp-fb:97 ccm fir
            """);

    private static final String OK_ANSWER = crlf("""
            v=0
            o=bob 2051 1773 IN IP4 10.0.0.17
            s=Talk
            c=IN IP4 10.0.0.17
            t=0 0
            a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
            a=record:off
            m=audio 7078 RTP/AVP 96 101
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 useinbandfec=1
            a=rtpmap:101 telephone-event/48000
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            m=video 9078 RTP/AVP 96
            a=rtpmap:96 VP8/90000
            a=rtcp-fb:* trr-int 1000
            a=rtcp-fb:* ccm tmmbr
            a=rtcp-fb:96 nack pli
            a=rtcp-fb:96 nack sli
            a=rtcp-fb:96 ack rpsi
            a=rtcp-fb:96 ccm fir
            """);

    private static final String PIDF = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" \
            xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:bob@sip.example.org">
              <tuple id="qz2jfw">
                <status>
                  <basic>open</basic>
                </status>
                <contact priority="0.8">sip:bob@sip.example.org</contact>
                <timestamp>2024-05-14T09:41:27Z</timestamp>
              </tuple>
              <dm:person id="sip_bob_sip.example.org">
                <rpid:activities>
                  <rpid:on-the-phone/>
                </rpid:activities>
                <dm:timestamp>2024-05-14T09:41:27Z</dm:timestamp>
              </dm:person>
            </presence>
            """;

    private static final List<Sample> SAMPLES = List.of(
            new Sample("REGISTER", """
                    REGISTER sip:sip.example.org SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKy3Ba0pNKm4Qje;rport
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.bHQdm7ZzX;rport=41578;received=203.0.113.45
                    Path: <sip:192.0.2.10:5061;transport=tls;lr>
                    From: <sip:alice@sip.example.org>;tag=Ub6Lq9vXa
                    To: sip:alice@sip.example.org
                    CSeq: 21 REGISTER
                    Call-ID: ~rTkQ4Jd2o
                    Max-Forwards: 69
                    Supported: replaces, outbound, gruu, path, record-aware
                    Accept: application/sdp
                    Accept: text/plain
                    Accept: application/vnd.gsma.rcs-ft-http+xml
                    Contact: <sip:alice@192.168.1.23:41578;transport=tls>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime";+sip.instance="<urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41>"
                    Expires: 3600
                    User-Agent: %s
                    """.formatted(ALICE_UA), ""),
            new Sample("200 OK (REGISTER)", """
                    SIP/2.0 200 OK
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKy3Ba0pNKm4Qje;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.bHQdm7ZzX;rport=41578;received=203.0.113.45
                    From: <sip:alice@sip.example.org>;tag=Ub6Lq9vXa
                    To: <sip:alice@sip.example.org>;tag=Q8c2vH5m0UpXg
                    Call-ID: ~rTkQ4Jd2o
                    CSeq: 21 REGISTER
                    Path: <sip:192.0.2.10:5061;transport=tls;lr>
                    Contact: <sip:alice@192.168.1.23:41578;transport=tls>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime";+sip.instance="<urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41>";pub-gruu="sip:alice@sip.example.org;gr=urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41";expires=3600
                    Date: Tue, 14 May 2024 09:38:02 GMT
                    Server: Flexisip/2.3.4 (sofia-sip-nta/2.0)
                    Supported: outbound, gruu, path
                    """, ""),
            new Sample("INVITE", """
                    INVITE sip:bob@10.0.0.17:50614;transport=tls SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKQ5r8vNpF0cXtm;rport
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKg2yHc7Ud9aB1e;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Jj7nHsa0Q;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.11:5061;transport=tls;lr>
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    Max-Forwards: 68
                    From: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    To: "Bob" <sip:bob@sip.example.org>
                    Call-ID: l6iLwRuqmB
                    CSeq: 20 INVITE
                    Contact: <sip:alice@sip.example.org;gr=urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime"
                    User-Agent: %s
                    Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, PRACK, UPDATE
                    Supported: replaces, outbound, gruu, path, record-aware
                    Content-Type: application/sdp
                    """.formatted(ALICE_UA), INVITE_OFFER),
            new Sample("100 Trying", """
                    SIP/2.0 100 Trying
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKQ5r8vNpF0cXtm;rport=5061
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKg2yHc7Ud9aB1e;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Jj7nHsa0Q;rport=41578;received=203.0.113.45
                    From: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    To: "Bob" <sip:bob@sip.example.org>
                    Call-ID: l6iLwRuqmB
                    CSeq: 20 INVITE
                    """, ""),
            new Sample("180 Ringing", """
                    SIP/2.0 180 Ringing
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKQ5r8vNpF0cXtm;rport=5061
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKg2yHc7Ud9aB1e;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Jj7nHsa0Q;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.11:5061;transport=tls;lr>
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    From: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    To: "Bob" <sip:bob@sip.example.org>;tag=pQm2kX8Vd
                    Call-ID: l6iLwRuqmB
                    CSeq: 20 INVITE
                    User-Agent: %s
                    Supported: replaces, outbound, gruu, path, record-aware
                    Contact: <sip:bob@sip.example.org;gr=urn:uuid:0e7c4d3a-91b2-4f6e-8d15-7a2c9b1e6f08>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime"
                    """.formatted(BOB_UA), ""),
            new Sample("200 OK (INVITE)", """
                    SIP/2.0 200 Ok
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKQ5r8vNpF0cXtm;rport=5061
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKg2yHc7Ud9aB1e;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Jj7nHsa0Q;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.11:5061;transport=tls;lr>
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    From: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    To: "Bob" <sip:bob@sip.example.org>;tag=pQm2kX8Vd
                    Call-ID: l6iLwRuqmB
                    CSeq: 20 INVITE
                    User-Agent: %s
                    Supported: replaces, outbound, gruu, path, record-aware
                    Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, PRACK, UPDATE
                    Contact: <sip:bob@sip.example.org;gr=urn:uuid:0e7c4d3a-91b2-4f6e-8d15-7a2c9b1e6f08>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime"
                    Content-Type: application/sdp
                    """.formatted(BOB_UA), OK_ANSWER),
            new Sample("ACK", """
                    ACK sip:bob@10.0.0.17:50614;transport=tls SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKcV0e7Rk2Lq9sD;rport
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKm8Tz3Hb5Nw1fA;rport=5061
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.4eTqP2xWn;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.11:5061;transport=tls;lr>
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    Max-Forwards: 68
                    From: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    To: "Bob" <sip:bob@sip.example.org>;tag=pQm2kX8Vd
                    Call-ID: l6iLwRuqmB
                    CSeq: 20 ACK
                    Contact: <sip:alice@sip.example.org;gr=urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime"
                    User-Agent: %s
                    """.formatted(ALICE_UA), ""),
            new Sample("BYE", """
                    BYE sip:alice@203.0.113.45:41578;transport=tls SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKr1Wp6Jd8Fs2Yk;rport
                    Via: SIP/2.0/TLS 192.0.2.11:5061;branch=z9hG4bKa9Gx4Mc7Ve3Pu;rport=5061
                    Via: SIP/2.0/TLS 10.0.0.17:50614;alias;branch=z9hG4bK.kS8dLw3Rf;rport=50614;received=198.51.100.77
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    Record-Route: <sip:192.0.2.11:5061;transport=tls;lr>
                    Max-Forwards: 68
                    From: "Bob" <sip:bob@sip.example.org>;tag=pQm2kX8Vd
                    To: "Alice" <sip:alice@sip.example.org>;tag=wZ3Q~8rYt
                    Call-ID: l6iLwRuqmB
                    CSeq: 101 BYE
                    User-Agent: %s
                    """.formatted(BOB_UA), ""),
            new Sample("MESSAGE", """
                    MESSAGE sip:bob@10.0.0.17:50614;transport=tls SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKt6Hn0Ye4Bq8Wc;rport
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Pz5fVn1Kd;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    Max-Forwards: 69
                    From: "Alice" <sip:alice@sip.example.org>;tag=Hy7sE2qLc
                    To: "Bob" <sip:bob@sip.example.org>
                    Call-ID: Vn3xR8oQ0w
                    CSeq: 20 MESSAGE
                    User-Agent: %s
                    Date: Tue, 14 May 2024 09:45:13 GMT
                    Content-Type: text/plain;charset=UTF-8
                    """.formatted(ALICE_UA), "Still on for lunch at 12:30? I booked a table at the Italian place."),
            new Sample("SUBSCRIBE", """
                    SUBSCRIBE sip:bob@sip.example.org SIP/2.0
                    Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKd4Kq9Xs1Zm7Hv;rport
                    Via: SIP/2.0/TLS 192.168.1.23:41578;alias;branch=z9hG4bK.Wm2cYt7Hx;rport=41578;received=203.0.113.45
                    Record-Route: <sip:192.0.2.10:5060;transport=tcp;lr>
                    Max-Forwards: 69
                    From: "Alice" <sip:alice@sip.example.org>;tag=Lq4nZ8jPe
                    To: "Bob" <sip:bob@sip.example.org>
                    Call-ID: 9gKf2TwyAs
                    CSeq: 20 SUBSCRIBE
                    Event: presence
                    Expires: 600
                    Accept: application/pidf+xml
                    Supported: replaces, outbound, gruu, path, record-aware
                    Contact: <sip:alice@sip.example.org;gr=urn:uuid:5b1f8d0e-3c36-4c2a-9a2d-8a3f1c7e2d41>;+org.linphone.specs="conference/1.0,ephemeral/1.1,groupchat/1.2,lime"
                    User-Agent: %s
                    """.formatted(ALICE_UA), ""),
            new Sample("NOTIFY", """
                    NOTIFY sip:alice@203.0.113.45:41578;transport=tls SIP/2.0
                    Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKe5Vb1Ns8Qa6Ty;rport
                    Via: SIP/2.0/TCP 192.0.2.20:5065;branch=z9hG4bK.Rx7kLm3Qa;rport=5065
                    Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>
                    Max-Forwards: 69
                    From: <sip:bob@sip.example.org>;tag=Jc5tYw9Bn
                    To: "Alice" <sip:alice@sip.example.org>;tag=Lq4nZ8jPe
                    Call-ID: 9gKf2TwyAs
                    CSeq: 3 NOTIFY
                    Event: presence
                    Subscription-State: active;expires=599
                    Contact: <sip:192.0.2.20:5065;transport=tcp>
                    User-Agent: Flexisip-presence/2.3.4
                    Content-Type: application/pidf+xml
                    """, PIDF));

    private BenchmarkCorpus() {
    }

    /** The message names, in the order of {@link #messages()}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(SAMPLES.size());
        for (Sample s : SAMPLES) {
            names.add(s.name());
        }
        return names;
    }

    /** Fresh arrays on every call: a caller may keep them as message storage without sharing them. */
    public static List<byte[]> messages() {
        List<byte[]> messages = new ArrayList<>(SAMPLES.size());
        for (Sample s : SAMPLES) {
            messages.add(wire(s));
        }
        return messages;
    }

    /** The header lines with CRLF, then Content-Length (last, as sofia-sip and belle-sip write it), then the body. */
    private static byte[] wire(Sample s) {
        byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
        byte[] head = (crlf(s.head()) + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[head.length + body.length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        return wire;
    }

    /** Text blocks end lines with LF; SIP and SDP want CRLF. */
    private static String crlf(String lines) {
        return lines.replace("\n", "\r\n");
    }
}
