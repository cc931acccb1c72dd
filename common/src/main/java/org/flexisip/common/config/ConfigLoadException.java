package org.flexisip.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used: every problem found, collected before giving up (spec/config.md §1.4). */
public final class ConfigLoadException extends Exception {
    /** Printed after the list of problems, as Flexisip does. */
    public static final String SUMMARY = "Some items or sections are invalid in the configuration file";

    private final List<ConfigProblem> problems;
    private final int exitCode;

    public ConfigLoadException(List<ConfigProblem> problems) {
        this(problems, 1);
    }

    public ConfigLoadException(List<ConfigProblem> problems, int exitCode) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
        this.exitCode = exitCode;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Process exit status: 255 for a missing file as in Flexisip, 1 for an invalid one. */
    public int exitCode() {
        return exitCode;
    }
}
