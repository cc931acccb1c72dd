package org.flexisip.proxy.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;

/** Proxy configurations for tests: the standard schema, no file, {@code section/param=value} overrides. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static FlexisipConfig with(String... overrides) throws Exception {
        return with(StandardSchema.build("test"), overrides);
    }

    public static FlexisipConfig with(ConfigSchema schema, String... overrides) throws Exception {
        return new ConfigLoader(schema, Role.PROXY).load(new ConfigSources(Optional.empty(), Path.of("/nonexistent"),
                List.of(overrides), Optional.empty()), () -> "").config();
    }
}
