package org.flexisip.common.snmp;

import java.util.Optional;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.NotRuntimeSettableException;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.UnknownConfigPathException;
import org.jboss.logging.Logger;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.agent.request.SnmpRequest;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * One configuration entry (parameter, counter, {@code version-number}, {@code runtime-error}) as an SNMP scalar:
 * instance {@code <entry OID>.0}, read from the entry at each request (spec/snmp.md §3.1).
 *
 * <p>SET (spec/snmp.md §3.4) goes through {@link FlexisipConfig#setAtRuntime}, the path of the REST API: the
 * entries that can change while running are read-write here and change at once; every other one answers
 * {@code notWritable}; a value of another syntax {@code wrongType}; a value the parameter refuses
 * {@code wrongValue}. The two-phase commit of SNMP maps on it: the value is checked when the request is
 * prepared, applied at commit, and the previous text is set back if another variable of the request fails.
 */
final class EntryScalar extends MOScalar<Variable> {
    private static final Logger LOG = Logger.getLogger(EntryScalar.class);

    private final ConfigEntry entry;
    private final FlexisipConfig config;
    private final SnmpSyntax syntax;

    EntryScalar(ConfigEntry entry, FlexisipConfig config) {
        super(new OID(entry.oid() + ".0"), isWritable(entry) ? MOAccessImpl.ACCESS_READ_WRITE
                : MOAccessImpl.ACCESS_READ_ONLY, null);
        this.entry = entry;
        this.config = config;
        this.syntax = SnmpSyntax.of(entry.parameter());
        setVolatile(true);
    }

    /** Writable over SNMP exactly when the REST API can change it. */
    static boolean isWritable(ConfigEntry entry) {
        ParameterSpec p = entry.parameter();
        return p.runtimeSettable() && !p.readOnly() && !p.type().isComputed() && !entry.section().readOnly();
    }

    ConfigEntry entry() {
        return entry;
    }

    @Override
    public Variable getValue() {
        return syntax.read(entry);
    }

    @Override
    public int isValueOK(SubRequest<?> request) {
        Optional<String> text = syntax.textOf(request.getVariableBinding().getVariable());
        if (text.isEmpty()) {
            return SnmpConstants.SNMP_ERROR_WRONG_VALUE;
        }
        try {
            entry.parameter().parseStrictly(text.get().strip());
            return SnmpConstants.SNMP_ERROR_SUCCESS;
        } catch (InvalidValueException e) {
            LOG.infof("SNMP SET of %s to '%s' refused: %s", entry.path(), text.get(), e.getMessage());
            return SnmpConstants.SNMP_ERROR_WRONG_VALUE;
        }
    }

    @Override
    public void commit(SubRequest<?> request) {
        request.setUndoValue(entry.text());
        Optional<String> text = syntax.textOf(request.getVariableBinding().getVariable());
        boolean applied = text.isPresent() && apply(text.get(), "SNMP SET (" + peer(request) + ")");
        if (!applied) {
            request.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_COMMIT_FAILED);
        }
        request.getStatus().setPhaseComplete(true);
    }

    @Override
    public void undo(SubRequest<?> request) {
        if (request.getUndoValue() instanceof String previous
                && apply(previous, "SNMP SET undone (" + peer(request) + ")")) {
            request.getStatus().setPhaseComplete(true);
        } else {
            request.getStatus().setErrorStatus(SnmpConstants.SNMP_ERROR_UNDO_FAILED);
        }
    }

    /** Only SET changes an entry: the value is never kept here. */
    @Override
    public int setValue(Variable value) {
        Optional<String> text = syntax.textOf(value);
        return text.isPresent() && apply(text.get(), "SNMP agent") ? SnmpConstants.SNMP_ERROR_SUCCESS
                : SnmpConstants.SNMP_ERROR_WRONG_VALUE;
    }

    private boolean apply(String text, String origin) {
        try {
            ConfigEntry changed = config.setAtRuntime(entry.section().name(), entry.parameter().name(), text, origin);
            LOG.infof("%s set to '%s' through %s", changed.path(), changed.text(), origin);
            return true;
        } catch (InvalidValueException | NotRuntimeSettableException | UnknownConfigPathException e) {
            // Checked when the request was prepared: only a concurrent change can get here.
            LOG.warnf("SNMP SET of %s to '%s' failed: %s", entry.path(), text, e.getMessage());
            return false;
        }
    }

    private static String peer(SubRequest<?> request) {
        return request.getRequest() instanceof SnmpRequest snmp ? String.valueOf(snmp.getSource().getPeerAddress())
                : "unknown peer";
    }
}
