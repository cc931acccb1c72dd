package org.flexisip.common.runtimeerror;

import java.time.Instant;
import java.util.Optional;

/**
 * A condition found while running that an operator must know about (spec/global.md §10.3).
 *
 * @param subject         a parameter path ({@code global/transports}), a section ({@code module::Registrar}) or a
 *                        component name
 * @param oid             the SNMP OID of the subject when it is a configuration entry
 * @param message         what is wrong, with the system's reason
 * @param since           when it was first reported
 * @param blocksReadiness true when the role cannot serve while it lasts (its readiness check is down)
 */
public record RuntimeError(String subject, Optional<String> oid, String message, Instant since,
        boolean blocksReadiness) {

    /** The {@code <oid>:<message>} form of {@code global/runtime-error}; the subject stands in for a missing OID. */
    public String asRuntimeErrorItem() {
        return oid.orElse(subject) + ":" + message;
    }
}
