package org.flexisip.proxy.agent;

import java.util.Optional;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.time.SipClock;

/**
 * The registrar database of {@code module::Registrar/db-implementation} (spec/proxy.md §12): {@code internal}, or
 * any value starting with {@code redis}, which this version refuses at start until the Redis backend is built.
 */
public final class RegistrarDatabases {
    private RegistrarDatabases() {
    }

    /** Why the configured backend cannot be used, if it cannot. */
    public static Optional<String> problem(FlexisipConfig config) {
        String impl = registrar(config).getString("db-implementation");
        if (impl.equals("internal")) {
            return Optional.empty();
        }
        if (impl.startsWith("redis")) {
            return Optional.of("module::Registrar/db-implementation: redis is not supported yet in this version: use "
                    + "internal (one proxy)");
        }
        return Optional.of("module::Registrar/db-implementation: '" + impl + "' is not a registrar database: "
                + "internal or redis");
    }

    public static RegistrarDb create(FlexisipConfig config, SipClock clock) {
        return new InternalRegistrarDb(RegistrarSettings.from(registrar(config)), clock,
                config.section("module::Router").map(r -> r.getBoolean("use-global-domain")).orElse(false));
    }

    private static ConfigSection registrar(FlexisipConfig config) {
        return config.section("module::Registrar").orElseThrow();
    }
}
