package org.flexisip.proxy.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.testing.FakeProxyServices;
import org.flexisip.proxy.testing.TestConfigs;
import org.junit.jupiter.api.Test;

class ModuleCatalogTest {

    @Test
    void theDefaultConfigurationStartsWithOneWarningPerPendingDefaultModule() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        assertEquals(List.of(), ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).validate(config));
        List<String> warnings = ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).startWarnings(config);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("module::MediaRelay") && w.contains("not implemented")));
    }

    @Test
    void aDisabledPendingModuleDoesNotWarn() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::MediaRelay/enabled=false");
        assertTrue(ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).startWarnings(config).stream().noneMatch(w -> w.contains("MediaRelay")));
    }

    @Test
    void enablingAModuleThatIsNotBuiltRefusesTheStartNamingIt() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::StatisticsCollector/enabled=true");
        List<String> errors = ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).validate(config);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("module::StatisticsCollector/enabled"), errors.get(0));
        assertTrue(errors.get(0).contains("not implemented yet"), errors.get(0));
    }

    @Test
    void theChainFollowsTheFlexisipOrderAndEndsWithForward() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        List<String> names = ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).build(config, new FakeProxyServices(), Runnable::run, null)
                .links().stream().map(ChainLink::name).toList();
        assertEquals("Forward", names.get(names.size() - 1));
        List<Integer> positions = ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).build(config, new FakeProxyServices(), Runnable::run, null)
                .links().stream().map(l -> l.info().chainPosition()).toList();
        assertEquals(positions.stream().sorted().toList(), positions);
    }

    @Test
    void aRoutesFileThatDoesNotExistRefusesTheStartNamingTheParameter() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::Forward/routes-config-path=/nonexistent/routes.conf");
        List<String> errors = ModuleCatalog.builtIn(RegistrarDatabases.create(config, SipClock.system())).validate(config);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("module::Forward/routes-config-path"), errors.get(0));
    }
}
