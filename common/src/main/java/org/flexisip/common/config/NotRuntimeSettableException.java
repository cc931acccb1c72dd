package org.flexisip.common.config;

/** A parameter that exists but cannot change while the role runs. */
public final class NotRuntimeSettableException extends Exception {
    public NotRuntimeSettableException(String path, String value) {
        super("Failed to set \"" + value + "\": " + path + " cannot be set while Flexisip is running", null, false,
                false);
    }
}
