package org.flexisip.common.app;

import java.util.Map;
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

    /**
     * Overrides applied like {@code --set}, before those of the command line:
     * {@code flexisip.set."global/log-level"=debug}. Handy where the command line is fixed (a container's
     * entry point, tests).
     */
    Map<String, String> set();

    /** Where {@code --syslog} sends log lines (UDP, RFC 3164). */
    Syslog syslog();

    /** The syslog receiver. */
    interface Syslog {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("514")
        int port();
    }

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
