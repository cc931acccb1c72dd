package org.flexisip.common.sip.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OpenSslCipherListTest {

    private static final List<String> TLS13 = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256");

    /**
     * What a permissive JVM could list: besides the usual suites, the anonymous, null, RC4, 3DES, DES and export ones
     * that current JDKs hide, so that their exclusion is actually tested.
     */
    private static final List<String> WIDE_JVM = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "TLS_DH_anon_WITH_AES_128_CBC_SHA",
            "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "SSL_RSA_WITH_RC4_128_MD5",
            "TLS_ECDHE_RSA_WITH_NULL_SHA", "SSL_RSA_WITH_NULL_SHA", "TLS_RSA_WITH_NULL_SHA256",
            "SSL_RSA_WITH_DES_CBC_SHA", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "SSL_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");

    private static OpenSslCipherList wide(String cipherString) throws TlsConfigurationException {
        return OpenSslCipherList.translate(cipherString, WIDE_JVM);
    }

    private static List<String> legacy(OpenSslCipherList list) {
        return list.cipherSuites().stream().filter(s -> !TLS13.contains(s)).toList();
    }

    @Test
    void defaultStringExcludesAnonymousNullRc4TripleDesDesAndExportSuites() throws Exception {
        OpenSslCipherList list = wide(OpenSslCipherList.DEFAULT_CIPHERS);
        assertTrue(list.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), list.toString());
        for (String suite : list.cipherSuites()) {
            for (String banned : List.of("_anon_", "_NULL_", "RC4", "3DES", "_DES", "EXPORT", "SCSV")) {
                assertFalse(suite.contains(banned), suite);
            }
        }
        assertEquals(List.of(), list.warnings());
    }

    @Test
    void defaultStringKeepsOnlySuitesNeedingTls12BesideTls13() throws Exception {
        // !SSLv3:!TLSv1 remove every suite an SSL 3.0 or TLS 1.0 peer could use: the CBC suites with SHA-1.
        List<String> legacy = legacy(wide(OpenSslCipherList.DEFAULT_CIPHERS));
        assertFalse(legacy.isEmpty());
        assertTrue(legacy.stream().allMatch(s -> s.contains("_GCM_") || s.contains("CHACHA20")
                || s.endsWith("_SHA256") || s.endsWith("_SHA384")), legacy.toString());
    }

    @Test
    void defaultStringGivesSuitesOnTheRunningJvm() throws Exception {
        OpenSslCipherList list = OpenSslCipherList.translate(OpenSslCipherList.DEFAULT_CIPHERS,
                TlsContexts.jvmCipherSuites());
        assertTrue(list.cipherSuites().containsAll(List.of("TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")),
                list.toString());
    }

    @Test
    void tls13SuitesComeFirstWhateverTheKeywords() throws Exception {
        OpenSslCipherList list = wide("ECDHE-RSA-AES128-GCM-SHA256:!AESGCM:!CHACHA20:AES128");
        assertEquals(TLS13, list.cipherSuites().subList(0, 3));
    }

    @Test
    void removesTls13SuiteNamedExplicitly() throws Exception {
        OpenSslCipherList list = wide("HIGH:!TLS_AES_128_GCM_SHA256");
        assertFalse(list.cipherSuites().contains("TLS_AES_128_GCM_SHA256"));
        assertTrue(list.cipherSuites().contains("TLS_AES_256_GCM_SHA384"));
    }

    @Test
    void refusesTypoNamingIt() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> wide("HIHG:!aNULL:!eNULL"));
        assertTrue(e.getMessage().contains("'HIHG' is neither an OpenSSL cipher keyword nor an OpenSSL cipher "
                + "suite name"), e.getMessage());
    }

    @Test
    void refusesMisspelledSuiteName() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> wide("ECDHE-RSA-AES128-GCM-SHA257"));
        assertTrue(e.getMessage().contains("'ECDHE-RSA-AES128-GCM-SHA257'"), e.getMessage());
    }

    @Test
    void refusesJvmNameWithTheOpenSslSpellingAsHint() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> wide("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(e.getMessage().contains("write the OpenSSL name 'ECDHE-RSA-AES128-GCM-SHA256'"), e.getMessage());
    }

    @Test
    void ignoresKeywordTheJvmCannotProvideWithWarningNamingIt() throws Exception {
        OpenSslCipherList list = wide("HIGH:CAMELLIA:!aNULL");
        assertEquals(wide("HIGH:!aNULL").cipherSuites(), list.cipherSuites());
        assertEquals(List.of("tls-ciphers: 'CAMELLIA' ignored: the JVM provides no cipher suite it selects"),
                list.warnings());
    }

    @Test
    void ignoresSuiteTheJvmCannotProvideWithWarningNamingIt() throws Exception {
        OpenSslCipherList list = wide("ECDHE-RSA-CAMELLIA128-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), legacy(list));
        assertEquals(1, list.warnings().size());
        assertTrue(list.warnings().get(0).contains("'ECDHE-RSA-CAMELLIA128-SHA256'"), list.warnings().toString());
    }

    @Test
    void removingSuitesTheJvmLacksIsSilent() throws Exception {
        OpenSslCipherList list = OpenSslCipherList.translate("HIGH:!CAMELLIA:!SEED:!RC4", TlsContexts.jvmCipherSuites());
        assertEquals(List.of(), list.warnings());
    }

    @Test
    void refusesStringLeavingNoSuite() {
        TlsConfigurationException e = assertThrows(TlsConfigurationException.class, () -> wide("ALL:!ALL"));
        assertTrue(e.getMessage().contains("selects no cipher suite"), e.getMessage());
    }

    @Test
    void refusesStringOfOnlyUnprovidedSuites() {
        assertThrows(TlsConfigurationException.class, () -> wide("CAMELLIA:SEED"));
    }

    @Test
    void mapsExplicitOpenSslNamesInTheGivenOrder() throws Exception {
        OpenSslCipherList list = wide("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:AES256-SHA256"
                + ":DHE-RSA-AES128-SHA:EDH-RSA-DES-CBC3-SHA:DES-CBC3-SHA");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
                legacy(list));
    }

    @Test
    void combinationSelectsSuitesMatchingEveryPart() throws Exception {
        OpenSslCipherList list = wide("ECDHE+AESGCM:!aNULL");
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), legacy(list));
    }

    @Test
    void plusMovesEnabledSuitesToTheEnd() throws Exception {
        OpenSslCipherList list = wide("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA256"
                + ":+AES128");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), legacy(list));
    }

    @Test
    void minusDisablesSuitesThatALaterItemMayAddBack() throws Exception {
        OpenSslCipherList removed = wide("ECDHE+AESGCM:-AES128");
        assertFalse(removed.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        OpenSslCipherList readded = wide("ECDHE+AESGCM:-AES128:ECDHE-RSA-AES128-GCM-SHA256");
        assertTrue(readded.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void bangRemovesSuitesForGood() throws Exception {
        OpenSslCipherList list = wide("ECDHE+AESGCM:!AES128:ECDHE-RSA-AES128-GCM-SHA256");
        assertFalse(list.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void strengthSortPutsLongerKeysFirst() throws Exception {
        OpenSslCipherList list = wide("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:@STRENGTH");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                legacy(list));
    }

    @Test
    void leadingDefaultExcludesAnonymousAndNullSuites() throws Exception {
        List<String> legacy = legacy(wide("DEFAULT"));
        assertTrue(legacy.contains("TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertTrue(legacy.stream().noneMatch(s -> s.contains("_anon_") || s.contains("_NULL_")), legacy.toString());
    }

    @Test
    void acceptsOpenSslSeparatorsOtherThanColons() throws Exception {
        assertEquals(wide("ECDHE+AESGCM:!aNULL").cipherSuites(), wide("ECDHE+AESGCM, !aNULL").cipherSuites());
    }

    @Test
    void warnsThatSecurityLevelIsLeftToTheJvm() throws Exception {
        OpenSslCipherList list = wide("HIGH:!aNULL:@SECLEVEL=2");
        assertEquals(1, list.warnings().size());
        assertTrue(list.warnings().get(0).contains("'@SECLEVEL=2' ignored"), list.warnings().toString());
    }
}
