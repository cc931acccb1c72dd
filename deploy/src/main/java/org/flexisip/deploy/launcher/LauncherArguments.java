package org.flexisip.deploy.launcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.flexisip.common.cli.CommandLineOptions;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The part of the launcher's command line that every role receives: all of it except the options that only
 * the launcher acts on ({@code --server}, {@code --daemon}, {@code -p/--pidfile}). Options are recognised as
 * picocli reads them ({@code --opt value}, {@code --opt=value}, {@code -pFILE}, clustered {@code -dp FILE}),
 * from the option table of {@link CommandLineOptions}, so an option added there passes through unchanged.
 */
final class LauncherArguments {
    private static final CommandSpec SPEC = new CommandLine(new CommandLineOptions()).getCommandSpec();
    private static final Set<String> LAUNCHER_ONLY = Set.of("--server", "--daemon", "--pidfile");

    private LauncherArguments() {
    }

    /** {@code args} without the launcher's own options and their values, otherwise in the same order. */
    static List<String> forRoles(List<String> args) {
        List<String> kept = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(args);
        while (!pending.isEmpty()) {
            String arg = pending.pop();
            if (arg.equals("--")) {
                kept.add(arg);
                kept.addAll(pending);
                break;
            }
            if (!arg.startsWith("-")) {
                kept.add(arg); // Not an option (picocli refuses such words before we get here).
            } else if (arg.startsWith("--") && arg.indexOf('=') > 0) {
                keepUnlessLauncherOnly(option(arg.substring(0, arg.indexOf('='))), List.of(arg), kept);
            } else if (option(arg) != null) {
                OptionSpec option = option(arg);
                List<String> words = takesValue(option) && !pending.isEmpty() ? List.of(arg, pending.pop())
                        : List.of(arg);
                keepUnlessLauncherOnly(option, words, kept);
            } else if (arg.length() > 2 && arg.charAt(1) != '-'
                    && option(arg.substring(0, 2)) != null) {
                // A short option with its value attached (-pFILE, -p=FILE) or a cluster (-dp FILE).
                OptionSpec first = option(arg.substring(0, 2));
                if (takesValue(first)) {
                    keepUnlessLauncherOnly(first, List.of(arg), kept);
                } else {
                    keepUnlessLauncherOnly(first, List.of(arg.substring(0, 2)), kept);
                    pending.push("-" + arg.substring(2));
                }
            } else {
                kept.add(arg);
            }
        }
        return List.copyOf(kept);
    }

    private static OptionSpec option(String name) {
        return SPEC.findOption(name);
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().min() > 0;
    }

    private static void keepUnlessLauncherOnly(OptionSpec option, List<String> words, List<String> kept) {
        if (option == null || !LAUNCHER_ONLY.contains(option.longestName())) {
            kept.addAll(words);
        }
    }
}
