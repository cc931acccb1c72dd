package org.flexisip.proxy.module.sanitychecker;

import static org.flexisip.proxy.module.fixtures.SipText.request;
import static org.flexisip.proxy.module.fixtures.SipText.requestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.SipText;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §4. */
class SanityCheckerTest {
    private final Module checker;

    SanityCheckerTest() throws Exception {
        checker = SanityChecker.FACTORY.create(ModuleConfig.context("SanityChecker", StubProxyServices.proxy()));
    }

    private RequestOutcome.Reply rejected(RequestEvent event) throws Exception {
        RequestOutcome.Reply reply = assertInstanceOf(RequestOutcome.Reply.class, checker.onRequest(event));
        assertEquals(400, reply.status());
        return reply;
    }

    private static RequestEvent built(SipRequest request) {
        return new RequestEvent(new IncomingMessage(request, TransportSpec.Protocol.UDP, SipText.CLIENT,
                SipText.LOCAL, Optional.empty()), null);
    }

    @Test
    void saneRequestGoesOn() throws Exception {
        RequestOutcome outcome = checker.onRequest(request(requestText("INVITE", "sip:bob@example.org",
                "Contact: <sip:alice@198.51.100.7:40000>")));
        assertSame(RequestOutcome.CONTINUE, outcome);
    }

    @Test
    void fromWithoutTagIsRejectedWith400() throws Exception {
        String text = requestText("INVITE", "sip:bob@example.org").replace(";tag=a1", "");
        assertEquals("From header without tag", rejected(request(text)).reason());
    }

    @Test
    void unparsableFromIsRejectedWith400NamingTheHeader() throws Exception {
        SipRequest broken = ((SipRequest) SipText.parse(requestText("MESSAGE", "sip:bob@example.org"))).copy()
                .set(HeaderName.FROM, "<sip:alice@example.org;tag=1").build();
        assertTrue(rejected(built(broken)).reason().contains("From"));
    }

    @Test
    void toWithoutHostIsRejectedWith400() throws Exception {
        String text = requestText("MESSAGE", "sip:bob@example.org").replace("To: <sip:bob@example.org>",
                "To: <urn:service:sos>");
        assertEquals("To header without host", rejected(request(text)).reason());
    }

    @Test
    void requestUriWithUnknownSchemeIsRejectedWith400() throws Exception {
        assertEquals("Unsupported Request-URI scheme 'urn'",
                rejected(request(requestText("INVITE", "urn:service:sos"))).reason());
    }

    @Test
    void telRequestUriIsAccepted() throws Exception {
        assertSame(RequestOutcome.CONTINUE, checker.onRequest(request(requestText("INVITE", "tel:+33123456789"))));
    }

    @Test
    void contactWithoutHostIsRejectedWith400() throws Exception {
        String text = requestText("REGISTER", "sip:example.org", "Contact: <urn:uuid:f81d4fae>");
        assertEquals("Contact header without host", rejected(request(text)).reason());
    }

    @Test
    void loneStarContactIsAccepted() throws Exception {
        String text = requestText("REGISTER", "sip:example.org", "Contact: *", "Expires: 0");
        assertSame(RequestOutcome.CONTINUE, checker.onRequest(request(text)));
    }

    @Test
    void subscribeWithoutEventIsRejectedWith400() throws Exception {
        assertEquals("SUBSCRIBE without Event header",
                rejected(request(requestText("SUBSCRIBE", "sip:bob@example.org"))).reason());
    }

    @Test
    void escapedAtInFromUserPartIsRejectedWith400() throws Exception {
        String text = requestText("MESSAGE", "sip:bob@example.org").replace("sip:alice@example.org",
                "sip:alice%40evil.example@example.org");
        assertEquals("'@' or '\\' in the From user part", rejected(request(text)).reason());
    }

    @Test
    void escapedBackslashInToUserPartIsRejectedWith400() throws Exception {
        String text = requestText("MESSAGE", "sip:bob@example.org").replace("To: <sip:bob@example.org>",
                "To: <sip:bob%5Cx@example.org>");
        assertEquals("'@' or '\\' in the To user part", rejected(request(text)).reason());
    }

    @Test
    void responsesAreNotChecked() throws Exception {
        String text = "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK-t1\n"
                + "From: <sip:alice@example.org>\nTo: <sip:bob@example.org>;tag=b1\nCall-ID: c1\n"
                + "CSeq: 1 MESSAGE\nContent-Length: 0\n\n";
        assertEquals(ResponseOutcome.CONTINUE, checker.onResponse(SipText.response(text, SipText.CLIENT)));
    }
}
