package org.flexisip.common.rest;

import java.util.List;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.runtimeerror.RuntimeError;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON bodies of the admin REST API (spec/config.md §9.3). */
public final class ConfigJson {
    /** What a secret value (password, connection string) is shown as. */
    public static final String REDACTED = "********";

    private ConfigJson() {
    }

    /** One parameter, counter or computed entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String path, String name, String value, @JsonProperty("default") String defaultValue,
            String type, String unit, String help, boolean readOnly, boolean runtimeSettable, boolean deprecated,
            String oid) {

        static Entry of(ConfigEntry e) {
            ParameterSpec p = e.parameter();
            return new Entry(e.path(), p.name(), shownValue(e), p.type().isComputed() ? null : p.defaultValue(),
                    p.type().displayName(), p.type().defaultUnit().orElse(null), p.help(), p.readOnly(),
                    p.runtimeSettable(), p.isDeprecated(), e.oid());
        }

        private static String shownValue(ConfigEntry e) {
            String text = e.text();
            return e.parameter().secret() && !text.isEmpty() ? REDACTED : text;
        }
    }

    /** An entry as listed with {@code ?help=true} (CONFIG_LIST): help instead of value. */
    public record EntryHelp(String path, String help) {
        static EntryHelp of(ConfigEntry e) {
            return new EntryHelp(e.path(), e.parameter().help());
        }
    }

    /** A section: its entries and the names of its sub-sections. */
    public record Section(String path, String help, String oid, List<?> entries, List<String> sections) {
        static Section of(ConfigSection s, boolean helpOnly, List<String> subSections) {
            List<?> entries = helpOnly ? s.entries().stream().map(EntryHelp::of).toList()
                    : s.entries().stream().map(Entry::of).toList();
            return new Section(s.spec().name(), s.spec().help(), s.spec().oid(), entries, subSections);
        }
    }

    /** The whole tree that this role reads. */
    public record Tree(String path, List<Section> sections) {
    }

    /** One runtime error. */
    public record Error(String path, String oid, String message, String since, boolean blocksReadiness) {
        static Error of(RuntimeError e) {
            return new Error(e.subject(), e.oid().orElse(null), e.message(), e.since().toString(),
                    e.blocksReadiness());
        }
    }

    /** {@code GET /api/runtime-error}. */
    public record RuntimeErrors(List<Error> errors, @JsonProperty("runtime-error") String runtimeError) {
    }

    /** {@code GET /api/version}. */
    public record Version(String role, String version) {
    }

    /** Every error answer: {@code {"error": "..."}}. */
    public record Failure(String error) {
    }
}
