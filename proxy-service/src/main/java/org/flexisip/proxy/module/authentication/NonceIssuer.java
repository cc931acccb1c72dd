package org.flexisip.proxy.module.authentication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.flexisip.common.time.SipClock;

/**
 * Nonces (spec/proxy.md §8 rules 6 and 7, RFC 7616 §3.3 and §5.4): unpredictable and bound to their realm, with
 * no state kept per challenge. A nonce is the base64url of
 * <pre>
 *   issued (8 bytes: monotonic milliseconds) | random (12 bytes, SecureRandom) | MAC (16 bytes)
 *   MAC = HMAC-SHA256(per-process secret, issued | random | realm), truncated
 * </pre>
 * so a nonce that was not made here, or was made for another realm, is refused, and its age is known. A restart
 * changes the secret: the nonces given out before are refused and clients are challenged again.
 * <p>
 * Nonce counts (rule 7): the last {@code nc} accepted for each nonce is remembered until the nonce expires, so
 * that a replayed or lower count is refused. At most {@link #MAX_TRACKED_NONCES} nonces are tracked; when more are
 * in use the oldest tracked ones are forgotten and every nonce issued up to the newest forgotten one counts as
 * stale, so that forgetting never lets a replay through. Confined to the SIP loop.
 */
public final class NonceIssuer {
    /** Most nonces whose count is remembered at once. */
    public static final int MAX_TRACKED_NONCES = 100_000;
    private static final int RANDOM_BYTES = 12;
    private static final int MAC_BYTES = 16;
    private static final int LENGTH = Long.BYTES + RANDOM_BYTES + MAC_BYTES;
    private static final String HMAC = "HmacSHA256";

    /** What a nonce is worth for a realm. */
    public enum Validity {
        /** Made here for this realm and not expired. */
        VALID,
        /** Made here for this realm but expired (answered with {@code stale=true}). */
        STALE,
        /** Not made here, or for another realm. */
        INVALID
    }

    private record Tracked(long issuedMillis, long lastCount) {
    }

    private final SipClock clock;
    private final Duration lifetime;
    private final SecureRandom random;
    private final SecretKeySpec key;
    private final int maxTracked;
    private final Map<String, Tracked> counts = new LinkedHashMap<>();
    private long forgottenUpToMillis = Long.MIN_VALUE;

    public NonceIssuer(SipClock clock, Duration lifetime, SecureRandom random) {
        this(clock, lifetime, random, MAX_TRACKED_NONCES);
    }

    NonceIssuer(SipClock clock, Duration lifetime, SecureRandom random, int maxTracked) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.random = random;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.maxTracked = maxTracked;
    }

    /** A new nonce for {@code realm}. */
    public String issue(String realm) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(nowMillis());
        byte[] r = new byte[RANDOM_BYTES];
        random.nextBytes(r);
        b.put(r);
        b.put(mac(b.array(), Long.BYTES + RANDOM_BYTES, realm));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Whether {@code nonce} was made here for {@code realm}, and is still valid. */
    public Validity check(String nonce, String realm) {
        byte[] bytes = decode(nonce);
        if (bytes == null) {
            return Validity.INVALID;
        }
        byte[] expected = mac(bytes, Long.BYTES + RANDOM_BYTES, realm);
        byte[] given = Arrays.copyOfRange(bytes, Long.BYTES + RANDOM_BYTES, LENGTH);
        if (!MessageDigest.isEqual(expected, given)) {
            return Validity.INVALID;
        }
        long issued = ByteBuffer.wrap(bytes).getLong();
        return expired(issued) ? Validity.STALE : Validity.VALID;
    }

    /**
     * Whether {@code count} is above every count accepted so far for {@code nonce} (a valid nonce, see
     * {@link #check}); does not record it.
     */
    public boolean isFreshCount(String nonce, long count) {
        Tracked t = counts.get(nonce);
        if (t != null) {
            return count > t.lastCount();
        }
        byte[] bytes = decode(nonce);
        return bytes != null && count > 0 && ByteBuffer.wrap(bytes).getLong() > forgottenUpToMillis;
    }

    /**
     * Records {@code count} as used for {@code nonce} when it is fresh ({@link #isFreshCount}).
     *
     * @return false when it is not fresh (a replay since the check): the request must be challenged again
     */
    public boolean useCount(String nonce, long count) {
        if (!isFreshCount(nonce, count)) {
            return false;
        }
        Tracked t = counts.remove(nonce);
        long issued = t != null ? t.issuedMillis() : ByteBuffer.wrap(decode(nonce)).getLong();
        counts.put(nonce, new Tracked(issued, count));
        while (counts.size() > maxTracked) {
            Iterator<Map.Entry<String, Tracked>> eldest = counts.entrySet().iterator();
            Tracked forgotten = eldest.next().getValue();
            eldest.remove();
            if (forgotten.issuedMillis() > forgottenUpToMillis) {
                forgottenUpToMillis = forgotten.issuedMillis();
            }
        }
        return true;
    }

    /** Forgets the counts of expired nonces (idle tick). */
    public void purgeExpired() {
        counts.values().removeIf(t -> expired(t.issuedMillis()));
    }

    /** Number of nonces whose count is remembered. */
    public int trackedNonces() {
        return counts.size();
    }

    private boolean expired(long issuedMillis) {
        return nowMillis() - issuedMillis - lifetime.toMillis() > 0;
    }

    private long nowMillis() {
        return Math.floorDiv(clock.nanoTime(), 1_000_000L);
    }

    private static byte[] decode(String nonce) {
        if (nonce.length() > 2 * LENGTH) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(nonce);
            return bytes.length == LENGTH ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(byte[] data, int length, String realm) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(data, 0, length);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has " + HMAC, e);
        }
    }
}
