package org.flexisip.proxy.app;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.flexisip.common.app.SchemaExtension;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.proxy.ProxyMain;
import org.flexisip.proxy.plugin.ProxyPlugins;

/** The proxy's plugins in CDI: their sections for the schema, their modules for the chain. */
public class ProxyPluginsProducer {

    @Produces
    @Singleton
    SchemaExtension pluginSections() {
        return plugins -> ProxyMain.loadPlugins(plugins).sections();
    }

    @Produces
    @Singleton
    ProxyPlugins plugins(FlexisipConfig config) throws PluginLoadException {
        return ProxyMain.loadPlugins(ProxyMain.pluginRequest(config));
    }
}
