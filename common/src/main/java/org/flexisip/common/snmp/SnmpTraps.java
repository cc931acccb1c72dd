package org.flexisip.common.snmp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.config.SnmpOid;
import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;

/**
 * The SNMPv2c traps of spec/snmp.md §4: {@code snmpTrapOID.0} = {@code notif/sender}, then {@code notif/msg}
 * (text) and, when an entry is concerned, {@code notif/source} (its dotted OID as text). Traps sent before the
 * agent listens are queued and go out, in order, once it does. Sending happens on one thread of its own, so a
 * component that reports a runtime error from an event loop never waits for the network.
 */
final class SnmpTraps implements AutoCloseable {
    static final OID SENDER = new OID(SnmpOid.ROOT + "." + SnmpOid.NOTIF_LEAF + ".1");
    static final OID MSG = new OID(SnmpOid.ROOT + "." + SnmpOid.NOTIF_LEAF + ".10");
    static final OID SOURCE = new OID(SnmpOid.ROOT + "." + SnmpOid.NOTIF_LEAF + ".11");
    /** How long closing waits for the last traps (the exit trap) to leave. */
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(SnmpTraps.class);

    private final List<InetSocketAddress> destinations;
    private final OctetString community;
    private final SipClock clock;
    private final long startNanos;
    private final ExecutorService sender;
    /** Guarded by this. */
    private final List<PDU> pending = new ArrayList<>();
    /** Guarded by this; set once the agent listens. */
    private Snmp session;
    /** Guarded by this. */
    private boolean closed;

    SnmpTraps(List<InetSocketAddress> destinations, String community, SipClock clock) {
        this.destinations = List.copyOf(destinations);
        this.community = new OctetString(community.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.sender = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "snmp-traps");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends (or queues until {@link #ready}) a trap saying {@code message}, about the entry {@code source}. */
    void send(String message, Optional<String> source) {
        if (destinations.isEmpty()) {
            return;
        }
        PDU pdu = pdu(message, source);
        synchronized (this) {
            if (closed) {
                return;
            }
            if (session == null) {
                pending.add(pdu);
            } else {
                Snmp s = session;
                sender.execute(() -> deliver(s, pdu));
            }
        }
    }

    /** The agent listens: the queued traps leave, then every later one at once. */
    synchronized void ready(Snmp snmp) {
        this.session = snmp;
        for (PDU pdu : pending) {
            sender.execute(() -> deliver(snmp, pdu));
        }
        pending.clear();
    }

    /** Waits (bounded) for the traps already sent to leave; later ones are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
        sender.shutdown();
        try {
            if (!sender.awaitTermination(DRAIN_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("SNMP traps still queued after %s: dropped", DRAIN_BOUND);
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    PDU pdu(String message, Optional<String> source) {
        PDU pdu = new PDU();
        pdu.setType(PDU.TRAP);
        long hundredths = (clock.nanoTime() - startNanos) / 10_000_000L;
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(hundredths)));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, SENDER));
        pdu.add(new VariableBinding(MSG, new OctetString(message.getBytes(StandardCharsets.UTF_8))));
        source.ifPresent(s -> pdu.add(new VariableBinding(SOURCE, new OctetString(s))));
        return pdu;
    }

    private void deliver(Snmp snmp, PDU pdu) {
        for (InetSocketAddress destination : destinations) {
            CommunityTarget<UdpAddress> target = new CommunityTarget<>(
                    new UdpAddress(destination.getAddress(), destination.getPort()), community);
            target.setVersion(SnmpConstants.version2c);
            try {
                snmp.send(pdu, target);
            } catch (IOException e) {
                LOG.warnf("cannot send an SNMP trap to %s: %s", destination, e.getMessage());
            }
        }
    }
}
