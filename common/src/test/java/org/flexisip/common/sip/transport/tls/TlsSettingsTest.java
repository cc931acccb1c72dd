package org.flexisip.common.sip.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.sip.transport.tls.TlsSettings.CertificateSource;
import org.flexisip.common.sip.transport.tls.TlsSettings.Global;
import org.flexisip.common.sip.transport.tls.TlsSettings.TrustSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

    private static final Global GLOBAL_FILES = new Global(Optional.of(Path.of("/g/chain.pem")),
            Optional.of(Path.of("/g/key.pem")), Optional.of(Path.of("/g/ca.pem")),
            Optional.of(Path.of("/etc/flexisip/tls/")), OpenSslCipherList.DEFAULT_CIPHERS, false);

    private static final Global GLOBAL_DIRECTORY_ONLY = new Global(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(Path.of("/etc/flexisip/tls")), OpenSslCipherList.DEFAULT_CIPHERS, false);

    private static Global requiringPeerCertificate() {
        return new Global(GLOBAL_FILES.certificatesFile(), GLOBAL_FILES.privateKey(), GLOBAL_FILES.caFile(),
                GLOBAL_FILES.certificatesDirectory(), GLOBAL_FILES.ciphers(), true);
    }

    @Test
    void uriFileAndKeyOverrideGlobalOnes() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-certificates-file", "/u/chain.pem",
                "tls-certificates-private-key", "/u/key.pem"), GLOBAL_FILES);
        assertEquals(new CertificateSource.PemFiles(Path.of("/u/chain.pem"), Path.of("/u/key.pem")),
                settings.certificate());
    }

    @Test
    void uriWithoutTlsParametersUsesGlobalFiles() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("maddr", "10.0.0.5"), GLOBAL_FILES);
        assertEquals(new CertificateSource.PemFiles(Path.of("/g/chain.pem"), Path.of("/g/key.pem")),
                settings.certificate());
        assertEquals(new TrustSource.CaFile(Path.of("/g/ca.pem")), settings.trust());
        assertEquals(OpenSslCipherList.DEFAULT_CIPHERS, settings.ciphers());
    }

    @Test
    void uriDirectoryOutranksGlobalFilesAndBringsItsCaFile() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-certificates-dir", "/u/tls"), GLOBAL_FILES);
        assertEquals(new CertificateSource.Directory(Path.of("/u/tls")), settings.certificate());
        assertEquals(new TrustSource.CaFileIfPresent(Path.of("/u/tls/cafile.pem")), settings.trust());
        assertTrue(settings.warnings().get(0).contains("deprecated"), settings.warnings().toString());
    }

    @Test
    void uriFilesOutrankUriDirectory() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-certificates-dir", "/u/tls",
                "tls-certificates-file", "/u/chain.pem", "tls-certificates-private-key", "/u/key.pem"), GLOBAL_FILES);
        assertEquals(new CertificateSource.PemFiles(Path.of("/u/chain.pem"), Path.of("/u/key.pem")),
                settings.certificate());
    }

    @Test
    void globalDirectoryIsTheLastResortWithWarning() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of(), GLOBAL_DIRECTORY_ONLY);
        assertEquals(new CertificateSource.Directory(Path.of("/etc/flexisip/tls")), settings.certificate());
        assertEquals(Path.of("/etc/flexisip/tls/agent.pem"),
                ((CertificateSource.Directory) settings.certificate()).agentPem());
        assertEquals(new TrustSource.CaFileIfPresent(Path.of("/etc/flexisip/tls/cafile.pem")), settings.trust());
        assertTrue(settings.warnings().get(0).contains("/etc/flexisip/tls/agent.pem"), settings.warnings().toString());
    }

    @Test
    void uriCaFileOverridesGlobalCaFile() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-certificates-ca-file", "/u/ca.pem"), GLOBAL_FILES);
        assertEquals(new TrustSource.CaFile(Path.of("/u/ca.pem")), settings.trust());
    }

    @Test
    void noCaFileAnywhereMeansTheJvmTrustStore() throws Exception {
        Global global = new Global(Optional.of(Path.of("/g/chain.pem")), Optional.of(Path.of("/g/key.pem")),
                Optional.empty(), Optional.empty(), OpenSslCipherList.DEFAULT_CIPHERS, false);
        assertEquals(new TrustSource.JvmDefault(), TlsSettings.resolve(Map.of(), global).trust());
    }

    @Test
    void uriFileWithoutKeyIsFatal() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> TlsSettings.resolve(Map.of("tls-certificates-file", "/u/chain.pem"), GLOBAL_FILES));
        assertEquals("tls-certificates-file is set without tls-certificates-private-key on the transport URI: both "
                + "are needed", e.getMessage());
    }

    @Test
    void uriKeyWithoutFileIsFatal() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> TlsSettings.resolve(Map.of("tls-certificates-private-key", "/u/key.pem"), GLOBAL_FILES));
        assertEquals("tls-certificates-private-key is set without tls-certificates-file on the transport URI: both "
                + "are needed", e.getMessage());
    }

    @Test
    void globalFileWithoutKeyIsFatalEvenWhenTheUriHasBoth() {
        Global global = new Global(Optional.of(Path.of("/g/chain.pem")), Optional.empty(), Optional.empty(),
                Optional.empty(), OpenSslCipherList.DEFAULT_CIPHERS, false);
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> TlsSettings.resolve(Map.of("tls-certificates-file", "/u/chain.pem",
                        "tls-certificates-private-key", "/u/key.pem"), global));
        assertTrue(e.getMessage().endsWith("in [global]: both are needed"), e.getMessage());
    }

    @Test
    void flagWithAnotherValueThanZeroOrOneIsFatalNamingIt() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> TlsSettings.resolve(Map.of("tls-verify-incoming", "yes"), GLOBAL_FILES));
        assertEquals("invalid tls-verify-incoming='yes' on the transport URI: expected 0 or 1", e.getMessage());
    }

    @Test
    void verificationDefaultsToOutgoingOnly() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of(), GLOBAL_FILES);
        assertTrue(settings.verifyOutgoing());
        assertFalse(settings.verifyIncoming());
        assertFalse(settings.allowMissingClientCertificate());
        assertFalse(settings.clientOnly());
    }

    @Test
    void verifyOutgoingCanBeTurnedOff() throws Exception {
        assertFalse(TlsSettings.resolve(Map.of("tls-verify-outgoing", "0"), GLOBAL_FILES).verifyOutgoing());
    }

    @Test
    void deprecatedRequirePeerCertificateOnUriEnablesVerifyIncomingWithWarning() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("require-peer-certificate", "1"), GLOBAL_FILES);
        assertTrue(settings.verifyIncoming());
        assertTrue(settings.warnings().stream().anyMatch(w -> w.contains("deprecated")), settings.warnings().toString());
    }

    @Test
    void globalRequirePeerCertificateVerifiesEveryTransport() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-verify-incoming", "0"), requiringPeerCertificate());
        assertTrue(settings.verifyIncoming());
        assertTrue(settings.warnings().stream().anyMatch(w -> w.contains("tls-verify-incoming=0")),
                settings.warnings().toString());
    }

    @Test
    void allowMissingClientCertificateAppliesWithVerifyIncoming() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-verify-incoming", "1",
                "tls-allow-missing-client-certificate", "1"), GLOBAL_FILES);
        assertTrue(settings.verifyIncoming());
        assertTrue(settings.allowMissingClientCertificate());
    }

    @Test
    void allowMissingClientCertificateAloneHasNoEffect() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-allow-missing-client-certificate", "1"), GLOBAL_FILES);
        assertFalse(settings.allowMissingClientCertificate());
        assertTrue(settings.warnings().stream().anyMatch(w -> w.contains("no effect")), settings.warnings().toString());
    }

    @Test
    void listeningTransportWithoutAnyCertificateIsFatal() {
        assertThrows(TlsConfigurationException.class, () -> TlsSettings.resolve(Map.of(), Global.none()));
    }

    @Test
    void clientOnlyTransportNeedsNoCertificate() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-client-connection", "1"), Global.none());
        assertTrue(settings.clientOnly());
        assertEquals(new CertificateSource.None(), settings.certificate());
    }

    @Test
    void uriParameterNamesAreCaseInsensitive() throws Exception {
        assertTrue(TlsSettings.resolve(Map.of("TLS-Verify-Incoming", "1"), GLOBAL_FILES).verifyIncoming());
    }

    @Test
    void emptyUriValueCountsAsUnset() throws Exception {
        TlsSettings settings = TlsSettings.resolve(Map.of("tls-certificates-ca-file", ""), GLOBAL_FILES);
        assertEquals(new TrustSource.CaFile(Path.of("/g/ca.pem")), settings.trust());
    }

    @Test
    void readsGlobalValuesFromTheLoadedSection(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("flexisip.conf"), "[global]\n"
                + "tls-certificates-file=/g/chain.pem\ntls-certificates-private-key=/g/key.pem\n"
                + "tls-ciphers=ECDHE+AESGCM\nrequire-peer-certificate=true\n");
        ConfigLoader.Result loaded = new ConfigLoader(StandardSchema.build("test"), Role.PROXY)
                .load(ConfigSources.ofFile(conf), () -> "");
        Global global = Global.from(loaded.config().global());
        assertEquals(new Global(Optional.of(Path.of("/g/chain.pem")), Optional.of(Path.of("/g/key.pem")),
                Optional.empty(), Optional.of(Path.of("/etc/flexisip/tls/")), "ECDHE+AESGCM", true), global);
    }
}
