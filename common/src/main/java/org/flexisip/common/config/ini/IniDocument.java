package org.flexisip.common.config.ini;

import java.util.List;

/**
 * An INI file as read, before any schema is applied: sections in order of first appearance, repeated headers
 * merged, entries with their line numbers.
 *
 * @param origin   file name used in messages
 * @param sections sections in order of first appearance
 */
public record IniDocument(String origin, List<Section> sections) {

    /** @param name as written; {@code line} is the first header line */
    public record Section(String name, int line, List<Entry> entries) {
    }

    /** @param key as written; {@code value} with leading and trailing blanks stripped */
    public record Entry(String key, String value, int line) {
    }
}
