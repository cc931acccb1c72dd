package org.flexisip.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one role once loaded and validated: the sections it reads, with current values. Values
 * are fixed after loading except the runtime-settable parameters (spec/config.md §9.1), changed with
 * {@link #setAtRuntime}. Thread-safe.
 */
public final class FlexisipConfig {
    private final Role role;
    private final ConfigSchema schema;
    private final Optional<Path> file;
    private final Map<String, ConfigSection> sections;
    private final Map<String, ConfigEntry> entriesByPath;

    FlexisipConfig(Role role, ConfigSchema schema, Optional<Path> file, Map<String, ConfigSection> sections) {
        this.role = role;
        this.schema = schema;
        this.file = file;
        this.sections = Collections.unmodifiableMap(sections);
        Map<String, ConfigEntry> byPath = new LinkedHashMap<>();
        for (ConfigSection s : sections.values()) {
            for (ConfigEntry e : s.entries()) {
                byPath.put(e.path().toLowerCase(Locale.ROOT), e);
            }
        }
        this.entriesByPath = Collections.unmodifiableMap(byPath);
    }

    public Role role() {
        return role;
    }

    public ConfigSchema schema() {
        return schema;
    }

    /** The file the configuration came from; empty when running on built-in defaults. */
    public Optional<Path> file() {
        return file;
    }

    /** The sections this role reads, in schema order. */
    public List<ConfigSection> sections() {
        return List.copyOf(sections.values());
    }

    /** A section this role reads. */
    public Optional<ConfigSection> section(String name) {
        return Optional.ofNullable(sections.get(name.toLowerCase(Locale.ROOT)));
    }

    /** {@code [global]}, read by every role. */
    public ConfigSection global() {
        return section("global").orElseThrow();
    }

    public Optional<ConfigEntry> entry(String path) {
        return Optional.ofNullable(entriesByPath.get(path.toLowerCase(Locale.ROOT)));
    }

    /** Looks up a section this role reads, or explains why it is not available. */
    public ConfigSection requireSection(String name) throws UnknownConfigPathException {
        Optional<ConfigSection> s = section(name);
        if (s.isPresent()) {
            return s.get();
        }
        List<String> readable = sections.values().stream().map(c -> c.spec().name()).toList();
        throw new UnknownConfigPathException(name, SpellingSuggestion.closest(name, readable));
    }

    /** Looks up an entry of a section this role reads, with a did-you-mean when it does not exist. */
    public ConfigEntry requireEntry(String sectionName, String paramName) throws UnknownConfigPathException {
        ConfigSection s = requireSection(sectionName);
        String path = s.spec().name() + "/" + paramName;
        Optional<ConfigEntry> e = entry(path);
        if (e.isPresent()) {
            return e.get();
        }
        List<String> names = new ArrayList<>();
        s.entries().forEach(x -> names.add(x.parameter().name()));
        throw new UnknownConfigPathException(path, SpellingSuggestion.closest(paramName, names)
                .map(n -> s.spec().name() + "/" + n));
    }

    /**
     * Changes a runtime-settable parameter while running; its listeners apply the change at once.
     *
     * @return the entry with its new value
     */
    public ConfigEntry setAtRuntime(String sectionName, String paramName, String text, String origin)
            throws UnknownConfigPathException, NotRuntimeSettableException, InvalidValueException {
        ConfigEntry entry = requireEntry(sectionName, paramName);
        ParameterSpec p = entry.parameter();
        if (!p.runtimeSettable()) {
            throw new NotRuntimeSettableException(entry.path(), text);
        }
        String stripped = text.strip();
        Object parsed = p.parseStrictly(stripped);
        entry.change(new ConfigEntry.Value(stripped, parsed, origin));
        return entry;
    }
}
