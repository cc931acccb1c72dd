package org.flexisip.common.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flexisip.common.cli.CommandLineOptions;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.logging.FlexisipLogging;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Start and stop of a role: sets up its logs (which then follow runtime changes of the log settings), writes
 * and removes the PID file.
 */
@Singleton
public class RoleLifecycle {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RoleLifecycle.class);
    private static final String LOG_DIRECTORY = "global/log-directory";

    private final AtomicBoolean started = new AtomicBoolean();
    private final FlexisipConfig config;
    private final CommandLineOptions options;
    private final RuntimeErrorRegistry runtimeErrors;
    private final Role role;
    private final FlexisipLogging logging;

    public RoleLifecycle(FlexisipConfig config, CommandLineOptions options, RuntimeErrorRegistry runtimeErrors,
            Role role, FlexisipLogging logging) {
        this.config = config;
        this.options = options;
        this.runtimeErrors = runtimeErrors;
        this.role = role;
        this.logging = logging;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            logging.install();
            runtimeErrors.clear(LOG_DIRECTORY);
        } catch (IOException e) {
            // The main method checked the directory; it went away since. Keep serving, say so.
            runtimeErrors.report(LOG_DIRECTORY, e.getMessage() + "; logging to standard output only", false);
        }
        options.pidFile().ifPresent(this::writePidFile);
        LOG.infof("%s role started with %s", role.id(),
                config.file().map(f -> "configuration file " + f).orElse("the built-in default configuration"));
        started.set(true);
    }

    void onStop(@Observes ShutdownEvent event) {
        logging.close();
        options.pidFile().ifPresent(path -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warnf("cannot remove the PID file %s: %s", path, e.getMessage());
            }
        });
    }

    /** True once the role has finished starting (the startup health check). */
    public boolean started() {
        return started.get();
    }

    private void writePidFile(Path path) {
        try {
            Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            runtimeErrors.report("pidfile", "cannot write the PID file " + path + ": " + e.getMessage(), false);
        }
    }
}
