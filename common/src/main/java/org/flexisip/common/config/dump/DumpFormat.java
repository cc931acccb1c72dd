package org.flexisip.common.config.dump;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats of {@code --dump-format} (spec/config.md §7, §8): exactly these five names. */
public enum DumpFormat {
    FILE, TEX, DOKU, MEDIA, XWIKI;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DumpFormat> fromId(String text) {
        return Arrays.stream(values()).filter(f -> f.id().equals(text)).findFirst();
    }

    public static String allIds() {
        return Arrays.stream(values()).map(DumpFormat::id).collect(Collectors.joining(", "));
    }
}
