package org.flexisip.proxy.module.garbagein;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.SipText;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §5: the filter (applied by the chain) selects; the module drops. */
class GarbageInTest {
    private final Module garbageIn;

    GarbageInTest() throws Exception {
        garbageIn = GarbageIn.FACTORY.create(ModuleConfig.context("GarbageIn", StubProxyServices.proxy(),
                "enabled=true", "filter=from.uri.domain == 'example.org'"));
    }

    @Test
    void requestReachingItIsDroppedWithoutAnswer() throws Exception {
        RequestOutcome outcome = garbageIn.onRequest(SipText.request(SipText.requestText("INVITE",
                "sip:bob@example.org")));
        assertSame(RequestOutcome.DROP, outcome);
    }

    @Test
    void responseReachingItIsDropped() throws Exception {
        String text = "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK-t1\n"
                + "From: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.org>;tag=b1\nCall-ID: c1\n"
                + "CSeq: 1 MESSAGE\nContent-Length: 0\n\n";
        assertEquals(ResponseOutcome.DROP, garbageIn.onResponse(SipText.response(text, SipText.CLIENT)));
    }
}
