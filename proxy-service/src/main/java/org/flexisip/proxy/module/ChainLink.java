package org.flexisip.proxy.module;

import java.util.concurrent.atomic.AtomicLong;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ModuleInfo;
import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.message.SipMessage;

/**
 * A module in its slot: its {@code enabled} and {@code filter} (read at each message, so runtime changes apply)
 * and its {@code count-eval-true/false} counters (spec/proxy.md §1.2).
 */
public final class ChainLink {
    private final ModuleInfo info;
    private final ConfigSection section;
    private final Module module;
    private final AtomicLong evalTrue;
    private final AtomicLong evalFalse;

    public ChainLink(ModuleInfo info, ConfigSection section, Module module) {
        this.info = info;
        this.section = section;
        this.module = module;
        this.evalTrue = section.entry("count-eval-true").counter();
        this.evalFalse = section.entry("count-eval-false").counter();
    }

    public String name() {
        return info.name();
    }

    public ModuleInfo info() {
        return info;
    }

    public Module module() {
        return module;
    }

    public boolean enabled() {
        return section.getBoolean("enabled");
    }

    /** Whether the module runs for this message: enabled, and its filter true (counted either way). */
    boolean accepts(SipMessage message) {
        if (!enabled()) {
            return false;
        }
        SipBooleanExpression filter = section.getFilter("filter");
        boolean pass = filter.evaluate(message);
        (pass ? evalTrue : evalFalse).incrementAndGet();
        return pass;
    }

    @Override
    public String toString() {
        return "module::" + info.name();
    }
}
