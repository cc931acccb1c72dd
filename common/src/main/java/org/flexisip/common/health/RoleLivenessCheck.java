package org.flexisip.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.Role;

/** The process answers: alive. */
@Liveness
@ApplicationScoped
public class RoleLivenessCheck implements HealthCheck {
    private final Role role;

    public RoleLivenessCheck(Role role) {
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("flexisip-" + role.id()).up()
                .withData("version", BuildVersion.current()).build();
    }
}
