package org.flexisip.common.snmp;

import java.util.HashMap;
import java.util.Map;

import org.flexisip.common.runtimeerror.RuntimeError;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;

/**
 * A trap when a runtime error is raised and when it is cleared (spec/snmp.md §4.3), {@code notif/source} naming
 * the entry concerned. A component that reports the same condition again (a bind retried every few seconds)
 * sends no new trap; a changed message does.
 */
final class RuntimeErrorTraps implements RuntimeErrorRegistry.Listener {
    private final SnmpTraps traps;
    /** The message last announced for each subject; guarded by this. */
    private final Map<String, String> announced = new HashMap<>();

    private RuntimeErrorTraps(SnmpTraps traps) {
        this.traps = traps;
    }

    /** Follows {@code registry} from now on, and announces the errors already set. */
    static RuntimeErrorTraps follow(RuntimeErrorRegistry registry, SnmpTraps traps) {
        RuntimeErrorTraps listener = new RuntimeErrorTraps(traps);
        registry.addListener(listener);
        registry.current().forEach(listener::raised);
        return listener;
    }

    @Override
    public synchronized void raised(RuntimeError error) {
        if (!error.message().equals(announced.put(error.subject(), error.message()))) {
            traps.send("Runtime error on " + error.subject() + ": " + error.message(), error.oid());
        }
    }

    @Override
    public synchronized void cleared(RuntimeError error) {
        if (announced.remove(error.subject()) != null) {
            traps.send("Runtime error cleared on " + error.subject(), error.oid());
        }
    }
}
