package org.flexisip.proxy.app;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.flexisip.proxy.module.ModuleChain;
import org.jboss.logging.Logger;

import sun.misc.Signal;

/**
 * {@code kill -USR1 <pid>} makes the modules read their files again ({@link ModuleChain#reload()}), as 2.4 does for
 * the Registrar's static records. The JDK's signal API ({@code sun.misc.Signal}, module {@code jdk.unsupported})
 * is the only one Java has; where the signal cannot be handled, the start says so and goes on.
 */
final class ReloadSignal {
    private static final Logger LOG = Logger.getLogger(ReloadSignal.class);
    private static final String NAME = "USR1";

    private ReloadSignal() {
    }

    /** Runs {@code chain.reload()} on {@code sipLoop} at each SIGUSR1. */
    static void install(ModuleChain chain, Executor sipLoop) {
        try {
            Signal.handle(new Signal(NAME), signal -> {
                LOG.infof("SIG%s: the modules read their files again", NAME);
                try {
                    sipLoop.execute(chain::reload);
                } catch (RejectedExecutionException e) {
                    LOG.debugf("SIG%s during shutdown: ignored", NAME);
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warnf("SIG%s cannot be handled here (%s): static records are read again only every "
                    + "static-records-timeout", NAME, e.getMessage());
        }
    }
}
