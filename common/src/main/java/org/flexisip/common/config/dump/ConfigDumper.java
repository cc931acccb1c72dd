package org.flexisip.common.config.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.SectionSpec;

/**
 * Prints sections in one of the dump formats of spec/config.md §8. The {@code file} format is a valid
 * configuration file (parameters at their default commented out); the others are documentation tables.
 */
public final class ConfigDumper {
    private static final int HELP_WIDTH = 60;

    private final DumpFormat format;
    private final Function<SectionSpec, Function<ParameterSpec, String>> currentValues;

    /**
     * @param currentValues the value to print for each parameter of a section ({@code --rewrite-config} passes
     *                      the loaded values; dumps of defaults pass the defaults)
     */
    public ConfigDumper(DumpFormat format, Function<SectionSpec, Function<ParameterSpec, String>> currentValues) {
        this.format = format;
        this.currentValues = currentValues;
    }

    /** A dumper that prints defaults. */
    public static ConfigDumper ofDefaults(DumpFormat format) {
        return new ConfigDumper(format, section -> ParameterSpec::defaultValue);
    }

    /** The entries a dump shows: not deprecated, exportable (no counters, no computed values). */
    public static List<ParameterSpec> dumpedParameters(SectionSpec section) {
        return section.parameters().stream()
                .filter(p -> p.exportable() && !p.isDeprecated() && !p.type().isComputed())
                .toList();
    }

    public String dump(List<SectionSpec> sections) {
        StringBuilder out = new StringBuilder();
        switch (format) {
            case FILE -> sections.forEach(s -> fileSection(out, s));
            case TEX -> tex(out, sections);
            case DOKU -> sections.forEach(s -> dokuSection(out, s));
            case MEDIA -> sections.forEach(s -> mediaSection(out, s));
            case XWIKI -> sections.forEach(s -> xwikiSection(out, s));
            default -> throw new IllegalStateException(format.toString());
        }
        return out.toString();
    }

    private void fileSection(StringBuilder out, SectionSpec section) {
        out.append("##\n");
        for (String line : wrap(section.help(), HELP_WIDTH)) {
            out.append("## ").append(line).append('\n');
        }
        out.append("##\n");
        out.append('[').append(section.name()).append("]\n\n");
        Function<ParameterSpec, String> values = currentValues.apply(section);
        for (ParameterSpec p : dumpedParameters(section)) {
            for (String line : wrap(p.help(), HELP_WIDTH)) {
                out.append("# ").append(line).append('\n');
            }
            out.append("# Default: ").append(p.defaultValue()).append('\n');
            p.type().defaultUnit().ifPresent(u -> out.append("# Default unit: ").append(u).append('\n'));
            String value = values.apply(p);
            if (value.equals(p.defaultValue())) {
                out.append('#');
            }
            out.append(p.name()).append('=').append(value).append("\n\n");
        }
        out.append('\n');
    }

    private static void tex(StringBuilder out, List<SectionSpec> sections) {
        out.append("\\documentclass{article}\n")
                .append("\\usepackage[T1]{fontenc}\n")
                .append("\\usepackage[utf8]{inputenc}\n")
                .append("\\usepackage{longtable}\n")
                .append("\\begin{document}\n\n");
        for (SectionSpec s : sections) {
            out.append("\\section{").append(texEscape(s.name())).append("}\n\n");
            out.append(texEscape(s.help())).append("\n\n");
            out.append("\\begin{longtable}{|p{3.5cm}|p{6cm}|p{3cm}|p{2cm}|}\n\\hline\n")
                    .append("Name & Description & Default value & Type \\\\\n\\hline\n");
            for (ParameterSpec p : dumpedParameters(s)) {
                out.append(texEscape(p.name())).append(" & ").append(texEscape(p.help())).append(" & ")
                        .append(texEscape(p.defaultValue())).append(" & ").append(texEscape(typeName(p)))
                        .append(" \\\\\n\\hline\n");
            }
            out.append("\\end{longtable}\n\n");
        }
        out.append("\\end{document}\n");
    }

    private static void dokuSection(StringBuilder out, SectionSpec s) {
        out.append("====== ").append(s.name()).append(" ======\n\n");
        out.append(doku(s.help())).append("\n\n");
        out.append("^ Name ^ Description ^ Default value ^ Type ^\n");
        for (ParameterSpec p : dumpedParameters(s)) {
            out.append("| ").append(doku(p.name())).append(" | ").append(doku(p.help())).append(" | ")
                    .append(doku(p.defaultValue())).append(" | ").append(doku(typeName(p))).append(" |\n");
        }
        out.append('\n');
    }

    private static void mediaSection(StringBuilder out, SectionSpec s) {
        out.append("== ").append(media(s.name())).append(" ==\n\n");
        out.append(media(s.help())).append("\n\n");
        out.append("{| class=\"wikitable\"\n! Name !! Description !! Default value !! Type\n");
        for (ParameterSpec p : dumpedParameters(s)) {
            out.append("|-\n| ").append(media(p.name())).append(" || ").append(media(p.help())).append(" || ")
                    .append(media(p.defaultValue())).append(" || ").append(media(typeName(p))).append('\n');
        }
        out.append("|}\n\n");
    }

    private static void xwikiSection(StringBuilder out, SectionSpec s) {
        out.append("= ").append(xwiki(s.name())).append(" =\n\n");
        out.append(xwiki(s.help())).append("\n\n");
        out.append("|=Name|=Description|=Default value|=Type|=Default Unit\n");
        for (ParameterSpec p : dumpedParameters(s)) {
            out.append('|').append(xwiki(p.name())).append('|').append(xwiki(p.help())).append('|')
                    .append(xwiki(p.defaultValue())).append('|').append(xwiki(typeName(p))).append('|')
                    .append(xwiki(p.type().defaultUnit().orElse(""))).append('\n');
        }
        out.append('\n');
    }

    private static String typeName(ParameterSpec p) {
        return p.type().displayName();
    }

    /** Splits text into lines of at most {@code width} characters at blanks (a longer word keeps its line). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    static String texEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '$', '&', '#', '_', '%' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                case '<' -> out.append("\\textless{}");
                case '>' -> out.append("\\textgreater{}");
                case '|' -> out.append("\\textbar{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** DokuWiki: {@code %%...%%} keeps markup characters, pipes included, literal inside a cell. */
    static String doku(String text) {
        return text.isEmpty() ? "" : "%%" + text.replace("%%", "% %") + "%%";
    }

    /** MediaWiki: {@code <nowiki>} keeps pipes and markup literal. */
    static String media(String text) {
        return text.isEmpty() ? "" : "<nowiki>" + text.replace("<", "&lt;") + "</nowiki>";
    }

    /** XWiki 2.1: {@code {{{...}}}} is inline verbatim, so pipes and markup stay literal. */
    static String xwiki(String text) {
        return text.isEmpty() ? "" : "{{{" + text.replace("}}}", "} } }") + "}}}";
    }

    /** The sections that {@code --dump-default all} prints (spec/config.md §8.4). */
    public static List<SectionSpec> dumpedSections(List<SectionSpec> all, boolean showExperimental) {
        return all.stream()
                .filter(s -> showExperimental || s.module().map(m -> !m.experimental()).orElse(true))
                .toList();
    }
}
