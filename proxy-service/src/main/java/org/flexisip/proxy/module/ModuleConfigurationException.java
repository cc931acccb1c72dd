package org.flexisip.proxy.module;

/** A module cannot start with its configuration (refuses the start, the message names the parameter). */
public class ModuleConfigurationException extends Exception {
    public ModuleConfigurationException(String message) {
        super(message);
    }

    public ModuleConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
