package org.flexisip.proxy.module.capabilities;

import static org.flexisip.proxy.module.fixtures.SipText.request;
import static org.flexisip.proxy.module.fixtures.SipText.requestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §6. This proxy is proxy.example.org:5060. */
class CapabilitiesTest {
    private final Module capabilities;

    CapabilitiesTest() throws Exception {
        capabilities = Capabilities.FACTORY.create(ModuleConfig.context("Capabilities", StubProxyServices.proxy()));
    }

    @Test
    void optionsToTheProxyItselfIsAnswered200WithAllowAndAccept() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("OPTIONS", "sip:proxy.example.org")));
        RequestOutcome.Reply reply = assertInstanceOf(RequestOutcome.Reply.class, outcome);
        assertEquals(200, reply.status());
        assertEquals(List.of(SipHeader.of(HeaderName.ALLOW, Capabilities.ALLOW),
                SipHeader.of(HeaderName.ACCEPT, "application/sdp")), reply.headers());
    }

    @Test
    void optionsWithARouteGoesOn() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("OPTIONS", "sip:proxy.example.org",
                "Route: <sip:proxy.example.org;lr>")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void optionsToAUserOfTheProxyGoesOn() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("OPTIONS",
                "sip:bob@proxy.example.org")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void optionsToAnotherHostGoesOn() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("OPTIONS", "sip:other.example.org")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void optionsToAnotherPortOfOurHostGoesOn() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("OPTIONS",
                "sip:proxy.example.org:5070")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void otherMethodToTheProxyGoesOn() throws Exception {
        RequestOutcome outcome = capabilities.onRequest(request(requestText("MESSAGE", "sip:proxy.example.org")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }
}
