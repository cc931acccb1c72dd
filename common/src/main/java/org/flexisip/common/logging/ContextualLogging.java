package org.flexisip.common.logging;

import java.util.function.Supplier;

import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.message.SipMessage;

/**
 * {@code contextual-log-filter} / {@code contextual-log-level} (spec/global.md §8.6): while a message for which
 * the filter is true is processed, log lines at or above the contextual level are written whatever
 * {@code log-level} says. Processing is confined to the thread that handles the message, so the mark is kept
 * per thread, set for the duration of the work and always removed.
 */
public final class ContextualLogging {
    private final ThreadLocal<Boolean> active = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private volatile SipBooleanExpression filter;
    private volatile FlexisipLogLevel level;

    /** @param filter empty text disables contextual logging */
    public ContextualLogging(SipBooleanExpression filter, FlexisipLogLevel level) {
        this.filter = filter;
        this.level = level;
    }

    /** Runs {@code work} for {@code message}, marked contextual when the filter matches it. */
    public <T> T processing(SipMessage message, Supplier<T> work) {
        SipBooleanExpression f = filter;
        if (f.text().isBlank() || active.get() || !f.evaluate(message)) {
            return work.get();
        }
        active.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            active.set(Boolean.FALSE);
        }
    }

    public void processing(SipMessage message, Runnable work) {
        processing(message, () -> {
            work.run();
            return null;
        });
    }

    /** Whether the current thread is processing a message that matched the filter. */
    public boolean isActive() {
        return active.get();
    }

    /** Whether a filter is set (empty means disabled). */
    public boolean isEnabled() {
        return !filter.text().isBlank();
    }

    public FlexisipLogLevel level() {
        return level;
    }

    public void filter(SipBooleanExpression newFilter) {
        this.filter = newFilter;
    }

    public void level(FlexisipLogLevel newLevel) {
        this.level = newLevel;
    }
}
