package org.flexisip.proxy.module.authentication;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.flexisip.proxy.module.ModuleConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an enabled Authentication module refuses at start, each time naming the parameter. */
class AuthenticationConfigurationTest {
    @TempDir
    Path dir;

    private String refusal(String... lines) {
        return assertThrows(ModuleConfigurationException.class, () -> AuthenticationHarness.with(dir, lines))
                .getMessage();
    }

    @Test
    void theSqlBackendIsNotSupportedYet() {
        String message = refusal("db-implementation=soci");
        assertTrue(message.startsWith("module::Authentication/db-implementation: soci is not supported yet"),
                message);
    }

    @Test
    void anInvalidRequiredSubjectRegexIsRefused() {
        String message = refusal("tls-client-certificate-required-subject=sip:(");
        assertTrue(message.startsWith("module::Authentication/tls-client-certificate-required-subject:"), message);
    }

    @Test
    void aMalformedPasswordFileNamesItsLine() throws Exception {
        Path file = AuthenticationHarness.writePasswords(dir, "version:1\nalice@example.org clrtxt:s ;\nbob@x\n");
        String message = refusal("file-path=" + file);
        assertTrue(message.startsWith("module::Authentication/file-path: " + file + ":3:"), message);
    }

    @Test
    void aMissingPasswordFileNamesThePath() {
        String message = refusal("file-path=" + dir.resolve("absent"));
        assertTrue(message.startsWith("module::Authentication/file-path: cannot read"), message);
    }

    @Test
    void realmAndRealmRegexTogetherAreRefused() {
        assertTrue(refusal("realm=example.org", "realm-regex=sip:.*@(.*)")
                .startsWith("module::Authentication/realm-regex: cannot be set together with realm"));
    }

    @Test
    void aRealmRegexWithoutCaptureGroupIsRefused() {
        assertTrue(refusal("realm-regex=sip:.*").contains("needs a capture group"));
    }
}
