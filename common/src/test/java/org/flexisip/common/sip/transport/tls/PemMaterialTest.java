package org.flexisip.common.sip.transport.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemMaterialTest {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Issued rsa;
    private static TestPki.Issued ec;
    private static Path rsaChain;
    private static Path ecChain;

    @BeforeAll
    static void generate() throws Exception {
        pki = new TestPki(dir, "PEM Test CA");
        rsa = pki.issueForLocalhost(TestPki.rsaKeys());
        ec = pki.issueForLocalhost(TestPki.ecKeys());
        rsaChain = pki.write("rsa-chain.pem", rsa.certificate(), pki.caCertificate());
        ecChain = pki.write("ec-chain.pem", ec.certificate());
        pki.write("rsa-pkcs1.key", rsa.privateKey());
        pki.write("ec.key", ec.privateKey());
        pki.writePkcs8("rsa-pkcs8.key", rsa.privateKey());
        pki.writeEncryptedPkcs8("rsa-pkcs8-encrypted.key", rsa.privateKey(), TestPki.PASSPHRASE);
        pki.writeLegacyEncrypted("rsa-legacy-encrypted.key", rsa.privateKey(), TestPki.PASSPHRASE);
    }

    private static void assertFirstLine(Path file, String expected) throws Exception {
        assertEquals(expected, TestPki.readLines(file).get(0), "the fixture must be in the format under test");
    }

    @Test
    void readsPkcs1RsaKey() throws Exception {
        Path key = dir.resolve("rsa-pkcs1.key");
        assertFirstLine(key, "-----BEGIN RSA PRIVATE KEY-----");
        PemMaterial material = PemMaterial.read(rsaChain, key, Optional.empty());
        assertArrayEquals(rsa.privateKey().getEncoded(), material.privateKey().getEncoded());
    }

    @Test
    void readsPkcs8Key() throws Exception {
        Path key = dir.resolve("rsa-pkcs8.key");
        assertFirstLine(key, "-----BEGIN PRIVATE KEY-----");
        PemMaterial material = PemMaterial.read(rsaChain, key, Optional.empty());
        assertArrayEquals(rsa.privateKey().getEncoded(), material.privateKey().getEncoded());
    }

    @Test
    void readsEcKeyMatchingAnEcCertificate() throws Exception {
        Path key = dir.resolve("ec.key");
        assertFirstLine(key, "-----BEGIN EC PRIVATE KEY-----");
        PemMaterial material = PemMaterial.read(ecChain, key, Optional.empty());
        assertEquals("EC", material.privateKey().getAlgorithm());
        assertEquals(ec.certificate(), material.leaf());
    }

    @Test
    void readsEncryptedPkcs8KeyWithItsPassphrase() throws Exception {
        Path key = dir.resolve("rsa-pkcs8-encrypted.key");
        assertFirstLine(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----");
        PemMaterial material = PemMaterial.read(rsaChain, key, Optional.of(TestPki.PASSPHRASE));
        assertArrayEquals(rsa.privateKey().getEncoded(), material.privateKey().getEncoded());
    }

    @Test
    void readsLegacyEncryptedPemKeyWithItsPassphrase() throws Exception {
        Path key = dir.resolve("rsa-legacy-encrypted.key");
        assertTrue(TestPki.readLines(key).contains("Proc-Type: 4,ENCRYPTED"), "fixture format");
        PemMaterial material = PemMaterial.read(rsaChain, key, Optional.of(TestPki.PASSPHRASE));
        assertArrayEquals(rsa.privateKey().getEncoded(), material.privateKey().getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-encrypted.key", "rsa-legacy-encrypted.key"})
    void refusesEncryptedKeyWithoutPassphraseNamingTheFile(String fileName) {
        Path key = dir.resolve(fileName);
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readPrivateKey(key, Optional.empty()));
        assertEquals("cannot read the private key " + key + ": encrypted and no passphrase given", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8-encrypted.key", "rsa-legacy-encrypted.key"})
    void refusesWrongPassphraseNamingTheFile(String fileName) {
        Path key = dir.resolve(fileName);
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readPrivateKey(key, Optional.of("wrong".toCharArray())));
        assertEquals("cannot read the private key " + key + ": wrong passphrase or damaged key", e.getMessage());
    }

    @Test
    void refusesKeyThatDoesNotMatchTheLeafCertificate() {
        Path key = dir.resolve("ec.key");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.read(rsaChain, key, Optional.empty()));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains(rsaChain.toString())
                && e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void refusesOtherKeyOfTheSameAlgorithm() throws Exception {
        Path otherKey = pki.write("other-rsa.key", TestPki.rsaKeys().getPrivate());
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.read(rsaChain, otherKey, Optional.empty()));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void namesMissingCertificateFile() {
        Path missing = dir.resolve("absent-chain.pem");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.read(missing, dir.resolve("rsa-pkcs1.key"), Optional.empty()));
        assertEquals("cannot read the certificate chain " + missing + ": no such file", e.getMessage());
    }

    @Test
    void namesMissingKeyFile() {
        Path missing = dir.resolve("absent.key");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.read(rsaChain, missing, Optional.empty()));
        assertEquals("cannot read the private key " + missing + ": no such file", e.getMessage());
    }

    @Test
    void refusesFileWithoutPemBlock() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-pem.txt"), "just some text\n");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readCertificateChain(notPem));
        assertEquals("cannot read the certificate chain " + notPem + ": no PEM block", e.getMessage());
    }

    @Test
    void refusesKeyFileHoldingOnlyCertificates() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readPrivateKey(rsaChain, Optional.empty()));
        assertEquals("cannot read the private key " + rsaChain + ": no PEM private key block", e.getMessage());
    }

    @Test
    void refusesDamagedBase64() throws Exception {
        Path damaged = Files.writeString(dir.resolve("damaged.pem"),
                "-----BEGIN CERTIFICATE-----\n%%%%not base64%%%%\n-----END CERTIFICATE-----\n");
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readCertificateChain(damaged));
        assertTrue(e.getMessage().startsWith("cannot read the certificate chain " + damaged + ": malformed PEM"),
                e.getMessage());
    }

    @Test
    void keepsTheChainLeafFirst() throws Exception {
        PemMaterial material = PemMaterial.read(rsaChain, dir.resolve("rsa-pkcs1.key"), Optional.empty());
        assertEquals(List.of(rsa.certificate(), pki.caCertificate()), material.chain());
    }

    @Test
    void readsCombinedAgentPemHoldingKeyAndChain() throws Exception {
        Path agent = pki.write("agent.pem", rsa.privateKey(), rsa.certificate(), pki.caCertificate());
        PemMaterial material = PemMaterial.readCombined(agent, Optional.empty());
        assertEquals(List.of(rsa.certificate(), pki.caCertificate()), material.chain());
        assertArrayEquals(rsa.privateKey().getEncoded(), material.privateKey().getEncoded());
    }

    @Test
    void refusesCombinedFileWithoutKey() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> PemMaterial.readCombined(rsaChain, Optional.empty()));
        assertEquals("cannot read the certificate chain and private key " + rsaChain + ": no PEM private key block",
                e.getMessage());
    }

    @Test
    void trustsExactlyTheCertificatesOfTheCaBundle() throws Exception {
        Path bundle = pki.writeCa("ca.pem");
        KeyStore store = PemMaterial.readTrustStore(bundle);
        assertEquals(1, store.size());
        assertEquals(pki.caCertificate(), store.getCertificate(Collections.list(store.aliases()).get(0)));
        TrustManagerFactory factory = PemMaterial.readTrustManagerFactory(bundle);
        X509TrustManager manager = (X509TrustManager) factory.getTrustManagers()[0];
        assertEquals(List.of(pki.caCertificate()), List.of(manager.getAcceptedIssuers()));
    }

    @Test
    void neverPrintsThePrivateKey() throws Exception {
        PrivateKey key = rsa.privateKey();
        PemMaterial material = new PemMaterial(List.of(rsa.certificate()), key);
        assertFalse(material.toString().contains(((java.security.interfaces.RSAPrivateKey) key)
                .getPrivateExponent().toString()), material.toString());
    }
}
