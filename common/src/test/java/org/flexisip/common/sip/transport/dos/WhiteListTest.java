package org.flexisip.common.sip.transport.dos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class WhiteListTest {
    private static boolean contains(WhiteList list, String address) throws Exception {
        return list.contains(InetAddress.getByName(address));
    }

    @Test
    void theDefaultListCoversOnlyTheTwoLoopbackAddresses() throws Exception {
        WhiteList list = WhiteList.parse(List.of("127.0.0.1", "::1"));
        assertTrue(contains(list, "127.0.0.1"));
        assertTrue(contains(list, "::1"));
        assertFalse(contains(list, "127.0.0.23"));
        assertFalse(contains(list, "192.0.2.1"));
    }

    @Test
    void networksMatchOnTheirPrefix() throws Exception {
        WhiteList list = WhiteList.parse(List.of("10.1.0.0/16", "fd00::/8", "192.0.2.128/25"));
        assertTrue(contains(list, "10.1.200.3"));
        assertFalse(contains(list, "10.2.0.1"));
        assertTrue(contains(list, "fd12::5"));
        assertFalse(contains(list, "fe80::1"));
        assertTrue(contains(list, "192.0.2.200"));
        assertFalse(contains(list, "192.0.2.127"));
    }

    @Test
    void bracketedIpv6AndIpv4MappedAddressesMatch() throws Exception {
        WhiteList list = WhiteList.parse(List.of("[2001:db8::1]", "192.0.2.1"));
        assertTrue(contains(list, "2001:db8::1"));
        assertTrue(list.contains(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
                (byte) 0xff, (byte) 192, 0, 2, 1})));
    }

    @Test
    void refusesAMalformedNetwork() {
        assertThrows(WhiteList.InvalidWhiteListException.class, () -> WhiteList.parse(List.of("10.0.0.0/40")));
        assertThrows(WhiteList.InvalidWhiteListException.class, () -> WhiteList.parse(List.of("host/8")));
    }

    @Test
    void refusesANameThatDoesNotResolve() {
        assertThrows(WhiteList.InvalidWhiteListException.class,
                () -> WhiteList.parse(List.of("no-such-host.invalid")));
    }
}
