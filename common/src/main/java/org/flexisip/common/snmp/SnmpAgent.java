package org.flexisip.common.snmp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.Snmp;
import org.snmp4j.agent.CommandProcessor;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * The SNMP agent of one role (spec/snmp.md), a standalone SNMP4J agent over UDP: every entry of the sections the
 * role reads is a scalar under {@code 1.3.6.1.4.1.10000.1} (GET, GETNEXT, GETBULK; SET of the entries that can
 * change while running), with SNMPv1/v2c communities and SNMPv3 users ({@link AgentAccess}). Traps go out at start, at
 * normal stop and when a runtime error is raised or cleared.
 *
 * <p>Requests are answered on SNMP4J's listening thread; they only read entries and, for SET, go through
 * {@link FlexisipConfig#setAtRuntime}, which is thread-safe.
 */
public final class SnmpAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SnmpAgent.class);

    private final Snmp session;
    private final DefaultUdpTransportMapping transport;
    private final SnmpTraps traps;
    private final String serverName;
    private final int scalars;

    private SnmpAgent(Snmp session, DefaultUdpTransportMapping transport, SnmpTraps traps, String serverName,
            int scalars) {
        this.session = session;
        this.transport = transport;
        this.traps = traps;
        this.serverName = serverName;
        this.scalars = scalars;
    }

    /**
     * Binds the agent's UDP port and starts answering; sends the start trap and one for each runtime error
     * already set.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static SnmpAgent start(FlexisipConfig config, SnmpAgentSettings settings, RuntimeErrorRegistry errors,
            SipClock clock) throws IOException {
        OctetString engineId = newEngineId();
        DefaultMOServer server = new DefaultMOServer();
        int scalars = 0;
        for (ConfigSection section : config.sections()) {
            for (ConfigEntry entry : section.entries()) {
                try {
                    server.register(new EntryScalar(entry, config), null);
                    scalars++;
                } catch (DuplicateRegistrationException e) {
                    // The schema refuses two entries on one OID (spec/snmp.md §1.6): a bug if it happens.
                    throw new IllegalStateException(entry.path() + ": OID " + entry.oid() + " registered twice", e);
                }
            }
        }
        AgentAccess access = new AgentAccess(settings.readCommunity(), settings.writeCommunity(), settings.users(),
                engineId);
        CommandProcessor processor = new CommandProcessor(engineId);
        processor.setVacm(access);
        processor.setCoexistenceProvider(access);
        processor.addMOServer(server);

        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        if (!settings.users().isEmpty()) {
            dispatcher.addMessageProcessingModel(userSecurity(engineId, settings.users()));
        }
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(settings.listen().getAddress(), settings.listen().getPort()));
        Snmp session = new Snmp(dispatcher, transport);
        session.addCommandResponder(processor);

        try {
            session.listen();
        } catch (IOException e) {
            session.close();
            throw e;
        }
        String serverName = "Flexisip " + config.role().id() + "-server";
        SnmpTraps traps = new SnmpTraps(settings.trapDestinations(), settings.trapCommunity(), clock);
        // The start trap first, then one per runtime error already set, then the later ones as they come.
        traps.send(serverName + " starting", Optional.empty());
        RuntimeErrorTraps.follow(errors, traps);
        SnmpAgent agent = new SnmpAgent(session, transport, traps, serverName, scalars);
        LOG.infof("SNMP agent with %d entries listening: %s", scalars, settings);
        traps.ready(session);
        return agent;
    }

    /**
     * A new engine ID at each start (RFC 3411 §5 format, SNMP4J's enterprise number, random octets): engineBoots is
     * not kept from one start to the next, so a new ID tells SNMPv3 managers to discover the agent again rather than
     * refuse its clock. Made without {@code InetAddress.getLocalHost()}, which may wait for the DNS.
     */
    private static OctetString newEngineId() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return new OctetString(MPv3.createLocalEngineID(new OctetString(random)));
    }

    /** SNMPv3 with the user-based security model: the users' keys localized to this engine. */
    private static MPv3 userSecurity(OctetString engineId, List<SnmpUser> users) {
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.defaultSecurity);
        USM usm = new USM(protocols, engineId, 0);
        for (SnmpUser user : users) {
            usm.addUser(new UsmUser(new OctetString(user.name()), AuthHMAC192SHA256.ID,
                    new OctetString(user.authPassphrase()), PrivAES128.ID, new OctetString(user.privPassphrase())));
        }
        return new MPv3(engineId.getValue(), null, protocols, SecurityModels.getCollection(new SecurityModel[] {usm}),
                CounterSupport.getInstance());
    }

    /** The address and port actually bound (a port 0 setting becomes the port chosen by the system). */
    public InetSocketAddress address() {
        UdpAddress bound = transport.getListenAddress();
        return new InetSocketAddress(bound.getInetAddress(), bound.getPort());
    }

    /** How many entries the agent serves. */
    public int scalarCount() {
        return scalars;
    }

    /** Sends the normal-stop trap, waits (bounded) for the traps to leave, and closes the port. */
    @Override
    public void close() {
        traps.send(serverName + " exiting normally", Optional.empty());
        traps.close();
        try {
            session.close();
        } catch (IOException e) {
            LOG.warnf("closing the SNMP agent: %s", e.getMessage());
        }
    }
}
