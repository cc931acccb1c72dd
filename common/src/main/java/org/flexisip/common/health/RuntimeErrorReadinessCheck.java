package org.flexisip.common.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flexisip.common.runtimeerror.RuntimeError;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;

/** Ready unless a runtime error that stops the role from serving is set. Reads state; does no I/O. */
@Readiness
@ApplicationScoped
public class RuntimeErrorReadinessCheck implements HealthCheck {
    private final RuntimeErrorRegistry runtimeErrors;

    public RuntimeErrorReadinessCheck(RuntimeErrorRegistry runtimeErrors) {
        this.runtimeErrors = runtimeErrors;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("runtime-errors")
                .status(!runtimeErrors.hasBlockingError());
        for (RuntimeError error : runtimeErrors.current()) {
            response.withData(error.subject(), error.message());
        }
        return response.build();
    }
}
