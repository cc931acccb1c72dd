package org.flexisip.proxy.module.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.authentication.ClientCertificates.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 4 of spec/proxy.md §8: which TLS client certificates authenticate which identities. */
class ClientCertificatesTest {
    private static KeyPair keys;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        keys = generator.generateKeyPair();
    }

    /** A self-signed certificate with subject CN {@code cn} and the given URI and DNS alternative names. */
    private static X509Certificate certificate(String cn, List<String> uris, List<String> dnsNames)
            throws Exception {
        X500Name subject = new X500Name("CN=" + cn + ",O=Test");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000),
                subject, keys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private Verdict judge(X509Certificate certificate, String identity, String... lines) throws Exception {
        var section = AuthenticationHarness.config(dir, lines).section("module::Authentication").orElseThrow();
        return ClientCertificates.from(section).judge(Optional.ofNullable(certificate), SipUri.parse(identity));
    }

    @Test
    void readsTheCnAndTheUriAndDnsAlternativeNames() throws Exception {
        assertEquals(List.of("alice", "sip:alice@example.org", "example.org"), ClientCertificates.subjects(
                certificate("alice", List.of("sip:alice@example.org"), List.of("example.org"))));
    }

    @Test
    void aCertificateNamingTheIdentityUriAuthenticates() throws Exception {
        X509Certificate alice = certificate("Alice", List.of("sip:alice@example.org"), List.of());
        assertEquals(Verdict.AUTHENTICATED, judge(alice, "sip:alice@EXAMPLE.org"));
    }

    @Test
    void aCnOfUserAtDomainAuthenticates() throws Exception {
        assertEquals(Verdict.AUTHENTICATED,
                judge(certificate("alice@example.org", List.of(), List.of()), "sip:alice@example.org"));
    }

    @Test
    void aCertificateOfAnotherUserFallsBackToDigest() throws Exception {
        X509Certificate bob = certificate("Bob", List.of("sip:bob@example.org"), List.of());
        assertEquals(Verdict.DIGEST, judge(bob, "sip:alice@example.org"));
    }

    @Test
    void aCertificateOfAnotherUserIsRejectedWithRejectWrongClientCertificates() throws Exception {
        X509Certificate bob = certificate("Bob", List.of("sip:bob@example.org"), List.of());
        assertEquals(Verdict.REJECTED, judge(bob, "sip:alice@example.org", "reject-wrong-client-certificates=true"));
    }

    @Test
    void noCertificateMeansDigestEvenWithRejectWrongClientCertificates() throws Exception {
        assertEquals(Verdict.DIGEST, judge(null, "sip:alice@example.org", "reject-wrong-client-certificates=true"));
    }

    @Test
    void aDomainCertificateAuthenticatesItsUsersOnlyWithTrustDomainCertificates() throws Exception {
        X509Certificate domain = certificate("gateway", List.of(), List.of("example.org"));
        assertEquals(Verdict.DIGEST, judge(domain, "sip:alice@example.org"));
        assertEquals(Verdict.AUTHENTICATED, judge(domain, "sip:alice@example.org", "trust-domain-certificates=true"));
        assertEquals(Verdict.DIGEST, judge(domain, "sip:alice@other.org", "trust-domain-certificates=true"));
    }

    @Test
    void aSubjectMatchingTheRequiredSubjectRegexAuthenticates() throws Exception {
        X509Certificate gateway = certificate("gw1.trunk.example.org", List.of(), List.of());
        assertEquals(Verdict.AUTHENTICATED, judge(gateway, "sip:alice@example.org",
                "tls-client-certificate-required-subject=gw[0-9]+\\.trunk\\.example\\.org"));
        assertEquals(Verdict.DIGEST, judge(gateway, "sip:alice@example.org",
                "tls-client-certificate-required-subject=gw[0-9]+\\.other\\.org"));
    }
}
