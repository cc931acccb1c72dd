package org.flexisip.common.app;

import java.util.List;

import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;

/**
 * The sections a role adds to the standard schema for the plugins a configuration asks for (the proxy: one
 * {@code [module::X]} per plugin module). A CDI bean of the role, and given to {@link RoleMain} for the checks
 * made before Quarkus starts.
 */
@FunctionalInterface
public interface SchemaExtension {
    SchemaExtension NONE = plugins -> List.of();

    List<SectionSpec> sections(PluginRequest plugins) throws PluginLoadException;
}
