package org.flexisip.proxy.module.nathelper;

import java.util.Objects;

/**
 * A {@link org.flexisip.proxy.module.RequestEvent} attribute set by {@link NatHelper} on a REGISTER (spec/proxy.md
 * §7 rule 6): the Path that Forward adds carries {@code token} as its user part, and {@code ;ob} (§18 rule 7,
 * RFC 5626 §5.1).
 *
 * @param token a {@link FlowToken} for the flow the REGISTER arrived on
 */
public record FlowTokenPath(String token) {
    public FlowTokenPath {
        Objects.requireNonNull(token, "token");
    }
}
