package org.flexisip.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A Flexisip server role; each one is its own Quarkus service reading the same configuration file. */
public enum Role {
    PROXY("proxy"),
    PRESENCE("presence"),
    CONFERENCE("conference"),
    REGEVENT("regevent");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The name used in {@code --server}, {@code default-servers}, {@code {server}} and log lines. */
    public String id() {
        return id;
    }

    public static Optional<Role> fromId(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(lower)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
