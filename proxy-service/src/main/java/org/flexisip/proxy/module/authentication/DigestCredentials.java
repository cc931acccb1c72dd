package org.flexisip.proxy.module.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.flexisip.common.sip.header.AuthHeader;

/**
 * Digest credentials of an Authorization or Proxy-Authorization header (RFC 3261 §22.4, RFC 2617 §3.2.2, RFC 7616
 * §3.4), with the parameters the response is computed from.
 *
 * @param username  the authentication user name
 * @param realm     the realm it answers
 * @param nonce     the nonce it answers
 * @param uri       the digest-uri
 * @param response  the request-digest, as sent
 * @param algorithm the {@code algorithm} parameter; empty means MD5 (RFC 2617 §3.2.1)
 * @param qop       the {@code qop} parameter; empty for an RFC 2069 answer
 * @param nonceCount the {@code nc} parameter as a number (it is 8 hex digits, RFC 2617 §3.2.2)
 * @param cnonce    the {@code cnonce} parameter
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
        Optional<String> algorithm, Optional<String> qop, OptionalLong nonceCount, Optional<String> nonceCountText,
        Optional<String> cnonce) {

    /** {@code qop-value} "auth" (RFC 2617 §3.2.1). */
    public static final String QOP_AUTH = "auth";

    /** The Digest credentials of {@code header}; empty when it is another scheme. */
    public static Optional<DigestCredentials> from(AuthHeader header) {
        if (!header.isDigest()) {
            return Optional.empty();
        }
        Optional<String> nc = header.param("nc");
        OptionalLong count = OptionalLong.empty();
        if (nc.isPresent() && nc.get().length() == 8) {
            try {
                count = OptionalLong.of(Long.parseLong(nc.get(), 16));
            } catch (NumberFormatException e) {
                count = OptionalLong.empty();
            }
        }
        return Optional.of(new DigestCredentials(header.param("username").orElse(""),
                header.param("realm").orElse(""), header.param("nonce").orElse(""), header.param("uri").orElse(""),
                header.param("response").orElse(""), header.param("algorithm"), header.param("qop"), count, nc,
                header.param("cnonce")));
    }

    /** The realm of a Digest header without building the whole record. */
    static Optional<String> realmOf(AuthHeader header) {
        return header.isDigest() ? header.param("realm") : Optional.empty();
    }

    /** Whether the mandatory parts of RFC 2617 §3.2.2 are there: username, realm, nonce, uri, response. */
    public boolean isComplete() {
        return !username.isEmpty() && !nonce.isEmpty() && !uri.isEmpty() && !response.isEmpty();
    }

    /** Whether it answers with {@code qop=auth} and carries a valid {@code nc} and a {@code cnonce}. */
    public boolean isQopAuth() {
        return qop.isPresent() && qop.get().equalsIgnoreCase(QOP_AUTH) && nonceCount.isPresent()
                && cnonce.isPresent() && !cnonce.get().isEmpty();
    }

    /**
     * The request-digest expected for {@code method} from {@code ha1} (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1):
     * {@code H(HA1:nonce:nc:cnonce:qop:HA2)} with qop, {@code H(HA1:nonce:HA2)} without (RFC 2069), where
     * {@code HA2 = H(method:digest-uri)}.
     */
    public String expectedResponse(DigestAlgorithm algorithm, String ha1, String method) {
        String ha2 = algorithm.hash(method + ":" + uri);
        if (qop.isPresent()) {
            return algorithm.hash(ha1 + ":" + nonce + ":" + nonceCountText.orElse("") + ":" + cnonce.orElse("")
                    + ":" + qop.get() + ":" + ha2);
        }
        return algorithm.hash(ha1 + ":" + nonce + ":" + ha2);
    }

    /** Whether {@link #response} is {@code expected} (hex, any case), compared in constant time. */
    public boolean responseMatches(String expected) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Digest username=" + username + ", realm=" + realm + ", algorithm=" + algorithm.orElse("MD5");
    }
}
