package org.flexisip.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnmpOidTest {

    @Test
    void hashedLeavesMatchTheExamplesOfTheSpec() {
        assertEquals(894990596L, SnmpOid.hashedLeaf("log-level"));
        assertEquals(1710654217L, SnmpOid.hashedLeaf("reg-domains"));
        assertEquals(56191580L, SnmpOid.hashedLeaf("cluster"));
    }
}
