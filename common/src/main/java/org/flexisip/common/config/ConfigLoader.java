package org.flexisip.common.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.flexisip.common.config.ini.IniDocument;
import org.flexisip.common.config.ini.IniReader;

/**
 * Loads and validates the configuration of one role (spec/config.md §1, §2, §4, §5): reads the file, applies
 * {@code --set} and {@code -t}, and collects every problem before refusing the start. Sections that the role
 * does not read are only checked to be declared; the roles that read them validate them.
 */
public final class ConfigLoader {
    /** The special {@code --set} key that turns the SNMP agent off whatever {@code enable-snmp} says. */
    public static final String NO_SNMP_KEY = "nosnmp";

    private final ConfigSchema schema;
    private final Role role;
    private final boolean readEverySection;

    /** A loader for {@code role}: it validates the sections the role reads and accepts the others unread. */
    public ConfigLoader(ConfigSchema schema, Role role) {
        this(schema, role, false);
    }

    private ConfigLoader(ConfigSchema schema, Role role, boolean readEverySection) {
        this.schema = schema;
        this.role = role;
        this.readEverySection = readEverySection;
    }

    /**
     * A loader that validates and keeps every section, whichever role reads it: {@code --rewrite-config} prints
     * the whole file back.
     */
    public ConfigLoader readingEverySection() {
        return new ConfigLoader(schema, role, true);
    }

    private boolean reads(SectionSpec section) {
        return readEverySection || section.isReadBy(role);
    }

    /**
     * The outcome of a successful load.
     *
     * @param config       the loaded configuration
     * @param warnings     problems that do not stop the start (deprecated parameters, fallbacks, ...)
     * @param snmpDisabled {@code --set nosnmp=true} was given
     */
    public record Result(FlexisipConfig config, List<ConfigProblem> warnings, boolean snmpDisabled) {
    }

    /**
     * @param runtimeErrorText the current value of {@code global/runtime-error}
     * @throws ConfigLoadException with every problem found
     */
    public Result load(ConfigSources sources, Supplier<String> runtimeErrorText) throws ConfigLoadException {
        List<ConfigProblem> errors = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        Optional<Path> file = sources.file();
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new ConfigLoadException(List.of(ConfigProblem.at(file.get().toString(),
                    "No configuration file found at " + file.get())), 255);
        }
        if (file.isEmpty()) {
            if (Files.isRegularFile(sources.defaultFile())) {
                file = Optional.of(sources.defaultFile());
            } else {
                warnings.add(ConfigProblem.at("configuration", "no -c option and no " + sources.defaultFile()
                        + ": running on the built-in defaults"));
            }
        }

        Map<String, Map<String, ConfigEntry.Value>> values = new HashMap<>();
        if (file.isPresent()) {
            readFile(file.get(), values, errors, warnings);
        }
        boolean snmpDisabled = applyOverrides(sources, values, errors, warnings);
        if (!errors.isEmpty()) {
            throw new ConfigLoadException(errors);
        }
        FlexisipConfig config = build(file, values, runtimeErrorText, errors, warnings);
        if (!errors.isEmpty()) {
            throw new ConfigLoadException(errors);
        }
        return new Result(config, List.copyOf(warnings), snmpDisabled);
    }

    private void readFile(Path file, Map<String, Map<String, ConfigEntry.Value>> values,
            List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        String origin = file.toString();
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            errors.add(ConfigProblem.at(origin, "the file is not valid UTF-8"));
            return;
        } catch (IOException e) {
            errors.add(ConfigProblem.at(origin, "cannot read the configuration file: " + e.getMessage()));
            return;
        }
        IniReader.Result ini = IniReader.read(origin, content);
        errors.addAll(ini.errors());
        warnings.addAll(ini.warnings());
        for (IniDocument.Section section : ini.document().sections()) {
            Optional<SectionSpec> spec = schema.section(section.name());
            if (spec.isEmpty()) {
                errors.add(ConfigProblem.at(origin + ":" + section.line(), section.name(),
                        "Unsupported section [" + section.name() + "] at line " + section.line()
                                + schema.suggestSection(section.name()).map(s -> ", did you mean '" + s + "'?")
                                        .orElse("")));
                continue;
            }
            if (!reads(spec.get())) {
                continue; // Another role's section: accepted, not read (that role validates it).
            }
            Map<String, Integer> firstLine = new HashMap<>();
            for (IniDocument.Entry entry : section.entries()) {
                String where = origin + ":" + entry.line();
                String key = entry.key().toLowerCase(Locale.ROOT);
                Integer previous = firstLine.putIfAbsent(key, entry.line());
                String path = spec.get().name() + "/" + entry.key();
                if (previous != null) {
                    errors.add(ConfigProblem.at(where, path, "key '" + entry.key() + "' in section ["
                            + spec.get().name() + "] has several entries (lines " + previous + " and "
                            + entry.line() + ")"));
                    continue;
                }
                Optional<ParameterSpec> parameter = spec.get().parameter(key);
                if (parameter.isEmpty()) {
                    errors.add(ConfigProblem.at(where, path, "Unsupported parameter '" + entry.key()
                            + "' in section [" + spec.get().name() + "] at line " + entry.line()
                            + suggestParameter(spec.get(), entry.key())));
                    continue;
                }
                accept(spec.get(), parameter.get(), entry.value(), where, values, errors, warnings);
            }
        }
    }

    private boolean applyOverrides(ConfigSources sources, Map<String, Map<String, ConfigEntry.Value>> values,
            List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        boolean snmpDisabled = false;
        for (String override : sources.overrides()) {
            String origin = "--set " + override;
            int equals = override.indexOf('=');
            if (equals <= 0) {
                errors.add(ConfigProblem.at(origin, "expected section/param=value"));
                continue;
            }
            String path = override.substring(0, equals).strip();
            String text = override.substring(equals + 1).strip();
            if (path.equalsIgnoreCase(NO_SNMP_KEY)) {
                try {
                    snmpDisabled = (Boolean) ValueType.BOOLEAN.parse(text);
                } catch (InvalidValueException e) {
                    errors.add(ConfigProblem.at(origin, NO_SNMP_KEY, "invalid value '" + text + "': "
                            + e.getMessage()));
                }
                continue;
            }
            Optional<ConfigSchema.EntryRef> ref = schema.entry(path);
            if (ref.isEmpty()) {
                errors.add(ConfigProblem.at(origin, path, "unknown parameter path '" + path + "'"
                        + suggestPath(path)));
                continue;
            }
            if (reads(ref.get().section())) {
                accept(ref.get().section(), ref.get().parameter(), text, origin, values, errors, warnings);
            } else {
                // Validated all the same, so a typo is caught by every role, but not kept.
                accept(ref.get().section(), ref.get().parameter(), text, origin, new HashMap<>(), errors,
                        warnings);
            }
        }
        sources.transports().ifPresent(t -> {
            SectionSpec global = schema.section("global").orElseThrow();
            accept(global, global.parameter("transports").orElseThrow(), t, "-t/--transports", values, errors,
                    warnings);
        });
        return snmpDisabled;
    }

    /** Validates one value and records it, replacing an earlier one (a --set wins over the file). */
    private void accept(SectionSpec section, ParameterSpec parameter, String text, String origin,
            Map<String, Map<String, ConfigEntry.Value>> values, List<ConfigProblem> errors,
            List<ConfigProblem> warnings) {
        String path = section.name() + "/" + parameter.name();
        if (parameter.readOnly()) {
            errors.add(ConfigProblem.at(origin, path, "'" + parameter.name() + "' is read-only and cannot be set"));
            return;
        }
        Object parsed;
        try {
            parsed = parameter.parse(text);
        } catch (InvalidValueException e) {
            errors.add(ConfigProblem.at(origin, path, "invalid " + parameter.type().displayName() + " value '"
                    + text + "': " + e.getMessage()));
            return;
        }
        ConfigEntry.Value value = new ConfigEntry.Value(text, parsed, origin);
        try {
            parameter.advisory().check(parsed);
        } catch (InvalidValueException e) {
            warnings.add(ConfigProblem.at(origin, path, "invalid value '" + text + "': " + e.getMessage()
                    + "; using the default '" + parameter.defaultValue() + "' instead"));
            value = defaultValue(parameter, origin + " (invalid, default used)");
        }
        parameter.deprecation().ifPresent(d -> warnings.add(ConfigProblem.at(origin, path,
                "'" + parameter.name() + "' is " + d.describe())));
        values.computeIfAbsent(section.key(), k -> new LinkedHashMap<>()).put(parameter.name(), value);
    }

    private FlexisipConfig build(Optional<Path> file, Map<String, Map<String, ConfigEntry.Value>> values,
            Supplier<String> runtimeErrorText, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        Map<String, ConfigSection> sections = new LinkedHashMap<>();
        for (SectionSpec spec : schema.sections()) {
            if (!reads(spec)) {
                continue;
            }
            Map<String, ConfigEntry.Value> set = values.getOrDefault(spec.key(), Map.of());
            Map<String, ConfigEntry> entries = new LinkedHashMap<>();
            for (ParameterSpec p : spec.parameters()) {
                ConfigEntry.Value v = set.get(p.name());
                if (v == null) {
                    v = fallbackValue(spec, p, set, warnings).orElseGet(() -> defaultValue(p, "default"));
                }
                entries.put(p.name(), new ConfigEntry(spec, p, v, runtimeErrorText));
            }
            spec.module().ifPresent(m -> {
                ConfigEntry.Value enabled = set.get("enabled");
                if (!m.supported() && enabled != null && Boolean.TRUE.equals(enabled.parsed())) {
                    errors.add(ConfigProblem.at(enabled.origin(), spec.name() + "/enabled", "module "
                            + m.name() + " not supported: it is accepted in the file but cannot be enabled"));
                }
            });
            sections.put(spec.key(), new ConfigSection(spec, entries));
        }
        return new FlexisipConfig(role, schema, file, sections);
    }

    /** A newer parameter left unset takes the value of the deprecated parameter it replaces (§2.9). */
    private static Optional<ConfigEntry.Value> fallbackValue(SectionSpec spec, ParameterSpec newer,
            Map<String, ConfigEntry.Value> set, List<ConfigProblem> warnings) {
        for (ParameterSpec old : spec.parameters()) {
            if (old.fallbackOf().filter(newer.name()::equals).isPresent() && set.containsKey(old.name())) {
                ConfigEntry.Value oldValue = set.get(old.name());
                try {
                    Object parsed = newer.parse(oldValue.text());
                    warnings.add(ConfigProblem.at(oldValue.origin(), spec.name() + "/" + newer.name(),
                            "unset, so it takes the value of the deprecated '" + old.name() + "'"));
                    return Optional.of(new ConfigEntry.Value(oldValue.text(), parsed, oldValue.origin()));
                } catch (InvalidValueException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static ConfigEntry.Value defaultValue(ParameterSpec p, String origin) {
        if (p.type().isComputed()) {
            return new ConfigEntry.Value("", "", origin);
        }
        try {
            return new ConfigEntry.Value(p.defaultValue(), p.parse(p.defaultValue()), origin);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("the default of '" + p.name() + "' does not parse: " + e.getMessage(), e);
        }
    }

    private static String suggestParameter(SectionSpec section, String key) {
        return SpellingSuggestion.closest(key, section.parameters().stream().map(ParameterSpec::name).toList())
                .map(s -> ", did you mean '" + s + "'?").orElse("");
    }

    private String suggestPath(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return ", expected section/param";
        }
        String sectionName = path.substring(0, slash);
        Optional<SectionSpec> section = schema.section(sectionName);
        if (section.isEmpty()) {
            return schema.suggestSection(sectionName).map(s -> ", did you mean section '" + s + "'?").orElse("");
        }
        return SpellingSuggestion.closest(path.substring(slash + 1),
                section.get().parameters().stream().map(ParameterSpec::name).toList())
                .map(s -> ", did you mean '" + section.get().name() + "/" + s + "'?").orElse("");
    }
}
