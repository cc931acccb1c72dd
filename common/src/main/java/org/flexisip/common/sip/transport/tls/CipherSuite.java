package org.flexisip.common.sip.transport.tls;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A JVM cipher suite (IANA name, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}) described by the traits that
 * OpenSSL cipher strings select on, with its OpenSSL name ({@code ECDHE-RSA-AES128-GCM-SHA256}).
 *
 * <p>The traits follow OpenSSL 1.1/3.0 ({@code ssl/s3_lib.c}, {@code ciphers(1)}): an AEAD suite has no separate
 * MAC (so {@code SHA256} does not select {@code AES128-GCM-SHA256}); anonymous DH counts as ephemeral DH; 3DES, RC4,
 * SEED and IDEA are MEDIUM; the minimum protocol is TLS 1.2 for AEAD and SHA-2 MAC suites (but TLS 1.0 for SHA-2
 * PSK suites), TLS 1.0 for the other elliptic-curve and ECDHE-PSK suites and SSL 3.0 for the rest. Names and
 * protocols are checked against {@code openssl ciphers -stdname} by {@code OpenSslCrossCheckTest}.
 */
record CipherSuite(String javaName, String openSslName, KeyExchange keyExchange, Authentication authentication,
        Cipher cipher, Mac mac, Protocol minimumProtocol, boolean export) {

    enum KeyExchange { RSA, DHE, ECDHE, DH, ECDH, PSK, DHE_PSK, ECDHE_PSK, RSA_PSK, SRP, KRB5, ANY }

    /** {@code NONE} is anonymous ({@code aNULL}); {@code ANY} is TLS 1.3, where the certificate decides. */
    enum Authentication { RSA, DSS, ECDSA, DH, ECDH, NONE, PSK, SRP, KRB5, ANY }

    enum Mac { MD5, SHA1, SHA256, SHA384, AEAD }

    enum Protocol { SSL_V3, TLS_V1, TLS_V1_2, TLS_V1_3 }

    enum Strength { HIGH, MEDIUM, LOW, EXPORT, NONE }

    enum Family { AES, CHACHA20, TRIPLE_DES, DES, RC4, RC2, NULL, CAMELLIA, ARIA, SEED, IDEA }

    /** Bulk ciphers, with their IANA token, OpenSSL token and strength bits as OpenSSL counts them. */
    enum Cipher {
        AES_128_CBC("AES_128_CBC", "AES128", 128, Family.AES),
        AES_256_CBC("AES_256_CBC", "AES256", 256, Family.AES),
        AES_128_GCM("AES_128_GCM", "AES128-GCM", 128, Family.AES),
        AES_256_GCM("AES_256_GCM", "AES256-GCM", 256, Family.AES),
        AES_128_CCM("AES_128_CCM", "AES128-CCM", 128, Family.AES),
        AES_256_CCM("AES_256_CCM", "AES256-CCM", 256, Family.AES),
        AES_128_CCM_8("AES_128_CCM_8", "AES128-CCM8", 128, Family.AES),
        AES_256_CCM_8("AES_256_CCM_8", "AES256-CCM8", 256, Family.AES),
        CHACHA20_POLY1305("CHACHA20_POLY1305", "CHACHA20-POLY1305", 256, Family.CHACHA20),
        TRIPLE_DES("3DES_EDE_CBC", "DES-CBC3", 112, Family.TRIPLE_DES),
        DES("DES_CBC", "DES-CBC", 56, Family.DES),
        DES_40("DES40_CBC", "DES-CBC", 40, Family.DES),
        DES_CBC_40("DES_CBC_40", "DES-CBC", 40, Family.DES),
        RC4_128("RC4_128", "RC4", 128, Family.RC4),
        RC4_40("RC4_40", "RC4", 40, Family.RC4),
        RC2_40("RC2_CBC_40", "RC2-CBC", 40, Family.RC2),
        NULL("NULL", "NULL", 0, Family.NULL),
        CAMELLIA_128_CBC("CAMELLIA_128_CBC", "CAMELLIA128", 128, Family.CAMELLIA),
        CAMELLIA_256_CBC("CAMELLIA_256_CBC", "CAMELLIA256", 256, Family.CAMELLIA),
        ARIA_128_GCM("ARIA_128_GCM", "ARIA128-GCM", 128, Family.ARIA),
        ARIA_256_GCM("ARIA_256_GCM", "ARIA256-GCM", 256, Family.ARIA),
        SEED("SEED_CBC", "SEED", 128, Family.SEED),
        IDEA("IDEA_CBC", "IDEA-CBC", 128, Family.IDEA);

        final String ianaToken;
        final String openSslToken;
        final int bits;
        final Family family;

        Cipher(String ianaToken, String openSslToken, int bits, Family family) {
            this.ianaToken = ianaToken;
            this.openSslToken = openSslToken;
            this.bits = bits;
            this.family = family;
        }

        boolean isGcm() {
            return this == AES_128_GCM || this == AES_256_GCM || this == ARIA_128_GCM || this == ARIA_256_GCM;
        }

        boolean isCcm() {
            return this == AES_128_CCM || this == AES_256_CCM || this == AES_128_CCM_8 || this == AES_256_CCM_8;
        }

        boolean isCcm8() {
            return this == AES_128_CCM_8 || this == AES_256_CCM_8;
        }

        boolean isAead() {
            return isGcm() || isCcm() || this == CHACHA20_POLY1305;
        }
    }

    /** What precedes {@code _WITH_} in an IANA name, and the OpenSSL name prefix it becomes. */
    private record Exchange(KeyExchange keyExchange, Authentication authentication, String openSslPrefix,
            boolean export) {
    }

    private static final Map<String, Exchange> EXCHANGES = Map.ofEntries(
            Map.entry("RSA", new Exchange(KeyExchange.RSA, Authentication.RSA, "", false)),
            Map.entry("RSA_EXPORT", new Exchange(KeyExchange.RSA, Authentication.RSA, "EXP-", true)),
            Map.entry("RSA_EXPORT1024", new Exchange(KeyExchange.RSA, Authentication.RSA, "EXP1024-", true)),
            Map.entry("DHE_RSA", new Exchange(KeyExchange.DHE, Authentication.RSA, "DHE-RSA-", false)),
            Map.entry("DHE_RSA_EXPORT", new Exchange(KeyExchange.DHE, Authentication.RSA, "EXP-EDH-RSA-", true)),
            Map.entry("DHE_DSS", new Exchange(KeyExchange.DHE, Authentication.DSS, "DHE-DSS-", false)),
            Map.entry("DHE_DSS_EXPORT", new Exchange(KeyExchange.DHE, Authentication.DSS, "EXP-EDH-DSS-", true)),
            Map.entry("DH_RSA", new Exchange(KeyExchange.DH, Authentication.DH, "DH-RSA-", false)),
            Map.entry("DH_DSS", new Exchange(KeyExchange.DH, Authentication.DH, "DH-DSS-", false)),
            Map.entry("DH_anon", new Exchange(KeyExchange.DHE, Authentication.NONE, "ADH-", false)),
            Map.entry("DH_anon_EXPORT", new Exchange(KeyExchange.DHE, Authentication.NONE, "EXP-ADH-", true)),
            Map.entry("ECDHE_RSA", new Exchange(KeyExchange.ECDHE, Authentication.RSA, "ECDHE-RSA-", false)),
            Map.entry("ECDHE_ECDSA", new Exchange(KeyExchange.ECDHE, Authentication.ECDSA, "ECDHE-ECDSA-", false)),
            Map.entry("ECDHE_PSK", new Exchange(KeyExchange.ECDHE_PSK, Authentication.PSK, "ECDHE-PSK-", false)),
            Map.entry("ECDH_RSA", new Exchange(KeyExchange.ECDH, Authentication.ECDH, "ECDH-RSA-", false)),
            Map.entry("ECDH_ECDSA", new Exchange(KeyExchange.ECDH, Authentication.ECDH, "ECDH-ECDSA-", false)),
            Map.entry("ECDH_anon", new Exchange(KeyExchange.ECDHE, Authentication.NONE, "AECDH-", false)),
            Map.entry("PSK", new Exchange(KeyExchange.PSK, Authentication.PSK, "PSK-", false)),
            Map.entry("DHE_PSK", new Exchange(KeyExchange.DHE_PSK, Authentication.PSK, "DHE-PSK-", false)),
            // OpenSSL's spelling of TLS_DHE_PSK_WITH_AES_*_CCM_8 (RFC 6655 names them TLS_PSK_DHE_WITH_...).
            Map.entry("PSK_DHE", new Exchange(KeyExchange.DHE_PSK, Authentication.PSK, "DHE-PSK-", false)),
            Map.entry("RSA_PSK", new Exchange(KeyExchange.RSA_PSK, Authentication.RSA, "RSA-PSK-", false)),
            Map.entry("KRB5", new Exchange(KeyExchange.KRB5, Authentication.KRB5, "KRB5-", false)),
            Map.entry("KRB5_EXPORT", new Exchange(KeyExchange.KRB5, Authentication.KRB5, "EXP-KRB5-", true)),
            Map.entry("SRP_SHA", new Exchange(KeyExchange.SRP, Authentication.SRP, "SRP-", false)),
            Map.entry("SRP_SHA_RSA", new Exchange(KeyExchange.SRP, Authentication.RSA, "SRP-RSA-", false)),
            Map.entry("SRP_SHA_DSS", new Exchange(KeyExchange.SRP, Authentication.DSS, "SRP-DSS-", false)));

    /** TLS 1.3 suites: OpenSSL uses the IANA names for them. */
    private static final Map<String, Cipher> TLS13 = Map.of(
            "TLS_AES_128_GCM_SHA256", Cipher.AES_128_GCM,
            "TLS_AES_256_GCM_SHA384", Cipher.AES_256_GCM,
            "TLS_CHACHA20_POLY1305_SHA256", Cipher.CHACHA20_POLY1305,
            "TLS_AES_128_CCM_SHA256", Cipher.AES_128_CCM,
            "TLS_AES_128_CCM_8_SHA256", Cipher.AES_128_CCM_8);

    static boolean isTls13Name(String name) {
        return TLS13.containsKey(name);
    }

    boolean isTls13() {
        return minimumProtocol == Protocol.TLS_V1_3;
    }

    int strengthBits() {
        return cipher.bits;
    }

    Strength strength() {
        if (export) {
            return Strength.EXPORT;
        }
        return switch (cipher.family) {
            case AES, CHACHA20, CAMELLIA, ARIA -> Strength.HIGH;
            case TRIPLE_DES, RC4, SEED, IDEA -> Strength.MEDIUM;
            case DES, RC2 -> cipher.bits >= 56 ? Strength.LOW : Strength.EXPORT;
            case NULL -> Strength.NONE;
        };
    }

    /**
     * Classifies a name the JVM lists. Empty for names that are not cipher suites (the renegotiation SCSV) or whose
     * shape is unknown: OpenSSL keywords cannot select those, so they are never enabled.
     */
    static Optional<CipherSuite> parse(String javaName) {
        Cipher tls13 = TLS13.get(javaName);
        if (tls13 != null) {
            return Optional.of(new CipherSuite(javaName, javaName, KeyExchange.ANY, Authentication.ANY, tls13,
                    Mac.AEAD, Protocol.TLS_V1_3, false));
        }
        int with = javaName.indexOf("_WITH_");
        if (with < 0 || !(javaName.startsWith("TLS_") || javaName.startsWith("SSL_"))) {
            return Optional.empty();
        }
        Exchange exchange = EXCHANGES.get(javaName.substring(4, with));
        if (exchange == null) {
            return Optional.empty();
        }
        String rest = javaName.substring(with + "_WITH_".length());
        Mac mac;
        String hash;
        String cipherToken;
        if (rest.endsWith("_CCM") || rest.endsWith("_CCM_8")) {
            mac = Mac.AEAD;
            hash = "";
            cipherToken = rest;
        } else {
            int last = rest.lastIndexOf('_');
            if (last < 0) {
                return Optional.empty();
            }
            hash = rest.substring(last + 1);
            cipherToken = rest.substring(0, last);
            mac = switch (hash) {
                case "MD5" -> Mac.MD5;
                case "SHA" -> Mac.SHA1;
                case "SHA256" -> Mac.SHA256;
                case "SHA384" -> Mac.SHA384;
                default -> null;
            };
            if (mac == null) {
                return Optional.empty();
            }
        }
        Optional<Cipher> cipher = Arrays.stream(Cipher.values())
                .filter(c -> c.ianaToken.equals(cipherToken)).findFirst();
        if (cipher.isEmpty()) {
            return Optional.empty();
        }
        Cipher c = cipher.get();
        if (c.isAead()) {
            mac = Mac.AEAD;
        }
        Protocol protocol;
        if (mac == Mac.AEAD || (mac == Mac.SHA256 || mac == Mac.SHA384) && !isPsk(exchange.keyExchange)) {
            protocol = Protocol.TLS_V1_2;
        } else if (exchange.keyExchange == KeyExchange.ECDHE || exchange.keyExchange == KeyExchange.ECDH
                || exchange.keyExchange == KeyExchange.ECDHE_PSK || mac == Mac.SHA256 || mac == Mac.SHA384) {
            // RFC 5487 defines the SHA-2 PSK suites for TLS 1.0 already.
            protocol = Protocol.TLS_V1;
        } else {
            protocol = Protocol.SSL_V3;
        }
        // OpenSSL drops the authentication from the name of the ECDHE-RSA ARIA suites (ECDHE-ARIA128-GCM-SHA256).
        String prefix = exchange.openSslPrefix.equals("ECDHE-RSA-") && c.family == Family.ARIA ? "ECDHE-"
                : exchange.openSslPrefix;
        String openSslName = prefix + openSslBody(exchange.keyExchange, c, hash);
        return Optional.of(new CipherSuite(javaName, openSslName, exchange.keyExchange, exchange.authentication, c,
                mac, protocol, exchange.export || c.bits == 40));
    }

    /** The OpenSSL name after the key-exchange prefix, with the irregular PSK and SRP spellings. */
    private static boolean isPsk(KeyExchange keyExchange) {
        return keyExchange == KeyExchange.PSK || keyExchange == KeyExchange.DHE_PSK
                || keyExchange == KeyExchange.ECDHE_PSK || keyExchange == KeyExchange.RSA_PSK;
    }

    boolean isPsk() {
        return isPsk(keyExchange);
    }

    /**
     * OpenSSL 1.1+ leaves these out of {@code DEFAULT} ({@code SSL_NOT_DEFAULT} in {@code s3_lib.c}, plus the
     * anonymous suites): DSS, Camellia, ARIA, CCM and the weak ciphers. Fixed (EC)DH suites, which OpenSSL no longer
     * has, are left out too.
     */
    boolean isOutsideOpenSslDefault() {
        return (authentication == Authentication.NONE && cipher.family != Family.NULL)
                || authentication == Authentication.DSS || keyExchange == KeyExchange.DH
                || keyExchange == KeyExchange.ECDH || cipher.isCcm() || export
                || switch (cipher.family) {
                    case CAMELLIA, ARIA, TRIPLE_DES, RC4, RC2, DES, SEED, IDEA -> true;
                    case AES, CHACHA20, NULL -> false;
                };
    }

    private static String openSslBody(KeyExchange keyExchange, Cipher cipher, String hash) {
        boolean psk = isPsk(keyExchange);
        String token = cipher.openSslToken;
        if (psk && (cipher == Cipher.AES_128_CBC || cipher == Cipher.AES_256_CBC)) {
            token = cipher.openSslToken + "-CBC";
        } else if (keyExchange == KeyExchange.SRP && (cipher == Cipher.AES_128_CBC || cipher == Cipher.AES_256_CBC)) {
            token = cipher == Cipher.AES_128_CBC ? "AES-128-CBC" : "AES-256-CBC";
        } else if ((psk || keyExchange == KeyExchange.SRP) && cipher == Cipher.TRIPLE_DES) {
            token = "3DES-EDE-CBC";
        }
        if (cipher == Cipher.CHACHA20_POLY1305 || hash.isEmpty()) {
            return token;
        }
        return token + "-" + hash;
    }
}
