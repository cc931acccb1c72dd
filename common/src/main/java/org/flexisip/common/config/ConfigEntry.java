package org.flexisip.common.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One entry of a loaded configuration: its declaration, its current value and where that value came from.
 * Only runtime-settable parameters change after loading (through {@link FlexisipConfig#setAtRuntime}); their
 * listeners are told at once. Counters hold their count.
 */
public final class ConfigEntry {

    /**
     * A value with its text and where it was set.
     *
     * @param text   as written (or the default)
     * @param parsed as parsed by the parameter's type
     * @param origin {@code default}, {@code file:line}, {@code --set ...}, {@code REST API}, ...
     */
    public record Value(String text, Object parsed, String origin) {
    }

    private final SectionSpec section;
    private final ParameterSpec parameter;
    private final AtomicLong counter = new AtomicLong();
    private final List<Consumer<ConfigEntry>> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<String> computedText;
    private volatile Value value;

    ConfigEntry(SectionSpec section, ParameterSpec parameter, Value value, Supplier<String> computedText) {
        this.section = section;
        this.parameter = parameter;
        this.value = value;
        this.computedText = computedText;
    }

    public SectionSpec section() {
        return section;
    }

    public ParameterSpec parameter() {
        return parameter;
    }

    /** {@code section/param}. */
    public String path() {
        return section.name() + "/" + parameter.name();
    }

    public String oid() {
        return section.oid(parameter);
    }

    /** The current value as text; for a counter its count, for runtime-error the current errors. */
    public String text() {
        return switch (parameter.type()) {
            case COUNTER64 -> Long.toString(counter.get());
            case RUNTIME_ERROR -> computedText.get();
            default -> value.text();
        };
    }

    /** The current parsed value (see {@link ValueType} for the Java types). */
    public Object parsed() {
        return switch (parameter.type()) {
            case COUNTER64 -> counter.get();
            case RUNTIME_ERROR -> computedText.get();
            default -> value.parsed();
        };
    }

    /** Where the current value comes from. */
    public String origin() {
        return value.origin();
    }

    public boolean isDefault() {
        return parameter.type().isComputed() || value.text().equals(parameter.defaultValue());
    }

    /** The counter of a Counter64 entry; other entries have one too, never used. */
    public AtomicLong counter() {
        return counter;
    }

    /** Called after each runtime change of this entry. */
    public void onChange(Consumer<ConfigEntry> listener) {
        listeners.add(listener);
    }

    void change(Value newValue) {
        this.value = newValue;
        listeners.forEach(l -> l.accept(this));
    }
}
