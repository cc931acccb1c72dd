package org.flexisip.proxy.module.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms of {@code available-algorithms} (spec/proxy.md §8): MD5 (RFC 2617 §3.2.2.1, the default
 * when a challenge or credentials name none) and SHA-256 (RFC 7616 §3.4.1). The {@code -sess} variants are not
 * offered.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", "md5", 32),
    SHA_256("SHA-256", "SHA-256", "sha256", 64);

    private final String token;
    private final String javaName;
    private final String fileTag;
    private final int hexLength;

    DigestAlgorithm(String token, String javaName, String fileTag, int hexLength) {
        this.token = token;
        this.javaName = javaName;
        this.fileTag = fileTag;
        this.hexLength = hexLength;
    }

    /** As written in the {@code algorithm} parameter and in {@code available-algorithms}. */
    public String token() {
        return token;
    }

    /** The tag of a hashed secret in the password file ({@code md5}, {@code sha256}). */
    public String fileTag() {
        return fileTag;
    }

    /** Length of a hash in lower-case hex. */
    public int hexLength() {
        return hexLength;
    }

    /** The algorithm named {@code token} (case-insensitive, RFC 7616 §3.3), if we support it. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm of a password file tag ({@code md5}, {@code sha256}). */
    public static Optional<DigestAlgorithm> fromFileTag(String tag) {
        for (DigestAlgorithm a : values()) {
            if (a.fileTag.equalsIgnoreCase(tag)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** {@code H(data)} in lower-case hex (RFC 7616 §3.4.1), of the UTF-8 bytes of {@code data}. */
    public String hash(String data) {
        try {
            MessageDigest digest = MessageDigest.getInstance(javaName);
            return HexFormat.of().formatHex(digest.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + javaName, e);
        }
    }

    /** Whether {@code text} is a hash of this algorithm written in hex. */
    boolean isHexHash(String text) {
        return text.length() == hexLength && text.toLowerCase(Locale.ROOT).chars()
                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
