package org.flexisip.common.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The OID rules of spec/snmp.md §1: enterprise 10000, fixed leaves for modules, hashed leaves for the rest. */
public final class SnmpOid {
    /** {@code 1.3.6.1.4.1.10000.1}: the Flexisip root under enterprise 10000. */
    public static final String ROOT = "1.3.6.1.4.1.10000.1";
    public static final int NOTIF_LEAF = 1;
    public static final int GLOBAL_LEAF = 2;
    public static final int VERSION_NUMBER_LEAF = 999;
    public static final int RUNTIME_ERROR_LEAF = 998;
    public static final int ENABLED_LEAF = 1;
    public static final int FILTER_LEAF = 2;
    public static final int FROM_DOMAINS_LEAF = 3;
    public static final int TO_DOMAINS_LEAF = 4;

    private SnmpOid() {
    }

    /**
     * The hashed leaf of an entry (spec/snmp.md §1.4): the first four bytes of MD5(name) read as a big-endian
     * unsigned integer, halved. The name is the entry's own name, not its path.
     */
    public static long hashedLeaf(String name) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides MD5", e);
        }
        long value = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return value / 2;
    }
}
