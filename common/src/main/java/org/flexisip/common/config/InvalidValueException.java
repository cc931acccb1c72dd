package org.flexisip.common.config;

/**
 * A configuration value that does not match its parameter's type or constraint. The message says what was
 * expected; the loader adds the file, line and parameter path.
 */
public final class InvalidValueException extends Exception {
    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
