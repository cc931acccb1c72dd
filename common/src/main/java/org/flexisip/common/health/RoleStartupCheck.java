package org.flexisip.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flexisip.common.app.RoleLifecycle;

/** Started once the role's start-up work (configuration applied, PID file written) is done. */
@Startup
@ApplicationScoped
public class RoleStartupCheck implements HealthCheck {
    private final RoleLifecycle lifecycle;

    public RoleStartupCheck(RoleLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("role-started").status(lifecycle.started()).build();
    }
}
