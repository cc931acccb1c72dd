package org.flexisip.common.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.NotRuntimeSettableException;
import org.flexisip.common.config.UnknownConfigPathException;

/**
 * The text commands of Flexisip 2.4's admin socket (spec/config.md §9.1), answered with the exact 2.4 text so
 * that {@code flexisip_cli.py}-style scripts only change their transport (they POST the command line to
 * {@code /api/cli}). Lines of a multi-line answer are separated by CRLF, as 2.4 does.
 */
public final class AdminCommands {
    private static final String CRLF = "\r\n";

    private final FlexisipConfig config;

    public AdminCommands(FlexisipConfig config) {
        this.config = config;
    }

    /**
     * A command line split into its first word and the rest.
     *
     * @param command   the first word, as written
     * @param arguments the rest of the line, stripped (empty when there is none)
     */
    public record CommandLine(String command, String arguments) {
        public static CommandLine parse(String commandLine) {
            String line = commandLine.strip();
            int space = line.indexOf(' ');
            return new CommandLine(space < 0 ? line : line.substring(0, space),
                    space < 0 ? "" : line.substring(space + 1).strip());
        }

        /** The command word in upper case (commands are case-insensitive). */
        public String name() {
            return command.toUpperCase(Locale.ROOT);
        }
    }

    /** Executes one command line and returns the reply text. */
    public String execute(String commandLine, String origin) {
        CommandLine parsed = CommandLine.parse(commandLine);
        String command = parsed.command();
        String rest = parsed.arguments();
        switch (parsed.name()) {
            case "CONFIG_GET", "GET":
                return get(rest, false);
            case "CONFIG_LIST", "LIST":
                return get(rest, true);
            case "CONFIG_SET", "SET":
                return set(rest, origin);
            case "REGISTRAR_GET", "REGISTRAR_UPSERT", "REGISTRAR_DELETE", "REGISTRAR_CLEAR", "REGISTRAR_DUMP":
                return "Error - Not supported yet: " + command + " comes with the registrar database";
            default:
                return "Error - Unknown command: " + command;
        }
    }

    private String get(String path, boolean help) {
        if (path.isEmpty() || path.equals("all")) {
            List<String> lines = new ArrayList<>();
            for (ConfigSection s : config.sections()) {
                if (!s.spec().name().contains("::") || s.spec().name().startsWith("module::")) {
                    lines.add("[" + s.spec().name() + "]" + (help ? ": " + s.spec().help() : ""));
                }
            }
            return String.join(CRLF, lines);
        }
        Optional<ConfigEntry> entry = config.entry(path);
        if (entry.isPresent()) {
            return entry.get().path() + ": " + (help ? entry.get().parameter().help() : shown(entry.get()));
        }
        Optional<ConfigSection> section = config.section(path);
        if (section.isEmpty()) {
            return "Error - Not found: " + path;
        }
        List<String> lines = new ArrayList<>();
        for (ConfigEntry e : section.get().entries()) {
            lines.add((help ? e.parameter().name() : e.path()) + ": "
                    + (help ? e.parameter().help() : shown(e)));
        }
        String prefix = section.get().spec().key() + "::";
        for (ConfigSection sub : config.sections()) {
            if (sub.spec().key().startsWith(prefix)) {
                lines.add("[" + (help ? sub.spec().name().substring(prefix.length()) + "]: " + sub.spec().help()
                        : sub.spec().name() + "]"));
            }
        }
        return String.join(CRLF, lines);
    }

    private String set(String arguments, String origin) {
        int space = arguments.indexOf(' ');
        if (space < 0) {
            return "Error - 'CONFIG_SET' command expects 2 arguments: <path> <value>";
        }
        String path = arguments.substring(0, space);
        String value = arguments.substring(space + 1).strip();
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return "Error - Not found: " + path;
        }
        try {
            ConfigEntry e = config.setAtRuntime(path.substring(0, slash), path.substring(slash + 1), value, origin);
            return e.path() + ": " + e.text();
        } catch (UnknownConfigPathException e) {
            return "Error - Not found: " + path;
        } catch (NotRuntimeSettableException e) {
            return "Error - Failed to set \"" + value + "\": setting cannot be set while Flexisip is running";
        } catch (InvalidValueException e) {
            if (path.equalsIgnoreCase("global/sofia-level")) {
                return "Error - Failed to set Sofia-SIP log level: " + e.getMessage() + ": levels range from 1 to 9";
            }
            return "Error - Failed to set " + path + ": " + e.getMessage();
        }
    }

    private static String shown(ConfigEntry e) {
        String text = e.text();
        return e.parameter().secret() && !text.isEmpty() ? ConfigJson.REDACTED : text;
    }
}
