package org.flexisip.common.sip.header;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * Credentials or a challenge: Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate (RFC
 * 3261 §20.7, §20.27, §20.28, §20.44; RFC 7616).
 * <pre>
 * credentials = ("Digest" LWS digest-response) / other-response
 * auth-param  = auth-param-name EQUAL ( token / quoted-string )
 * </pre>
 * An unknown scheme (RFC 4475 §3.3.7) parses like any other: a scheme then comma-separated parameters.
 *
 * @param scheme as written ({@code Digest})
 * @param params parameters in order; {@link HeaderParams.Param#quoted()} tells how each was written
 */
public record AuthHeader(String scheme, List<HeaderParams.Param> params) {

    public AuthHeader {
        params = List.copyOf(params);
    }

    public static AuthHeader parse(String value) throws SipSyntaxException {
        SipScanner s = new SipScanner(value.strip());
        String scheme = s.expectToken("an authentication scheme");
        List<HeaderParams.Param> params = new ArrayList<>(8);
        if (s.skipWhitespace()) {
            do {
                s.skipWhitespace();
                String name = s.expectToken("an auth-param name");
                if (!s.consumeSeparator('=')) {
                    throw s.error("expected '=' after '" + name + "'");
                }
                if (s.peek() == '"') {
                    params.add(new HeaderParams.Param(name, Optional.of(s.expectQuotedString()), true));
                } else {
                    int start = s.position();
                    while (!s.atEnd() && (SipChars.isToken(s.peek()) || s.peek() == '/' || s.peek() == ':')) {
                        s.next();
                    }
                    if (s.position() == start) {
                        throw s.error("expected a value for '" + name + "'");
                    }
                    params.add(new HeaderParams.Param(name, Optional.of(s.text().substring(start, s.position())),
                            false));
                }
                s.skipWhitespace();
            } while (s.consume(','));
        }
        if (!s.atEnd()) {
            throw s.error("expected ',' between auth-params");
        }
        return new AuthHeader(scheme, Collections.unmodifiableList(params));
    }

    /** The value of {@code name} (case-insensitive), unquoted. */
    public Optional<String> param(String name) {
        for (HeaderParams.Param p : params) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return Optional.empty();
    }

    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme);
        for (int i = 0; i < params.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(params.get(i));
        }
        return b.toString();
    }
}
