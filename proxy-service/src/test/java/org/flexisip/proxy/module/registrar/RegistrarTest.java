package org.flexisip.proxy.module.registrar;

import static org.flexisip.proxy.module.registrar.RegistrarHarness.contacts;
import static org.flexisip.proxy.module.registrar.RegistrarHarness.event;
import static org.flexisip.proxy.module.registrar.RegistrarHarness.register;
import static org.flexisip.proxy.module.registrar.RegistrarHarness.registerFrom;
import static org.flexisip.proxy.module.registrar.RegistrarHarness.withContactLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.flexisip.common.registrar.Binding;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.nathelper.FlowTokenPath;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;

/**
 * spec/proxy.md §12, rules 1–14 and 20, at module level, on each registrar database:
 * {@link RegistrarOnInternalDbTest} and {@link RegistrarOnRedisDbTest}.
 */
abstract class RegistrarTest {
    private static final String ALICE = "sip:alice@example.org";
    private static final String PHONE = "Contact: <sip:alice@192.0.2.10:5062>";
    private static final String INSTANCE = "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"";
    private static final String OWN_PATH = "sip:127.0.0.1:5060;lr;fs-proxy-id=" + RegistrarServices.UNIQUE_ID;

    /** The database the tests run on. */
    abstract RegistrarBackend backend();

    private RegistrarHarness harness(String... lines) throws Exception {
        return RegistrarHarness.on(backend(), lines);
    }

    private RegistrarHarness harness(RandomGenerator random, String... lines) throws Exception {
        return RegistrarHarness.on(backend(), random, lines);
    }

    // ---- which REGISTERs are ours ----

    @Test
    void registerForAServedDomainIsAnswered200RegistrationSuccessful() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE, "Expires: 3600"));
        assertEquals(200, r.statusCode());
        assertEquals("Registration successful", r.reasonPhrase());
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=3600"), contacts(r));
    }

    @Test
    void registerForAnotherDomainGoesOn() throws Exception {
        RegistrarHarness h = harness();
        h.run(event(registerFrom("<sip:alice@other.example.net>", 1, PHONE)));
        assertEquals(1, h.notTaken.size());
        assertTrue(h.replies.isEmpty());
        assertTrue(h.record("sip:alice@other.example.net").isEmpty());
    }

    @Test
    void requestOtherThanRegisterGoesOn() throws Exception {
        RegistrarHarness h = harness();
        h.run(event(TestMessages.options(ALICE)));
        assertEquals(1, h.notTaken.size());
    }

    @Test
    void starRegDomainServesEveryDomain() throws Exception {
        RegistrarHarness h = harness("reg-domains=*");
        assertEquals(200, h.send(registerFrom("<sip:alice@other.example.net>", 1, PHONE)).statusCode());
    }

    @Test
    void wildcardInsideARegDomainMatchesSubdomains() throws Exception {
        RegistrarHarness h = harness("reg-domains=*.example.net");
        assertEquals(200, h.send(registerFrom("<sip:alice@sip.example.net>", 1, PHONE)).statusCode());
    }

    @Test
    void numericFromHostThatIsNotUsGoesOnEvenWithStar() throws Exception {
        RegistrarHarness h = harness("reg-domains=*");
        h.run(event(registerFrom("<sip:alice@192.0.2.99>", 1, PHONE)));
        assertEquals(1, h.notTaken.size());
    }

    @Test
    void numericFromHostThatIsUsIsServed() throws Exception {
        RegistrarHarness h = harness("reg-domains=*");
        assertEquals(200, h.send(registerFrom("<sip:alice@127.0.0.1>", 1, PHONE)).statusCode());
    }

    // ---- rule 1: the AOR ----

    @Test
    void aorIsTakenFromFromNotTo() throws Exception {
        RegistrarHarness h = harness();
        String text = register(1, PHONE).replace("To: <sip:alice@example.org>", "To: <sip:bob@example.org>");
        assertEquals(200, h.send(text).statusCode());
        assertEquals(1, h.record(ALICE).bindings().size());
        assertTrue(h.record("sip:bob@example.org").isEmpty());
    }

    @Test
    void fromThatIsNotASipUriIsAnswered400() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(registerFrom("<tel:+33123456789>", 1, PHONE));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid From", r.reasonPhrase());
    }

    // ---- rule 2: contacts and '*' ----

    @Test
    void unparsableContactIsAnswered400InvalidContact() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(withContactLine(register(1), "<sip:alice@192.0.2.10"));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid contact", r.reasonPhrase());
    }

    @Test
    void contactThatIsNotASipUriIsAnswered400InvalidContact() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, "Contact: <tel:+33123456789>"));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid contact", r.reasonPhrase());
    }

    @Test
    void contactExpiresThatIsNotANumberIsAnswered400InvalidContact() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE + ";expires=soon"));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid contact", r.reasonPhrase());
    }

    @Test
    void starWithExpiresZeroRemovesEveryBindingAndListsNone() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Contact: <sip:alice@192.0.2.11>"));
        SipResponse r = h.send(register(2, "Contact: *", "Expires: 0"));
        assertEquals(200, r.statusCode());
        assertEquals(List.of(), contacts(r));
        assertTrue(h.record(ALICE).isEmpty());
    }

    /** RFC 3261 §10.2.2. */
    @Test
    void starWithANonZeroExpiresIsAnswered400() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, "Contact: *", "Expires: 3600"));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid usage of wildcard '*' in Contact header field", r.reasonPhrase());
    }

    @Test
    void starWithoutExpiresIsAnswered400() throws Exception {
        RegistrarHarness h = harness();
        assertEquals(400, h.send(register(1, "Contact: *")).statusCode());
    }

    @Test
    void starWithAnotherContactIsAnswered400() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(withContactLine(register(1, "Expires: 0"), "*, <sip:alice@192.0.2.10>"));
        assertEquals(400, r.statusCode());
        assertEquals("Invalid usage of wildcard '*' in Contact header field", r.reasonPhrase());
    }

    // ---- rules 3 and 4 ----

    @Test
    void moreContactsThanMaxContactsPerRegistrationIsAnswered403() throws Exception {
        RegistrarHarness h = harness("max-contacts-per-registration=2");
        SipResponse r = h.send(register(1, "Contact: <sip:a@192.0.2.1>, <sip:b@192.0.2.2>, <sip:c@192.0.2.3>"));
        assertEquals(403, r.statusCode());
        assertEquals("Too many contacts in REGISTER", r.reasonPhrase());
        assertTrue(h.record(ALICE).isEmpty());
    }

    @Test
    void domainRegistrationIsForbiddenByDefault() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(registerFrom("<sip:example.org>", 1, "Contact: <sip:192.0.2.50:5060;transport=tcp>"));
        assertEquals(403, r.statusCode());
        assertEquals("Domain registration forbidden", r.reasonPhrase());
    }

    @Test
    void acceptedDomainRegistrationIsBoundAsARoute() throws Exception {
        RegistrarHarness h = harness("inter-domain-connections/accept-domain-registrations=true");
        SipResponse r = h.send(registerFrom("<sip:example.org>", 1, "Contact: <sip:192.0.2.50:5060;transport=tcp>"));
        assertEquals(200, r.statusCode());
        Binding b = h.record("sip:example.org").bindings().get(0);
        assertTrue(b.usedAsRoute());
    }

    // ---- rule 5 ----

    @Test
    void registerWithoutContactListsTheCurrentBindingsWithTheirRemainingExpiry() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Expires: 3600"));
        h.services.advance(Duration.ofSeconds(100));
        SipResponse r = h.send(register(2));
        assertEquals(200, r.statusCode());
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=3500"), contacts(r));
        assertTrue(r.header(HeaderName.EXPIRES).isEmpty());
    }

    // ---- rule 6: expiry ----

    @Test
    void expiresHeaderAboveMaxExpiresIsLoweredToIt() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE, "Expires: 100000"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=86400"), contacts(r));
        assertEquals("86400", r.headerValue(HeaderName.EXPIRES).orElseThrow());
    }

    @Test
    void expiresHeaderBelowMinExpiresIsRaisedToItWithout423() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE, "Expires: 10"));
        assertEquals(200, r.statusCode());
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=60"), contacts(r));
    }

    @Test
    void registerWithoutAnyExpiryIsGrantedDefaultExpires() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=600"), contacts(r));
        assertEquals("600", r.headerValue(HeaderName.EXPIRES).orElseThrow());
    }

    @Test
    void contactExpiresOverridesTheHeaderAndIsClampedToo() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, "Contact: <sip:alice@192.0.2.10>;expires=5, <sip:alice@192.0.2.11>",
                "Expires: 3600"));
        assertEquals(List.of("<sip:alice@192.0.2.10>;expires=60", "<sip:alice@192.0.2.11>;expires=3600"),
                contacts(r));
    }

    @Test
    void expiresZeroRemovesTheBinding() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Expires: 3600"));
        SipResponse r = h.send(register(2, PHONE, "Expires: 0"));
        assertEquals(200, r.statusCode());
        assertEquals(List.of(), contacts(r));
        assertEquals("0", r.headerValue(HeaderName.EXPIRES).orElseThrow());
        assertTrue(h.record(ALICE).isEmpty());
    }

    @Test
    void forceExpiresReplacesEveryNonZeroExpiry() throws Exception {
        RegistrarHarness h = harness("force-expires=120");
        SipResponse r = h.send(register(1, "Contact: <sip:alice@192.0.2.10>;expires=7200, <sip:alice@192.0.2.11>",
                "Expires: 3600"));
        assertEquals(List.of("<sip:alice@192.0.2.10>;expires=120", "<sip:alice@192.0.2.11>;expires=120"),
                contacts(r));
        assertEquals("120", r.headerValue(HeaderName.EXPIRES).orElseThrow());
    }

    @Test
    void forceExpiresLeavesARemovalARemoval() throws Exception {
        RegistrarHarness h = harness("force-expires=120");
        h.send(register(1, PHONE));
        assertEquals(List.of(), contacts(h.send(register(2, PHONE + ";expires=0"))));
    }

    @Test
    void bindingExpiresWhenItsGrantedTimeHasPassed() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Expires: 60"));
        h.services.advance(Duration.ofSeconds(61));
        assertEquals(List.of(), contacts(h.send(register(2))));
    }

    // ---- rule 7: Path ----

    @Test
    void bindingStoresAPathToThisProxyInFrontOfThePathsOfTheRegister() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Path: <sip:edge.example.net;lr>"));
        assertEquals(List.of(OWN_PATH, "sip:edge.example.net;lr"), h.record(ALICE).bindings().get(0).path());
    }

    /** RFC 5626 §5.1. */
    @Test
    void flowTokenFromNatHelperBecomesTheUserPartOfThePathWithOb() throws Exception {
        RegistrarHarness h = harness();
        RequestEvent event = event(register(1, PHONE));
        event.setAttribute(FlowTokenPath.class, new FlowTokenPath("tok3n"));
        h.send(event);
        assertEquals(List.of("sip:tok3n@127.0.0.1:5060;lr;fs-proxy-id=" + RegistrarServices.UNIQUE_ID + ";ob"),
                h.record(ALICE).bindings().get(0).path());
    }

    @Test
    void clusterInternalTransportIsThePath() throws Exception {
        RegistrarHarness h = harness("cluster/enabled=true",
                "cluster/internal-transport=sip:10.0.0.2:5059;transport=tcp");
        h.send(register(1, PHONE));
        assertEquals(List.of("sip:10.0.0.2:5059;transport=tcp;lr"), h.record(ALICE).bindings().get(0).path());
    }

    // ---- rule 8: fs-conn-id (over streams: RegistrarConnectionTest) ----

    @Test
    void connectionIdOfAContactIsStoredButNeverShown() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, "Contact: <sip:alice@192.0.2.10:5062;fs-conn-id=7f3a>"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=600"), contacts(r));
        assertEquals(Optional.of("7f3a"), h.record(ALICE).bindings().get(0).connectionId());
    }

    @Test
    void registerOverUdpStoresNoConnectionId() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE));
        assertEquals(Optional.empty(), h.record(ALICE).bindings().get(0).connectionId());
    }

    // ---- rule 9 and the other configurations refused ----

    @Test
    void regOnResponseRefusesTheStartAsNotSupportedYet() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> harness("reg-on-response=true"));
        assertEquals("module::Registrar/reg-on-response: not supported yet", e.getMessage());
    }

    @Test
    void regOnResponseOfADisabledRegistrarIsAccepted() throws Exception {
        harness("enabled=false", "reg-on-response=true");
    }

    @Test
    void maxExpiresBelowMinExpiresRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> harness("min-expires=3600", "max-expires=60"));
        assertTrue(e.getMessage().startsWith("module::Registrar/max-expires"), e.getMessage());
    }

    @Test
    void serviceRouteThatIsNotAUriRefusesTheStart() {
        ModuleConfigurationException e = assertThrows(ModuleConfigurationException.class,
                () -> harness("service-route=sip:ok.example.org not-a-uri"));
        assertTrue(e.getMessage().startsWith("module::Registrar/service-route"), e.getMessage());
    }

    // ---- rule 10: the 200 ----

    @Test
    void okListsEveryCurrentBindingOfTheAor() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, "Contact: <sip:alice@192.0.2.10>", "Expires: 3600"));
        h.services.advance(Duration.ofSeconds(10));
        String other = register(1, "Contact: <sip:alice@192.0.2.20>", "Expires: 1800").replace("reg-1@", "reg-2@");
        SipResponse r = h.send(other);
        assertEquals(List.of("<sip:alice@192.0.2.10>;expires=3590", "<sip:alice@192.0.2.20>;expires=1800"),
                contacts(r));
    }

    @Test
    void okCarriesExpiresSupportedServerAndAToTag() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE, "Expires: 3600"));
        assertEquals("3600", r.headerValue(HeaderName.EXPIRES).orElseThrow());
        assertEquals("path, outbound", r.headerValue(HeaderName.SUPPORTED).orElseThrow());
        assertTrue(r.headerValue(HeaderName.SERVER).orElseThrow().startsWith("Flexisip-Java/"));
        assertTrue(r.to().tag().isPresent());
        assertEquals("reg-1@192.0.2.10", r.callId());
        assertTrue(r.header(HeaderName.SERVICE_ROUTE).isEmpty());
    }

    /** RFC 3608. */
    @Test
    void serviceRouteIsReturnedWhenConfigured() throws Exception {
        RegistrarHarness h = harness("service-route=sip:a.example.org;lr sip:b.example.org;lr");
        SipResponse r = h.send(register(1, PHONE));
        assertEquals("<sip:a.example.org;lr>, <sip:b.example.org;lr>",
                r.headerValue(HeaderName.SERVICE_ROUTE).orElseThrow());
    }

    @Test
    void storedContactKeepsItsParametersWithoutItsExpires() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, "Contact: <sip:alice@192.0.2.10;transport=tcp>;expires=3600;"
                + "+sip.instance=" + INSTANCE + ";reg-id=1"));
        assertEquals(List.of("<sip:alice@192.0.2.10;transport=tcp>;+sip.instance=" + INSTANCE
                + ";reg-id=1;expires=3600"), contacts(r));
    }

    // ---- rule 11 ----

    @Test
    void randomizerReducesTheGrantedExpiryStoredAndReturned() throws Exception {
        RegistrarHarness h = harness(drawing(25), "register-expire-randomizer-max=50");
        SipResponse r = h.send(register(1, PHONE, "Expires: 3600"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=2700"), contacts(r));
        assertEquals("2700", r.headerValue(HeaderName.EXPIRES).orElseThrow());
        assertEquals(2700, h.record(ALICE).bindings().get(0).expires());
    }

    @Test
    void randomizerNeverTurnsARegistrationIntoARemoval() throws Exception {
        RegistrarHarness h = harness(drawing(100), "register-expire-randomizer-max=100");
        SipResponse r = h.send(register(1, PHONE, "Expires: 3600"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=1"), contacts(r));
    }

    // ---- rule 12 ----

    @Test
    void bindPublishesTheContactKeyOfEachBindingItWrote() throws Exception {
        RegistrarHarness h = harness();
        RegistrarHarness.Published published = h.listen("alice@example.org");
        h.send(register(1, PHONE + ";+sip.instance=" + INSTANCE));
        assertEquals(List.of(INSTANCE), published.await(1));
    }

    @Test
    void removalPublishesTheContactKeyOfTheRemovedBinding() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE + ";+sip.instance=" + INSTANCE));
        RegistrarHarness.Published published = h.listen("alice@example.org");
        h.send(register(2, PHONE + ";+sip.instance=" + INSTANCE + ";expires=0"));
        assertEquals(List.of(INSTANCE), published.await(1));
    }

    @Test
    void bindOfAContactWithoutUniqueIdPublishesItsGeneratedKey() throws Exception {
        RegistrarHarness h = harness();
        RegistrarHarness.Published published = h.listen("alice@example.org");
        h.send(register(1, PHONE));
        List<String> keys = published.await(1);
        assertEquals(List.of(h.record(ALICE).bindings().get(0).key()), keys);
        assertTrue(keys.get(0).startsWith("fs-gen-"));
    }

    @Test
    void refusedRegisterPublishesNothing() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(2, PHONE));
        RegistrarHarness.Published published = h.listen("alice@example.org");
        h.send(register(1, PHONE));
        assertEquals(List.of(), published.await(0));
    }

    // ---- rule 14 (the database failing: RegistrarUnavailableTest) ----

    @Test
    void refusalOfTheBindingRulesIsAnsweredWithItsStatusAndReason() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(2, PHONE));
        SipResponse r = h.send(register(1, PHONE));
        assertEquals(400, r.statusCode());
        assertEquals("Replayed CSeq", r.reasonPhrase());
        assertTrue(r.to().tag().isPresent());
    }

    // ---- rule 20: GRUU ----

    /** RFC 5627 §4.2. */
    @Test
    void gruuSupportedGivesThePublicGruuOfTheInstance() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE + ";+sip.instance=" + INSTANCE, "Supported: gruu, outbound"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;+sip.instance=" + INSTANCE + ";expires=600;"
                + "pub-gruu=\"sip:alice@example.org;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""),
                contacts(r));
    }

    @Test
    void noPublicGruuWithoutSupportedGruu() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE + ";+sip.instance=" + INSTANCE));
        assertFalse(contacts(r).get(0).contains("pub-gruu"));
    }

    @Test
    void noPublicGruuWhenGruuIsDisabled() throws Exception {
        RegistrarHarness h = harness("enable-gruu=false");
        SipResponse r = h.send(register(1, PHONE + ";+sip.instance=" + INSTANCE, "Supported: gruu"));
        assertFalse(contacts(r).get(0).contains("pub-gruu"));
    }

    @Test
    void noPublicGruuForABindingWithoutInstance() throws Exception {
        RegistrarHarness h = harness();
        SipResponse r = h.send(register(1, PHONE, "Supported: gruu"));
        assertEquals(List.of("<sip:alice@192.0.2.10:5062>;expires=600"), contacts(r));
    }

    // ---- statistics ----

    @Test
    void bindsAreCountedStartedAndFinished() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE));
        h.send(registerFrom("<sip:bob@example.org>", 1, "Contact: <sip:bob@192.0.2.30>"));
        assertEquals(2, h.counter("count-bind"));
        assertEquals(2, h.counter("count-bind-finished"));
    }

    @Test
    void idleTickCountsTheLocalRegisteredUsers() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE));
        h.send(registerFrom("<sip:bob@example.org>", 1, "Contact: <sip:bob@192.0.2.30>"));
        h.registrar.onIdle();
        assertEquals(2, h.counter("count-local-registered-users"));
    }

    @Test
    void clearsAreCountedStartedAndFinished() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE));
        h.send(register(2, "Contact: *", "Expires: 0"));
        assertEquals(1, h.counter("count-clear"));
        assertEquals(1, h.counter("count-clear-finished"));
    }

    @Test
    void idleTickCountsTheLocalUsersLeftAfterExpiry() throws Exception {
        RegistrarHarness h = harness();
        h.send(register(1, PHONE, "Expires: 60"));
        h.registrar.onIdle();
        h.services.advance(Duration.ofSeconds(61));
        h.registrar.onIdle();
        assertEquals(0, h.counter("count-local-registered-users"));
    }

    // ---- helpers ----

    /** A random source whose bounded draws all give {@code value}. */
    private static RandomGenerator drawing(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 42;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }
}
