package org.flexisip.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {

    private static FlexisipConfig configWith(String... overrides) throws Exception {
        return new ConfigLoader(StandardSchema.build("v"), Role.PROXY).load(new ConfigSources(Optional.empty(),
                Path.of("/nonexistent"), List.of(overrides), Optional.empty()), () -> "").config();
    }

    @Test
    void aSecretThatIsSetIsRedacted() throws Exception {
        FlexisipConfig config = configWith("module::Authentication/soci-connection-string=db=x password=hunter2");
        ConfigJson.Entry entry = ConfigJson.Entry.of(config.entry("module::Authentication/soci-connection-string")
                .orElseThrow());
        assertEquals(ConfigJson.REDACTED, entry.value());
    }

    @Test
    void anEmptySecretShowsAsEmpty() throws Exception {
        FlexisipConfig config = configWith();
        assertEquals("", ConfigJson.Entry.of(config.entry("module::Authentication/soci-connection-string")
                .orElseThrow()).value());
    }

    @Test
    void anOrdinaryValueIsShownAsIs() throws Exception {
        FlexisipConfig config = configWith("global/aliases=sip.example.org");
        assertEquals("sip.example.org", ConfigJson.Entry.of(config.entry("global/aliases").orElseThrow()).value());
    }
}
