package org.flexisip.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declaration of one configuration section: its parameters in declaration order, the roles that read it
 * (and so validate it strictly) and its SNMP leaf. Immutable.
 */
public final class SectionSpec {
    private final String name;
    private final String help;
    private final Set<Role> readers;
    private final long snmpLeaf;
    private final Optional<ModuleInfo> module;
    private final boolean readOnly;
    private final Map<String, ParameterSpec> parameters;

    private SectionSpec(Builder b) {
        this.name = b.name;
        this.help = b.help;
        this.readers = Collections.unmodifiableSet(EnumSet.copyOf(b.readers));
        this.module = Optional.ofNullable(b.module);
        this.snmpLeaf = module.map(m -> (long) m.snmpLeaf()).orElse(b.snmpLeaf == null ? SnmpOid.hashedLeaf(name) : b.snmpLeaf);
        this.readOnly = b.readOnly;
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        Map<Long, String> byLeaf = new LinkedHashMap<>();
        for (ParameterSpec p : b.parameters) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("[" + name + "] declares '" + p.name() + "' twice");
            }
            String clash = byLeaf.put(p.snmpLeaf(), p.name());
            if (clash != null) {
                // spec/snmp.md §1.6: two entries of one section on the same leaf is a startup error.
                throw new IllegalArgumentException("[" + name + "] entries '" + clash + "' and '" + p.name()
                        + "' have the same SNMP leaf " + p.snmpLeaf());
            }
        }
        this.parameters = Collections.unmodifiableMap(byName);
    }

    /** A plain section; {@code name} as Flexisip spells it ({@code global}, {@code presence-server}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A {@code [module::<Name>]} section, read by the proxy, with the common entries of spec/proxy.md §1.2
     * ({@code enabled}, {@code filter}, the deprecated {@code from-domains}/{@code to-domains}, and the filter
     * counters) declared first.
     */
    public static Builder module(ModuleInfo info) {
        Builder b = new Builder("module::" + info.name());
        b.module = info;
        b.readers = EnumSet.of(Role.PROXY);
        b.parameter(ParameterSpec.builder("enabled", ValueType.BOOLEAN)
                .defaultValue(Boolean.toString(info.enabledByDefault()))
                .help("Turns the module on or off. A disabled module lets every message through untouched.")
                .snmpLeaf(SnmpOid.ENABLED_LEAF).build());
        b.parameter(ParameterSpec.builder("filter", ValueType.BOOLEAN_EXPR)
                .defaultValue(info.defaultFilter())
                .help("A SIP boolean expression: the module processes only the messages for which it is true. "
                        + "Empty means always true.")
                .snmpLeaf(SnmpOid.FILTER_LEAF).build());
        b.parameter(ParameterSpec.builder("from-domains", ValueType.STRING_LIST)
                .help("Old way to restrict the module to some From domains; write a filter instead.")
                .snmpLeaf(SnmpOid.FROM_DOMAINS_LEAF)
                .deprecated("2012-01-01", "0.4", "use the 'filter' parameter with a from.uri.domain condition")
                .build());
        b.parameter(ParameterSpec.builder("to-domains", ValueType.STRING_LIST)
                .help("Old way to restrict the module to some To domains; write a filter instead.")
                .snmpLeaf(SnmpOid.TO_DOMAINS_LEAF)
                .deprecated("2012-01-01", "0.4", "use the 'filter' parameter with a to.uri.domain condition")
                .build());
        b.parameter(ParameterSpec.counter("count-eval-true", "Messages for which the module filter was true."));
        b.parameter(ParameterSpec.counter("count-eval-false", "Messages for which the module filter was false."));
        return b;
    }

    public String name() {
        return name;
    }

    /** Lowercase name: section names are matched case-insensitively. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    public String help() {
        return help;
    }

    /** Roles that validate this section strictly; the others accept it without reading it. */
    public Set<Role> readers() {
        return readers;
    }

    public boolean isReadBy(Role role) {
        return readers.contains(role);
    }

    public long snmpLeaf() {
        return snmpLeaf;
    }

    public Optional<ModuleInfo> module() {
        return module;
    }

    /** Sections such as {@code [cluster]} expose read-only SNMP leaves. */
    public boolean readOnly() {
        return readOnly;
    }

    public List<ParameterSpec> parameters() {
        return List.copyOf(parameters.values());
    }

    public Optional<ParameterSpec> parameter(String paramName) {
        return Optional.ofNullable(parameters.get(paramName.toLowerCase(Locale.ROOT)));
    }

    /** The full dotted OID of this section. */
    public String oid() {
        return SnmpOid.ROOT + "." + snmpLeaf;
    }

    public String oid(ParameterSpec parameter) {
        return oid() + "." + parameter.snmpLeaf();
    }

    @Override
    public String toString() {
        return "[" + name + "]";
    }

    public static final class Builder {
        private final String name;
        private String help = "";
        private Set<Role> readers = EnumSet.noneOf(Role.class);
        private Long snmpLeaf;
        private ModuleInfo module;
        private boolean readOnly;
        private final List<ParameterSpec> parameters = new ArrayList<>();

        private Builder(String name) {
            int firstColons = name.indexOf("::");
            if (firstColons >= 0 && name.indexOf("::", firstColons + 2) >= 0) {
                throw new IllegalArgumentException("section names contain at most one '::': " + name);
            }
            this.name = name;
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        /** The roles that read and validate this section. None: accepted by every role, read by none. */
        public Builder readBy(Role... roles) {
            this.readers = roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.of(roles[0], roles);
            return this;
        }

        public Builder readByAll() {
            this.readers = EnumSet.allOf(Role.class);
            return this;
        }

        /** A fixed leaf ({@code global} is 2) instead of the hashed one. */
        public Builder snmpLeaf(long leaf) {
            this.snmpLeaf = leaf;
            return this;
        }

        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        public Builder parameter(ParameterSpec parameter) {
            parameters.add(parameter);
            return this;
        }

        public Builder parameter(ParameterSpec.Builder parameter) {
            return parameter(parameter.build());
        }

        public SectionSpec build() {
            return new SectionSpec(this);
        }
    }
}
