package org.flexisip.proxy.module.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The {@code version:1} password file of spec/proxy.md §8. */
class PasswordFileTest {
    private static final AuthDomains EXAMPLE = AuthDomains.of(List.of("example.org"));
    private static final String MD5_HA1 = "0123456789abcdef0123456789abcdef";
    private static final String SHA256_HA1 = MD5_HA1 + MD5_HA1;

    private static Map<String, Account> parse(String... lines) throws Exception {
        return PasswordFile.parse("passwords", List.of(lines), EXAMPLE);
    }

    private static String refusal(String... lines) {
        return assertThrows(PasswordFile.InvalidPasswordFileException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void readsTheSpecExample() throws Exception {
        Map<String, Account> accounts = parse("version:1", "alice@example.org clrtxt:secret ;",
                "bob@example.org md5:" + MD5_HA1 + " sha256:" + SHA256_HA1 + " ; bob-auth 33612345678");
        Account alice = accounts.get(PasswordFile.key("alice", "example.org"));
        assertEquals(Optional.of("secret"), alice.clearText());
        Account bob = accounts.get(PasswordFile.key("bob-auth", "example.org"));
        assertEquals("bob", bob.user());
        assertEquals(Optional.of("33612345678"), bob.phone());
        assertEquals(Optional.of(SHA256_HA1), bob.ha1(DigestAlgorithm.SHA_256, "bob-auth", "example.org"));
    }

    @Test
    void aClearTextPasswordAnswersEveryAlgorithm() throws Exception {
        Account alice = parse("version:1", "alice@example.org clrtxt:secret ;")
                .get(PasswordFile.key("alice", "example.org"));
        assertEquals(Optional.of(DigestAlgorithm.MD5.hash("alice:example.org:secret")),
                alice.ha1(DigestAlgorithm.MD5, "alice", "example.org"));
        assertEquals(Optional.of(DigestAlgorithm.SHA_256.hash("alice:example.org:secret")),
                alice.ha1(DigestAlgorithm.SHA_256, "alice", "example.org"));
    }

    @Test
    void skipsCommentsAndBlankLines() throws Exception {
        assertEquals(1, parse("# accounts", "", "version:1", "# alice", "alice@example.org clrtxt:s ;").size());
    }

    @Test
    void decodesPercent20InTheUser() throws Exception {
        Account a = parse("version:1", "john%20doe@example.org clrtxt:s ;")
                .get(PasswordFile.key("john doe", "example.org"));
        assertEquals("john doe", a.user());
    }

    @Test
    void ignoresAccountsOfDomainsOutsideAuthDomains() throws Exception {
        assertTrue(parse("version:1", "eve@elsewhere.net clrtxt:s ;").isEmpty());
    }

    @Test
    void refusesAFileWithoutTheVersionLine() {
        assertTrue(refusal("alice@example.org clrtxt:s ;").startsWith("passwords:1: expected 'version:1'"));
    }

    @Test
    void refusesAnEmptyFile() {
        assertTrue(refusal().contains("the file is empty"));
    }

    @Test
    void namesTheLineOfAnUnknownAlgorithm() {
        String message = refusal("version:1", "alice@example.org clrtxt:s ;", "bob@example.org sha1:abc ;");
        assertTrue(message.startsWith("passwords:3: unknown algorithm 'sha1'"), message);
    }

    @Test
    void namesTheLineOfAHashOfTheWrongLength() {
        String message = refusal("version:1", "bob@example.org md5:abc ;");
        assertTrue(message.startsWith("passwords:2: the md5 secret of bob@example.org must be 32 hex digits"),
                message);
    }

    @Test
    void namesTheLineOfAnAccountWithoutPassword() {
        assertTrue(refusal("version:1", "bob@example.org ;").startsWith("passwords:2: no password"));
    }

    @Test
    void namesTheLineOfTooManyItemsAfterTheSemicolon() {
        assertTrue(refusal("version:1", "bob@example.org clrtxt:s ; id phone extra")
                .startsWith("passwords:2: expected at most a user-id and a phone"));
    }

    @Test
    void neverPrintsASecret() throws Exception {
        Account a = parse("version:1", "alice@example.org clrtxt:topsecret ;")
                .get(PasswordFile.key("alice", "example.org"));
        assertTrue(!a.toString().contains("topsecret"), a.toString());
    }
}
