package org.flexisip.proxy.agent;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A UDP SIP peer for tests (a UAC or a UAS) on the loopback, reading with a bounded wait. */
final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;

    UdpPeer() throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(1_000);
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(String text, int port) throws Exception {
        byte[] bytes = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram whose text matches, skipping others, within {@code seconds}; fails otherwise. */
    String receive(Predicate<String> wanted, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        StringBuilder skipped = new StringBuilder();
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (wanted.test(text)) {
                return text;
            }
            skipped.append(text.lines().findFirst().orElse("")).append(" | ");
        }
        throw new AssertionError("no " + what + " within " + seconds + " s; received: " + skipped);
    }

    String receiveStartingWith(String start, int seconds) throws Exception {
        return receive(t -> t.startsWith(start), seconds, "'" + start + "'");
    }

    /** A response to a request as received (its Via lines, From, To with a tag, Call-ID, CSeq copied). */
    static String answer(String request, int status, String reason, String toTag) {
        StringBuilder b = new StringBuilder("SIP/2.0 " + status + " " + reason + "\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:") || lower.startsWith("record-route:")) {
                b.append(line).append('\n');
            } else if (lower.startsWith("to:")) {
                b.append(line.contains(";tag=") || toTag == null ? line : line + ";tag=" + toTag).append('\n');
            }
        }
        return b.append("Content-Length: 0\n\n").toString();
    }

    static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
