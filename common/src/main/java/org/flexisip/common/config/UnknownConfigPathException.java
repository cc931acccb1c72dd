package org.flexisip.common.config;

import java.util.Optional;

/** A section or parameter path that the schema does not declare (or that this role does not read). */
public final class UnknownConfigPathException extends Exception {
    private final String path;
    private final Optional<String> suggestion;

    public UnknownConfigPathException(String path, Optional<String> suggestion) {
        super("Not found: " + path + suggestion.map(s -> ", did you mean '" + s + "'?").orElse(""), null, false,
                false);
        this.path = path;
        this.suggestion = suggestion;
    }

    public String path() {
        return path;
    }

    public Optional<String> suggestion() {
        return suggestion;
    }
}
