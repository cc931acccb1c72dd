package org.flexisip.proxy.module.nathelper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.flexisip.common.sip.transport.TransportSpec;

/**
 * RFC 5626 §5.2 flow tokens: the flow a request arrived on (local and remote address and port, transport),
 * signed, so that a later request carrying the token in its Route is sent back over that same flow, and a
 * forged or altered token is recognised.
 *
 * <pre>
 * token = base64url-nopad( data || HMAC-SHA256(key, data) )            (RFC 4648 §5, RFC 2104)
 * data  = flags local-address local-port remote-address remote-port
 * flags = version (4 bits, 1) | remote is IPv6 (1 bit) | local is IPv6 (1 bit) | transport (2 bits)
 * address = 4 bytes (IPv4) or 16 bytes (IPv6); port = 2 bytes, big-endian
 * </pre>
 * A token is 62 characters for IPv4 flows, 86 for IPv6 ones; base64url characters are all {@code unreserved} in
 * a SIP URI user part (RFC 3261 §25.1). {@link #decode} accepts only the exact text {@link #encode} makes, so any
 * change to a token is refused.
 * <p>
 * The key is at least {@value #MIN_KEY_LENGTH} bytes, {@value #KEY_LENGTH} random bytes when this class creates
 * it ({@link #fromKeyFile}). Immutable and thread-safe; {@link #fromKeyFile} does file I/O and is meant for
 * startup, the other methods do none.
 */
public final class FlowToken {
    /** Length of a key this class creates. */
    public static final int KEY_LENGTH = 32;
    /** Shortest key accepted (RFC 2104 §3: not shorter than the output of the hash would be best). */
    public static final int MIN_KEY_LENGTH = 16;
    /** Longest key file read. */
    static final int MAX_KEY_FILE_SIZE = 4096;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final int VERSION = 1;
    private static final int LOCAL_V6 = 0x04;
    private static final int REMOTE_V6 = 0x08;
    private static final int PROTOCOL_MASK = 0x03;
    private static final int PORT_LENGTH = 2;
    /** Longest token: IPv6 on both sides. */
    private static final int MAX_TOKEN_LENGTH = base64Length(1 + 2 * (16 + PORT_LENGTH) + MAC_LENGTH);
    private static final TransportSpec.Protocol[] PROTOCOLS = TransportSpec.Protocol.values();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final SecretKeySpec key;

    /**
     * Tokens signed with {@code key}.
     *
     * @throws IllegalArgumentException when the key is shorter than {@value #MIN_KEY_LENGTH} bytes
     */
    public FlowToken(byte[] key) {
        if (key.length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a flow-token key has at least " + MIN_KEY_LENGTH + " bytes, not "
                    + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * Tokens signed with the key held in {@code keyFile}. A missing file is created, with its missing directories,
     * holding {@value #KEY_LENGTH} random bytes and readable by its owner only (0600).
     *
     * @throws IOException when the file cannot be read or created, or holds a key too short or too long
     */
    public static FlowToken fromKeyFile(Path keyFile) throws IOException {
        byte[] key = Files.exists(keyFile) ? readKey(keyFile) : createKey(keyFile);
        if (key.length < MIN_KEY_LENGTH) {
            throw new IOException(keyFile + " holds " + key.length + " bytes; a flow-token key needs at least "
                    + MIN_KEY_LENGTH);
        }
        return new FlowToken(key);
    }

    private static byte[] readKey(Path keyFile) throws IOException {
        if (Files.size(keyFile) > MAX_KEY_FILE_SIZE) {
            throw new IOException(keyFile + " is larger than " + MAX_KEY_FILE_SIZE + " bytes: not a flow-token key");
        }
        return Files.readAllBytes(keyFile);
    }

    private static byte[] createKey(Path keyFile) throws IOException {
        byte[] key = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        Path parent = keyFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = keyFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(keyFile, OWNER_ONLY); // whatever the umask
            } else {
                Files.createFile(keyFile);
            }
        } catch (FileAlreadyExistsException e) {
            return readKey(keyFile); // another process created it meanwhile
        }
        Files.write(keyFile, key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }

    /**
     * The token of a flow.
     *
     * @throws IllegalArgumentException for an unresolved address
     */
    public String encode(InetSocketAddress local, InetSocketAddress remote, TransportSpec.Protocol protocol) {
        return encode(new Flow(local, remote, protocol));
    }

    public String encode(Flow flow) {
        byte[] localAddress = flow.local().getAddress().getAddress();
        byte[] remoteAddress = flow.remote().getAddress().getAddress();
        ByteBuffer data = ByteBuffer.allocate(1 + localAddress.length + remoteAddress.length + 2 * PORT_LENGTH
                + MAC_LENGTH);
        int flags = VERSION << 4 | flow.protocol().ordinal();
        if (localAddress.length == 16) {
            flags |= LOCAL_V6;
        }
        if (remoteAddress.length == 16) {
            flags |= REMOTE_V6;
        }
        data.put((byte) flags).put(localAddress).putShort((short) flow.local().getPort()).put(remoteAddress)
                .putShort((short) flow.remote().getPort());
        data.put(mac(data.array(), data.position()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data.array());
    }

    /**
     * The flow of a token made with this key; empty for anything else: not base64url, wrong length or version,
     * wrong signature (a forged or altered token), or a text that is not exactly what {@link #encode} makes.
     */
    public Optional<Flow> decode(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < 1 + MAC_LENGTH) {
            return Optional.empty();
        }
        int flags = bytes[0] & 0xFF;
        int localLength = (flags & LOCAL_V6) != 0 ? 16 : 4;
        int remoteLength = (flags & REMOTE_V6) != 0 ? 16 : 4;
        int dataLength = 1 + localLength + remoteLength + 2 * PORT_LENGTH;
        int protocol = flags & PROTOCOL_MASK;
        if (flags >>> 4 != VERSION || protocol >= PROTOCOLS.length || bytes.length != dataLength + MAC_LENGTH) {
            return Optional.empty();
        }
        byte[] expected = mac(bytes, dataLength);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, dataLength, bytes.length))
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
            return Optional.empty();
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, 1, dataLength - 1);
        InetSocketAddress local = address(data, localLength);
        InetSocketAddress remote = address(data, remoteLength);
        return Optional.of(new Flow(local, remote, PROTOCOLS[protocol]));
    }

    private static InetSocketAddress address(ByteBuffer data, int length) {
        byte[] raw = new byte[length];
        data.get(raw);
        int port = data.getShort() & 0xFFFF;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(raw), port); // no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
        }
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }

    private static int base64Length(int bytes) {
        return (bytes * 8 + 5) / 6;
    }

    @Override
    public String toString() {
        return "FlowToken[" + ALGORITHM + "]";
    }
}
