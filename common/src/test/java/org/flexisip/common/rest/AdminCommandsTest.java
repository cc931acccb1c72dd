package org.flexisip.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;

/** The 2.4 admin-socket commands and their exact replies (spec/config.md §9.1). */
class AdminCommandsTest {
    private final AdminCommands commands;

    AdminCommandsTest() throws Exception {
        commands = new AdminCommands(new ConfigLoader(StandardSchema.build("v"), Role.PROXY).load(
                new ConfigSources(Optional.empty(), Path.of("/nonexistent"), List.of(), Optional.empty()), () -> "")
                .config());
    }

    @Test
    void configGetOfAParameterGivesPathColonValue() {
        assertEquals("global/log-level: error", commands.execute("CONFIG_GET global/log-level", "t"));
    }

    @Test
    void getIsAnAliasOfConfigGet() {
        assertEquals("global/idle-timeout: 3600", commands.execute("GET global/idle-timeout", "t"));
    }

    @Test
    void configGetOfASectionGivesOneCrlfSeparatedLinePerChild() {
        String reply = commands.execute("CONFIG_GET global", "t");
        assertTrue(reply.contains("global/log-level: error\r\nglobal/syslog-level: error\r\n"), reply);
        assertTrue(reply.contains("global/count-incoming-request-register: 0"), reply);
    }

    @Test
    void configGetAllListsTheTopLevelSections() {
        String reply = commands.execute("CONFIG_GET all", "t");
        assertTrue(reply.startsWith("[global]\r\n"), reply);
        assertTrue(reply.contains("[module::Registrar]"), reply);
    }

    @Test
    void configGetOfAnUnknownPathIsNotFound() {
        assertEquals("Error - Not found: global/debug", commands.execute("CONFIG_GET global/debug", "t"));
    }

    @Test
    void configListGivesNamesAndHelp() {
        assertTrue(commands.execute("CONFIG_LIST global", "t").contains("log-level: Lowest level written"));
    }

    @Test
    void configSetOfARuntimeSettableParameterAnswersItsNewValue() {
        assertEquals("global/log-level: debug", commands.execute("CONFIG_SET global/log-level debug", "t"));
        assertEquals("global/log-level: debug", commands.execute("GET global/log-level", "t"));
    }

    @Test
    void configSetTakesTheRestOfTheLineAsAnExpression() {
        assertEquals("global/show-body-for: request.method == 'MESSAGE'",
                commands.execute("SET global/show-body-for request.method == 'MESSAGE'", "t"));
    }

    @Test
    void configSetOfAFixedParameterIsRefusedWithThe24Text() {
        assertEquals("Error - Failed to set \"10\": setting cannot be set while Flexisip is running",
                commands.execute("CONFIG_SET global/idle-timeout 10", "t"));
    }

    @Test
    void configSetWithoutAValueExpectsTwoArguments() {
        assertEquals("Error - 'CONFIG_SET' command expects 2 arguments: <path> <value>",
                commands.execute("CONFIG_SET global/log-level", "t"));
    }

    @Test
    void sofiaLevelOutOfRangeNamesTheRange() {
        assertTrue(commands.execute("CONFIG_SET global/sofia-level 12", "t")
                .startsWith("Error - Failed to set Sofia-SIP log level: "));
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertEquals("Error - Unknown command: FOO", commands.execute("FOO bar", "t"));
    }
}
