package org.flexisip.proxy.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.plugin.PluginLoadException;
import org.flexisip.common.plugin.PluginRequest;
import org.flexisip.proxy.agent.ModuleCatalog;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.testing.FakeProxyServices;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;
import org.flexisip.common.sip.message.SipResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyPluginsTest {
    /** A plugin module that stamps every request with a header whose value is a parameter of its section. */
    private static final String STAMP_PLUGIN = """
            package testplugin;

            import org.flexisip.common.config.ParameterSpec;
            import org.flexisip.common.config.SectionSpec;
            import org.flexisip.common.config.ValueType;
            import org.flexisip.proxy.module.ModuleFactory;
            import org.flexisip.proxy.module.RequestOutcome;
            import org.flexisip.proxy.plugin.ModulePlugin;

            public class StampPlugin implements ModulePlugin {
                public String name() {
                    return "Stamp";
                }

                public void declareParameters(SectionSpec.Builder section) {
                    section.parameter(ParameterSpec.builder("header-value", ValueType.STRING).defaultValue("stamped")
                            .help("Value of the X-Stamp header."));
                }

                public ModuleFactory factory() {
                    return context -> {
                        String value = context.section().getString("header-value");
                        return event -> {
                            event.setRequest(event.request().copy().add("X-Stamp", value).build());
                            return RequestOutcome.proceed();
                        };
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    private Path buildPluginJar(String jarName) throws Exception {
        Path src = dir.resolve("src/testplugin/StampPlugin.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, STAMP_PLUGIN);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "the test plugin compiles");
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Path jar = plugins.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("testplugin/StampPlugin.class"));
            out.write(Files.readAllBytes(classes.resolve("testplugin/StampPlugin.class")));
            out.putNextEntry(new JarEntry("META-INF/services/" + ModulePlugin.class.getName()));
            out.write("testplugin.StampPlugin\n".getBytes(StandardCharsets.UTF_8));
        }
        return plugins;
    }

    private static ProxyPlugins load(String name, Path plugins) throws PluginLoadException {
        return ProxyPlugins.load(new PluginRequest(List.of(name), plugins), StandardSchema.build("test"),
                ProxyPluginsTest.class.getClassLoader());
    }

    @Test
    void aMissingPluginRefusesTheStartNamingThePathsTried() {
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> load("nothere", dir));
        assertTrue(e.getMessage().contains(dir.resolve("nothere.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("libnothere.jar").toString()), e.getMessage());
    }

    @Test
    void aJarWithoutModulePluginServiceIsRefused() throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("empty.jar"));
                JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("README"));
        }
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> load("empty", dir));
        assertTrue(e.getMessage().contains("provides no"), e.getMessage());
    }

    @Test
    void aLibPrefixedJarIsFoundToo() throws Exception {
        Path plugins = buildPluginJar("libstamp.jar");
        assertEquals(1, load("stamp", plugins).sections().size());
    }

    @Test
    void aPluginModuleHasItsOwnSectionAndRunsInItsSlotAfterAuthentication() throws Exception {
        Path plugins = buildPluginJar("stamp.jar");
        ProxyPlugins loaded = load("stamp", plugins);
        ConfigSchema schema = StandardSchema.build("test").with(loaded.sections());
        FlexisipConfig config = TestConfigs.with(schema, "module::Stamp/header-value=hello");

        ModuleChain chain = ModuleCatalog.builtIn(org.flexisip.proxy.agent.RegistrarDatabases.create(config, org.flexisip.common.time.SipClock.system())).with(loaded).build(config, new FakeProxyServices(), Runnable::run,
                new NoEnd());
        List<String> names = chain.links().stream().map(ChainLink::name).toList();
        int stamp = names.indexOf("Stamp");
        assertTrue(stamp > 0, names.toString());
        int authentication = config.schema().section("module::Authentication").orElseThrow().module().orElseThrow()
                .chainPosition();
        assertEquals(authentication + 1, chain.links().get(stamp).info().chainPosition());
        assertTrue(names.indexOf("NatHelper") < stamp && stamp < names.indexOf("Forward"), names.toString());

        RequestEvent event = new RequestEvent(TestMessages.udp(TestMessages.options("sip:bob@example.org")), null);
        new ModuleChain(List.of(chain.links().get(stamp)), Runnable::run, new NoEnd()).onRequest(event);
        assertEquals("hello", event.request().headerValue("X-Stamp").orElseThrow());
    }

    private static final class NoEnd implements ChainEnd {
        @Override
        public void reply(RequestEvent event, SipResponse response) {
        }

        @Override
        public void requestNotTaken(RequestEvent event) {
        }

        @Override
        public void responseDone(ResponseEvent event) {
        }
    }
}
