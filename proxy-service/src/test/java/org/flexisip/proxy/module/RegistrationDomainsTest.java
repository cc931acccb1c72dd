package org.flexisip.proxy.module;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.testing.FakeProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §12 {@code reg-domains}, spec/global.md §4.4. */
class RegistrationDomainsTest {
    private final FakeProxyServices services = new FakeProxyServices();

    @Test
    void exactNameMatchesWhateverTheCase() {
        assertTrue(RegistrationDomains.of(List.of("example.org")).matches("Example.ORG"));
    }

    @Test
    void otherNameDoesNotMatch() {
        assertFalse(RegistrationDomains.of(List.of("example.org")).matches("example.net"));
    }

    @Test
    void trailingDotIsIgnored() {
        assertTrue(RegistrationDomains.of(List.of("example.org")).matches("example.org."));
    }

    @Test
    void starAloneMatchesEveryDomain() {
        assertTrue(RegistrationDomains.of(List.of("localhost", "*")).matches("anything.example"));
    }

    @Test
    void starInsideANameMatchesAnyRun() {
        RegistrationDomains d = RegistrationDomains.of(List.of("sip*.example.org"));
        assertTrue(d.matches("sip.example.org"));
        assertTrue(d.matches("sip2.example.org"));
        assertFalse(d.matches("www.example.org"));
    }

    @Test
    void dotsOfAPatternAreLiteral() {
        assertFalse(RegistrationDomains.of(List.of("a.b")).matches("axb"));
    }

    @Test
    void numericHostIsManagedOnlyWhenItIsUs() throws Exception {
        RegistrationDomains d = RegistrationDomains.of(List.of("*"));
        assertTrue(d.manages(SipUri.parse("sip:alice@127.0.0.1"), services));
        assertFalse(d.manages(SipUri.parse("sip:alice@192.0.2.99"), services));
        assertFalse(d.manages(SipUri.parse("sip:alice@[2001:db8::1]"), services));
    }

    @Test
    void nameIsManagedWithoutAskingWhetherItIsUs() throws Exception {
        assertTrue(RegistrationDomains.of(List.of("example.org")).manages(SipUri.parse("sip:alice@example.org"),
                services));
    }
}
