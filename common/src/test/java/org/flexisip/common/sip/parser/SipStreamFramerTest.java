package org.flexisip.common.sip.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flexisip.common.sip.message.SipMessage;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {
    private static final String INVITE = "INVITE sip:bob@example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@example.org>\r\n"
            + "From: Alice <sip:alice@example.org>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.org\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@192.0.2.1;transport=tcp>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 31\r\n"
            + "\r\n"
            + "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";
    private static final String MESSAGE = "MESSAGE sip:bob@example.org SIP/2.0\r\n"
            + "v: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKmsg1\r\n"
            + "t: <sip:bob@example.org>\r\n"
            + "f: <sip:alice@example.org>;tag=49583\r\n"
            + "i: msg-1@example.org\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "c: text/plain\r\n"
            + "l: 5\r\n"
            + "\r\n"
            + "hello";

    private final SipMessageParser parser = new SipMessageParser();

    private SipStreamFramer framer() {
        return new SipStreamFramer(parser, SipStreamFramer.Limits.DEFAULT);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<SipMessage> messages(List<Decoded> decoded) {
        List<SipMessage> out = new ArrayList<>();
        for (Decoded d : decoded) {
            out.add(assertInstanceOf(Decoded.Message.class, d, d::toString).message());
        }
        return out;
    }

    @Test
    void twoPipelinedMessagesCutAtEveryBytePositionYieldTheSameTwoMessages() {
        byte[] stream = ascii(INVITE + MESSAGE);
        List<SipMessage> expected = messages(framer().feed(stream));
        assertEquals(2, expected.size());
        for (int cut = 0; cut <= stream.length; cut++) {
            SipStreamFramer f = framer();
            List<Decoded> out = new ArrayList<>(f.feed(stream, 0, cut));
            out.addAll(f.feed(stream, cut, stream.length - cut));
            assertEquals(expected, messages(out), "cut at " + cut);
        }
    }

    @Test
    void feedingOneByteAtATimeYieldsTheSameMessages() {
        byte[] stream = ascii(INVITE + MESSAGE);
        SipStreamFramer f = framer();
        List<Decoded> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            out.addAll(f.feed(stream, i, 1));
        }
        assertEquals(messages(framer().feed(stream)), messages(out));
    }

    @Test
    void framedMessagesSerializeToTheirExactBytes() {
        List<SipMessage> m = messages(framer().feed(ascii(INVITE + MESSAGE)));
        assertTrue(Arrays.equals(ascii(INVITE), m.get(0).toBytes()));
        assertTrue(Arrays.equals(ascii(MESSAGE), m.get(1).toBytes()));
    }

    @Test
    void doubleCrlfBetweenMessagesIsAPingNotAnError() {
        List<Decoded> out = framer().feed(ascii(INVITE + "\r\n\r\n" + MESSAGE));
        assertEquals(3, out.size());
        assertInstanceOf(Decoded.Message.class, out.get(0));
        assertEquals(new Decoded.KeepAlive(true), out.get(1));
        assertInstanceOf(Decoded.Message.class, out.get(2));
    }

    @Test
    void singleCrlfFollowedByAMessageIsAPong() {
        List<Decoded> out = framer().feed(ascii("\r\n" + MESSAGE));
        assertEquals(new Decoded.KeepAlive(false), out.get(0));
        assertInstanceOf(Decoded.Message.class, out.get(1));
    }

    @Test
    void aPingSplitAfterItsFirstCrlfIsStillOnePing() {
        SipStreamFramer f = framer();
        List<Decoded> out = new ArrayList<>(f.feed(ascii("\r\n")));
        out.addAll(f.feed(ascii("\r\n")));
        assertEquals(List.of(new Decoded.KeepAlive(true)), out);
    }

    @Test
    void aCrNotFollowedByLfBetweenMessagesIsSkippedNotWaitedOn() {
        List<Decoded> out = framer().feed(ascii("\r\r\n" + MESSAGE));
        assertInstanceOf(Decoded.Message.class, out.get(out.size() - 1));
    }

    @Test
    void aPingSplitAcrossReadsIsStillOneKeepAliveWhenItArrivesWhole() {
        SipStreamFramer f = framer();
        List<Decoded> out = new ArrayList<>(f.feed(ascii("\r\n\r\n")));
        out.addAll(f.feed(ascii(MESSAGE)));
        assertEquals(new Decoded.KeepAlive(true), out.get(0));
        assertInstanceOf(Decoded.Message.class, out.get(1));
    }

    @Test
    void messageAnnouncingMoreThanTheLimitIsRefusedBeforeItsBodyArrives() {
        SipStreamFramer f = new SipStreamFramer(parser, new SipStreamFramer.Limits(4096, 64 * 1024));
        String head = MESSAGE.substring(0, MESSAGE.indexOf("l: 5")) + "l: 100000000\r\n\r\n";
        List<Decoded> out = f.feed(ascii(head + "only the first bytes of a huge body"));
        Decoded.Dropped d = assertInstanceOf(Decoded.Dropped.class, out.get(0));
        assertTrue(d.closeConnection());
        assertTrue(f.isBroken());
        assertEquals(0, f.bufferedBytes());
    }

    @Test
    void headerSectionLargerThanTheLimitIsRefusedWithoutWaitingForItsEnd() {
        SipStreamFramer f = new SipStreamFramer(parser, new SipStreamFramer.Limits(1024, 4096));
        StringBuilder flood = new StringBuilder("OPTIONS sip:x@example.org SIP/2.0\r\n");
        while (flood.length() < 2000) {
            flood.append("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        Decoded.Dropped d = assertInstanceOf(Decoded.Dropped.class, f.feed(ascii(flood.toString())).get(0));
        assertTrue(d.reason().contains("header section"), d.reason());
        assertTrue(f.isBroken());
    }

    @Test
    void afterLosingTheFramingEveryByteIsDiscarded() {
        SipStreamFramer f = new SipStreamFramer(parser, new SipStreamFramer.Limits(1024, 2048));
        f.feed(ascii(MESSAGE.replace("l: 5", "l: 999999")));
        assertTrue(f.feed(ascii(INVITE)).isEmpty());
    }

    @Test
    void negativeContentLengthOnAStreamIsAnsweredThenTheConnectionClosed() {
        SipStreamFramer f = framer();
        List<Decoded> out = f.feed(ascii(MESSAGE.replace("l: 5", "l: -999")));
        Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, out.get(0));
        assertEquals(400, r.statusCode());
        assertTrue(r.closeConnection());
        assertTrue(f.isBroken());
    }

    @Test
    void twoDifferentContentLengthsOnAStreamCloseTheConnection() {
        SipStreamFramer f = framer();
        List<Decoded> out = f.feed(ascii(MESSAGE.replace("l: 5\r\n", "l: 5\r\nContent-Length: 13\r\n")));
        assertTrue(out.get(0) instanceof Decoded.Rejected r && r.closeConnection(), out.toString());
        assertTrue(f.isBroken());
    }

    @Test
    void everyTortureMessageStreamedByteByByteNeverThrows() throws Exception {
        String[] files = new java.io.File(getClass().getResource("/torture/rfc4475").toURI()).list();
        assertTrue(files.length >= 50);
        for (String file : files) {
            byte[] bytes = TortureMessages.bytes("rfc4475/" + file);
            SipStreamFramer f = framer();
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> {
                for (int i = 0; i < bytes.length; i++) {
                    f.feed(bytes, i, 1);
                }
            }, file);
        }
    }
}
