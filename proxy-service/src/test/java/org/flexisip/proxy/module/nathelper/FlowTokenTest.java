package org.flexisip.proxy.module.nathelper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;

import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5626 §5.2 flow tokens (spec/proxy.md §7 rule 6). */
class FlowTokenTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5060);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("198.51.100.7", 40000);

    private final FlowToken tokens = new FlowToken(key((byte) 1));

    @TempDir
    Path dir;

    private static byte[] key(byte fill) {
        byte[] key = new byte[FlowToken.KEY_LENGTH];
        Arrays.fill(key, fill);
        return key;
    }

    @Test
    void ipv4FlowRoundTrips() {
        String token = tokens.encode(LOCAL, REMOTE, Protocol.TCP);
        assertEquals(Optional.of(new Flow(LOCAL, REMOTE, Protocol.TCP)), tokens.decode(token));
    }

    @Test
    void ipv6FlowRoundTrips() {
        InetSocketAddress local = new InetSocketAddress("2001:db8::1", 5061);
        InetSocketAddress remote = new InetSocketAddress("2001:db8:ffff::42", 65535);
        String token = tokens.encode(local, remote, Protocol.TLS);
        assertEquals(Optional.of(new Flow(local, remote, Protocol.TLS)), tokens.decode(token));
    }

    @Test
    void tokenIsMadeOfSipUserPartCharacters() {
        String token = tokens.encode(LOCAL, REMOTE, Protocol.UDP);
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void tamperedTokenIsRejected() {
        String token = tokens.encode(LOCAL, REMOTE, Protocol.UDP);
        for (int i = 0; i < token.length(); i++) {
            char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            assertEquals(Optional.empty(), tokens.decode(tampered), "character " + i);
        }
    }

    @Test
    void tokenOfAnotherKeyIsRejected() {
        String token = new FlowToken(key((byte) 2)).encode(LOCAL, REMOTE, Protocol.UDP);
        assertEquals(Optional.empty(), tokens.decode(token));
    }

    @Test
    void textThatIsNotATokenIsRejected() {
        assertEquals(Optional.empty(), tokens.decode("alice"));
        assertEquals(Optional.empty(), tokens.decode(""));
        assertEquals(Optional.empty(), tokens.decode("not base64!"));
        assertEquals(Optional.empty(), tokens.decode("A".repeat(10_000)));
    }

    @Test
    void keyShorterThanSixteenBytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FlowToken(new byte[15]));
    }

    @Test
    void missingKeyFileIsCreatedReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("sub/flow-token-hash-key");
        FlowToken.fromKeyFile(file);
        assertEquals(FlowToken.KEY_LENGTH, Files.size(file));
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
    }

    @Test
    void existingKeyFileIsReused() throws IOException {
        Path file = dir.resolve("key");
        String first = FlowToken.fromKeyFile(file).encode(LOCAL, REMOTE, Protocol.UDP);
        String second = FlowToken.fromKeyFile(file).encode(LOCAL, REMOTE, Protocol.UDP);
        assertEquals(first, second);
        assertNotEquals(first, tokens.encode(LOCAL, REMOTE, Protocol.UDP));
    }

    @Test
    void keyFileTooShortIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("key"), new byte[4]);
        assertThrows(IOException.class, () -> FlowToken.fromKeyFile(file));
    }
}
