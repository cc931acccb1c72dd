package org.flexisip.common.sip.parser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.flexisip.common.sip.message.SipMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven round trips over generated messages: requests and responses mixing long and compact names, odd
 * case, several values per line, folded lines, unknown headers and bodies.
 */
class RoundTripTest {
    private static final int CASES = 500;
    private static final String[] METHODS = {"INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "MESSAGE",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "UPDATE", "REFER", "PRACK", "X-CUSTOM"};
    private static final String[] URIS = {"sip:bob@example.org", "sips:alice@example.com:5061",
        "sip:+33612345678@sip.example.org;user=phone", "sip:[2001:db8::10]:5070;transport=tcp",
        "sip:conference-factory@chat.example.org", "tel:+33612345678", "sip:192.0.2.4;lr;maddr=192.0.2.5",
        "sip:alice@example.org;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"};
    private static final int[] STATUSES = {100, 180, 183, 200, 202, 401, 404, 407, 408, 486, 487, 488, 503, 603};
    private static final String[] OPTIONAL_HEADERS = {
        "Max-Forwards: 70",
        "Contact: <sip:alice@192.0.2.1:5062;transport=tcp>;expires=3600;+sip.instance=\"<urn:uuid:0001>\"",
        "m: \"Alice Liddell\" <sip:alice@pc33.example.org>, <sip:alice@192.0.2.9>;q=0.5",
        "Route: <sip:proxy1.example.org;lr>, <sip:proxy2.example.org;lr>",
        "Record-Route: <sip:192.0.2.100;lr;ftag=abc>",
        "Supported: replaces, outbound, gruu",
        "k: path",
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, NOTIFY",
        "User-Agent: Linphone/5.1.0 (belle-sip/5.1.0)",
        "Expires: 600",
        "Event: presence;id=17",
        "o: reg",
        "Subscription-State: active;expires=600",
        "Authorization: Digest username=\"alice\", realm=\"example.org\", nonce=\"abc123\", "
                + "uri=\"sip:example.org\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5",
        "Proxy-Authenticate: Digest realm=\"example.org\", nonce=\"xyz\", qop=\"auth\", algorithm=SHA-256",
        "Reason: SIP;cause=200;text=\"Call completed elsewhere\"",
        "P-Preferred-Identity: <sip:alice@example.org>",
        "Path: <sip:proxy.example.org;lr;fs-proxy-id=0123456789abcdef>",
        "SIP-If-Match: dx200xyz",
        "X-Unknown-Header: ;;,,;;,; odd \"value\"",
        "x-lower-case-unknown:value-without-space",
        "Accept: application/sdp, application/pidf+xml;q=0.5",
        "Subject: ",
        "Warning: 399 example.org \"Something odd\""};

    static Stream<Integer> cases() {
        return IntStream.range(0, CASES).boxed();
    }

    /** The text of case {@code n}: the same every run (fixed seed per case). */
    static String generate(int n) {
        Random random = new Random(0x51D0 + n);
        StringBuilder b = new StringBuilder();
        boolean request = random.nextInt(3) != 0;
        String method = METHODS[random.nextInt(METHODS.length)];
        if (request) {
            b.append(method).append(' ').append(URIS[random.nextInt(URIS.length)]).append(" SIP/2.0\r\n");
        } else {
            int status = STATUSES[random.nextInt(STATUSES.length)];
            b.append("SIP/2.0 ").append(status).append(' ').append(status < 300 ? "OK" : "Something Else").append("\r\n");
        }
        List<String> headers = new ArrayList<>();
        int vias = 1 + random.nextInt(3);
        for (int i = 0; i < vias; i++) {
            String via = "SIP/2.0/" + (random.nextBoolean() ? "UDP" : "TCP") + " 192.0.2." + (i + 1) + ":506" + i
                    + ";branch=z9hG4bK" + Integer.toHexString(random.nextInt()) + (random.nextBoolean() ? ";rport" : "");
            headers.add((random.nextBoolean() ? "Via" : "v") + ": " + via);
        }
        if (vias > 1 && random.nextBoolean()) {
            // Two values on one line.
            String second = headers.remove(1);
            headers.set(0, headers.get(0) + ", " + second.substring(second.indexOf(':') + 2));
        }
        headers.add(name(random, "From", "f") + ": \"Alice\" <sip:alice@example.org>;tag=" + random.nextInt(1_000_000));
        headers.add(name(random, "To", "t") + ": <sip:bob@example.org>" + (request ? "" : ";tag=as" + random.nextInt(1000)));
        headers.add(name(random, "Call-ID", "i") + ": " + Long.toHexString(random.nextLong()) + "@example.org");
        headers.add("CSeq: " + random.nextInt(100_000) + " " + method);
        int optional = random.nextInt(8);
        for (int i = 0; i < optional; i++) {
            String h = OPTIONAL_HEADERS[random.nextInt(OPTIONAL_HEADERS.length)];
            if (h.startsWith("Max-Forwards") && headers.stream().anyMatch(x -> x.startsWith("Max-Forwards"))) {
                continue;
            }
            if (random.nextInt(5) == 0 && h.contains(", ")) {
                h = h.replaceFirst(", ", ",\r\n   "); // folded over two lines
            }
            if (random.nextInt(6) == 0) {
                int colon = h.indexOf(':');
                h = h.substring(0, colon).toUpperCase() + h.substring(colon);
            }
            headers.add(h);
        }
        java.util.Collections.shuffle(headers.subList(vias > 1 ? 1 : 1, headers.size()), random);
        String body = random.nextInt(3) == 0 ? "" : "v=0\r\no=- " + random.nextInt() + " 1 IN IP4 192.0.2.1\r\ns=-\r\n";
        if (!body.isEmpty()) {
            headers.add(name(random, "Content-Type", "c") + ": application/sdp");
        }
        headers.add(name(random, "Content-Length", "l") + ": " + body.length());
        headers.forEach(h -> b.append(h).append("\r\n"));
        return b.append("\r\n").append(body).toString();
    }

    private static String name(Random random, String longName, String compact) {
        return random.nextInt(3) == 0 ? compact : longName;
    }

    private static SipMessage parse(byte[] bytes) {
        Decoded d = new SipMessageParser().parseDatagram(bytes);
        return assertInstanceOf(Decoded.Message.class, d, () -> d + "\n" + new String(bytes, StandardCharsets.UTF_8))
                .message();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unchangedMessageSerializesToIdenticalBytes(int n) {
        byte[] input = generate(n).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(input, parse(input).toBytes());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parseOfSerializeEqualsTheMessage(int n) {
        SipMessage m = parse(generate(n).getBytes(StandardCharsets.UTF_8));
        assertEquals(m, parse(m.toBytes()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aChangedMessageReadsBackAsChanged(int n) {
        SipMessage m = parse(generate(n).getBytes(StandardCharsets.UTF_8));
        SipMessage changed = m.copy().add("X-Added", "value " + n).removeFirstValue(
                org.flexisip.common.sip.message.HeaderName.ROUTE).build();
        SipMessage reread = parse(changed.toBytes());
        assertEquals(changed, reread);
        assertEquals("value " + n, reread.headerValue("X-Added").orElseThrow());
        assertEquals(m.vias(), reread.vias());
        assertEquals(m.callId(), reread.callId());
    }
}
