package org.flexisip.proxy.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;

class ViaBranchTest {
    private static final String ID = "0123456789abcdef";

    private static SipRequest request(String ruri) {
        return (SipRequest) TestMessages.parse(TestMessages.options(ruri));
    }

    @Test
    void theBranchCarriesTheMagicCookieAndIsTheSameForARetransmission() {
        String a = ViaBranch.of(ID, request("sip:bob@example.org"));
        assertTrue(a.startsWith(ViaHeader.MAGIC_COOKIE));
        assertEquals(a, ViaBranch.of(ID, request("sip:bob@example.org")));
    }

    @Test
    void anotherProxyInstanceGivesAnotherBranch() {
        assertNotEquals(ViaBranch.of(ID, request("sip:bob@example.org")),
                ViaBranch.of("fedcba9876543210", request("sip:bob@example.org")));
    }

    @Test
    void aRequestComingBackWithOurViaIsALoop() {
        SipRequest first = request("sip:bob@example.org");
        String ours = ViaBranch.of(ID, first);
        SipRequest back = first.copy().addFirst(HeaderName.VIA, "SIP/2.0/UDP 127.0.0.1:5060;branch=" + ours)
                .addFirst(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKother").build();
        assertTrue(ViaBranch.hasLooped(ID, back));
    }

    @Test
    void aRequestComingBackWithAnotherRequestUriIsASpiralNotALoop() throws Exception {
        SipRequest first = request("sip:bob@example.org");
        String ours = ViaBranch.of(ID, first);
        SipRequest spiral = first.copy().requestUri(SipUri.parse("sip:bob@192.0.2.50"))
                .addFirst(HeaderName.VIA, "SIP/2.0/UDP 127.0.0.1:5060;branch=" + ours).build();
        assertFalse(ViaBranch.hasLooped(ID, spiral));
    }
}
