package org.flexisip.proxy.module.presence;

import static org.flexisip.proxy.module.fixtures.SipText.request;
import static org.flexisip.proxy.module.fixtures.SipText.requestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §11. */
class PresenceTest {
    private static final String SERVER = "sip:127.0.0.1:5065;transport=tcp;lr";

    private static Module presence(String... lines) throws Exception {
        return Presence.FACTORY.create(ModuleConfig.context("Presence", StubProxyServices.proxy(), lines));
    }

    private static List<String> routes(RequestEvent event) {
        return event.request().routes().stream().map(r -> r.uri().toString()).toList();
    }

    @Test
    void initialPresenceSubscribeGetsARouteToThePresenceServer() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: presence"));
        assertSame(RequestOutcome.CONTINUE, presence("enabled=true").onRequest(event));
        assertEquals(List.of(SERVER), routes(event));
    }

    @Test
    void presencePublishGetsARouteToThePresenceServer() throws Exception {
        RequestEvent event = request(requestText("PUBLISH", "sip:alice@example.org", "Event: presence"));
        presence("enabled=true").onRequest(event);
        assertEquals(List.of(SERVER), routes(event));
    }

    @Test
    void inDialogSubscribeIsLeftAlone() throws Exception {
        String text = requestText("SUBSCRIBE", "sip:bob@example.org", "Event: presence")
                .replace("To: <sip:bob@example.org>", "To: <sip:bob@example.org>;tag=b1");
        RequestEvent event = request(text);
        presence("enabled=true").onRequest(event);
        assertEquals(List.of(), routes(event));
    }

    @Test
    void notifyIsLeftAlone() throws Exception {
        RequestEvent event = request(requestText("NOTIFY", "sip:bob@example.org", "Event: presence"));
        presence("enabled=true").onRequest(event);
        assertEquals(List.of(), routes(event));
    }

    @Test
    void singleSubscriptionIsLeftAloneWhenOnlyListSubscriptionIsTrue() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: presence"));
        presence("enabled=true", "only-list-subscription=true").onRequest(event);
        assertEquals(List.of(), routes(event));
    }

    @Test
    void listSubscriptionIsRoutedWhenOnlyListSubscriptionIsTrue() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:friends@example.org", "Event: presence",
                "Supported: eventlist"));
        presence("enabled=true", "only-list-subscription=true").onRequest(event);
        assertEquals(List.of(SERVER), routes(event));
    }

    @Test
    void serverUriWithoutLrGetsIt() throws Exception {
        RequestEvent event = request(requestText("PUBLISH", "sip:alice@example.org", "Event: presence"));
        presence("enabled=true", "presence-server=<sips:presence.example.org>").onRequest(event);
        assertEquals(List.of("sips:presence.example.org;lr"), routes(event));
    }

    @Test
    void emptyServerRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> presence("enabled=true", "presence-server="));
        assertTrue(e.getMessage().contains("module::Presence/presence-server"), e.getMessage());
    }
}
