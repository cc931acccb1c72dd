package org.flexisip.common.logging;

import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Flexisip's log level names (spec/global.md §8.2) and the java.util.logging levels they map to, which the
 * JBoss Log Manager of Quarkus honours.
 */
public enum FlexisipLogLevel {
    DEBUG("debug", Level.FINE),
    MESSAGE("message", Level.INFO),
    WARNING("warning", Level.WARNING),
    ERROR("error", Level.SEVERE);

    private final String id;
    private final Level level;

    FlexisipLogLevel(String id, Level level) {
        this.id = id;
        this.level = level;
    }

    public String id() {
        return id;
    }

    public Level level() {
        return level;
    }

    /** The level named {@code text}; Flexisip treats an unknown name as {@code error}. */
    public static FlexisipLogLevel fromIdOrError(String text) {
        return fromId(text).orElse(ERROR);
    }

    public static Optional<FlexisipLogLevel> fromId(String text) {
        return Arrays.stream(values()).filter(l -> l.id.equals(text)).findFirst();
    }
}
