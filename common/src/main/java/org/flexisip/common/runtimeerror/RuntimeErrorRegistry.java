package org.flexisip.common.runtimeerror;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The runtime errors of one role. Components report a condition against a subject and clear it when it is
 * over; {@code global/runtime-error}, the REST API, readiness and (later) SNMP traps read it. Thread-safe.
 */
public final class RuntimeErrorRegistry {

    /** Told when an error is raised, changed or cleared (the SNMP agent sends traps from it). */
    public interface Listener {
        void raised(RuntimeError error);

        void cleared(RuntimeError error);
    }

    private final Function<String, Optional<String>> oidOfSubject;
    private final Clock clock;
    private final Map<String, RuntimeError> errors = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param oidOfSubject finds the OID of a parameter path or section name; empty for other components
     * @param clock        wall clock for {@link RuntimeError#since()}
     */
    public RuntimeErrorRegistry(Function<String, Optional<String>> oidOfSubject, Clock clock) {
        this.oidOfSubject = Objects.requireNonNull(oidOfSubject);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Reports (or updates the message of) the error on {@code subject}. A repeated report keeps the original
     * {@code since}.
     */
    public void report(String subject, String message, boolean blocksReadiness) {
        RuntimeError error = errors.compute(subject, (key, previous) -> new RuntimeError(subject,
                oidOfSubject.apply(subject), message,
                previous == null ? clock.instant() : previous.since(), blocksReadiness));
        listeners.forEach(l -> l.raised(error));
    }

    /** Clears the error on {@code subject}, if any. */
    public void clear(String subject) {
        RuntimeError removed = errors.remove(subject);
        if (removed != null) {
            listeners.forEach(l -> l.cleared(removed));
        }
    }

    /** Current errors, oldest first. */
    public List<RuntimeError> current() {
        List<RuntimeError> list = new ArrayList<>(errors.values());
        list.sort((a, b) -> {
            int bySince = a.since().compareTo(b.since());
            return bySince != 0 ? bySince : a.subject().compareTo(b.subject());
        });
        return list;
    }

    /** True while an error that stops the role from serving is set. */
    public boolean hasBlockingError() {
        return errors.values().stream().anyMatch(RuntimeError::blocksReadiness);
    }

    /** The value of {@code global/runtime-error}: {@code <oid>:<message>} items joined by {@code |}. */
    public String asRuntimeErrorValue() {
        return current().stream().map(RuntimeError::asRuntimeErrorItem).collect(Collectors.joining("|"));
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }
}
