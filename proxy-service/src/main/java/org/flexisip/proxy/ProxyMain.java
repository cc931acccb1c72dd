package org.flexisip.proxy;

import java.nio.file.Path;
import java.util.List;

import org.flexisip.common.app.RoleMain;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.agent.ModuleCatalog;
import org.flexisip.proxy.agent.RegistrarDatabases;
import org.flexisip.proxy.plugin.ProxyPlugins;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the proxy service: {@code java -jar quarkus-run.jar [flexisip options]}. Before Quarkus starts,
 * the plugins' sections join the schema and every module is checked against its configuration.
 */
@QuarkusMain
public final class ProxyMain {
    public static void main(String... args) {
        RoleMain.launch(Role.PROXY, "", plugins -> loadPlugins(plugins).sections(), ProxyMain::checkModules, args);
    }

    /** The plugins of a request, placed against the standard schema. */
    public static ProxyPlugins loadPlugins(PluginRequest request) throws PluginLoadException {
        ConfigSchema standard = StandardSchema.build(BuildVersion.current());
        return ProxyPlugins.load(request, standard, ProxyMain.class.getClassLoader());
    }

    /** The plugins the validated configuration names. */
    public static PluginRequest pluginRequest(FlexisipConfig config) {
        return new PluginRequest(config.global().getStringList("plugins"),
                Path.of(config.global().getString("plugins-dir")));
    }

    private static List<String> checkModules(FlexisipConfig config) {
        try {
            try (RegistrarDb db = RegistrarDatabases.create(config, SipClock.system())) {
                ModuleCatalog catalog = ModuleCatalog.builtIn(db).with(loadPlugins(pluginRequest(config)));
                // On the terminal too: the default log level (error) would hide these warnings in the log.
                catalog.startWarnings(config).forEach(w -> System.err.println("warning: proxy: " + w));
                return catalog.validate(config);
            }
        } catch (PluginLoadException e) {
            return List.of(e.getMessage());
        }
    }
}
