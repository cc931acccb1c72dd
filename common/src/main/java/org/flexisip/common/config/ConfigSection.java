package org.flexisip.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.flexisip.common.filter.SipBooleanExpression;

/** Typed read access to the entries of one loaded section. */
public final class ConfigSection {
    private final SectionSpec spec;
    private final Map<String, ConfigEntry> entries;

    ConfigSection(SectionSpec spec, Map<String, ConfigEntry> entries) {
        this.spec = spec;
        this.entries = entries;
    }

    public SectionSpec spec() {
        return spec;
    }

    public List<ConfigEntry> entries() {
        return List.copyOf(entries.values());
    }

    public ConfigEntry entry(String name) {
        ConfigEntry e = entries.get(name);
        if (e == null) {
            throw new NoSuchElementException(spec + " declares no '" + name + "'");
        }
        return e;
    }

    public boolean getBoolean(String name) {
        return (Boolean) entry(name).parsed();
    }

    public int getInt(String name) {
        return (Integer) entry(name).parsed();
    }

    public String getString(String name) {
        return (String) entry(name).parsed();
    }

    @SuppressWarnings("unchecked")
    public List<String> getStringList(String name) {
        return (List<String>) entry(name).parsed();
    }

    public Duration getDuration(String name) {
        return (Duration) entry(name).parsed();
    }

    /** A ByteSize in bytes; -1 means unlimited. */
    public long getByteSize(String name) {
        return (Long) entry(name).parsed();
    }

    public IntegerRange getIntegerRange(String name) {
        return (IntegerRange) entry(name).parsed();
    }

    /** A BooleanExpr, compiled; its {@link SipBooleanExpression#text()} is the value as written. */
    public SipBooleanExpression getFilter(String name) {
        return (SipBooleanExpression) entry(name).parsed();
    }
}
