package org.flexisip.common.sip.transport.tls;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.flexisip.common.config.ConfigSection;

/**
 * The effective TLS settings of one {@code sips:} transport: its URI parameters over the {@code [global]} ones
 * (spec/global.md §3.7-3.8 and §7).
 *
 * <p>Certificate, first match wins (§7.2): URI file and key; URI {@code tls-certificates-dir}; global file and key;
 * global {@code tls-certificates-dir} (deprecated; {@code agent.pem} holds chain and key). The CA bundle follows the
 * same order parameter by parameter: URI {@code tls-certificates-ca-file}; the {@code cafile.pem} of the directory the
 * certificate came from, when that file exists; global {@code tls-certificates-ca-file}; otherwise the JVM's trust
 * store. Empty values count as unset.
 *
 * <p>Verification: {@code tls-verify-incoming=1}, its deprecated alias {@code require-peer-certificate=1} or global
 * {@code require-peer-certificate=true} asks clients for a certificate; the global flag adds verification to every
 * transport (§7.5), so a URI {@code tls-verify-incoming=0} cannot lift it (a warning says so).
 * {@code tls-allow-missing-client-certificate=1} then accepts clients that send none. {@code tls-verify-outgoing}
 * (default 1) checks the chain and host name of servers we connect to.
 *
 * <p>Parameters of the URI that are not about TLS ({@code maddr}, ...) are left to the transport parser.
 *
 * @param certificate                   where the transport's own certificate and key are read from
 * @param trust                         where the certificates that verify peers are read from
 * @param ciphers                       the OpenSSL cipher string ({@code [global] tls-ciphers})
 * @param verifyIncoming                ask clients for a certificate and verify it
 * @param allowMissingClientCertificate with {@code verifyIncoming}, accept a client that sends no certificate
 * @param verifyOutgoing                verify the chain and host name of the servers we connect to
 * @param clientOnly                    {@code tls-client-connection=1}: no listening socket, certificate optional
 * @param warnings                      deprecated or ineffective settings, one line each
 */
public record TlsSettings(CertificateSource certificate, TrustSource trust, String ciphers, boolean verifyIncoming,
        boolean allowMissingClientCertificate, boolean verifyOutgoing, boolean clientOnly, List<String> warnings) {

    public static final String CERTIFICATES_FILE = "tls-certificates-file";
    public static final String CERTIFICATES_PRIVATE_KEY = "tls-certificates-private-key";
    public static final String CERTIFICATES_CA_FILE = "tls-certificates-ca-file";
    public static final String CERTIFICATES_DIR = "tls-certificates-dir";
    public static final String CIPHERS = "tls-ciphers";
    public static final String VERIFY_INCOMING = "tls-verify-incoming";
    public static final String REQUIRE_PEER_CERTIFICATE = "require-peer-certificate";
    public static final String ALLOW_MISSING_CLIENT_CERTIFICATE = "tls-allow-missing-client-certificate";
    public static final String VERIFY_OUTGOING = "tls-verify-outgoing";
    public static final String CLIENT_CONNECTION = "tls-client-connection";

    /** File names inside the deprecated {@code tls-certificates-dir}, as sofia-sip reads them. */
    public static final String AGENT_PEM = "agent.pem";
    public static final String CA_FILE_PEM = "cafile.pem";

    public TlsSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(ciphers, "ciphers");
        warnings = List.copyOf(warnings);
    }

    /** Where a transport's own certificate chain and private key come from. */
    public sealed interface CertificateSource {
        /** No certificate: allowed for client-only transports. */
        record None() implements CertificateSource {
        }

        /** {@code tls-certificates-file} and {@code tls-certificates-private-key}. */
        record PemFiles(Path chain, Path privateKey) implements CertificateSource {
        }

        /** The deprecated {@code tls-certificates-dir}. */
        record Directory(Path directory) implements CertificateSource {
            /** Chain and key in one file. */
            public Path agentPem() {
                return directory.resolve(AGENT_PEM);
            }

            /** The CA bundle, used when present. */
            public Path caFile() {
                return directory.resolve(CA_FILE_PEM);
            }
        }
    }

    /** Where the certificates trusted to verify peers come from. */
    public sealed interface TrustSource {
        /** The JVM's default trust store ({@code cacerts}). */
        record JvmDefault() implements TrustSource {
        }

        /** A CA bundle that must be readable. */
        record CaFile(Path file) implements TrustSource {
        }

        /** The {@code cafile.pem} of a certificate directory: used if it exists, else the JVM's trust store. */
        record CaFileIfPresent(Path file) implements TrustSource {
        }
    }

    /**
     * The TLS parameters of {@code [global]}.
     *
     * @param certificatesDirectory deprecated; its schema default {@code /etc/flexisip/tls/} makes it the last resort
     */
    public record Global(Optional<Path> certificatesFile, Optional<Path> privateKey, Optional<Path> caFile,
            Optional<Path> certificatesDirectory, String ciphers, boolean requirePeerCertificate) {

        public Global {
            Objects.requireNonNull(certificatesFile, "certificatesFile");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(certificatesDirectory, "certificatesDirectory");
            Objects.requireNonNull(ciphers, "ciphers");
        }

        /** Nothing configured: no certificate, the JVM's trust store, Flexisip's default ciphers. */
        public static Global none() {
            return new Global(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    OpenSslCipherList.DEFAULT_CIPHERS, false);
        }

        /** Reads the loaded {@code [global]} section. */
        public static Global from(ConfigSection global) throws TlsConfigurationException {
            return new Global(path(global.getString(CERTIFICATES_FILE), "[global] " + CERTIFICATES_FILE),
                    path(global.getString(CERTIFICATES_PRIVATE_KEY), "[global] " + CERTIFICATES_PRIVATE_KEY),
                    path(global.getString(CERTIFICATES_CA_FILE), "[global] " + CERTIFICATES_CA_FILE),
                    path(global.getString(CERTIFICATES_DIR), "[global] " + CERTIFICATES_DIR),
                    global.getString(CIPHERS), global.getBoolean(REQUIRE_PEER_CERTIFICATE));
        }
    }

    /**
     * Resolves the settings of one {@code sips:} transport.
     *
     * @param uriParameters the parameters of its URI (names case-insensitive, RFC 3261 §19.1.4)
     * @throws TlsConfigurationException a file given without its key or the reverse (§7.1), a flag that is not
     *                                   {@code 0} or {@code 1}, or a listening transport with no certificate
     */
    public static TlsSettings resolve(Map<String, String> uriParameters, Global global)
            throws TlsConfigurationException {
        Map<String, String> uri = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        uri.putAll(uriParameters);
        List<String> warnings = new ArrayList<>();

        Optional<Path> uriFile = uriPath(uri, CERTIFICATES_FILE);
        Optional<Path> uriKey = uriPath(uri, CERTIFICATES_PRIVATE_KEY);
        Optional<Path> uriCa = uriPath(uri, CERTIFICATES_CA_FILE);
        Optional<Path> uriDir = uriPath(uri, CERTIFICATES_DIR);
        requirePair(uriFile, uriKey, "on the transport URI");
        requirePair(global.certificatesFile(), global.privateKey(), "in [global]");

        boolean verifyIncomingFlag = flag(uri, VERIFY_INCOMING, false);
        boolean requirePeerFlag = flag(uri, REQUIRE_PEER_CERTIFICATE, false);
        boolean allowMissing = flag(uri, ALLOW_MISSING_CLIENT_CERTIFICATE, false);
        boolean verifyOutgoing = flag(uri, VERIFY_OUTGOING, true);
        boolean clientOnly = flag(uri, CLIENT_CONNECTION, false);

        CertificateSource certificate;
        Optional<TrustSource> directoryTrust = Optional.empty();
        if (uriFile.isPresent()) {
            certificate = new CertificateSource.PemFiles(uriFile.get(), uriKey.orElseThrow());
        } else if (uriDir.isPresent()) {
            CertificateSource.Directory directory = new CertificateSource.Directory(uriDir.get());
            certificate = directory;
            directoryTrust = Optional.of(new TrustSource.CaFileIfPresent(directory.caFile()));
            warnings.add(CERTIFICATES_DIR + " on the transport URI is deprecated: use " + CERTIFICATES_FILE + ", "
                    + CERTIFICATES_PRIVATE_KEY + " and " + CERTIFICATES_CA_FILE);
        } else if (global.certificatesFile().isPresent()) {
            certificate = new CertificateSource.PemFiles(global.certificatesFile().get(), global.privateKey().orElseThrow());
        } else if (global.certificatesDirectory().isPresent()) {
            CertificateSource.Directory directory = new CertificateSource.Directory(global.certificatesDirectory().get());
            certificate = directory;
            directoryTrust = Optional.of(new TrustSource.CaFileIfPresent(directory.caFile()));
            warnings.add("certificate read from " + directory.agentPem() + " of the deprecated [global] "
                    + CERTIFICATES_DIR + ": use " + CERTIFICATES_FILE + " and " + CERTIFICATES_PRIVATE_KEY);
        } else {
            certificate = new CertificateSource.None();
        }
        if (certificate instanceof CertificateSource.None && !clientOnly) {
            throw new TlsConfigurationException("no certificate for this sips transport: set " + CERTIFICATES_FILE
                    + " and " + CERTIFICATES_PRIVATE_KEY + " on the URI or in [global]");
        }

        // A directory given on the URI outranks the global CA file, as it outranks the global certificate.
        boolean directoryFromUri = uriFile.isEmpty() && uriDir.isPresent();
        TrustSource trust;
        if (uriCa.isPresent()) {
            trust = new TrustSource.CaFile(uriCa.get());
        } else if (directoryFromUri) {
            trust = directoryTrust.orElseThrow();
        } else if (global.caFile().isPresent()) {
            trust = new TrustSource.CaFile(global.caFile().get());
        } else {
            trust = directoryTrust.orElse(new TrustSource.JvmDefault());
        }

        if (requirePeerFlag) {
            warnings.add(REQUIRE_PEER_CERTIFICATE + " on the transport URI is deprecated: use " + VERIFY_INCOMING);
        }
        if (uri.containsKey(VERIFY_INCOMING) && !verifyIncomingFlag && !requirePeerFlag
                && global.requirePeerCertificate()) {
            warnings.add(VERIFY_INCOMING + "=0 on the transport URI has no effect: [global] "
                    + REQUIRE_PEER_CERTIFICATE + "=true verifies clients on every sips transport");
        }
        boolean verifyIncoming = verifyIncomingFlag || requirePeerFlag || global.requirePeerCertificate();
        if (allowMissing && !verifyIncoming) {
            warnings.add(ALLOW_MISSING_CLIENT_CERTIFICATE + "=1 has no effect without " + VERIFY_INCOMING + "=1");
        }
        return new TlsSettings(certificate, trust, global.ciphers(), verifyIncoming, allowMissing && verifyIncoming,
                verifyOutgoing, clientOnly, warnings);
    }

    private static void requirePair(Optional<Path> file, Optional<Path> key, String where)
            throws TlsConfigurationException {
        if (file.isPresent() && key.isEmpty()) {
            throw new TlsConfigurationException(CERTIFICATES_FILE + " is set without " + CERTIFICATES_PRIVATE_KEY
                    + " " + where + ": both are needed");
        }
        if (key.isPresent() && file.isEmpty()) {
            throw new TlsConfigurationException(CERTIFICATES_PRIVATE_KEY + " is set without " + CERTIFICATES_FILE
                    + " " + where + ": both are needed");
        }
    }

    private static boolean flag(Map<String, String> uri, String name, boolean byDefault)
            throws TlsConfigurationException {
        String value = uri.get(name);
        if (value == null) {
            return byDefault;
        }
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new TlsConfigurationException(
                    "invalid " + name + "='" + value + "' on the transport URI: expected 0 or 1");
        };
    }

    private static Optional<Path> uriPath(Map<String, String> uri, String name) throws TlsConfigurationException {
        String value = uri.get(name);
        return value == null ? Optional.empty() : path(value, name + " on the transport URI");
    }

    private static Optional<Path> path(String value, String what) throws TlsConfigurationException {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.strip()));
        } catch (InvalidPathException e) {
            throw new TlsConfigurationException("invalid " + what + " '" + value + "': " + e.getReason(), e);
        }
    }
}
