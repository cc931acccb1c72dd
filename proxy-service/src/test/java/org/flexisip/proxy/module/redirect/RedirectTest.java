package org.flexisip.proxy.module.redirect;

import static org.flexisip.proxy.module.fixtures.SipText.request;
import static org.flexisip.proxy.module.fixtures.SipText.requestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §9. */
class RedirectTest {
    private static final String CONTACT = "<sip:192.0.2.5:5065>;expires=100";

    private static Module redirect(String... lines) throws Exception {
        return Redirect.FACTORY.create(ModuleConfig.context("Redirect", StubProxyServices.proxy(), lines));
    }

    @Test
    void requestIsAnswered302WithTheConfiguredContact() throws Exception {
        RequestOutcome outcome = redirect("enabled=true", "contact=" + CONTACT)
                .onRequest(request(requestText("INVITE", "sip:bob@example.org")));
        RequestOutcome.Reply reply = assertInstanceOf(RequestOutcome.Reply.class, outcome);
        assertEquals(302, reply.status());
        assertEquals("Moved Temporarily", reply.reason());
        assertEquals(List.of(SipHeader.of(HeaderName.CONTACT, CONTACT)), reply.headers());
    }

    @Test
    void ackGoesOn() throws Exception {
        RequestOutcome outcome = redirect("enabled=true", "contact=" + CONTACT)
                .onRequest(request(requestText("ACK", "sip:bob@example.org")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void cancelGoesOn() throws Exception {
        RequestOutcome outcome = redirect("enabled=true", "contact=" + CONTACT)
                .onRequest(request(requestText("CANCEL", "sip:bob@example.org")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void emptyContactWhenEnabledRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> redirect("enabled=true"));
        assertTrue(e.getMessage().contains("module::Redirect/contact"), e.getMessage());
    }

    @Test
    void emptyContactWhenDisabledIsAccepted() throws Exception {
        redirect("enabled=false");
    }

    @Test
    void unparsableContactRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> redirect("enabled=true", "contact=<sip:192.0.2.5"));
        assertTrue(e.getMessage().contains("module::Redirect/contact"), e.getMessage());
    }
}
