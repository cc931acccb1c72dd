package org.flexisip.proxy.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.SipRequest;

/**
 * The branch this proxy puts in its Via (RFC 3261 §16.6 step 8, spec/proxy.md §18.9): {@code z9hG4bK}, a loop
 * part, a dot, a transaction part; both are MD5 digests including {@code unique-id}, so two proxies never pick
 * the same branch and a retransmission gets the same one (stateless forwarding stays consistent).
 * <p>
 * The loop part covers what RFC 3261 §16.3 item 4 lists as identifying a request whatever path it took
 * (Request-URI, From tag, To tag, Call-ID, CSeq number, Route): if a request arrives carrying a Via of ours with
 * the loop part it would get now, it has come back unchanged: a loop (482), not a spiral.
 */
public final class ViaBranch {
    private ViaBranch() {
    }

    /** The loop part for a request as received. */
    public static String loopPart(String uniqueId, SipRequest received) {
        StringBuilder b = new StringBuilder(uniqueId).append('|').append(received.requestUri()).append('|')
                .append(tag(received.from())).append('|').append(tag(received.to())).append('|')
                .append(received.callId()).append('|').append(received.cseq().number());
        for (AddressHeader route : received.routes()) {
            b.append('|').append(route);
        }
        return md5(b.toString()).substring(0, 12);
    }

    /** The full branch for the request forwarded from {@code received}. */
    public static String of(String uniqueId, SipRequest received) {
        return of(uniqueId, received, received);
    }

    /**
     * The full branch for {@code forwarded}, one of the requests sent on from {@code received}: the branches of a
     * fork differ by their Request-URI and first Route.
     */
    public static String of(String uniqueId, SipRequest received, SipRequest forwarded) {
        ViaHeader top = received.topVia();
        String firstRoute = forwarded.routes().isEmpty() ? "" : forwarded.routes().get(0).toString();
        String transaction = md5(uniqueId + '|' + top.branch().orElse("") + '|' + top.host() + '|' + top.port()
                + '|' + received.method() + '|' + received.callId() + '|' + forwarded.requestUri() + '|'
                + firstRoute);
        return ViaHeader.MAGIC_COOKIE + loopPart(uniqueId, received) + "." + transaction.substring(0, 12);
    }

    /** Whether {@code received} already carries a Via this proxy added to this very request (a loop). */
    public static boolean hasLooped(String uniqueId, SipRequest received) {
        String prefix = ViaHeader.MAGIC_COOKIE + loopPart(uniqueId, received) + ".";
        for (ViaHeader via : received.vias()) {
            if (via.branch().filter(b -> b.startsWith(prefix)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String tag(AddressHeader h) {
        return h.tag().orElse("");
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
