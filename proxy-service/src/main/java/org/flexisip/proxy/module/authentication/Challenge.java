package org.flexisip.proxy.module.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.header.HeaderParams;

/**
 * A WWW-Authenticate or Proxy-Authenticate value (RFC 3261 §22.1, RFC 7616 §3.3), as Flexisip writes it
 * (spec/proxy.md §8 rule 5):
 * <pre>
 * Digest realm="example.org", nonce="...", opaque="+GNywA==", algorithm=MD5, qop="auth"
 * </pre>
 * with {@code , stale=true} added when the credentials answered an expired nonce (rule 6), and without qop when
 * {@code disable-qop-auth} is set.
 */
public record Challenge(String realm, String nonce, DigestAlgorithm algorithm, boolean qop, boolean stale) {
    /** The constant opaque of Flexisip's challenges. */
    public static final String OPAQUE = "+GNywA==";

    public AuthHeader toHeader() {
        List<HeaderParams.Param> p = new ArrayList<>(6);
        p.add(quoted("realm", realm));
        p.add(quoted("nonce", nonce));
        p.add(quoted("opaque", OPAQUE));
        p.add(new HeaderParams.Param("algorithm", Optional.of(algorithm.token()), false));
        if (qop) {
            p.add(quoted("qop", DigestCredentials.QOP_AUTH));
        }
        if (stale) {
            p.add(new HeaderParams.Param("stale", Optional.of("true"), false));
        }
        return new AuthHeader("Digest", p);
    }

    @Override
    public String toString() {
        return toHeader().toString();
    }

    private static HeaderParams.Param quoted(String name, String value) {
        return new HeaderParams.Param(name, Optional.of(value), true);
    }
}
