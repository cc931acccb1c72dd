package org.flexisip.common.config.ini;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flexisip.common.config.ConfigProblem;

/**
 * Reads Flexisip's INI dialect (spec/config.md §2): line oriented, {@code #} comments only at the start of a
 * line (never inline), everything after the first {@code =} is the value, section names case-insensitive and
 * merged when repeated. Structural errors are collected, not thrown.
 */
public final class IniReader {
    /** spec/config.md §2.1: lines up to this many characters are accepted. */
    public static final int MAX_LINE_LENGTH = 20_480;

    private IniReader() {
    }

    /** The result of a read: the document, the structural errors and the warnings. */
    public record Result(IniDocument document, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
    }

    public static Result read(String origin, String content) {
        List<ConfigProblem> errors = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        Map<String, SectionBuilder> sections = new LinkedHashMap<>();
        SectionBuilder current = null;
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String where = origin + ":" + lineNumber;
            String line = lines[i];
            if (line.length() > MAX_LINE_LENGTH) {
                errors.add(ConfigProblem.at(where, "line " + lineNumber + " is " + line.length()
                        + " characters long; at most " + MAX_LINE_LENGTH + " are accepted"));
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                if (!trimmed.endsWith("]") || trimmed.length() < 3) {
                    errors.add(ConfigProblem.at(where, "malformed section header '" + trimmed
                            + "' at line " + lineNumber + ": expected [name]"));
                    current = null;
                    continue;
                }
                String name = trimmed.substring(1, trimmed.length() - 1).strip();
                int colons = name.indexOf("::");
                if (colons >= 0 && name.indexOf("::", colons + 2) >= 0) {
                    errors.add(ConfigProblem.at(where, name, "section name [" + name + "] at line " + lineNumber
                            + " nests more than one '::'"));
                    current = null;
                    continue;
                }
                current = sections.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                        k -> new SectionBuilder(name, lineNumber));
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                errors.add(ConfigProblem.at(where, "line " + lineNumber + " is neither a section header, a "
                        + "comment nor key=value: '" + abbreviate(trimmed) + "'"));
                continue;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (key.isEmpty()) {
                errors.add(ConfigProblem.at(where, "line " + lineNumber + " has a value but no key"));
                continue;
            }
            if (current == null) {
                errors.add(ConfigProblem.at(where, key, "key '" + key + "' at line " + lineNumber
                        + " comes before any [section] header"));
                continue;
            }
            if (value.contains(" #") || value.contains("\t#")) {
                // Compatibility: no inline comments, the '#' stays in the value (spec/config.md §2.3).
                warnings.add(ConfigProblem.at(where, current.name + "/" + key, "the value contains ' #': there "
                        + "are no inline comments, so '#' and what follows are part of the value"));
            }
            current.entries.add(new IniDocument.Entry(key, value, lineNumber));
        }
        List<IniDocument.Section> result = new ArrayList<>();
        for (SectionBuilder b : sections.values()) {
            result.add(new IniDocument.Section(b.name, b.line, List.copyOf(b.entries)));
        }
        return new Result(new IniDocument(origin, List.copyOf(result)), List.copyOf(errors),
                List.copyOf(warnings));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static final class SectionBuilder {
        final String name;
        final int line;
        final List<IniDocument.Entry> entries = new ArrayList<>();

        SectionBuilder(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}
