package org.flexisip.proxy.agent;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.registrar.RegistrarBackend;
import org.junit.jupiter.api.Test;

/**
 * The Router forking to the devices of the registrar database, on the loopback with UDP sockets as caller and
 * devices (spec/proxy.md §14 rules 11, 12, 7 and 19), on each registrar database:
 * {@link RouterForkingOnInternalDbTest} and {@link RouterForkingOnRedisDbTest}.
 */
abstract class RouterForkingTest {

    /** The database the tests run on. */
    abstract RegistrarBackend backend();

    private LoopbackProxy proxy(String... overrides) throws Exception {
        return new LoopbackProxy(backend(), overrides);
    }

    private static void register(LoopbackProxy proxy, String user, UdpPeer device, String instance) throws Exception {
        AddressHeader contact = AddressHeader.parse("<sip:" + user + "@127.0.0.1:" + device.port()
                + ">;+sip.instance=\"<urn:uuid:" + instance + ">\"");
        SipUri aor = SipUri.parse("sip:" + user + "@localhost");
        proxy.db.bind(aor, new BindRequest(List.of(new BindRequest.NewContact(contact, 3600)), "reg-" + instance, 1,
                List.of(), List.of(), "test", false, false, Optional.empty(), false)).get();
        proxy.db.publish(proxy.db.keyOf(aor), "\"<urn:uuid:" + instance + ">\"");
    }

    private static String request(String method, UdpPeer uac, String user, String callId) {
        return method + " sip:" + user + "@localhost SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + uac.port() + ";branch=z9hG4bK-" + callId + "\n"
                + "Max-Forwards: 70\nFrom: <sip:alice@localhost>;tag=a1\nTo: <sip:" + user + "@localhost>\n"
                + "Call-ID: " + callId + "\nCSeq: 1 " + method + "\nContact: <sip:alice@127.0.0.1:" + uac.port()
                + ">\n" + (method.equals("MESSAGE") ? "Content-Type: text/plain\nContent-Length: 5\n\nhello"
                        : "Content-Length: 0\n\n");
    }

    @Test
    void anInviteRingsBothDevicesAndTheOtherIsCancelledWhenOneAnswers() throws Exception {
        try (LoopbackProxy proxy = proxy(); UdpPeer uac = new UdpPeer(); UdpPeer d1 = new UdpPeer();
                UdpPeer d2 = new UdpPeer()) {
            register(proxy, "bob", d1, "d1");
            register(proxy, "bob", d2, "d2");
            uac.send(request("INVITE", uac, "bob", "fork-ok"), proxy.port);
            String i1 = d1.receiveStartingWith("INVITE ", 10);
            String i2 = d2.receiveStartingWith("INVITE ", 10);
            d1.send(UdpPeer.answer(i1, 180, "Ringing", "t1"), proxy.port);
            d2.send(UdpPeer.answer(i2, 180, "Ringing", "t2"), proxy.port);
            uac.receiveStartingWith("SIP/2.0 180", 10);
            d1.send(UdpPeer.answer(i1, 200, "OK", "t1"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 200", 10));
            String cancel = d2.receiveStartingWith("CANCEL ", 10);
            assertTrue(cancel.contains("Reason: SIP;cause=200;text=\"Call completed elsewhere\""), cancel);
        }
    }

    @Test
    void theDeviceThatAnswersIsNotCancelled() throws Exception {
        try (LoopbackProxy proxy = proxy(); UdpPeer uac = new UdpPeer(); UdpPeer d1 = new UdpPeer();
                UdpPeer d2 = new UdpPeer()) {
            register(proxy, "bob", d1, "d1");
            register(proxy, "bob", d2, "d2");
            uac.send(request("INVITE", uac, "bob", "fork-winner"), proxy.port);
            String i1 = d1.receiveStartingWith("INVITE ", 10);
            String i2 = d2.receiveStartingWith("INVITE ", 10);
            d1.send(UdpPeer.answer(i1, 180, "Ringing", "t1"), proxy.port);
            d2.send(UdpPeer.answer(i2, 180, "Ringing", "t2"), proxy.port); // A CANCEL waits for a provisional.
            uac.receiveStartingWith("SIP/2.0 180", 10);
            d1.send(UdpPeer.answer(i1, 200, "OK", "t1"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 200", 10));
            d2.receiveStartingWith("CANCEL ", 10);
            // Both CANCELs would leave in the same turn of the SIP loop as d2's: a second is plenty to see one.
            AssertionError none = assertThrows(AssertionError.class, () -> d1.receiveStartingWith("CANCEL ", 1));
            assertTrue(none.getMessage().startsWith("no 'CANCEL '"), none.getMessage());
        }
    }

    @Test
    void aBusyDeviceDoesNotWinOverOneThatAnswers() throws Exception {
        try (LoopbackProxy proxy = proxy(); UdpPeer uac = new UdpPeer(); UdpPeer d1 = new UdpPeer();
                UdpPeer d2 = new UdpPeer()) {
            register(proxy, "bob", d1, "d1");
            register(proxy, "bob", d2, "d2");
            uac.send(request("INVITE", uac, "bob", "fork-busy"), proxy.port);
            String i1 = d1.receiveStartingWith("INVITE ", 10);
            String i2 = d2.receiveStartingWith("INVITE ", 10);
            d1.send(UdpPeer.answer(i1, 486, "Busy Here", "t1"), proxy.port);
            d2.send(UdpPeer.answer(i2, 200, "OK", "t2"), proxy.port);
            String answer = uac.receive(t -> t.startsWith("SIP/2.0 2") || t.startsWith("SIP/2.0 4"), 10, "final");
            assertTrue(answer.startsWith("SIP/2.0 200"), answer);
        }
    }

    @Test
    void aDeclineEndsTheForkWith603AndCancelsTheOtherDevice() throws Exception {
        try (LoopbackProxy proxy = proxy(); UdpPeer uac = new UdpPeer(); UdpPeer d1 = new UdpPeer();
                UdpPeer d2 = new UdpPeer()) {
            register(proxy, "bob", d1, "d1");
            register(proxy, "bob", d2, "d2");
            uac.send(request("INVITE", uac, "bob", "fork-decline"), proxy.port);
            String i1 = d1.receiveStartingWith("INVITE ", 10);
            String i2 = d2.receiveStartingWith("INVITE ", 10);
            d2.send(UdpPeer.answer(i2, 180, "Ringing", "t2"), proxy.port);
            d1.send(UdpPeer.answer(i1, 603, "Decline", "t1"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 603", 10));
            String cancel = d2.receiveStartingWith("CANCEL ", 10);
            assertTrue(cancel.contains("cause=600"), cancel);
        }
    }

    @Test
    void aUserWithoutDeviceIsNotFound() throws Exception {
        try (LoopbackProxy proxy = proxy(); UdpPeer uac = new UdpPeer()) {
            uac.send(request("INVITE", uac, "nobody", "fork-404"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 404", 10));
        }
    }

    @Test
    void aMessageToAnOfflineUserIsAcceptedAndDeliveredWhenTheUserRegisters() throws Exception {
        try (LoopbackProxy proxy = proxy("module::Router/message-accept-timeout=1");
                UdpPeer uac = new UdpPeer(); UdpPeer device = new UdpPeer()) {
            uac.send(request("MESSAGE", uac, "carol", "msg-late"), proxy.port);
            assertNotNull(uac.receiveStartingWith("SIP/2.0 202", 10));
            // The waiting fork listens for carol's devices: on Redis, a change published before that SUBSCRIBE
            // reached the server would be lost.
            backend().awaitSubscribers("carol@localhost");
            register(proxy, "carol", device, "c1");
            String message = device.receiveStartingWith("MESSAGE ", 10);
            assertTrue(message.endsWith("hello"), message);
        }
    }
}
