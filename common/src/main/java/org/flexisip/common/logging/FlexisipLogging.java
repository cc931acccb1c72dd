package org.flexisip.common.logging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.filter.SipBooleanExpression;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.FileHandler;
import org.jboss.logmanager.handlers.SyslogHandler;

/**
 * The logs of one role, set up from {@code [global]} (spec/global.md §8) on the JBoss Log Manager that Quarkus
 * uses: the role's file, the user-errors file, syslog, and the thresholds that {@code log-level},
 * {@code syslog-level}, {@code contextual-log-filter} / {@code -level} and {@code -d} give. The runtime-settable
 * parameters are followed: a change applies to the next log line.
 *
 * <p>Files are opened in append mode and written without buffering, so logrotate's {@code copytruncate} works;
 * there is no rotation of our own.
 */
public final class FlexisipLogging implements AutoCloseable {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n";

    /**
     * What the command line and the service add to the configuration.
     *
     * @param roleNames  replaces {@code {server}} in {@code log-filename}
     * @param debug      {@code -d}: everything at debug level, user errors on
     * @param syslog     {@code --syslog}
     * @param syslogHost where syslog listens (UDP)
     * @param syslogPort its port
     */
    public record Options(String roleNames, boolean debug, boolean syslog, String syslogHost, int syslogPort) {
    }

    private final ConfigSection global;
    private final Options options;
    private final ContextualLogging contextual;
    private final SipMessageLog messageLog;
    private final UserErrorLog userErrors = new UserErrorLog();
    /** Held: java.util.logging forgets the level of a logger nobody references. */
    private final Logger root = Logger.getLogger("");
    private final Logger userErrorsLogger = Logger.getLogger(UserErrorLog.CATEGORY);
    private final List<Handler> ownHandlers = new ArrayList<>();
    private final List<Handler> filteredHandlers = new ArrayList<>();
    private final List<Filter> previousFilters = new ArrayList<>();
    private volatile Level mainThreshold = Level.SEVERE;
    private volatile Level syslogThreshold = Level.SEVERE;

    public FlexisipLogging(ConfigSection global, Options options) {
        this.global = global;
        this.options = options;
        this.contextual = new ContextualLogging(global.getFilter("contextual-log-filter"),
                level("contextual-log-level"));
        this.messageLog = new SipMessageLog(global.getFilter("show-body-for"));
    }

    /** The files this role writes to. */
    public LogFiles files() {
        return LogFiles.of(global.getString("log-directory"), global.getString("log-filename"), options.roleNames());
    }

    /**
     * Opens the files, adds the handlers and applies the levels.
     *
     * @throws IOException when the log directory or file cannot be used, saying which and why
     */
    public void install() throws IOException {
        LogFiles files = files();
        files.prepare();
        FileHandler main = new FileHandler(files.mainLog().toString(), true);
        main.setFormatter(new PatternFormatter(PATTERN));
        main.setAutoFlush(true);
        for (Handler existing : root.getHandlers()) {
            filter(existing, this::passesMainThreshold);
        }
        addTo(root, main, this::passesMainThreshold);
        if (options.syslog()) {
            SyslogHandler syslog = new SyslogHandler(options.syslogHost(), options.syslogPort(),
                    SyslogHandler.Facility.USER_LEVEL, SyslogHandler.SyslogType.RFC3164, "flexisip-" + options.roleNames());
            syslog.setFormatter(new PatternFormatter("%-5p [%c] %s%e"));
            addTo(root, syslog, r -> passes(r, syslogThreshold));
        }
        if (userErrorsEnabled()) {
            FileHandler userErrorsFile = new FileHandler(files.userErrors().toString(), true);
            userErrorsFile.setFormatter(new PatternFormatter(PATTERN));
            userErrorsFile.setAutoFlush(true);
            addTo(userErrorsLogger, userErrorsFile, r -> true);
            userErrorsLogger.setLevel(Level.ALL);
        } else {
            userErrorsLogger.setLevel(Level.OFF);
        }
        follow("log-level", e -> applyLevels());
        follow("syslog-level", e -> applyLevels());
        follow("contextual-log-level", e -> {
            contextual.level(level("contextual-log-level"));
            applyLevels();
        });
        follow("contextual-log-filter", e -> {
            contextual.filter((SipBooleanExpression) e.parsed());
            applyLevels();
        });
        follow("show-body-for", e -> messageLog.showBodyFor((SipBooleanExpression) e.parsed()));
        applyLevels();
    }

    public ContextualLogging contextual() {
        return contextual;
    }

    public SipMessageLog messageLog() {
        return messageLog;
    }

    public UserErrorLog userErrors() {
        return userErrors;
    }

    /** Removes the handlers added and closes the files. */
    @Override
    public void close() {
        for (int i = 0; i < filteredHandlers.size(); i++) {
            filteredHandlers.get(i).setFilter(previousFilters.get(i));
        }
        for (Handler h : ownHandlers) {
            root.removeHandler(h);
            userErrorsLogger.removeHandler(h);
            h.close();
        }
        ownHandlers.clear();
        filteredHandlers.clear();
        previousFilters.clear();
    }

    /**
     * The loggers let through the most verbose level any output may want; each handler then applies its own
     * threshold, lowered to the contextual level while a matching message is processed.
     */
    private void applyLevels() {
        Level main = options.debug() ? Level.FINE : level("log-level").level();
        Level syslog = level("syslog-level").level();
        mainThreshold = main;
        syslogThreshold = syslog;
        Level loggers = main;
        if (options.syslog() && syslog.intValue() < loggers.intValue()) {
            loggers = syslog;
        }
        if (contextual.isEnabled() && contextual.level().level().intValue() < loggers.intValue()) {
            loggers = contextual.level().level();
        }
        root.setLevel(loggers);
    }

    private boolean passesMainThreshold(LogRecord record) {
        return passes(record, mainThreshold);
    }

    private boolean passes(LogRecord record, Level threshold) {
        int level = record.getLevel().intValue();
        return level >= threshold.intValue()
                || (contextual.isActive() && level >= contextual.level().level().intValue());
    }

    private boolean userErrorsEnabled() {
        return options.debug() || global.getBoolean("user-errors-logs");
    }

    private FlexisipLogLevel level(String parameter) {
        return FlexisipLogLevel.fromIdOrError(global.getString(parameter));
    }

    private void follow(String parameter, java.util.function.Consumer<ConfigEntry> change) {
        global.entry(parameter).onChange(change);
    }

    private void addTo(Logger logger, Handler handler, Filter filter) {
        handler.setLevel(Level.ALL);
        handler.setFilter(filter);
        logger.addHandler(handler);
        ownHandlers.add(handler);
    }

    private void filter(Handler existing, Filter filter) {
        filteredHandlers.add(existing);
        previousFilters.add(existing.getFilter());
        existing.setFilter(filter);
    }
}
