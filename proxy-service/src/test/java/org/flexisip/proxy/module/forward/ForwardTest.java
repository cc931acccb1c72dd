package org.flexisip.proxy.module.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;

import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.nathelper.FlowToken;
import org.flexisip.proxy.module.nathelper.FlowTokenRecordRoute;
import org.flexisip.proxy.testing.FakeProxyServices;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardTest {
    private final FakeProxyServices services = new FakeProxyServices();
    private InternalRegistrarDb db;

    @TempDir
    Path dir;

    private Forward forward(String... overrides) throws Exception {
        FlexisipConfig config = TestConfigs.with(overrides);
        db = new InternalRegistrarDb(RegistrarSettings.from(config.section("module::Registrar").orElseThrow()),
                services.clock(), false);
        return new Forward(new ModuleContext(config.section("module::Forward").orElseThrow(), config, services), db);
    }

    private static String invite(String ruri, String... extra) {
        StringBuilder b = new StringBuilder("INVITE " + ruri + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-inv-1\n"
                + "From: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.org>\n"
                + "Call-ID: inv-1@192.0.2.10\nCSeq: 1 INVITE\nContact: <sip:alice@192.0.2.10:5062>\n");
        for (String h : extra) {
            b.append(h).append('\n');
        }
        return b.append("Content-Length: 0\n\n").toString();
    }

    private RequestOutcome run(Forward f, String text) {
        return f.onRequest(new RequestEvent(TestMessages.udp(text), null));
    }

    private SipRequest onlyForwarded() {
        assertEquals(1, services.forwarded.size());
        return services.forwarded.get(0).request();
    }

    @Test
    void maxForwardsZeroIsAnswered483() throws Exception {
        RequestOutcome o = run(forward(), invite("sip:bob@192.0.2.20", "Max-Forwards: 0"));
        assertEquals(483, ((RequestOutcome.Reply) o).status());
    }

    @Test
    void maxForwardsNotAboveTheViaCountIsAnswered483As24Does() throws Exception {
        RequestOutcome o = run(forward(), invite("sip:bob@192.0.2.20", "Max-Forwards: 1"));
        assertEquals(483, ((RequestOutcome.Reply) o).status());
    }

    @Test
    void maxForwardsIsDecremented() throws Exception {
        run(forward(), invite("sip:bob@192.0.2.20", "Max-Forwards: 70"));
        assertEquals(69, onlyForwarded().maxForwards().getAsInt());
    }

    @Test
    void aMissingMaxForwardsBecomes70() throws Exception {
        run(forward(), invite("sip:bob@192.0.2.20"));
        assertEquals(70, onlyForwarded().maxForwards().getAsInt());
    }

    @Test
    void aRequestWhoseDestinationIsUsIsAnswered482() throws Exception {
        RequestOutcome o = run(forward(), invite("sip:bob@127.0.0.1:5060", "Max-Forwards: 70"));
        assertEquals(482, ((RequestOutcome.Reply) o).status());
    }

    @Test
    void theRouteOfRoutesConfigPathIsAddedToOutOfDialogRequests() throws Exception {
        Path routes = dir.resolve("routes.conf");
        Files.writeString(routes, "# comment\n<sip:192.0.2.30:5070;transport=udp> request.method-name == 'INVITE'\n");
        RequestOutcome o = run(forward("module::Forward/routes-config-path=" + routes),
                invite("sip:bob@example.org", "Max-Forwards: 70"));
        assertInstanceOf(RequestOutcome.Handled.class, o);
        assertEquals("192.0.2.30", services.forwarded.get(0).hop().address().getHostString());
        assertEquals(5070, services.forwarded.get(0).hop().address().getPort());
        assertTrue(onlyForwarded().routes().get(0).uri().toString().startsWith("sip:192.0.2.30:5070"));
    }

    @Test
    void theRouteOfRoutesConfigPathIsNotAddedToInDialogRequests() throws Exception {
        Path routes = dir.resolve("routes.conf");
        Files.writeString(routes, "<sip:192.0.2.30:5070> true\n");
        String bye = invite("sip:bob@192.0.2.20", "Max-Forwards: 70").replace("INVITE sip", "BYE sip")
                .replace("CSeq: 1 INVITE", "CSeq: 2 BYE").replace("To: <sip:bob@example.org>",
                        "To: <sip:bob@example.org>;tag=b1");
        run(forward("module::Forward/routes-config-path=" + routes), bye);
        assertEquals("192.0.2.20", services.forwarded.get(0).hop().address().getHostString());
        assertTrue(onlyForwarded().routes().isEmpty());
    }

    @Test
    void aBadRoutesFileLineRefusesTheStartNamingTheLine() throws Exception {
        Path routes = dir.resolve("routes.conf");
        Files.writeString(routes, "not-a-uri true\n");
        ModuleConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                ModuleConfigurationException.class, () -> forward("module::Forward/routes-config-path=" + routes));
        assertTrue(e.getMessage().contains(routes + ":1"), e.getMessage());
    }

    @Test
    void theRoutesThatAreUsArePoppedAndTheNextOneIsTheDestination() throws Exception {
        run(forward(), invite("sip:bob@example.org", "Max-Forwards: 70",
                "Route: <sip:127.0.0.1:5060;lr>, <sip:192.0.2.40:5080;lr>"));
        SipRequest out = onlyForwarded();
        assertEquals(1, out.routes().size());
        assertEquals("192.0.2.40", services.forwarded.get(0).hop().address().getHostString());
        assertEquals("sip:bob@example.org", out.requestUri().toString());
    }

    @Test
    void aRecordRouteIsAddedWhenAModuleAskedForIt() throws Exception {
        RequestEvent event = new RequestEvent(TestMessages.udp(invite("sip:bob@192.0.2.20", "Max-Forwards: 70")), null);
        event.requestRecordRoute();
        forward().onRequest(event);
        assertEquals("sip:127.0.0.1:5060;lr", onlyForwarded().recordRoutes().get(0).uri().toString());
    }

    @Test
    void pushParametersAreRemovedFromTheRequestUri() throws Exception {
        run(forward(), invite("sip:bob@192.0.2.20;pn-prid=abc;pn-provider=apns;transport=udp", "Max-Forwards: 70"));
        String ruri = onlyForwarded().requestUri().toString();
        assertFalse(ruri.contains("pn-"), ruri);
        assertTrue(ruri.contains("transport=udp"), ruri);
    }

    @Test
    void aForwardedRegisterGetsAPathWithOurProxyId() throws Exception {
        String register = "REGISTER sip:example.org SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-r1\n"
                + "Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: <sip:alice@example.org>\n"
                + "Call-ID: reg-1\nCSeq: 1 REGISTER\nContact: <sip:alice@192.0.2.10:5062>\n"
                + "Route: <sip:192.0.2.50;lr>\nContent-Length: 0\n\n";
        run(forward(), register);
        String path = onlyForwarded().paths().get(0).uri().toString();
        assertTrue(path.contains("fs-proxy-id=" + FakeProxyServices.UNIQUE_ID), path);
    }

    private Forward flowTokenForward() throws Exception {
        return forward("module::NatHelper/nat-traversal-strategy=flow-token",
                "module::NatHelper/flow-token-path=" + dir.resolve("flow-key"));
    }

    private String inDialogTo(String routeUser) {
        return invite("sip:bob@192.0.2.20", "Max-Forwards: 70", "Route: <sip:" + routeUser + "@127.0.0.1:5060;lr>")
                .replace("To: <sip:bob@example.org>", "To: <sip:bob@example.org>;tag=b1");
    }

    @Test
    void aRouteWithATamperedFlowTokenIsRefused403() throws Exception {
        Forward f = flowTokenForward();
        FlowToken tokens = FlowToken.fromKeyFile(dir.resolve("flow-key"));
        String token = tokens.encode(new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("192.0.2.10",
                40000), TransportSpec.Protocol.TCP);
        String tampered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
        RequestOutcome o = run(f, inDialogTo(tampered));
        assertEquals(403, ((RequestOutcome.Reply) o).status());
    }

    @Test
    void aRouteWithTheFlowTokenOfAClosedConnectionIsAnswered430() throws Exception {
        Forward f = flowTokenForward();
        String token = FlowToken.fromKeyFile(dir.resolve("flow-key")).encode(new InetSocketAddress("127.0.0.1", 5060),
                new InetSocketAddress("192.0.2.10", 40000), TransportSpec.Protocol.TCP);
        RequestOutcome o = run(f, inDialogTo(token));
        assertEquals(430, ((RequestOutcome.Reply) o).status());
    }

    @Test
    void aRouteWithAValidFlowTokenGoesOverThatConnection() throws Exception {
        Forward f = flowTokenForward();
        InetSocketAddress client = new InetSocketAddress("192.0.2.10", 40000);
        services.connections.add(client);
        String token = FlowToken.fromKeyFile(dir.resolve("flow-key")).encode(new InetSocketAddress("127.0.0.1", 5060),
                client, TransportSpec.Protocol.TCP);
        run(f, inDialogTo(token));
        assertEquals(client, services.forwarded.get(0).hop().address());
        assertEquals(TransportSpec.Protocol.TCP, services.forwarded.get(0).hop().protocol());
    }

    @Test
    void theRecordRouteCarriesTheFlowTokenNatHelperChose() throws Exception {
        RequestEvent event = new RequestEvent(TestMessages.udp(invite("sip:bob@192.0.2.20", "Max-Forwards: 70")), null);
        event.requestRecordRoute();
        event.setAttribute(FlowTokenRecordRoute.class, new FlowTokenRecordRoute("tok123"));
        forward().onRequest(event);
        assertEquals("sip:tok123@127.0.0.1:5060;lr", onlyForwarded().recordRoutes().get(0).uri().toString());
    }

    @Test
    void anInDialogRequestToAGruuOfOursGoesToTheDeviceThroughItsPath() throws Exception {
        Forward f = forward();
        SipUri aor = SipUri.parse("sip:bob@localhost");
        db.bind(aor, new BindRequest(List.of(new BindRequest.NewContact(AddressHeader.parse(
                "<sip:bob@192.0.2.60:5070;transport=tcp>;+sip.instance=\"<urn:uuid:b0b>\""), 3600)), "c1", 1,
                List.of("sip:192.0.2.1:5060;lr"), List.of(), "", false, false, Optional.empty(), false)).get();
        String bye = "BYE sip:bob@localhost;gr=urn:uuid:b0b SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-bye\nMax-Forwards: 70\n"
                + "From: <sip:alice@localhost>;tag=a1\nTo: <sip:bob@localhost>;tag=b1\nCall-ID: g1\nCSeq: 2 BYE\n"
                + "Content-Length: 0\n\n";
        run(f, bye);
        SipRequest out = onlyForwarded();
        assertEquals("sip:bob@192.0.2.60:5070;transport=tcp", out.requestUri().toString());
        assertEquals("192.0.2.1", services.forwarded.get(0).hop().address().getHostString());
    }

    @Test
    void anInDialogRequestToAGruuNoLongerRegisteredIsNotFound() throws Exception {
        Forward f = forward();
        java.util.List<Integer> replies = new java.util.ArrayList<>();
        String bye = "BYE sip:bob@localhost;gr=urn:uuid:gone SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-bye2\nMax-Forwards: 70\n"
                + "From: <sip:alice@localhost>;tag=a1\nTo: <sip:bob@localhost>;tag=b1\nCall-ID: g2\nCSeq: 2 BYE\n"
                + "Content-Length: 0\n\n";
        org.flexisip.proxy.module.ModuleChain chain = new org.flexisip.proxy.module.ModuleChain(List.of(
                new org.flexisip.proxy.module.ChainLink(TestConfigs.with().section("module::Forward").orElseThrow()
                        .spec().module().orElseThrow(), TestConfigs.with().section("module::Forward").orElseThrow(), f)),
                Runnable::run, new org.flexisip.proxy.module.ChainEnd() {
                    @Override
                    public void reply(RequestEvent event, org.flexisip.common.sip.message.SipResponse response) {
                        replies.add(response.statusCode());
                    }

                    @Override
                    public void requestNotTaken(RequestEvent event) {
                    }

                    @Override
                    public void responseDone(org.flexisip.proxy.module.ResponseEvent event) {
                    }
                });
        chain.onRequest(new RequestEvent(TestMessages.udp(bye), null));
        assertEquals(List.of(404), replies);
    }
}
