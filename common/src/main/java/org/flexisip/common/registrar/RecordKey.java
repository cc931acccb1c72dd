package org.flexisip.common.registrar;

import java.util.Locale;

import org.flexisip.common.sip.uri.SipUri;

/**
 * The key of a record (spec/registrar-db.md §2): {@code user@host} (host lowercased, user as is, parameters
 * ignored); {@code host} for a user-less AOR; {@code user@merged} with {@code module::Router/use-global-domain}.
 */
public final class RecordKey {
    public static final String GLOBAL_DOMAIN = "merged";

    private RecordKey() {
    }

    public static String of(SipUri aor, boolean useGlobalDomain) {
        String host = aor.host().toLowerCase(Locale.ROOT);
        if (aor.user().isEmpty()) {
            return host;
        }
        return aor.user().get() + "@" + (useGlobalDomain ? GLOBAL_DOMAIN : host);
    }
}
