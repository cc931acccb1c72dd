package org.flexisip.common.plugin;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** One plugin jar, opened in its own class loader. */
public record PluginJar(String name, Path path, ClassLoader loader) {

    static PluginJar open(String name, Path directory, ClassLoader parent) throws PluginLoadException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new PluginLoadException("global/plugins: '" + name + "' is not a plugin name (letters, digits, "
                    + "'.', '_' and '-')");
        }
        Path plain = directory.resolve(name + ".jar");
        Path lib = directory.resolve("lib" + name + ".jar");
        Path found = Files.isRegularFile(plain) ? plain : Files.isRegularFile(lib) ? lib : null;
        if (found == null) {
            throw new PluginLoadException("global/plugins: plugin '" + name + "' not found: tried " + plain + " and "
                    + lib + " (global/plugins-dir is " + directory + ")");
        }
        if (!Files.isReadable(found)) {
            throw new PluginLoadException("global/plugins: plugin '" + name + "': cannot read " + found);
        }
        try {
            URL url = found.toUri().toURL();
            return new PluginJar(name, found, new URLClassLoader("plugin-" + name, new URL[] {url}, parent));
        } catch (MalformedURLException e) {
            throw new PluginLoadException("global/plugins: plugin '" + name + "': " + found + ": " + e.getMessage(), e);
        }
    }

    /**
     * The providers of {@code service} this jar declares in {@code META-INF/services}.
     *
     * @throws PluginLoadException when one cannot be loaded or instantiated, or the jar declares none
     */
    public <S> List<S> providers(Class<S> service) throws PluginLoadException {
        List<S> found = new ArrayList<>();
        try {
            for (S s : ServiceLoader.load(service, loader)) {
                if (s.getClass().getClassLoader() == loader) {
                    found.add(s); // Not the role's own providers, seen through the parent.
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginLoadException("global/plugins: plugin '" + name + "' (" + path + ") cannot be loaded: "
                    + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new PluginLoadException("global/plugins: plugin '" + name + "' (" + path + ") provides no "
                    + service.getName() + " (META-INF/services/" + service.getName() + " is missing)");
        }
        return found;
    }
}
