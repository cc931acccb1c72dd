package org.flexisip.common.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a role's configuration comes from.
 *
 * @param file        the file named by {@code -c}; empty to use {@code defaultFile} when it exists
 * @param defaultFile {@code /etc/flexisip/flexisip.conf}
 * @param overrides   {@code --set section/param=value} arguments, in order (the later wins)
 * @param transports  {@code -t/--transports}, replacing {@code global/transports}
 */
public record ConfigSources(Optional<Path> file, Path defaultFile, List<String> overrides,
        Optional<String> transports) {

    public static final Path DEFAULT_FILE = Path.of("/etc/flexisip/flexisip.conf");

    /** No file, no overrides: the built-in defaults. */
    public static ConfigSources defaults() {
        return new ConfigSources(Optional.empty(), DEFAULT_FILE, List.of(), Optional.empty());
    }

    public static ConfigSources ofFile(Path file, String... overrides) {
        return new ConfigSources(Optional.of(file), DEFAULT_FILE, List.of(overrides), Optional.empty());
    }
}
