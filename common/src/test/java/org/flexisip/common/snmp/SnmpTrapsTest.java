package org.flexisip.common.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.time.SipClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** The SNMPv2c traps of spec/snmp.md §4, received by an SNMP4J listener on loopback. */
class SnmpTrapsTest {
    private static final String TRANSPORTS = "global/transports";

    private final BlockingQueue<CommandResponderEvent<?>> received = new LinkedBlockingQueue<>();
    private ConfigSchema schema;
    private RuntimeErrorRegistry errors;
    private FlexisipConfig config;
    private Snmp receiver;
    private InetSocketAddress receiverAddress;

    @BeforeEach
    void listen() throws Exception {
        schema = StandardSchema.build("1.0");
        errors = new RuntimeErrorRegistry(subject -> schema.entry(subject).map(ConfigSchema.EntryRef::oid),
                Clock.systemUTC());
        config = new ConfigLoader(schema, Role.PRESENCE).load(new ConfigSources(Optional.empty(),
                Path.of("/nonexistent/flexisip.conf"), List.of(), Optional.empty()), errors::asRuntimeErrorValue)
                .config();
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getLoopbackAddress(), 0));
        receiver = new Snmp(transport);
        receiver.addCommandResponder(new CommandResponder() {
            @Override
            public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
                received.add(event);
                event.setProcessed(true);
            }
        });
        receiver.listen();
        receiverAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                transport.getListenAddress().getPort());
    }

    @AfterEach
    void close() throws IOException {
        receiver.close();
    }

    private SnmpAgent start() throws IOException {
        return SnmpAgent.start(config, new SnmpAgentSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.of("public"), Optional.empty(),
                List.of(), List.of(receiverAddress), "trap-community"), errors, SipClock.system());
    }

    @Test
    void theStartTrapIsAnSnmpV2TrapFromTheSenderNotificationWithItsMessage() throws Exception {
        try (SnmpAgent agent = start()) {
            CommandResponderEvent<?> event = next();
            assertEquals(new OctetString("trap-community"), new OctetString(event.getSecurityName()));
            PDU trap = event.getPDU();
            assertEquals(PDU.TRAP, trap.getType());
            assertEquals(SnmpConstants.sysUpTime, trap.get(0).getOid());
            assertEquals(TimeTicks.class, trap.get(0).getVariable().getClass());
            assertEquals(SnmpConstants.snmpTrapOID, trap.get(1).getOid());
            assertEquals(new OID("1.3.6.1.4.1.10000.1.1.1"), trap.get(1).getVariable());
            assertEquals(new OID("1.3.6.1.4.1.10000.1.1.10"), trap.get(2).getOid());
            assertEquals("Flexisip presence-server starting", trap.get(2).getVariable().toString());
            assertEquals(3, trap.size(), "no source: the start concerns no entry");
        }
    }

    @Test
    void theExitTrapLeavesBeforeThePortCloses() throws Exception {
        start().close();
        assertEquals("Flexisip presence-server starting", message(next()));
        assertEquals("Flexisip presence-server exiting normally", message(next()));
    }

    @Test
    void anErrorSetBeforeTheAgentStartsIsAnnouncedAfterTheStartTrap() throws Exception {
        errors.report(TRANSPORTS, "cannot bind", true);
        try (SnmpAgent agent = start()) {
            assertEquals("Flexisip presence-server starting", message(next()));
            PDU trap = next().getPDU();
            assertEquals("Runtime error on global/transports: cannot bind", trap.get(2).getVariable().toString());
            assertEquals(new OID("1.3.6.1.4.1.10000.1.1.11"), trap.get(3).getOid());
            assertEquals(schema.entry(TRANSPORTS).orElseThrow().oid(), trap.get(3).getVariable().toString());
        }
    }

    @Test
    void raisingAndClearingAnErrorSendTrapsNamingTheEntry() throws Exception {
        try (SnmpAgent agent = start()) {
            next();
            errors.report(TRANSPORTS, "cannot bind", true);
            assertEquals("Runtime error on global/transports: cannot bind", message(next()));
            errors.clear(TRANSPORTS);
            PDU cleared = next().getPDU();
            assertEquals("Runtime error cleared on global/transports", cleared.get(2).getVariable().toString());
            assertEquals(schema.entry(TRANSPORTS).orElseThrow().oid(), cleared.get(3).getVariable().toString());
        }
    }

    @Test
    void theSameErrorReportedAgainSendsNoNewTrapButAChangedMessageDoes() throws Exception {
        try (SnmpAgent agent = start()) {
            next();
            errors.report(TRANSPORTS, "cannot bind", true);
            errors.report(TRANSPORTS, "cannot bind", true);
            errors.report(TRANSPORTS, "cannot bind either", true);
            assertEquals("Runtime error on global/transports: cannot bind", message(next()));
            assertEquals("Runtime error on global/transports: cannot bind either", message(next()));
        }
    }

    @Test
    void anErrorOnAComponentThatIsNoEntryHasNoSource() throws Exception {
        try (SnmpAgent agent = start()) {
            next();
            errors.report("pidfile", "cannot write", false);
            PDU trap = next().getPDU();
            assertEquals("Runtime error on pidfile: cannot write", trap.get(2).getVariable().toString());
            assertEquals(3, trap.size());
        }
    }

    @Test
    void noDestinationNoTrap() throws Exception {
        try (SnmpAgent agent = SnmpAgent.start(config, new SnmpAgentSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.of("public"), Optional.empty(),
                List.of(), List.of(), "public"), errors, SipClock.system())) {
            errors.report(TRANSPORTS, "cannot bind", true);
        }
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
    }

    private CommandResponderEvent<?> next() throws InterruptedException {
        CommandResponderEvent<?> event = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no trap received");
        return event;
    }

    private static String message(CommandResponderEvent<?> event) {
        return event.getPDU().get(2).getVariable().toString();
    }
}
