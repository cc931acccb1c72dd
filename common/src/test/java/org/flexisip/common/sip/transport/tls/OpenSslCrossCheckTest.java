package org.flexisip.common.sip.transport.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the translation against the installed OpenSSL ({@code openssl ciphers -stdname}, under {@code timeout}):
 * every suite OpenSSL knows gets OpenSSL's name and minimum protocol, and cipher strings select the same suites
 * when the JVM is assumed to support all of them.
 */
class OpenSslCrossCheckTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** IANA name to OpenSSL name and minimum protocol, as {@code openssl ciphers -stdname} lists them. */
    private record Listed(String openSslName, String protocol) {
    }

    /** Empty when OpenSSL refuses the string ("Error in cipher list": nothing selected). */
    private static Optional<Map<String, Listed>> opensslCiphers(String cipherString)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        Process process = new ProcessBuilder("timeout", "20", OPENSSL.toString(), "ciphers", "-stdname", cipherString)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(30, SECONDS)) {
            process.destroyForcibly();
            fail("openssl ciphers outlived its timeout");
        }
        if (process.exitValue() != 0 && output.contains("Error in cipher list")) {
            return Optional.empty();
        }
        assertEquals(0, process.exitValue(), output);
        Map<String, Listed> listed = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[1].equals("-")) {
                listed.put(fields[0], new Listed(fields[2], fields[3]));
            }
        }
        return Optional.of(listed);
    }

    @Test
    void namesEverySuiteAsOpenSslDoes() throws Exception {
        List<String> mismatches = new ArrayList<>();
        opensslCiphers("ALL:COMPLEMENTOFALL").orElseThrow().forEach((iana, listed) -> {
            Optional<CipherSuite> suite = CipherSuite.parse(iana);
            if (suite.isEmpty()) {
                mismatches.add(iana + " not classified");
            } else if (!suite.get().openSslName().equals(listed.openSslName())) {
                mismatches.add(iana + " named " + suite.get().openSslName() + ", OpenSSL: " + listed.openSslName());
            }
        });
        assertEquals(List.of(), mismatches);
    }

    @Test
    void givesEverySuiteOpenSslsMinimumProtocol() throws Exception {
        List<String> mismatches = new ArrayList<>();
        opensslCiphers("ALL:COMPLEMENTOFALL").orElseThrow().forEach((iana, listed) -> CipherSuite.parse(iana).ifPresent(suite -> {
            String protocol = switch (suite.minimumProtocol()) {
                case SSL_V3 -> "SSLv3";
                case TLS_V1 -> "TLSv1";
                case TLS_V1_2 -> "TLSv1.2";
                case TLS_V1_3 -> "TLSv1.3";
            };
            if (!protocol.equals(listed.protocol())) {
                mismatches.add(iana + " " + protocol + ", OpenSSL: " + listed.protocol());
            }
        }));
        assertEquals(List.of(), mismatches);
    }

    @ParameterizedTest
    @ValueSource(strings = {OpenSslCipherList.DEFAULT_CIPHERS, "DEFAULT", "ALL", "HIGH", "MEDIUM", "HIGH:!aNULL:!MD5",
            "ECDHE+AESGCM:!aNULL", "kEECDH+aECDSA", "DHE:!aNULL", "aNULL", "eNULL", "ALL:!TLSv1.2", "SSLv3",
            "TLSv1", "AES128:!SHA1", "CHACHA20", "PSK", "ALL:-AES:AES256", "ALL:!kRSA:!DHE:!ECDHE",
            "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA", "CAMELLIA:ARIA:SEED", "SHA256:SHA384", "AESCCM", "3DES:RC4:DES"})
    void selectsTheSuitesOpenSslSelects(String cipherString) throws Exception {
        Set<String> everything = opensslCiphers("ALL:COMPLEMENTOFALL").orElseThrow().keySet();
        Optional<Map<String, Listed>> selected = opensslCiphers(cipherString);
        if (selected.isEmpty()) {
            assertThrows(TlsConfigurationException.class, () -> OpenSslCipherList.translate(cipherString, everything));
            return;
        }
        Set<String> expected = new TreeSet<>(selected.get().keySet());
        Set<String> actual = new TreeSet<>(OpenSslCipherList.translate(cipherString, everything).cipherSuites());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals("missing [] extra []", "missing " + missing + " extra " + extra);
    }

    @Test
    void ordersLikeOpenSslWhenStartingFromItsOrder() throws Exception {
        String cipherString = "ECDHE+AESGCM:DHE+AESGCM:@STRENGTH";
        Set<String> everything = opensslCiphers("ALL:COMPLEMENTOFALL").orElseThrow().keySet();
        List<String> expected = new ArrayList<>(opensslCiphers(cipherString).orElseThrow().keySet());
        List<String> actual = OpenSslCipherList.translate(cipherString, everything).cipherSuites();
        assertTrue(expected.size() > 3, expected.toString());
        assertEquals(expected, actual);
    }
}
