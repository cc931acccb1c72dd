package org.flexisip.common.app;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Quarkus-side settings of a role's service ({@code application.properties}, {@code FLEXISIP_*}
 * environment variables): which role this service is and how its admin API is protected. Everything
 * Flexisip-specific is in {@code flexisip.conf}.
 */
@ConfigMapping(prefix = "flexisip")
public interface FlexisipServiceConfig {

    /** {@code proxy}, {@code presence}, {@code conference} or {@code regevent}. */
    String role();

    AdminApi admin();

    /** Access to the REST API on the management interface. */
    interface AdminApi {
        /**
         * Bearer token that a client outside the loopback must send ({@code Authorization: Bearer <token>}).
         * Unset: only loopback clients are served.
         */
        Optional<String> token();

        /**
         * Whether loopback clients are served without a token. Turn it off when something else on the host
         * (a sidecar, a port forward) makes loopback traffic untrustworthy.
         */
        @WithDefault("true")
        boolean trustLoopback();
    }
}
