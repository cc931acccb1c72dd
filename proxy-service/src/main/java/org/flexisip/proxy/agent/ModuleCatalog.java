package org.flexisip.proxy.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.ModuleInfo;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.forward.Forward;
import org.flexisip.proxy.plugin.ProxyPlugins;

/**
 * Which modules exist and how the chain is built from the configuration (spec/proxy.md §2; issue 6 item 6): the
 * built modules in chain order; those Flexisip enables by default but that are not built yet run as absent with
 * one warning each; any other module that is not built refuses the start when enabled.
 */
public final class ModuleCatalog {
    /** Enabled by default in Flexisip, not built yet: the chain runs without them, with a warning. */
    public static final Set<String> PENDING_DEFAULT_MODULES = Set.of("MediaRelay");

    private final Map<String, ModuleFactory> factories;
    private final Set<String> replaced;

    public ModuleCatalog(Map<String, ModuleFactory> factories) {
        this(factories, Set.of());
    }

    private ModuleCatalog(Map<String, ModuleFactory> factories, Set<String> replaced) {
        this.factories = Map.copyOf(factories);
        this.replaced = Set.copyOf(replaced);
    }

    /** The modules of this build; the Registrar and the Router share {@code db}. */
    public static ModuleCatalog builtIn(RegistrarDb db) {
        Map<String, ModuleFactory> m = new LinkedHashMap<>();
        m.put("Forward", Forward.factory(db));
        BuiltInModules.register(m, db);
        return new ModuleCatalog(m);
    }

    /** This catalog with the modules of plugins; the modules they replace are no longer built. */
    public ModuleCatalog with(ProxyPlugins plugins) {
        Map<String, ModuleFactory> m = new LinkedHashMap<>(factories);
        m.putAll(plugins.factories());
        plugins.replaced().forEach(m::remove);
        Set<String> all = new HashSet<>(replaced);
        all.addAll(plugins.replaced());
        return new ModuleCatalog(m, all);
    }

    public boolean isBuilt(String module) {
        return factories.containsKey(module);
    }

    /** Errors that refuse the start: a module enabled in the file that this build does not have. */
    public List<String> startErrors(FlexisipConfig config) {
        List<String> errors = new ArrayList<>();
        for (ConfigSection section : moduleSections(config)) {
            String name = moduleOf(section).name();
            if (!isBuilt(name) && !replaced.contains(name) && !PENDING_DEFAULT_MODULES.contains(name)
                    && section.getBoolean("enabled")) {
                errors.add(section.spec().name() + "/enabled: module " + name + " is not implemented yet: it cannot "
                        + "be enabled in this version");
            }
        }
        return errors;
    }

    /**
     * Every start error: modules enabled but not built, and modules that cannot be created with their parameters
     * (a routes file that does not parse...). Runs before the proxy starts: modules are created against
     * services that refuse any use, since a module's constructor only reads its configuration.
     */
    public List<String> validate(FlexisipConfig config) {
        List<String> errors = new ArrayList<>(startErrors(config));
        RegistrarDatabases.problem(config).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            return errors;
        }
        try {
            build(config, new UnavailableServices(), Runnable::run, null).close();
        } catch (ModuleConfigurationException e) {
            errors = List.of(e.getMessage());
        }
        return errors;
    }

    /** One warning per module Flexisip would run but this build does not have yet. */
    public List<String> startWarnings(FlexisipConfig config) {
        List<String> warnings = new ArrayList<>();
        for (ConfigSection section : moduleSections(config)) {
            String name = moduleOf(section).name();
            if (!isBuilt(name) && !replaced.contains(name) && PENDING_DEFAULT_MODULES.contains(name)
                    && section.getBoolean("enabled")) {
                warnings.add("module::" + name + " is not implemented yet: the proxy runs without it");
            }
        }
        return warnings;
    }

    /** Builds every built module in chain order (disabled ones too: {@code enabled} can change at runtime). */
    public ModuleChain build(FlexisipConfig config, ProxyServices services, Executor sipLoop, ChainEnd end)
            throws ModuleConfigurationException {
        List<ChainLink> links = new ArrayList<>();
        for (ConfigSection section : moduleSections(config)) {
            ModuleInfo info = moduleOf(section);
            ModuleFactory factory = factories.get(info.name());
            if (factory == null) {
                continue;
            }
            if (!section.getBoolean("enabled") && !info.name().equals("Forward")) {
                // A module is built only when enabled: one that cannot start with its (default) parameters
                // must not refuse the start while it is off (Redirect without contact...).
                continue;
            }
            links.add(new ChainLink(info, section, factory.create(new ModuleContext(section, config, services))));
        }
        return new ModuleChain(links, sipLoop, end);
    }

    private static List<ConfigSection> moduleSections(FlexisipConfig config) {
        return config.schema().modulesInChainOrder().stream().map(SectionSpec::name).map(config::section)
                .flatMap(Optional::stream).toList();
    }

    private static ModuleInfo moduleOf(ConfigSection section) {
        return section.spec().module().orElseThrow();
    }
}
