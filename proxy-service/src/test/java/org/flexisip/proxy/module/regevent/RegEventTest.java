package org.flexisip.proxy.module.regevent;

import static org.flexisip.proxy.module.fixtures.SipText.request;
import static org.flexisip.proxy.module.fixtures.SipText.requestText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §10. */
class RegEventTest {
    private static Module regEvent(String... lines) throws Exception {
        return RegEvent.FACTORY.create(ModuleConfig.context("RegEvent", StubProxyServices.proxy(), lines));
    }

    private static List<String> routes(RequestEvent event) {
        return event.request().routes().stream().map(r -> r.uri().toString()).toList();
    }

    @Test
    void initialRegSubscribeGetsARouteToTheServerWithLr() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: reg"));
        assertSame(RequestOutcome.CONTINUE, regEvent("enabled=true").onRequest(event));
        assertEquals(List.of("sip:127.0.0.1:6065;transport=tcp;lr"), routes(event));
    }

    @Test
    void routeIsPrependedBeforeTheExistingOnes() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: reg",
                "Route: <sip:next.example.org;lr>"));
        regEvent("enabled=true", "regevent-server=sip:regevent.example.org;lr").onRequest(event);
        assertEquals(List.of("sip:regevent.example.org;lr", "sip:next.example.org;lr"), routes(event));
    }

    @Test
    void ourOwnRouteIsReplacedByTheServer() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: reg",
                "Route: <sip:proxy.example.org;lr>"));
        regEvent("enabled=true", "regevent-server=sip:regevent.example.org").onRequest(event);
        assertEquals(List.of("sip:regevent.example.org;lr"), routes(event));
    }

    @Test
    void inDialogSubscribeIsLeftAlone() throws Exception {
        String text = requestText("SUBSCRIBE", "sip:bob@example.org", "Event: reg")
                .replace("To: <sip:bob@example.org>", "To: <sip:bob@example.org>;tag=b1");
        RequestEvent event = request(text);
        regEvent("enabled=true").onRequest(event);
        assertTrue(event.request().headers(HeaderName.ROUTE).isEmpty());
    }

    @Test
    void otherEventPackageIsLeftAlone() throws Exception {
        RequestEvent event = request(requestText("SUBSCRIBE", "sip:bob@example.org", "Event: presence"));
        regEvent("enabled=true").onRequest(event);
        assertEquals(List.<AddressHeader>of(), event.request().routes());
    }

    @Test
    void serverThatIsNotASipUriRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> regEvent("enabled=true", "regevent-server=http://regevent.example.org"));
        assertTrue(e.getMessage().contains("module::RegEvent/regevent-server"), e.getMessage());
    }
}
