package org.flexisip.proxy.module.nathelper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.module.ResponseOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.SipText;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec/proxy.md §7. This proxy is proxy.example.org:5060; the client is 198.51.100.7:40000 behind a NAT. */
class NatHelperTest {
    /** The client's Via: private sent-by, public source filled in by our transport. */
    private static final String CLIENT_VIA = "Via: SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bK-c1;received=198.51.100.7"
            + ";rport=40000";
    private static final InetSocketAddress CALLEE = new InetSocketAddress("203.0.113.9", 5080);

    @TempDir
    Path dir;

    private static NatHelper natHelper(String... lines) throws Exception {
        return NatHelper.create(ModuleConfig.context("NatHelper", StubProxyServices.proxy(), lines));
    }

    private static String text(String method, String to, String... lines) {
        StringBuilder b = new StringBuilder(method + " sip:bob@example.org SIP/2.0\n");
        for (String line : lines) {
            b.append(line).append('\n');
        }
        return b.append("Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: " + to + "\n"
                + "Call-ID: n1@10.0.0.7\nCSeq: 1 " + method + "\nContent-Length: 0\n\n").toString();
    }

    private static String response(int status, String method, String contact, String... vias) {
        StringBuilder b = new StringBuilder("SIP/2.0 " + status + " OK\n");
        for (String via : vias) {
            b.append(via).append('\n');
        }
        return b.append("From: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.org>;tag=b1\n"
                + "Call-ID: n1@10.0.0.7\nCSeq: 1 " + method + "\nContact: " + contact + "\nContent-Length: 0\n\n")
                .toString();
    }

    private static final String OUR_VIA = "Via: SIP/2.0/UDP proxy.example.org:5060;branch=z9hG4bK-p1";
    private static final String EDGE_VIA = "Via: SIP/2.0/UDP edge.example.org:5060;branch=z9hG4bK-e1";

    private static String contact(RequestEvent event) {
        return event.request().contacts().get(0).uri().toString();
    }

    private static String contact(ResponseEvent event) {
        return event.response().contacts().get(0).uri().toString();
    }

    // ---- rules 1 and 2: contact correction on requests ----

    @Test
    void contactOfARequestWhoseViaShowsAnotherSourceIsRewrittenToThatSource() throws Exception {
        RequestEvent event = SipText.request(text("REGISTER", "<sip:alice@example.org>", CLIENT_VIA,
                "Contact: <sip:alice@10.0.0.7:5062>;expires=600"));
        assertSame(RequestOutcome.CONTINUE, natHelper().onRequest(event));
        assertEquals("sip:alice@198.51.100.7:40000", contact(event));
        assertEquals(Optional.of("600"), event.request().contacts().get(0).param("expires"));
    }

    @Test
    void contactOverTcpGetsTheTcpTransport() throws Exception {
        RequestEvent event = SipText.request(text("REGISTER", "<sip:alice@example.org>",
                CLIENT_VIA.replace("UDP", "TCP"), "Contact: <sip:alice@10.0.0.7:5062;transport=udp>"),
                Protocol.TCP);
        natHelper().onRequest(event);
        assertEquals("sip:alice@198.51.100.7:40000;transport=tcp", contact(event));
    }

    @Test
    void contactAlreadyMatchingTheSourceIsLeftAsItIs() throws Exception {
        String text = text("REGISTER", "<sip:alice@example.org>",
                "Via: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK-c1;rport=40000",
                "Contact: <sip:alice@198.51.100.7:40000>");
        RequestEvent event = SipText.request(text);
        natHelper().onRequest(event);
        assertSame(event.receivedRequest(), event.request());
    }

    @Test
    void gruuContactIsLeftAlone() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", CLIENT_VIA,
                "Contact: <sip:alice@10.0.0.7:5062;gr=urn:uuid:1>"));
        natHelper().onRequest(event);
        assertEquals("sip:alice@10.0.0.7:5062;gr=urn:uuid:1", contact(event));
    }

    @Test
    void contactCarryingTheMarkerIsLeftAlone() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", CLIENT_VIA,
                "Contact: <sip:alice@10.0.0.7:5062;verified>"));
        natHelper().onRequest(event);
        assertEquals("sip:alice@10.0.0.7:5062;verified", contact(event));
    }

    @Test
    void contactOfARelayedRequestIsLeftAloneWhenItIsNotTheViaSentBy() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>",
                "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-e1;received=203.0.113.5;rport=6000", CLIENT_VIA,
                "Contact: <sip:alice@10.0.0.7:5062>"));
        natHelper().onRequest(event);
        assertEquals("sip:alice@10.0.0.7:5062", contact(event));
    }

    @Test
    void contactOfARelayedRequestIsRewrittenWhenItIsTheViaSentBy() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>",
                "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-e1;received=203.0.113.5;rport=6000", CLIENT_VIA,
                "Contact: <sip:conference@10.0.0.9>"));
        natHelper().onRequest(event);
        assertEquals("sip:conference@203.0.113.5:6000", contact(event));
    }

    @Test
    void contactsAreLeftAloneWithTheFlowTokenStrategy() throws Exception {
        RequestEvent event = SipText.request(text("REGISTER", "<sip:alice@example.org>", CLIENT_VIA,
                "Contact: <sip:alice@10.0.0.7:5062>"));
        natHelper("nat-traversal-strategy=flow-token", "flow-token-path=" + dir.resolve("key")).onRequest(event);
        assertEquals("sip:alice@10.0.0.7:5062", contact(event));
    }

    // ---- rule 4 ----

    @Test
    void initialInviteAsksForARecordRoute() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", CLIENT_VIA));
        natHelper().onRequest(event);
        assertTrue(event.recordRouteRequested());
    }

    @Test
    void inDialogInviteDoesNotAskForARecordRoute() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>;tag=b1", CLIENT_VIA));
        natHelper().onRequest(event);
        assertFalse(event.recordRouteRequested());
    }

    // ---- rule 3: responses ----

    @Test
    void successToInviteGetsItsSourceAddressAndTheVerifiedMarker() throws Exception {
        ResponseEvent event = SipText.response(response(200, "INVITE", "<sip:bob@10.1.1.1:5070>", OUR_VIA,
                EDGE_VIA, CLIENT_VIA), CALLEE);
        assertEquals(ResponseOutcome.CONTINUE, natHelper().onResponse(event));
        assertEquals("sip:bob@203.0.113.9:5080;verified", contact(event));
    }

    @Test
    void markerNameComesFromContactCorrectionParam() throws Exception {
        ResponseEvent event = SipText.response(response(200, "SUBSCRIBE", "<sip:bob@203.0.113.9:5080>", OUR_VIA,
                EDGE_VIA, CLIENT_VIA), CALLEE);
        natHelper("contact-correction-param=checked").onResponse(event);
        assertEquals("sip:bob@203.0.113.9:5080;checked", contact(event));
    }

    @Test
    void lastProxyBeforeTheClientCorrectsWithoutAddingTheMarker() throws Exception {
        ResponseEvent event = SipText.response(response(200, "INVITE", "<sip:bob@10.1.1.1:5070>", OUR_VIA,
                CLIENT_VIA), CALLEE);
        natHelper().onResponse(event);
        assertEquals("sip:bob@203.0.113.9:5080", contact(event));
    }

    @Test
    void lastProxyBeforeTheClientRemovesTheMarker() throws Exception {
        ResponseEvent event = SipText.response(response(200, "INVITE", "<sip:bob@203.0.113.9:5080;verified>",
                OUR_VIA, CLIENT_VIA), new InetSocketAddress("192.0.2.77", 5060));
        natHelper().onResponse(event);
        assertEquals("sip:bob@203.0.113.9:5080", contact(event));
    }

    @Test
    void successToMessageIsLeftAlone() throws Exception {
        ResponseEvent event = SipText.response(response(200, "MESSAGE", "<sip:bob@10.1.1.1:5070>", OUR_VIA,
                EDGE_VIA, CLIENT_VIA), CALLEE);
        natHelper().onResponse(event);
        assertEquals("sip:bob@10.1.1.1:5070", contact(event));
    }

    @Test
    void errorResponseToInviteIsLeftAlone() throws Exception {
        ResponseEvent event = SipText.response(response(486, "INVITE", "<sip:bob@10.1.1.1:5070>", OUR_VIA,
                EDGE_VIA, CLIENT_VIA), CALLEE);
        natHelper().onResponse(event);
        assertEquals("sip:bob@10.1.1.1:5070", contact(event));
    }

    // ---- rule 5 ----

    private static final String NATED_PROXY_VIA = "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-e1"
            + ";received=203.0.113.5;rport=6000";

    private static String recordRoute(RequestEvent event) {
        return event.request().recordRoutes().get(0).uri().toString();
    }

    @Test
    void safePolicyAddsTheObservedSourceToANatedProxyRecordRoute() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "Record-Route: <sip:10.0.0.9;lr>, <sip:upstream.example.org;lr>"));
        natHelper("fix-record-routes=true").onRequest(event);
        assertEquals("sip:10.0.0.9;lr;fs-received=203.0.113.5;fs-rport=6000", recordRoute(event));
        assertEquals("sip:upstream.example.org;lr", event.request().recordRoutes().get(1).uri().toString());
    }

    @Test
    void safePolicyLeavesARecordRouteThatIsNotTheViaSentBy() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "Record-Route: <sip:other.example.org;lr>"));
        natHelper("fix-record-routes=true").onRequest(event);
        assertEquals("sip:other.example.org;lr", recordRoute(event));
    }

    @Test
    void alwaysPolicyAddsTheObservedSourceToAnyRecordRoute() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "Record-Route: <sip:other.example.org;lr>"));
        natHelper("fix-record-routes=true", "fix-record-routes-policy=always").onRequest(event);
        assertEquals("sip:other.example.org;lr;fs-received=203.0.113.5;fs-rport=6000", recordRoute(event));
    }

    @Test
    void recordRoutesAreLeftAloneWithoutFixRecordRoutes() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "Record-Route: <sip:10.0.0.9;lr>"));
        natHelper().onRequest(event);
        assertEquals("sip:10.0.0.9;lr", recordRoute(event));
    }

    @Test
    void pathOfAFlexisipProxyIsRewrittenToTheObservedSource() throws Exception {
        RequestEvent event = SipText.request(text("REGISTER", "<sip:alice@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "Path: <sip:10.0.0.9;lr;fs-proxy-id=abc>"));
        natHelper().onRequest(event);
        assertEquals("sip:203.0.113.5:6000;lr;fs-proxy-id=abc", event.request().paths().get(0).uri().toString());
    }

    // ---- rule 6: flow token ----

    private NatHelper flowTokenHelper() throws Exception {
        return natHelper("nat-traversal-strategy=flow-token", "flow-token-path=" + dir.resolve("key"),
                "force-flow-token=user-agent contains 'Linphone'");
    }

    @Test
    void firstHopInviteOfAForcedClientGetsAFlowTokenForItsFlow() throws Exception {
        NatHelper helper = flowTokenHelper();
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", CLIENT_VIA,
                "User-Agent: Linphone/5.2", "Contact: <sip:alice@10.0.0.7:5062>"));
        helper.onRequest(event);
        String token = event.attribute(FlowTokenRecordRoute.class).orElseThrow().token();
        assertEquals(Optional.of(new Flow(SipText.LOCAL, SipText.CLIENT, Protocol.UDP)),
                helper.flowToken().orElseThrow().decode(token));
        assertTrue(event.recordRouteRequested());
    }

    @Test
    void clientAskingForOutboundGetsAFlowToken() throws Exception {
        RequestEvent event = SipText.request(text("SUBSCRIBE", "<sip:bob@example.org>", CLIENT_VIA,
                "Event: presence", "Contact: <sip:alice@10.0.0.7:5062;ob>"));
        flowTokenHelper().onRequest(event);
        assertTrue(event.attribute(FlowTokenRecordRoute.class).isPresent());
    }

    @Test
    void clientNotForcedGetsNoFlowToken() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", CLIENT_VIA,
                "User-Agent: OtherPhone/1.0", "Contact: <sip:alice@10.0.0.7:5062>"));
        flowTokenHelper().onRequest(event);
        assertEquals(Optional.empty(), event.attribute(FlowTokenRecordRoute.class));
        assertTrue(event.recordRouteRequested());
    }

    @Test
    void requestRelayedByAnotherProxyGetsNoFlowToken() throws Exception {
        RequestEvent event = SipText.request(text("INVITE", "<sip:bob@example.org>", NATED_PROXY_VIA, CLIENT_VIA,
                "User-Agent: Linphone/5.2", "Contact: <sip:alice@10.0.0.7:5062>"));
        flowTokenHelper().onRequest(event);
        assertEquals(Optional.empty(), event.attribute(FlowTokenRecordRoute.class));
    }

    @Test
    void firstHopRegisterOfAForcedClientGetsAFlowTokenForItsPath() throws Exception {
        RequestEvent event = SipText.request(text("REGISTER", "<sip:alice@example.org>", CLIENT_VIA,
                "User-Agent: Linphone/5.2", "Contact: <sip:alice@10.0.0.7:5062>"));
        flowTokenHelper().onRequest(event);
        assertTrue(event.attribute(FlowTokenPath.class).isPresent());
        assertEquals(Optional.empty(), event.attribute(FlowTokenRecordRoute.class));
    }

    @Test
    void flowTokenKeyFileIsCreatedAtCreation() throws Exception {
        flowTokenHelper();
        assertEquals(FlowToken.KEY_LENGTH, Files.size(dir.resolve("key")));
    }

    @Test
    void unreadableFlowTokenKeyRefusesTheStart() throws Exception {
        Files.write(dir.resolve("key"), new byte[3]);
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class, this::flowTokenHelper);
        assertTrue(e.getMessage().startsWith("module::NatHelper/flow-token-path"), e.getMessage());
    }

    /** The schema already refuses it when loading; the module checks it again. */
    @Test
    void unknownStrategyRefusesTheStart() {
        Exception e = assertThrows(Exception.class, () -> natHelper("nat-traversal-strategy=stun"));
        assertTrue(String.valueOf(e.getMessage()).contains("nat-traversal-strategy"), e.toString());
    }

    @Test
    void contactCorrectionStrategyReadsNoKey() throws Exception {
        natHelper("flow-token-path=" + dir.resolve("key"));
        assertEquals(List.of(), List.of(dir.toFile().list()));
    }
}
