package org.flexisip.proxy.plugin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ModuleInfo;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.plugin.PluginJar;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;
import org.flexisip.proxy.module.ModuleFactory;

/**
 * The plugin modules of one configuration: their sections, placed in the chain after the module they name (or
 * at the place of the one they replace), and their factories.
 */
public final class ProxyPlugins {
    /** SNMP leaves of plugin sections start here, past every fixed module number of spec/snmp.md §1. */
    static final int FIRST_SNMP_LEAF = 400;

    private final List<SectionSpec> sections;
    private final Map<String, ModuleFactory> factories;
    private final Set<String> replaced;

    private ProxyPlugins(List<SectionSpec> sections, Map<String, ModuleFactory> factories, Set<String> replaced) {
        this.sections = List.copyOf(sections);
        this.factories = Map.copyOf(factories);
        this.replaced = Set.copyOf(replaced);
    }

    public static ProxyPlugins none() {
        return new ProxyPlugins(List.of(), Map.of(), Set.of());
    }

    /**
     * Loads the plugins of {@code request} against the standard schema {@code base} (to place them in the chain).
     *
     * @throws PluginLoadException a plugin is missing, cannot load, or names a module that does not exist
     */
    public static ProxyPlugins load(PluginRequest request, ConfigSchema base, ClassLoader parent)
            throws PluginLoadException {
        if (request.isEmpty()) {
            return none();
        }
        List<SectionSpec> sections = new ArrayList<>();
        Map<String, ModuleFactory> factories = new LinkedHashMap<>();
        Set<String> replaced = new HashSet<>();
        Map<String, Integer> placedAfter = new LinkedHashMap<>();
        for (PluginJar jar : request.open(parent)) {
            for (ModulePlugin plugin : jar.providers(ModulePlugin.class)) {
                String name = plugin.name();
                String where = "global/plugins: plugin '" + jar.name() + "' (" + jar.path() + "): module " + name;
                if (base.section("module::" + name).isPresent() || factories.containsKey(name)) {
                    throw new PluginLoadException(where + " exists already; a plugin replacing a module declares "
                            + "replaces() and its own name");
                }
                int position;
                Optional<String> replaces = plugin.replaces();
                if (replaces.isPresent()) {
                    position = chainPosition(base, replaces.get(), where + " replaces");
                    replaced.add(replaces.get());
                } else {
                    int after = chainPosition(base, plugin.after(), where + " goes after");
                    int rank = placedAfter.merge(plugin.after(), 1, Integer::sum);
                    position = after + rank; // Positions are 10 apart: room for the plugins after one module.
                }
                SectionSpec.Builder section = SectionSpec.module(new ModuleInfo(name,
                        FIRST_SNMP_LEAF + sections.size(), position, plugin.enabledByDefault(), "", false, true))
                        .help("Module " + name + " of plugin " + jar.name() + ".");
                plugin.declareParameters(section);
                sections.add(section.build());
                factories.put(name, plugin.factory());
            }
        }
        return new ProxyPlugins(sections, factories, replaced);
    }

    private static int chainPosition(ConfigSchema base, String module, String where) throws PluginLoadException {
        return base.section("module::" + module).flatMap(SectionSpec::module).map(ModuleInfo::chainPosition)
                .orElseThrow(() -> new PluginLoadException(where + " '" + module + "', which is not a module"));
    }

    public List<SectionSpec> sections() {
        return sections;
    }

    public Map<String, ModuleFactory> factories() {
        return factories;
    }

    /** The built-in modules a plugin takes the place of. */
    public Set<String> replaced() {
        return replaced;
    }
}
