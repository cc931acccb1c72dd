package org.flexisip.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every declared section of the configuration tree, shared by all roles (spec/config.md §1.3): each role knows
 * every section name, and validates strictly the sections it reads.
 */
public final class ConfigSchema {
    private final Map<String, SectionSpec> sections;

    public ConfigSchema(List<SectionSpec> sectionList) {
        Map<String, SectionSpec> byKey = new LinkedHashMap<>();
        Map<Long, String> rootLeaves = new LinkedHashMap<>();
        rootLeaves.put((long) SnmpOid.NOTIF_LEAF, "notif");
        for (SectionSpec s : sectionList) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("section " + s + " declared twice");
            }
            String clash = rootLeaves.put(s.snmpLeaf(), s.name());
            if (clash != null) {
                throw new IllegalArgumentException("sections [" + clash + "] and " + s + " have the same SNMP leaf "
                        + s.snmpLeaf());
            }
        }
        this.sections = Collections.unmodifiableMap(byKey);
    }

    /** A schema with more sections, such as those declared by plugins. */
    public ConfigSchema with(List<SectionSpec> more) {
        List<SectionSpec> all = new ArrayList<>(sections.values());
        all.addAll(more);
        return new ConfigSchema(all);
    }

    public List<SectionSpec> sections() {
        return List.copyOf(sections.values());
    }

    public Optional<SectionSpec> section(String name) {
        return Optional.ofNullable(sections.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<String> sectionNames() {
        return sections.values().stream().map(SectionSpec::name).toList();
    }

    /** The {@code module::*} sections in chain order (spec/proxy.md §2). */
    public List<SectionSpec> modulesInChainOrder() {
        return sections.values().stream()
                .filter(s -> s.module().isPresent())
                .sorted(Comparator.comparingInt(s -> s.module().orElseThrow().chainPosition()))
                .toList();
    }

    public Optional<String> suggestSection(String name) {
        return SpellingSuggestion.closest(name, sectionNames());
    }

    /**
     * Resolves an override path {@code section/param} (spec/config.md §3). Section names may contain '::' but
     * not '/', so the last '/' separates the parameter.
     */
    public Optional<EntryRef> entry(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return Optional.empty();
        }
        return section(path.substring(0, slash))
                .flatMap(s -> s.parameter(path.substring(slash + 1)).map(p -> new EntryRef(s, p)));
    }

    /** A parameter with its section. */
    public record EntryRef(SectionSpec section, ParameterSpec parameter) {
        public String path() {
            return section.name() + "/" + parameter.name();
        }

        public String oid() {
            return section.oid(parameter);
        }
    }
}
