package org.flexisip.proxy.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;

/** SIP messages for tests, written as on the wire with {@code \n} line ends. */
public final class TestMessages {
    public static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5060);
    public static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 5062);

    private TestMessages() {
    }

    public static SipMessage parse(String text) {
        byte[] bytes = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        Decoded d = new SipMessageParser().parseDatagram(bytes);
        if (d instanceof Decoded.Message m) {
            return m.message();
        }
        throw new IllegalArgumentException("not a message: " + d);
    }

    /** A message received over UDP from {@link #CLIENT} at {@link #PROXY}. */
    public static IncomingMessage udp(String text) {
        return new IncomingMessage(parse(text), TransportSpec.Protocol.UDP, CLIENT, PROXY, Optional.empty());
    }

    /** An OPTIONS from alice to {@code requestUri} with the given extra header lines. */
    public static String options(String requestUri, String... extraHeaders) {
        StringBuilder b = new StringBuilder("OPTIONS " + requestUri + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-test-1\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@example.org>;tag=a1\n"
                + "To: <" + requestUri + ">\n"
                + "Call-ID: call-1@192.0.2.10\n"
                + "CSeq: 1 OPTIONS\n");
        for (String h : extraHeaders) {
            b.append(h).append('\n');
        }
        return b.append("Content-Length: 0\n\n").toString();
    }
}
