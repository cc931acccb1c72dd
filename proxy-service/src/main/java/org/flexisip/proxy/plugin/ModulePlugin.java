package org.flexisip.proxy.plugin;

import java.util.Optional;

import org.flexisip.common.config.SectionSpec;
import org.flexisip.proxy.module.ModuleFactory;

/**
 * The service-provider interface of a plugin module (issue 6 item 4). A plugin jar lists its implementations in
 * {@code META-INF/services/org.flexisip.proxy.plugin.ModulePlugin}; {@code global/plugins=<name>} loads
 * {@code <plugins-dir>/<name>.jar} (or {@code lib<name>.jar}) in its own class loader.
 */
public interface ModulePlugin {
    /** The module's name: its section is {@code [module::<name>]}. */
    String name();

    /**
     * The module it goes right after in the chain; plugins go after Authentication by default, as in Flexisip
     * 2.4 (spec/proxy.md §2). Ignored when {@link #replaces()} names a module.
     */
    default String after() {
        return "Authentication";
    }

    /** A module it takes the place of (that module is then not built); empty by default. */
    default Optional<String> replaces() {
        return Optional.empty();
    }

    /** Whether the module runs when its section does not say ({@code enabled}). */
    default boolean enabledByDefault() {
        return true;
    }

    /**
     * Declares the parameters of its section; {@code enabled}, {@code filter} and the counters are already
     * there.
     */
    default void declareParameters(SectionSpec.Builder section) {
    }

    /** Builds the module from its section. */
    ModuleFactory factory();
}
