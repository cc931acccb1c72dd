package org.flexisip.common.config;

import java.util.Optional;

/**
 * One configuration error or warning, located precisely: where it comes from (a file and line, or a
 * command-line option) and which {@code section/param} it concerns.
 *
 * @param origin  {@code /etc/flexisip/flexisip.conf:12}, {@code --set global/log-level=x}, ...
 * @param path    {@code section/param} or {@code section}, when known
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String origin, Optional<String> path, String message) {

    public static ConfigProblem at(String origin, String path, String message) {
        return new ConfigProblem(origin, Optional.of(path), message);
    }

    public static ConfigProblem at(String origin, String message) {
        return new ConfigProblem(origin, Optional.empty(), message);
    }

    /** One line: {@code origin: path: message}. */
    @Override
    public String toString() {
        return origin + ": " + path.map(p -> p + ": ").orElse("") + message;
    }
}
