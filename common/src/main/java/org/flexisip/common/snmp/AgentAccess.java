package org.flexisip.common.snmp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flexisip.common.config.SnmpOid;
import org.snmp4j.agent.mo.snmp.CoexistenceInfo;
import org.snmp4j.agent.mo.snmp.CoexistenceInfoProvider;
import org.snmp4j.agent.security.VACM;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * Who may do what with the agent. SNMPv1/v2c: the read community reads the Flexisip tree, the write community
 * reads it and writes it, and a request with any other community is dropped and counted (RFC 3584 §5.2.1).
 * SNMPv3: each configured user reads, and writes when it is {@code rw}, but only at the authPriv level; USM has
 * already checked the user, its keys and the time window. This replaces the SNMP-COMMUNITY-MIB and VACM tables of
 * a full agent with the few rules an operator configures; the view is the Flexisip tree, nothing else.
 */
final class AgentAccess implements VACM, CoexistenceInfoProvider {
    /** Security name given to requests that carry the read community. */
    static final OctetString READER = new OctetString("flexisip-reader");
    /** Security name given to requests that carry the write community. */
    static final OctetString WRITER = new OctetString("flexisip-writer");
    private static final OctetString VIEW = new OctetString("flexisip");
    private static final OID TREE = new OID(SnmpOid.ROOT);

    private final Optional<byte[]> readCommunity;
    private final Optional<byte[]> writeCommunity;
    private final Map<OctetString, SnmpUser> users = new HashMap<>();
    private final OctetString engineId;

    /**
     * @param readCommunity  the community that may read; empty for none
     * @param writeCommunity the community that may read and write; empty for none
     * @param users          the SNMPv3 users
     * @param engineId       the agent's context engine ID
     */
    AgentAccess(Optional<String> readCommunity, Optional<String> writeCommunity, List<SnmpUser> users,
            OctetString engineId) {
        this.readCommunity = readCommunity.map(c -> c.getBytes(StandardCharsets.UTF_8));
        this.writeCommunity = writeCommunity.map(c -> c.getBytes(StandardCharsets.UTF_8));
        users.forEach(u -> this.users.put(new OctetString(u.name()), u));
        this.engineId = engineId;
    }

    @Override
    public CoexistenceInfo[] getCoexistenceInfo(OctetString community) {
        byte[] given = community.getValue();
        // The write community first: when both are the same, that community may write.
        if (writeCommunity.filter(c -> MessageDigest.isEqual(c, given)).isPresent()) {
            return new CoexistenceInfo[] {new CoexistenceInfo(WRITER, engineId, new OctetString())};
        }
        if (readCommunity.filter(c -> MessageDigest.isEqual(c, given)).isPresent()) {
            return new CoexistenceInfo[] {new CoexistenceInfo(READER, engineId, new OctetString())};
        }
        return null; // SNMP4J's contract: unknown community, the request is dropped.
    }

    /** Only for proxy forwarding and notifications through the target MIB, which this agent does not use. */
    @Override
    public OctetString getCommunity(OctetString securityName, OctetString contextEngineID,
            OctetString contextName) {
        return null;
    }

    @Override
    public boolean passesFilter(Address address, CoexistenceInfo coexistenceInfo) {
        return true;
    }

    @Override
    public int isAccessAllowed(OctetString context, OctetString securityName, int securityModel,
            int securityLevel, int viewType, OID oid) {
        OctetString view = getViewName(context, securityName, securityModel, securityLevel, viewType);
        return view == null ? VACM_NO_SUCH_VIEW : isAccessAllowed(view, oid);
    }

    @Override
    public int isAccessAllowed(OctetString viewName, OID oid) {
        return VIEW.equals(viewName) && oid.startsWith(TREE) ? VACM_OK : VACM_NOT_IN_VIEW;
    }

    @Override
    public OctetString getViewName(OctetString context, OctetString securityName, int securityModel,
            int securityLevel, int viewType) {
        if (!hasContext(context)) {
            return null;
        }
        boolean allowed = switch (securityModel) {
            case SecurityModel.SECURITY_MODEL_SNMPv1, SecurityModel.SECURITY_MODEL_SNMPv2c ->
                    WRITER.equals(securityName) || (READER.equals(securityName) && viewType != VIEW_WRITE);
            case SecurityModel.SECURITY_MODEL_USM -> {
                SnmpUser user = users.get(securityName);
                yield user != null && securityLevel == SecurityLevel.AUTH_PRIV
                        && (user.mayWrite() || viewType != VIEW_WRITE);
            }
            default -> false;
        };
        return allowed ? VIEW : null;
    }

    @Override
    public boolean hasContext(OctetString contextName) {
        return contextName == null || contextName.length() == 0;
    }
}
