package org.flexisip.common.plugin;

/** A plugin that cannot be found or loaded: refuses the start, with the paths tried and the reason. */
public class PluginLoadException extends Exception {
    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
