package org.flexisip.deploy.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The launcher's own log lines, in the roles' console format ({@code 2026-01-31 12:00:00,000 WARN
 * [flexisip-launcher] ...}), on standard output: the terminal in the foreground, the launcher's log file with
 * {@code --daemon}.
 */
final class LauncherLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final PrintStream out;

    LauncherLog(PrintStream out) {
        this.out = out;
    }

    void info(String format, Object... args) {
        line("INFO ", format, args);
    }

    void warn(String format, Object... args) {
        line("WARN ", format, args);
    }

    void error(String format, Object... args) {
        line("ERROR", format, args);
    }

    private void line(String level, String format, Object... args) {
        // One println per line: PrintStream serialises them, so lines of several threads never mix.
        out.println(TIME.format(LocalDateTime.now()) + " " + level + " [flexisip-launcher] "
                + String.format(format, args));
        out.flush();
    }
}
