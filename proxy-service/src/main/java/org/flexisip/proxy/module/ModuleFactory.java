package org.flexisip.proxy.module;

/** Builds one module from its context. A bad parameter value throws {@link ModuleConfigurationException}. */
@FunctionalInterface
public interface ModuleFactory {
    Module create(ModuleContext context) throws ModuleConfigurationException;
}
