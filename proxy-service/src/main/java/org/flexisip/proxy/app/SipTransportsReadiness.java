package org.flexisip.proxy.app;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every SIP listener of {@code global/transports} is bound. */
@Readiness
@ApplicationScoped
public class SipTransportsReadiness implements HealthCheck {
    private final ProxyTransports transports;

    public SipTransportsReadiness(ProxyTransports transports) {
        this.transports = transports;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sip-transports").status(transports.allBound()).build();
    }
}
