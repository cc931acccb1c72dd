package org.flexisip.common.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.ini.IniDocument;
import org.flexisip.common.config.ini.IniReader;

/**
 * The plugins a configuration asks for: {@code global/plugins} and {@code global/plugins-dir}.
 * <p>
 * Read twice: once from the raw file and {@code --set} overrides, before the configuration is validated, since a
 * plugin brings its own {@code [module::X]} section and the strict loader refuses unknown sections; then from
 * the validated configuration.
 */
public record PluginRequest(List<String> names, Path directory) {
    public static final String DEFAULT_DIRECTORY = "/opt/belledonne-communications/lib/flexisip/plugins";

    public PluginRequest {
        names = List.copyOf(names);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** A best-effort read of the sources: what does not parse is left to the loader to report. */
    public static PluginRequest peek(ConfigSources sources) {
        String plugins = "";
        String dir = DEFAULT_DIRECTORY;
        Optional<Path> file = sources.file().or(() -> Files.isRegularFile(sources.defaultFile())
                ? Optional.of(sources.defaultFile()) : Optional.empty());
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            try {
                IniDocument doc = IniReader.read(file.get().toString(), Files.readString(file.get())).document();
                for (IniDocument.Section section : doc.sections()) {
                    if (!section.name().equals("global")) {
                        continue;
                    }
                    for (IniDocument.Entry e : section.entries()) {
                        if (e.key().equals("plugins")) {
                            plugins = e.value();
                        } else if (e.key().equals("plugins-dir")) {
                            dir = e.value();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The loader reports an unreadable file with its own message.
            }
        }
        for (String override : sources.overrides()) {
            int eq = override.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = override.substring(0, eq).strip();
            if (key.equals("global/plugins")) {
                plugins = override.substring(eq + 1);
            } else if (key.equals("global/plugins-dir")) {
                dir = override.substring(eq + 1).strip();
            }
        }
        return new PluginRequest(split(plugins), Path.of(dir));
    }

    private static List<String> split(String list) {
        List<String> names = new ArrayList<>();
        Arrays.stream(list.split("[\\s,]+")).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }

    /**
     * Opens every plugin jar in its own class loader.
     *
     * @throws PluginLoadException naming the plugin, the paths tried and why
     */
    public List<PluginJar> open(ClassLoader parent) throws PluginLoadException {
        List<PluginJar> jars = new ArrayList<>();
        for (String name : names) {
            jars.add(PluginJar.open(name, directory, parent));
        }
        return jars;
    }
}
