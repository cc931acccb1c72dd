package org.flexisip.proxy.agent;

import java.util.Optional;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.registrar.redis.RedisRegistrarDb;
import org.flexisip.common.registrar.redis.RedisSettings;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.time.SipClock;

import io.vertx.core.Vertx;

/**
 * The registrar database of {@code module::Registrar/db-implementation} (spec/proxy.md §12): {@code internal}, or
 * any value starting with {@code redis}.
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
            return Optional.empty();
        }
        return Optional.of("module::Registrar/db-implementation: '" + impl + "' is not a registrar database: "
                + "internal or redis");
    }

    /** The in-memory database (also what modules are validated against before the start). */
    public static RegistrarDb create(FlexisipConfig config, SipClock clock) {
        return new InternalRegistrarDb(RegistrarSettings.from(registrar(config)), clock, useGlobalDomain(config));
    }

    /**
     * The configured database: Redis when {@code db-implementation} starts with {@code redis}, its availability
     * reported as a runtime error of {@code module::Registrar} that makes the role not ready (spec/proxy.md §12.14).
     */
    public static RegistrarDb create(FlexisipConfig config, SipClock clock, Vertx vertx,
            RuntimeErrorRegistry runtimeErrors) {
        if (!registrar(config).getString("db-implementation").startsWith("redis")) {
            return create(config, clock);
        }
        String subject = "module::Registrar";
        runtimeErrors.report(subject, "connecting to the Redis registrar database", true);
        return new RedisRegistrarDb(RedisSettings.from(registrar(config)), RegistrarSettings.from(registrar(config)),
                clock, useGlobalDomain(config), vertx, problem -> {
                    if (problem.isPresent()) {
                        runtimeErrors.report(subject, "Redis registrar database unreachable: " + problem.get(), true);
                    } else {
                        runtimeErrors.clear(subject);
                    }
                });
    }

    private static boolean useGlobalDomain(FlexisipConfig config) {
        return config.section("module::Router").map(r -> r.getBoolean("use-global-domain")).orElse(false);
    }

    private static ConfigSection registrar(FlexisipConfig config) {
        return config.section("module::Registrar").orElseThrow();
    }
}
