package org.flexisip.proxy.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The stateful proxy core end to end on the loopback, with plain UDP sockets as caller and callee (sipp and
 * Linphone run the same flows against the built service in the deploy module).
 */
class AgentTest {

    private static String invite(UdpPeer uac, UdpPeer uas, String callId) {
        return "INVITE sip:bob@127.0.0.1:" + uas.port() + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + uac.port() + ";branch=z9hG4bK-" + callId + "\n"
                + "Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.org>\n"
                + "Call-ID: " + callId + "\nCSeq: 1 INVITE\nContact: <sip:alice@127.0.0.1:" + uac.port() + ">\n"
                + "Content-Length: 0\n\n";
    }

    @Test
    void anInviteIsForwardedStatefullyAndItsResponsesComeBackWithoutOurVia() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(); UdpPeer uac = new UdpPeer(); UdpPeer uas = new UdpPeer()) {
            uac.send(invite(uac, uas, "call-ok"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 100 Trying", 10));
            String forwarded = uas.receiveStartingWith("INVITE ", 10);
            assertTrue(forwarded.contains("Record-Route: <sip:127.0.0.1:" + proxy.port + ";lr>"), forwarded);
            assertEquals("69", UdpPeer.header(forwarded, "Max-Forwards"));
            uas.send(UdpPeer.answer(forwarded, 180, "Ringing", "b1"), proxy.port);
            String ringing = uac.receiveStartingWith("SIP/2.0 180", 10);
            assertEquals(1, ringing.lines().filter(l -> l.startsWith("Via:")).count(), ringing);
            uas.send(UdpPeer.answer(forwarded, 200, "OK", "b1"), proxy.port);
            String ok = uac.receiveStartingWith("SIP/2.0 200", 10);
            assertTrue(ok.contains("branch=z9hG4bK-call-ok"), ok);
        }
    }

    @Test
    void aCancelDuringRingingGives487ToTheCallerAndCancelsTheBranch() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(); UdpPeer uac = new UdpPeer(); UdpPeer uas = new UdpPeer()) {
            String invite = invite(uac, uas, "call-cancel");
            uac.send(invite, proxy.port);
            String forwarded = uas.receiveStartingWith("INVITE ", 10);
            uas.send(UdpPeer.answer(forwarded, 180, "Ringing", "b1"), proxy.port);
            uac.receiveStartingWith("SIP/2.0 180", 10);
            uac.send(invite.replace("INVITE sip", "CANCEL sip").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL"),
                    proxy.port);
            String cancel = uas.receiveStartingWith("CANCEL ", 10);
            assertEquals(UdpPeer.header(forwarded, "Via").split(",")[0], UdpPeer.header(cancel, "Via"));
            uac.receive(t -> t.startsWith("SIP/2.0 200") && t.contains("CANCEL"), 10, "200 for CANCEL");
            uac.receive(t -> t.startsWith("SIP/2.0 487") && t.contains("INVITE"), 10, "487 for INVITE");
        }
    }

    @Test
    void aBusyCalleeIsForwardedAndTheProxyAcknowledgesIt() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(); UdpPeer uac = new UdpPeer(); UdpPeer uas = new UdpPeer()) {
            uac.send(invite(uac, uas, "call-busy"), proxy.port);
            String forwarded = uas.receiveStartingWith("INVITE ", 10);
            uas.send(UdpPeer.answer(forwarded, 486, "Busy Here", "b1"), proxy.port);
            assertNotNull(uas.receiveStartingWith("ACK ", 10));
            assertNotNull(uac.receiveStartingWith("SIP/2.0 486", 10));
        }
    }

    @Test
    void aCalleeThatNeverAnswersGives408AfterTheTransactionTimeout() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy("global/transaction-timeout=2000"); UdpPeer uac = new UdpPeer();
                UdpPeer uas = new UdpPeer()) {
            uac.send(invite(uac, uas, "call-silent"), proxy.port);
            uas.receiveStartingWith("INVITE ", 10);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 408", 15));
        }
    }

    @Test
    void optionsToTheProxyItselfIsAnsweredByCapabilities() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(); UdpPeer uac = new UdpPeer()) {
            uac.send("OPTIONS sip:127.0.0.1:" + proxy.port + " SIP/2.0\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + uac.port() + ";branch=z9hG4bK-opt\n"
                    + "Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: <sip:127.0.0.1>\n"
                    + "Call-ID: opt-1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n", proxy.port);
            String ok = uac.receiveStartingWith("SIP/2.0 ", 10);
            assertTrue(ok.startsWith("SIP/2.0 200"), ok);
            assertEquals(1, proxy.config.global().entry("count-reply-200").counter().get());
            assertEquals(1, proxy.config.global().entry("count-incoming-request-options").counter().get());
        }
    }

    @Test
    void natHelperRewritesTheContactOfARequestWhoseViaShowsAnotherSource() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(); UdpPeer uac = new UdpPeer(); UdpPeer uas = new UdpPeer()) {
            // The client believes it is 10.0.0.8:5060 (behind a NAT); the proxy sees 127.0.0.1:<its port>.
            uac.send(invite(uac, uas, "call-nat").replace("Via: SIP/2.0/UDP 127.0.0.1:" + uac.port(),
                    "Via: SIP/2.0/UDP 10.0.0.8:5060").replace("Contact: <sip:alice@127.0.0.1:" + uac.port() + ">",
                    "Contact: <sip:alice@10.0.0.8:5060>"), proxy.port);
            String forwarded = uas.receiveStartingWith("INVITE ", 10);
            String contact = UdpPeer.header(forwarded, "Contact");
            assertTrue(contact.contains("127.0.0.1:" + uac.port()), contact);
        }
    }
}
