package org.flexisip.proxy.module.dosprotection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.dos.DosSettings;
import org.flexisip.common.time.ManualClock;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.module.fixtures.ModuleConfig;
import org.flexisip.proxy.module.fixtures.SipText;
import org.flexisip.proxy.module.fixtures.StubProxyServices;
import org.junit.jupiter.api.Test;

/** spec/proxy.md §3, and the auth-failure ban: failures seen through the answers later modules give. */
class DoSProtectionTest {
    private static final String CREDENTIALS = "Authorization: Digest username=\"alice\", realm=\"example.org\", "
            + "nonce=\"n1\", uri=\"sip:example.org\", response=\"0123456789abcdef0123456789abcdef\"";

    private final ManualClock clock = new ManualClock();
    private final List<SipResponse> sent = new ArrayList<>();

    private static SipRequest register(String... extra) {
        return SipText.request(SipText.requestText("REGISTER", "sip:example.org", extra)).receivedRequest();
    }

    private static SipResponse answer(SipRequest request, int status, String... headers) {
        SipResponse.Builder b = SipResponse.to(request, status, "Refused");
        for (String h : headers) {
            int colon = h.indexOf(':');
            b.add(org.flexisip.common.sip.message.SipHeader.of(h.substring(0, colon), h.substring(colon + 1).strip()));
        }
        return b.build();
    }

    /** DoSProtection, then a module answering every request with {@code answer}: the chain of the proxy. */
    private ModuleChain chain(DoSProtection dos, RequestOutcome answer, String... lines) throws Exception {
        FlexisipConfig config = ModuleConfig.load("[module::DoSProtection]\n" + String.join("\n", lines) + "\n");
        ConfigSection dosSection = config.section("module::DoSProtection").orElseThrow();
        ConfigSection next = config.section("module::Capabilities").orElseThrow();
        Module authenticator = event -> answer;
        return new ModuleChain(List.of(new ChainLink(dosSection.spec().module().orElseThrow(), dosSection, dos),
                new ChainLink(next.spec().module().orElseThrow(), next, authenticator)), Runnable::run,
                new ChainEnd() {
                    @Override
                    public void reply(RequestEvent event, SipResponse response) {
                        sent.add(response);
                    }

                    @Override
                    public void requestNotTaken(RequestEvent event) {
                    }

                    @Override
                    public void responseDone(ResponseEvent event) {
                    }
                });
    }

    private DoSProtection module(String... lines) throws Exception {
        FlexisipConfig config = ModuleConfig.load("[module::DoSProtection]\n" + String.join("\n", lines) + "\n");
        DosSettings settings = DoSProtection.settings(config.section("module::DoSProtection").orElseThrow(), config);
        return new DoSProtection(settings, clock);
    }

    private static RequestEvent guess() {
        return SipText.request(SipText.requestText("REGISTER", "sip:example.org", CREDENTIALS));
    }

    @Test
    void aWrongPasswordAnswered401IsAnAuthenticationFailure() {
        SipRequest request = register(CREDENTIALS);
        assertTrue(DoSProtection.isAuthenticationFailure(request, answer(request, 401,
                "WWW-Authenticate: Digest realm=\"example.org\", nonce=\"n2\"")));
    }

    @Test
    void theFirstChallengeOfARequestWithoutCredentialsIsNotAFailure() {
        SipRequest request = register();
        assertFalse(DoSProtection.isAuthenticationFailure(request, answer(request, 401,
                "WWW-Authenticate: Digest realm=\"example.org\", nonce=\"n2\"")));
        assertFalse(DoSProtection.isAuthenticationFailure(request, answer(request, 407,
                "Proxy-Authenticate: Digest realm=\"example.org\", nonce=\"n2\"")));
    }

    /** RFC 2617 §3.2.1: a stale nonce is re-challenged; the password was right. */
    @Test
    void aStaleNonceChallengeIsNotAFailure() {
        SipRequest request = register(CREDENTIALS);
        assertFalse(DoSProtection.isAuthenticationFailure(request, answer(request, 401,
                "WWW-Authenticate: Digest realm=\"example.org\", nonce=\"n3\", stale=true")));
    }

    @Test
    void a403IsAFailureAndOtherAnswersAreNot() {
        SipRequest request = register();
        assertTrue(DoSProtection.isAuthenticationFailure(request, answer(request, 403)));
        assertFalse(DoSProtection.isAuthenticationFailure(request, answer(request, 200)));
        assertFalse(DoSProtection.isAuthenticationFailure(request, answer(request, 404)));
    }

    @Test
    void repeatedFailuresAnsweredByALaterModuleBanTheSourceAndLaterRequestsAreDropped() throws Exception {
        DoSProtection dos = module("auth-failure-limit=3");
        ModuleChain chain = chain(dos, RequestOutcome.reply(403, "Forbidden"));
        for (int i = 0; i < 3; i++) {
            chain.onRequest(guess());
        }
        assertEquals(3, sent.size());
        assertEquals(1, dos.guard().counters().authFailureBans());
        assertTrue(dos.guard().isBanned(SipText.CLIENT, false));
        chain.onRequest(guess());
        assertEquals(3, sent.size(), "a request from a banned source that got through is dropped unanswered");
    }

    @Test
    void failuresAnsweredAfterASuspensionAreCountedToo() throws Exception {
        DoSProtection dos = module("auth-failure-limit=2");
        List<RequestEvent> suspended = new ArrayList<>();
        ModuleChain chain = chain(dos, RequestOutcome.suspend());
        for (int i = 0; i < 2; i++) {
            RequestEvent e = guess();
            chain.onRequest(e);
            suspended.add(e);
        }
        suspended.forEach(e -> e.reply(403, "Forbidden"));
        assertEquals(1, dos.guard().counters().authFailureBans());
    }

    @Test
    void aZeroAuthFailureLimitDisablesTheAuthFailureBan() throws Exception {
        DoSProtection dos = module("auth-failure-limit=0");
        ModuleChain chain = chain(dos, RequestOutcome.reply(403, "Forbidden"));
        for (int i = 0; i < 20; i++) {
            chain.onRequest(guess());
        }
        assertEquals(0, dos.guard().counters().authFailures());
        assertEquals(20, sent.size());
    }

    @Test
    void readsItsParametersAndAddsTheClusterNodesToTheWhiteList() throws Exception {
        FlexisipConfig config = ModuleConfig.load("[module::DoSProtection]\ntime-period=500\npacket-rate-limit=7\n"
                + "ban-time=3\nwhite-list=10.0.0.0/8\nauth-failure-limit=4\nauth-failure-period=30\n"
                + "[cluster]\nenabled=true\nnodes=192.0.2.10 192.0.2.11\n");
        DosSettings s = DoSProtection.settings(config.section("module::DoSProtection").orElseThrow(), config);
        assertEquals(500, s.timePeriod().toMillis());
        assertEquals(7, s.packetRateLimit());
        assertEquals(180, s.banTime().toSeconds());
        assertEquals(4, s.authFailureLimit());
        assertEquals(30, s.authFailurePeriod().toSeconds());
        assertTrue(s.whiteList().contains(java.net.InetAddress.getByName("10.9.9.9")));
        assertTrue(s.whiteList().contains(java.net.InetAddress.getByName("192.0.2.11")));
        assertFalse(s.whiteList().contains(java.net.InetAddress.getByName("127.0.0.1")), "replaced by the file");
    }

    @Test
    void aWhiteListEntryThatIsNoAddressRefusesTheStart() {
        assertThrows(ModuleConfigurationException.class, () -> DoSProtection.FACTORY.create(ModuleConfig.context(
                "DoSProtection", StubProxyServices.proxy(), "white-list=10.0.0.0/99")));
    }

    @Test
    void isBuiltWithServicesThatRefuseAnyUseAsWhenTheConfigurationIsValidated() throws Exception {
        Module m = DoSProtection.FACTORY.create(ModuleConfig.context("DoSProtection", StubProxyServices.proxy(),
                "iptables-chain=OTHER"));
        assertSame(DoSProtection.class, m.getClass());
    }
}
