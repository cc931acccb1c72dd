package org.flexisip.common.app;

import java.io.IOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.snmp.SnmpAgent;
import org.flexisip.common.snmp.SnmpAgentSettings;
import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;
import org.snmp4j.log.JavaLogFactory;
import org.snmp4j.log.LogFactory;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the role's SNMP agent (spec/snmp.md) when {@code global/enable-snmp} is true and {@code --set nosnmp=true}
 * was not given: started with the role, stopped (after its exit trap) with it. A port that cannot be bound is a
 * runtime error on {@code global/snmp-agent-port}; the role keeps serving without an agent.
 */
@Singleton
public class SnmpAgentLifecycle {
    /** The subject of the runtime error raised when the agent cannot listen. */
    static final String PORT_SUBJECT = "global/snmp-agent-port";
    private static final Logger LOG = Logger.getLogger(SnmpAgentLifecycle.class);

    private final ConfigLoader.Result loaded;
    private final Role role;
    private final RuntimeErrorRegistry runtimeErrors;
    private volatile SnmpAgent agent;

    public SnmpAgentLifecycle(ConfigLoader.Result loaded, Role role, RuntimeErrorRegistry runtimeErrors) {
        this.loaded = loaded;
        this.role = role;
        this.runtimeErrors = runtimeErrors;
    }

    void onStart(@Observes StartupEvent event) {
        FlexisipConfig config = loaded.config();
        if (!config.global().getBoolean("enable-snmp")) {
            return;
        }
        if (loaded.snmpDisabled()) {
            LOG.info("SNMP agent not started: --set nosnmp=true overrides global/enable-snmp");
            return;
        }
        if (LogFactory.getLogFactory() == null) {
            // SNMP4J logs nothing by default: send its lines to the role's logs (java.util.logging, JBoss LogManager).
            LogFactory.setLogFactory(new JavaLogFactory());
        }
        SnmpAgentSettings settings = SnmpAgentSettings.of(config.global(), role);
        try {
            agent = SnmpAgent.start(config, settings, runtimeErrors, SipClock.system());
            runtimeErrors.clear(PORT_SUBJECT);
        } catch (IOException e) {
            runtimeErrors.report(PORT_SUBJECT, "the SNMP agent cannot listen on udp " + settings.listen() + ": "
                    + e.getMessage() + "; it is off until the role restarts", false);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        SnmpAgent running = agent;
        if (running != null) {
            agent = null;
            running.close();
        }
    }
}
