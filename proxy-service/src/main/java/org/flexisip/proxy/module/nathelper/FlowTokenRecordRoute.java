package org.flexisip.proxy.module.nathelper;

import java.util.Objects;

/**
 * A {@link org.flexisip.proxy.module.RequestEvent} attribute set by {@link NatHelper} (spec/proxy.md §7 rule 6):
 * the Record-Route that Forward adds for this request carries {@code token} as its user part (§18 rule 6).
 *
 * @param token a {@link FlowToken} for the flow the request arrived on
 */
public record FlowTokenRecordRoute(String token) {
    public FlowTokenRecordRoute {
        Objects.requireNonNull(token, "token");
    }
}
