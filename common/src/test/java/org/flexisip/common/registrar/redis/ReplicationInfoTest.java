package org.flexisip.common.registrar.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReplicationInfoTest {
    @Test
    void masterListsItsOnlineReplicas() {
        ReplicationInfo info = ReplicationInfo.parse("""
                # Replication\r
                role:master\r
                connected_slaves:2\r
                slave0:ip=192.0.2.2,port=6380,state=online,offset=42,lag=0\r
                slave1:ip=192.0.2.3,port=6381,state=wait_bgsave,offset=0,lag=0\r
                master_replid:8f1e\r
                """);
        assertFalse(info.replica());
        assertEquals(List.of(new RedisEndpoint("192.0.2.2", 6380)), info.replicas());
        assertEquals(Optional.empty(), info.master());
    }

    @Test
    void replicaNamesItsMasterAndTheLinkState() {
        ReplicationInfo up = ReplicationInfo.parse("role:slave\nmaster_host:192.0.2.1\nmaster_port:6379\n"
                + "master_link_status:up\n");
        ReplicationInfo down = ReplicationInfo.parse("role:slave\nmaster_host:192.0.2.1\nmaster_port:6379\n"
                + "master_link_status:down\n");
        assertTrue(up.replica());
        assertEquals(Optional.of(new RedisEndpoint("192.0.2.1", 6379)), up.master());
        assertTrue(up.masterLinkUp());
        assertFalse(down.masterLinkUp());
    }

    @Test
    void malformedLinesAreIgnored() {
        ReplicationInfo info = ReplicationInfo.parse("role:slave\nmaster_host:\nmaster_port:x\nslave0:garbage\n");
        assertTrue(info.replica());
        assertEquals(Optional.empty(), info.master());
    }

    @Test
    void endpointUriPutsIpv6InBrackets() {
        assertEquals("redis://[::1]:6379", new RedisEndpoint("::1", 6379).uri());
        assertEquals("redis://localhost:6379", new RedisEndpoint("localhost", 6379).uri());
    }
}
