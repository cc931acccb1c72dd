package org.flexisip.proxy.module.authentication;

import static org.flexisip.proxy.module.authentication.AuthenticationHarness.answerTo;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.answerWithHa1;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.challengeLines;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.challenges;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.invite;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.md5;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.register;
import static org.flexisip.proxy.module.authentication.AuthenticationHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digest authentication of module::Authentication (spec/proxy.md §8, RFC 3261 §22, RFC 7616). */
class AuthenticationTest {
    private static final String CHALLENGE = "Digest realm=\"example.org\", nonce=\"[A-Za-z0-9_-]+\", "
            + "opaque=\"\\+GNywA==\", algorithm=%s, qop=\"auth\"";

    @TempDir
    Path dir;

    // ---- rule 5: challenges ----

    @Test
    void challengesRegisterWithout401AndWwwAuthenticate() throws Exception {
        var h = AuthenticationHarness.with(dir);
        SipResponse r = h.answer(register(1));
        assertEquals(401, r.statusCode());
        assertEquals("Unauthorized", r.reasonPhrase());
        List<String> lines = challengeLines(r);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).matches(CHALLENGE.formatted("MD5")), lines.get(0));
        assertTrue(r.proxyAuthenticates().isEmpty());
    }

    @Test
    void challengesInviteWith407AndProxyAuthenticate() throws Exception {
        var h = AuthenticationHarness.with(dir);
        SipResponse r = h.answer(invite(1));
        assertEquals(407, r.statusCode());
        assertEquals("Proxy Authentication Required", r.reasonPhrase());
        assertEquals(1, r.proxyAuthenticates().size());
        assertTrue(r.wwwAuthenticates().isEmpty());
        assertTrue(r.to().tag().isPresent(), "RFC 3261 §8.2.6.2: a To tag");
    }

    @Test
    void sendsOneChallengePerAlgorithmInConfiguredOrder() throws Exception {
        var h = AuthenticationHarness.with(dir, "available-algorithms=SHA-256 MD5");
        List<String> lines = challengeLines(h.answer(register(1)));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches(CHALLENGE.formatted("SHA-256")), lines.get(0));
        assertTrue(lines.get(1).matches(CHALLENGE.formatted("MD5")), lines.get(1));
    }

    @Test
    void challengesAUserWithOnlyAnMd5SecretWithEveryConfiguredAlgorithmToo() throws Exception {
        var h = AuthenticationHarness.with(dir, "available-algorithms=SHA-256 MD5");
        SipResponse r = h.answer(request("REGISTER", "sip:bob-auth@example.org", 1));
        assertEquals(List.of("SHA-256", "MD5"),
                challenges(r).stream().map(c -> c.param("algorithm").orElseThrow()).toList());
    }

    @Test
    void challengesAnUnknownUserWithEveryConfiguredAlgorithm() throws Exception {
        var h = AuthenticationHarness.with(dir, "available-algorithms=SHA-256 MD5");
        SipResponse known = h.answer(register(1));
        SipResponse unknown = h.answer(request("REGISTER", "sip:mallory@example.org", 1));
        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(challengeLines(known).stream().map(l -> l.replaceAll("nonce=\"[^\"]*\"", "")).toList(),
                challengeLines(unknown).stream().map(l -> l.replaceAll("nonce=\"[^\"]*\"", "")).toList());
    }

    @Test
    void givesAFreshNonceToEachChallenge() throws Exception {
        var h = AuthenticationHarness.with(dir);
        String first = challenges(h.answer(register(1))).get(0).param("nonce").orElseThrow();
        String second = challenges(h.answer(register(2))).get(0).param("nonce").orElseThrow();
        assertNotEquals(first, second);
    }

    @Test
    void omitsQopWithDisableQopAuth() throws Exception {
        var h = AuthenticationHarness.with(dir, "disable-qop-auth=true");
        String line = challengeLines(h.answer(register(1))).get(0);
        assertTrue(line.matches("Digest realm=\"example.org\", nonce=\"[A-Za-z0-9_-]+\", opaque=\"\\+GNywA==\", "
                + "algorithm=MD5"), line);
    }

    // ---- rule 1 ----

    @ParameterizedTest
    @ValueSource(strings = {"ACK", "CANCEL", "BYE"})
    void neverChallenges(String method) throws Exception {
        var h = AuthenticationHarness.with(dir);
        h.passes(request(method, "sip:alice@example.org", 1));
    }

    // ---- rule 2 ----

    @Test
    void letsTrustedHostsThroughByViaReceived() throws Exception {
        var h = AuthenticationHarness.with(dir, "trusted-hosts=198.51.100.7");
        h.passes(invite(1).replace(";rport\n", ";rport;received=198.51.100.7\n"));
    }

    @Test
    void letsTrustedHostsThroughByViaHost() throws Exception {
        var h = AuthenticationHarness.with(dir, "trusted-hosts=192.0.2.0/24");
        h.passes(invite(1));
    }

    @Test
    void judgesTheSourceByReceivedRatherThanHost() throws Exception {
        var h = AuthenticationHarness.with(dir, "trusted-hosts=192.0.2.10");
        assertEquals(407, h.answer(invite(1).replace(";rport\n", ";rport;received=203.0.113.5\n")).statusCode());
    }

    @Test
    void appliesTrustedHostsChangedAtRuntime() throws Exception {
        var h = AuthenticationHarness.with(dir);
        assertEquals(407, h.answer(invite(1)).statusCode());
        h.config.setAtRuntime("module::Authentication", "trusted-hosts", "192.0.2.10", "test");
        h.passes(invite(2));
        h.config.setAtRuntime("module::Authentication", "trusted-hosts", "", "test");
        assertEquals(407, h.answer(invite(3)).statusCode());
    }

    @Test
    void expandsReferencesInTrustedHosts() throws Exception {
        var h = AuthenticationHarness.with(dir, "module::DoSProtection/white-list=192.0.2.10 127.0.0.1",
                "trusted-hosts=${module::DoSProtection/white-list}");
        h.passes(invite(1));
    }

    @Test
    void trustsThePresenceServerWhenPresenceIsEnabled() throws Exception {
        var h = AuthenticationHarness.with(dir, "module::Presence/enabled=true",
                "module::Presence/presence-server=sip:192.0.2.10:5065;transport=tcp");
        h.passes(invite(1));
    }

    @Test
    void trustsTheClusterNodes() throws Exception {
        var h = AuthenticationHarness.with(dir, "cluster/enabled=true", "cluster/nodes=192.0.2.10 192.0.2.11");
        h.passes(invite(1));
    }

    // ---- rule 3 ----

    @Test
    void refusesDomainsOutsideAuthDomains() throws Exception {
        var h = AuthenticationHarness.with(dir);
        SipResponse r = h.answer(request("INVITE", "sip:alice@other.org", 1));
        assertEquals(403, r.statusCode());
        assertEquals("Domain forbidden", r.reasonPhrase());
    }

    @Test
    void takesTheIdentityFromPPreferredIdentity() throws Exception {
        var h = AuthenticationHarness.with(dir);
        SipResponse r = h.answer(invite(1, "P-Preferred-Identity: <sip:alice@other.org>"));
        assertEquals(403, r.statusCode());
        assertEquals("Domain forbidden", r.reasonPhrase());
    }

    @Test
    void challengesEveryDomainWithStar() throws Exception {
        var h = AuthenticationHarness.with(dir, "auth-domains=*");
        SipResponse r = h.answer(request("INVITE", "sip:alice@other.org", 1));
        assertEquals(407, r.statusCode());
        assertEquals("other.org", challenges(r).get(0).param("realm").orElseThrow());
    }

    // ---- rules 8 and 9: verification ----

    @Test
    void acceptsRightMd5CredentialsAndRemovesThem() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        SipRequest passed = h.passes(register(2, "Authorization: "
                + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        assertTrue(passed.headers(HeaderName.AUTHORIZATION).isEmpty());
    }

    @Test
    void acceptsRightSha256Credentials() throws Exception {
        var h = AuthenticationHarness.with(dir, "available-algorithms=SHA-256");
        AuthHeader c = challenges(h.answer(invite(1))).get(0);
        assertEquals("SHA-256", c.param("algorithm").orElseThrow());
        SipRequest passed = h.passes(invite(2, "Proxy-Authorization: "
                + answerTo(c, "alice", "secret", "INVITE", "sip:bob@example.org", 1)));
        assertTrue(passed.headers(HeaderName.PROXY_AUTHORIZATION).isEmpty());
    }

    @Test
    void acceptsAStoredMd5Ha1WithTheUserId() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(invite(1))).get(0);
        h.passes(invite(2, "Proxy-Authorization: "
                + answerWithHa1(c, "bob-auth", md5("bob-auth:example.org:bobpass"), "INVITE", "sip:bob@example.org",
                1)));
    }

    @Test
    void refusesSha256CredentialsOfAUserWithOnlyAnMd5SecretLikeAWrongPassword() throws Exception {
        var h = AuthenticationHarness.with(dir, "available-algorithms=SHA-256 MD5");
        AuthHeader sha256 = challenges(h.answer(invite(1))).get(0);
        SipResponse r = h.answer(invite(2, "Proxy-Authorization: "
                + answerTo(sha256, "bob-auth", "bobpass", "INVITE", "sip:bob@example.org", 1)));
        assertEquals(403, r.statusCode());
        assertEquals("Forbidden", r.reasonPhrase());
    }

    @Test
    void keepsCredentialsOfOtherRealms() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(invite(1))).get(0);
        String other = "Digest username=\"alice\", realm=\"upstream.net\", nonce=\"n\", uri=\"sip:bob@example.org\", "
                + "response=\"0123456789abcdef0123456789abcdef\"";
        SipRequest passed = h.passes(invite(2, "Proxy-Authorization: " + other, "Proxy-Authorization: "
                + answerTo(c, "alice", "secret", "INVITE", "sip:bob@example.org", 1)));
        assertEquals(List.of("upstream.net"), passed.proxyAuthorizations().stream()
                .map(a -> a.param("realm").orElseThrow()).toList());
    }

    @Test
    void refusesAWrongPasswordWith403() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        SipResponse r = h.answer(register(2, "Authorization: "
                + answerTo(c, "alice", "wrong", "REGISTER", "sip:example.org", 1)));
        assertEquals(403, r.statusCode());
        assertEquals("Forbidden", r.reasonPhrase());
        assertTrue(r.wwwAuthenticates().isEmpty());
    }

    @Test
    void refusesAnUnknownUserExactlyLikeAWrongPassword() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        SipResponse wrong = h.answer(register(2, "Authorization: "
                + answerTo(c, "alice", "wrong", "REGISTER", "sip:example.org", 1)));
        SipResponse unknown = h.answer(register(3, "Authorization: "
                + answerTo(c, "mallory", "secret", "REGISTER", "sip:example.org", 2)));
        assertEquals(wrong.statusCode(), unknown.statusCode());
        assertEquals(wrong.reasonPhrase(), unknown.reasonPhrase());
        assertEquals(wrong.headers().size(), unknown.headers().size());
    }

    @Test
    void challengesAgainInsteadOf403WhenNo403IsTrue() throws Exception {
        var h = AuthenticationHarness.with(dir, "no-403=true");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        SipResponse r = h.answer(register(2, "Authorization: "
                + answerTo(c, "alice", "wrong", "REGISTER", "sip:example.org", 1)));
        assertEquals(401, r.statusCode());
        assertEquals(1, r.wwwAuthenticates().size());
    }

    @Test
    void evaluatesNo403PerRequest() throws Exception {
        var h = AuthenticationHarness.with(dir, "no-403=request.method-name == 'INVITE'");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        assertEquals(403, h.answer(register(2, "Authorization: "
                + answerTo(c, "alice", "wrong", "REGISTER", "sip:example.org", 1))).statusCode());
    }

    @Test
    void challengesCredentialsForAnAlgorithmNotOffered() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        AuthHeader sha = AuthHeader.parse(c.toString().replace("algorithm=MD5", "algorithm=SHA-256"));
        SipResponse r = h.answer(register(2, "Authorization: "
                + answerTo(sha, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        assertEquals(401, r.statusCode());
    }

    @Test
    void challengesCredentialsForAnotherRealm() throws Exception {
        var h = AuthenticationHarness.with(dir);
        SipResponse r = h.answer(register(1, "Authorization: Digest username=\"alice\", realm=\"elsewhere\", "
                + "nonce=\"x\", uri=\"sip:example.org\", response=\"00\""));
        assertEquals(401, r.statusCode());
    }

    // ---- rule 6: nonces ----

    @Test
    void challengesAnExpiredNonceWithStaleTrue() throws Exception {
        var h = AuthenticationHarness.with(dir, "nonce-expires=60");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        h.advance(Duration.ofSeconds(61));
        SipResponse r = h.answer(register(2, "Authorization: "
                + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        assertEquals(401, r.statusCode());
        String line = challengeLines(r).get(0);
        assertTrue(line.endsWith(", qop=\"auth\", stale=true"), line);
    }

    @Test
    void acceptsANonceUntilItExpires() throws Exception {
        var h = AuthenticationHarness.with(dir, "nonce-expires=60");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        h.advance(Duration.ofSeconds(59));
        h.passes(register(2, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
    }

    @Test
    void refusesANonceMadeForAnotherRealm() throws Exception {
        var h = AuthenticationHarness.with(dir, "auth-domains=example.org other.org");
        AuthHeader other = challenges(h.answer(request("REGISTER", "sip:alice@other.org", 1))).get(0);
        AuthHeader forged = AuthHeader.parse(other.toString().replace("other.org", "example.org"));
        SipResponse r = h.answer(register(2, "Authorization: "
                + answerTo(forged, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        assertEquals(401, r.statusCode());
        assertFalse(challengeLines(r).get(0).contains("stale"));
    }

    @Test
    void refusesANonceNotMadeHere() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        String nonce = c.param("nonce").orElseThrow();
        char last = nonce.charAt(nonce.length() - 1);
        AuthHeader forged = AuthHeader.parse(c.toString().replace(nonce,
                nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A')));
        assertEquals(401, h.answer(register(2, "Authorization: "
                + answerTo(forged, "alice", "secret", "REGISTER", "sip:example.org", 1))).statusCode());
    }

    // ---- rule 7: nonce counts and qop ----

    @Test
    void acceptsIncreasingNonceCounts() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        h.passes(register(2, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        h.passes(register(3, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 2)));
    }

    @Test
    void challengesAReplayedNonceCountWithAFreshNonce() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        String credentials = "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1);
        h.passes(register(2, credentials));
        SipResponse r = h.answer(register(3, credentials));
        assertEquals(401, r.statusCode());
        assertNotEquals(c.param("nonce"), challenges(r).get(0).param("nonce"));
    }

    @Test
    void challengesALowerNonceCount() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        h.passes(register(2, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 5)));
        assertEquals(401, h.answer(register(3, "Authorization: "
                + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 4))).statusCode());
    }

    @Test
    void challengesAnRfc2069AnswerWhenQopIsRequired() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        AuthHeader noQop = AuthHeader.parse(c.toString().replace(", qop=\"auth\"", ""));
        assertEquals(401, h.answer(register(2, "Authorization: "
                + answerTo(noQop, "alice", "secret", "REGISTER", "sip:example.org", 1))).statusCode());
    }

    @Test
    void acceptsAnRfc2069AnswerWithDisableQopAuth() throws Exception {
        var h = AuthenticationHarness.with(dir, "disable-qop-auth=true");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        SipRequest passed = h.passes(register(2, "Authorization: "
                + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        assertTrue(passed.authorizations().isEmpty());
    }

    // ---- realm ----

    @Test
    void challengesWithTheConfiguredRealmAndChecksAgainstIt() throws Exception {
        var h = AuthenticationHarness.with(dir, "realm=sip.example.com");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        assertEquals("sip.example.com", c.param("realm").orElseThrow());
        h.passes(register(2, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
    }

    @Test
    void takesTheRealmFromTheFirstCaptureOfRealmRegex() throws Exception {
        var h = AuthenticationHarness.with(dir, "realm-regex=sip:.*@(.*)\\.org");
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        assertEquals("example", c.param("realm").orElseThrow());
    }

    // ---- new-auth-on-407 ----

    private static SipResponse downstream407() {
        return (SipResponse) TestMessages.parse("SIP/2.0 407 Proxy Authentication Required\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-auth1;rport\n"
                + "From: <sip:alice@example.org>;tag=f1\n"
                + "To: <sip:bob@example.org>;tag=t9\n"
                + "Call-ID: auth-1@192.0.2.10\n"
                + "CSeq: 1 INVITE\n"
                + "Proxy-Authenticate: Digest realm=\"upstream.net\", nonce=\"u1\", algorithm=MD5\n"
                + "Content-Length: 0\n\n");
    }

    @Test
    void addsOurChallengeToA407ComingBackWithNewAuthOn407() throws Exception {
        var h = AuthenticationHarness.with(dir, "new-auth-on-407=true");
        ResponseEvent event = new ResponseEvent(downstream407(), null, null);
        h.module.onResponse(event);
        assertEquals(List.of("upstream.net", "example.org"), event.response().proxyAuthenticates().stream()
                .map(c -> c.param("realm").orElseThrow()).toList());
    }

    @Test
    void leavesA407AsItIsWithoutNewAuthOn407() throws Exception {
        var h = AuthenticationHarness.with(dir);
        ResponseEvent event = new ResponseEvent(downstream407(), null, null);
        h.module.onResponse(event);
        assertEquals(1, event.response().proxyAuthenticates().size());
    }

    // ---- counters ----

    @Test
    void countsPasswordsFoundAndNotFound() throws Exception {
        var h = AuthenticationHarness.with(dir);
        AuthHeader c = challenges(h.answer(register(1))).get(0);
        h.passes(register(2, "Authorization: " + answerTo(c, "alice", "secret", "REGISTER", "sip:example.org", 1)));
        h.answer(register(3, "Authorization: " + answerTo(c, "mallory", "secret", "REGISTER", "sip:example.org", 2)));
        assertEquals(1, h.counter("count-password-found"), "a challenge looks nothing up");
        assertEquals(1, h.counter("count-password-not-found"));
    }
}
