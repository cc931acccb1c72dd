package org.flexisip.common.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSchema;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SnmpOid;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.time.SipClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.DefaultPDUFactory;
import org.snmp4j.util.TreeEvent;
import org.snmp4j.util.TreeUtils;

/** The agent against SNMP4J's manager on loopback: the tree, the typing of values, and SET (spec/snmp.md). */
class SnmpAgentTest {
    private static final String VERSION = "9.8.7-test";
    private static final String READ = "reader-community";
    private static final String WRITE = "writer-community";
    private static final OID ROOT = new OID(SnmpOid.ROOT);
    private static final SnmpUser ADMIN = SnmpUser.parse("admin:rw:admin-auth-pass:admin-priv-pass");
    private static final SnmpUser OBSERVER = SnmpUser.parse("observer:ro:observer-auth:observer:priv");

    private ConfigSchema schema;
    private RuntimeErrorRegistry errors;
    private FlexisipConfig config;
    private SnmpAgent agent;
    private Snmp manager;

    @BeforeEach
    void startAgent() throws Exception {
        schema = StandardSchema.build(VERSION);
        errors = new RuntimeErrorRegistry(subject -> schema.entry(subject).map(ConfigSchema.EntryRef::oid),
                Clock.systemUTC());
        config = new ConfigLoader(schema, Role.PROXY).load(new ConfigSources(Optional.empty(),
                Path.of("/nonexistent/flexisip.conf"), List.of("global/snmp-write-community=" + WRITE,
                        "global/aliases=a.example.org,b.example.org"), Optional.empty()),
                errors::asRuntimeErrorValue).config();
        agent = SnmpAgent.start(config, new SnmpAgentSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.of(READ), Optional.of(WRITE),
                List.of(ADMIN, OBSERVER), List.of(), "public"), errors, SipClock.system());
        manager = new Snmp(new DefaultUdpTransportMapping(new UdpAddress(InetAddress.getLoopbackAddress(), 0)));
        manager.listen();
    }

    @AfterEach
    void stop() throws IOException {
        if (manager != null) {
            manager.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void walkingTheRootWithGetNextListsEveryEntryOfTheRoleOnce() throws IOException {
        List<OID> seen = new ArrayList<>();
        OID next = ROOT;
        while (true) {
            PDU response = request(PDU.GETNEXT, READ, new VariableBinding(next));
            VariableBinding vb = response.get(0);
            if (vb.getVariable().isException() || !vb.getOid().startsWith(ROOT)) {
                break;
            }
            assertTrue(vb.getOid().compareTo(next) > 0, "GETNEXT goes forward");
            seen.add(vb.getOid());
            next = vb.getOid();
        }
        List<OID> expected = new ArrayList<>();
        for (ConfigSection s : config.sections()) {
            s.entries().forEach(e -> expected.add(new OID(e.oid() + ".0")));
        }
        expected.sort(null);
        assertEquals(expected, seen);
        assertEquals(expected.size(), agent.scalarCount());
    }

    @Test
    void getBulkWalksTheGlobalSectionInOidOrder() {
        CommunityTarget<UdpAddress> target = target(READ);
        TreeUtils tree = new TreeUtils(manager, new DefaultPDUFactory(PDU.GETBULK));
        tree.setMaxRepetitions(20);
        List<TreeEvent> events = tree.getSubtree(target, new OID(config.global().spec().oid()));
        Map<OID, Variable> values = new LinkedHashMap<>();
        for (TreeEvent e : events) {
            assertFalse(e.isError(), e.getErrorMessage());
            for (VariableBinding vb : e.getVariableBindings()) {
                values.put(vb.getOid(), vb.getVariable());
            }
        }
        assertEquals(config.global().entries().size(), values.size());
        for (ConfigEntry e : config.global().entries()) {
            assertTrue(values.containsKey(new OID(e.oid() + ".0")), e.path());
        }
    }

    @Test
    void versionNumberAndRuntimeErrorAreTextReadAtEachRequest() throws IOException {
        assertEquals(VERSION, get(READ, "global/version-number").toString());
        assertEquals("", get(READ, "global/runtime-error").toString());
        errors.report("global/transports", "cannot bind sip:127.0.0.1:5060", true);
        assertEquals(errors.asRuntimeErrorValue(), get(READ, "global/runtime-error").toString());
        assertTrue(get(READ, "global/runtime-error").toString()
                .startsWith(config.global().entry("transports").oid() + ":cannot bind"));
    }

    @Test
    void valuesAreTypedAsTheSpecSays() throws IOException {
        assertEquals(new OctetString("error"), get(READ, "global/log-level"));
        assertEquals(new Integer32(0), get(READ, "global/enable-snmp")); // Boolean false(0)
        assertEquals(new Integer32(1), get(READ, "global/auto-respawn")); // Boolean true(1)
        assertEquals(new Integer32(1460), get(READ, "global/udp-mtu"));
        assertEquals(new OctetString("3600"), get(READ, "global/idle-timeout")); // durations as written
        assertEquals(new OctetString("a.example.org b.example.org"), get(READ, "global/aliases")); // space-joined
        config.global().entry("count-incoming-request-invite").counter().addAndGet(5_000_000_000L);
        assertEquals(new Counter64(5_000_000_000L), get(READ, "global/count-incoming-request-invite"));
    }

    @Test
    void aSecretReadsRedacted() throws IOException {
        assertEquals(new OctetString(SnmpSyntax.REDACTED), get(READ, "global/snmp-write-community"));
        assertEquals(new OctetString(SnmpSyntax.REDACTED), get(READ, "global/snmp-read-community"));
    }

    @Test
    void anUnknownOidIsNoSuchObject() throws IOException {
        PDU response = request(PDU.GET, READ, new VariableBinding(new OID(SnmpOid.ROOT + ".2.12345.0")));
        assertEquals(Null.noSuchObject, response.get(0).getVariable());
    }

    @Test
    void setWithTheWriteCommunityChangesALiveParameterAtOnce() throws IOException {
        PDU response = set(WRITE, "global/log-level", new OctetString("debug"));
        assertEquals(PDU.noError, response.getErrorStatus(), response.getErrorStatusText());
        ConfigEntry entry = config.global().entry("log-level");
        assertEquals("debug", entry.text());
        assertTrue(entry.origin().startsWith("SNMP SET"), entry.origin());
        assertEquals(new OctetString("debug"), get(READ, "global/log-level"));
    }

    @Test
    void setOfAnIntegerParameterTakesAnInteger32() throws IOException {
        assertEquals(PDU.noError, set(WRITE, "global/sofia-level", new Integer32(7)).getErrorStatus());
        assertEquals(7, config.global().getInt("sofia-level"));
    }

    @Test
    void setWithTheReadCommunityIsRefusedAndChangesNothing() throws IOException {
        PDU response = set(READ, "global/log-level", new OctetString("debug"));
        assertEquals(PDU.authorizationError, response.getErrorStatus(), response.getErrorStatusText());
        assertEquals("error", config.global().getString("log-level"));
    }

    @Test
    void setOfAParameterThatCannotChangeWhileRunningIsNotWritable() throws IOException {
        PDU response = set(WRITE, "global/transports", new OctetString("sip:127.0.0.1:5070"));
        assertEquals(PDU.notWritable, response.getErrorStatus(), response.getErrorStatusText());
        assertEquals("sip:*", config.global().entry("transports").text());
    }

    @Test
    void setOfACounterOrTheVersionIsNotWritable() throws IOException {
        assertEquals(PDU.notWritable, set(WRITE, "global/count-reply-200", new Counter64(9)).getErrorStatus());
        assertEquals(PDU.notWritable,
                set(WRITE, "global/version-number", new OctetString("1.0")).getErrorStatus());
    }

    @Test
    void setOfAnInvalidValueIsWrongValue() throws IOException {
        assertEquals(PDU.wrongValue, set(WRITE, "global/log-level", new OctetString("verbose")).getErrorStatus());
        assertEquals(PDU.wrongValue, set(WRITE, "global/sofia-level", new Integer32(12)).getErrorStatus());
        assertEquals(PDU.wrongValue, set(WRITE, "global/show-body-for", new OctetString(" ")).getErrorStatus());
        assertEquals(PDU.wrongValue,
                set(WRITE, "global/log-level", new OctetString(new byte[] {(byte) 0xC3, 0x28})).getErrorStatus());
        assertEquals("error", config.global().getString("log-level"));
    }

    @Test
    void setOfAValueOfAnotherSyntaxIsWrongType() throws IOException {
        assertEquals(PDU.wrongType, set(WRITE, "global/log-level", new Integer32(1)).getErrorStatus());
    }

    @Test
    void aSetRequestThatFailsOnOneVariableChangesNone() throws IOException {
        PDU response = request(PDU.SET, WRITE,
                new VariableBinding(oid("global/log-level"), new OctetString("debug")),
                new VariableBinding(oid("global/syslog-level"), new OctetString("loud")));
        assertEquals(PDU.wrongValue, response.getErrorStatus());
        assertEquals(2, response.getErrorIndex());
        assertEquals("error", config.global().getString("log-level"));
        assertEquals("error", config.global().getString("syslog-level"));
    }

    @Test
    void aRequestWithAnUnknownCommunityGetsNoAnswer() throws IOException {
        CommunityTarget<UdpAddress> target = target("guess");
        target.setTimeout(300);
        target.setRetries(0);
        PDU pdu = new PDU();
        pdu.setType(PDU.GET);
        pdu.add(new VariableBinding(oid("global/log-level")));
        assertNull(manager.send(pdu, target).getResponse());
    }

    @Test
    void withoutWriteCommunityNobodyWrites() throws Exception {
        try (SnmpAgent readOnly = SnmpAgent.start(config, new SnmpAgentSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.of(READ), Optional.empty(),
                List.of(), List.of(), "public"), errors, SipClock.system())) {
            CommunityTarget<UdpAddress> target = new CommunityTarget<>(new UdpAddress(
                    readOnly.address().getAddress(), readOnly.address().getPort()), new OctetString(READ));
            target.setVersion(SnmpConstants.version2c);
            target.setTimeout(5_000);
            PDU pdu = new PDU();
            pdu.setType(PDU.SET);
            pdu.add(new VariableBinding(oid("global/log-level"), new OctetString("debug")));
            PDU response = manager.send(pdu, target).getResponse();
            assertNotNull(response, "no answer");
            assertEquals(PDU.authorizationError, response.getErrorStatus());
        }
    }

    @Test
    void setOfAModuleParameterGoesThroughTheSamePathAsTheRestApi() throws IOException {
        PDU response = set(WRITE, "module::Authentication/trusted-hosts", new OctetString("192.0.2.1 192.0.2.2"));
        assertEquals(PDU.noError, response.getErrorStatus(), response.getErrorStatusText());
        assertEquals(List.of("192.0.2.1", "192.0.2.2"),
                config.section("module::Authentication").orElseThrow().getStringList("trusted-hosts"));
    }

    @Test
    void snmpV1CanReadToo() throws IOException {
        CommunityTarget<UdpAddress> target = target(READ);
        target.setVersion(SnmpConstants.version1);
        PDU pdu = new org.snmp4j.PDUv1();
        pdu.setType(PDU.GET);
        pdu.add(new VariableBinding(oid("global/log-level")));
        ResponseEvent<UdpAddress> event = manager.send(pdu, target);
        assertNotNull(event.getResponse(), "no answer");
        assertEquals(new OctetString("error"), event.getResponse().get(0).getVariable());
    }

    @Test
    void anSnmpV3UserReadsAndARwUserWritesAtTheAuthPrivLevel() throws IOException {
        try (Snmp v3 = v3Manager(ADMIN, OBSERVER)) {
            assertEquals(new OctetString(VERSION), v3Request(v3, OBSERVER, SecurityLevel.AUTH_PRIV, PDU.GET,
                    new VariableBinding(oid("global/version-number"))).get(0).getVariable());
            PDU set = v3Request(v3, ADMIN, SecurityLevel.AUTH_PRIV, PDU.SET,
                    new VariableBinding(oid("global/log-level"), new OctetString("warning")));
            assertEquals(PDU.noError, set.getErrorStatus(), set.getErrorStatusText());
            assertEquals("warning", config.global().getString("log-level"));
        }
    }

    @Test
    void aReadOnlySnmpV3UserCannotSet() throws IOException {
        try (Snmp v3 = v3Manager(OBSERVER)) {
            PDU set = v3Request(v3, OBSERVER, SecurityLevel.AUTH_PRIV, PDU.SET,
                    new VariableBinding(oid("global/log-level"), new OctetString("warning")));
            assertEquals(PDU.authorizationError, set.getErrorStatus());
            assertEquals("error", config.global().getString("log-level"));
        }
    }

    @Test
    void snmpV3WithoutEncryptionIsRefused() throws IOException {
        try (Snmp v3 = v3Manager(ADMIN)) {
            PDU get = v3Request(v3, ADMIN, SecurityLevel.AUTH_NOPRIV, PDU.GET,
                    new VariableBinding(oid("global/log-level")));
            assertEquals(PDU.authorizationError, get.getErrorStatus());
        }
    }

    @Test
    void snmpV3WithAWrongPassphraseGetsNoValue() throws IOException {
        SnmpUser impostor = new SnmpUser(ADMIN.name(), true, "not-the-passphrase", ADMIN.privPassphrase());
        try (Snmp v3 = v3Manager(impostor)) {
            ScopedPDU pdu = new ScopedPDU();
            pdu.setType(PDU.GET);
            pdu.add(new VariableBinding(oid("global/log-level")));
            UserTarget<UdpAddress> target = v3Target(impostor, SecurityLevel.AUTH_PRIV);
            target.setTimeout(500);
            target.setRetries(0);
            PDU response = v3.send(pdu, target).getResponse();
            assertTrue(response == null || response.getType() == PDU.REPORT, String.valueOf(response));
        }
    }

    private Snmp v3Manager(SnmpUser... users) throws IOException {
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.defaultSecurity);
        byte[] engineId = MPv3.createLocalEngineID(new OctetString("test-manager"));
        USM usm = new USM(protocols, new OctetString(engineId), 0);
        for (SnmpUser u : users) {
            usm.addUser(new UsmUser(new OctetString(u.name()), AuthHMAC192SHA256.ID,
                    new OctetString(u.authPassphrase()), PrivAES128.ID, new OctetString(u.privPassphrase())));
        }
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv3(engineId, null, protocols,
                SecurityModels.getCollection(new SecurityModel[] {usm}), CounterSupport.getInstance()));
        Snmp v3 = new Snmp(dispatcher, new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getLoopbackAddress(), 0)));
        v3.listen();
        return v3;
    }

    private UserTarget<UdpAddress> v3Target(SnmpUser user, int securityLevel) {
        UserTarget<UdpAddress> target = new UserTarget<>();
        target.setAddress(new UdpAddress(agent.address().getAddress(), agent.address().getPort()));
        target.setVersion(SnmpConstants.version3);
        target.setSecurityLevel(securityLevel);
        target.setSecurityName(new OctetString(user.name()));
        target.setTimeout(5_000);
        target.setRetries(1);
        return target;
    }

    private PDU v3Request(Snmp v3, SnmpUser user, int securityLevel, int type, VariableBinding vb)
            throws IOException {
        ScopedPDU pdu = new ScopedPDU();
        pdu.setType(type);
        pdu.add(vb);
        PDU response = v3.send(pdu, v3Target(user, securityLevel)).getResponse();
        assertNotNull(response, "no answer from the agent");
        assertEquals(PDU.RESPONSE, response.getType(), response.toString());
        return response;
    }

    private Variable get(String community, String path) throws IOException {
        return request(PDU.GET, community, new VariableBinding(oid(path))).get(0).getVariable();
    }

    private PDU set(String community, String path, Variable value) throws IOException {
        return request(PDU.SET, community, new VariableBinding(oid(path), value));
    }

    private OID oid(String path) {
        return new OID(schema.entry(path).orElseThrow().oid() + ".0");
    }

    private PDU request(int type, String community, VariableBinding... bindings) throws IOException {
        PDU pdu = new PDU();
        pdu.setType(type);
        for (VariableBinding vb : bindings) {
            pdu.add(vb);
        }
        ResponseEvent<UdpAddress> event = manager.send(pdu, target(community));
        assertNotNull(event.getResponse(), "no answer from the agent");
        return assertInstanceOf(PDU.class, event.getResponse());
    }

    private CommunityTarget<UdpAddress> target(String community) {
        CommunityTarget<UdpAddress> target = new CommunityTarget<>(
                new UdpAddress(agent.address().getAddress(), agent.address().getPort()),
                new OctetString(community.getBytes(StandardCharsets.UTF_8)));
        target.setVersion(SnmpConstants.version2c);
        target.setTimeout(5_000);
        target.setRetries(1);
        return target;
    }
}
