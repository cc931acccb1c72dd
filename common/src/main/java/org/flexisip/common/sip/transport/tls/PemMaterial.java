package org.flexisip.common.sip.transport.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The certificate chain and private key of a TLS transport, read from PEM files as Flexisip's OpenSSL does.
 *
 * <p>The JDK reads neither PEM chains nor PKCS#1, EC or encrypted keys, so Bouncy Castle parses the blocks. Keys
 * accepted: {@code RSA PRIVATE KEY} (PKCS#1), {@code EC PRIVATE KEY}, {@code PRIVATE KEY} (PKCS#8),
 * {@code ENCRYPTED PRIVATE KEY} (PKCS#8) and legacy OpenSSL encryption ({@code Proc-Type: 4,ENCRYPTED}); the last
 * two need the passphrase of {@code --p12-passphrase-file}. Every failure names the file and the reason.
 *
 * @param chain      leaf first, then the intermediates, as OpenSSL's {@code use_certificate_chain_file} expects
 * @param privateKey the key of {@link #leaf()}
 */
public record PemMaterial(List<X509Certificate> chain, PrivateKey privateKey) {

    /*
     * Bouncy Castle decrypts the encrypted keys: OpenSSL writes PBES2 variants and legacy MD5-derived keys that the
     * JDK's providers do not all cover. The instance is used directly and never registered, so the JVM's provider
     * list is untouched and the decoded keys stay plain JDK keys that SunJSSE can sign with.
     */
    private static final Provider DECRYPTION_PROVIDER = new BouncyCastleProvider();

    private static final String CHAIN = "certificate chain";
    private static final String KEY = "private key";
    private static final String COMBINED = "certificate chain and private key";
    private static final String CA = "CA file";

    public PemMaterial {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain holds at least the leaf certificate");
        }
    }

    /** The certificate presented to peers: the first of the chain. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Never the key: the JDK's own {@code toString} of an RSA key prints its private exponent. */
    @Override
    public String toString() {
        return "PemMaterial[leaf=" + leaf().getSubjectX500Principal().getName() + ", chain=" + chain.size()
                + " certificates, key=" + privateKey.getAlgorithm() + "]";
    }

    /**
     * Reads {@code tls-certificates-file} and {@code tls-certificates-private-key} and checks that they belong
     * together.
     */
    public static PemMaterial read(Path chainFile, Path keyFile, Optional<char[]> passphrase)
            throws TlsConfigurationException {
        List<X509Certificate> chain = readCertificateChain(chainFile);
        PrivateKey key = readPrivateKey(keyFile, passphrase);
        requireMatch(chain.get(0), key, chainFile, keyFile);
        return new PemMaterial(chain, key);
    }

    /**
     * Reads one file holding both the chain and the key, in any order: the {@code agent.pem} of the deprecated
     * {@code tls-certificates-dir}.
     */
    public static PemMaterial readCombined(Path file, Optional<char[]> passphrase) throws TlsConfigurationException {
        List<Object> blocks = readBlocks(file, COMBINED);
        List<X509Certificate> chain = certificatesOf(blocks, file, COMBINED);
        List<Object> keys = blocks.stream().filter(PemMaterial::isPrivateKey).toList();
        if (keys.isEmpty()) {
            throw failure(COMBINED, file, "no PEM private key block");
        }
        if (keys.size() > 1) {
            throw failure(COMBINED, file, keys.size() + " private keys, expected one");
        }
        PrivateKey key = toPrivateKey(keys.get(0), file, COMBINED, passphrase);
        requireMatch(chain.get(0), key, file, file);
        return new PemMaterial(chain, key);
    }

    /** Every {@code CERTIFICATE} block of the file, in order. */
    public static List<X509Certificate> readCertificateChain(Path file) throws TlsConfigurationException {
        return certificatesOf(readBlocks(file, CHAIN), file, CHAIN);
    }

    /** The single private key of the file, decrypted with the passphrase when it is encrypted. */
    public static PrivateKey readPrivateKey(Path file, Optional<char[]> passphrase) throws TlsConfigurationException {
        List<Object> keys = readBlocks(file, KEY).stream().filter(PemMaterial::isPrivateKey).toList();
        if (keys.isEmpty()) {
            throw failure(KEY, file, "no PEM private key block");
        }
        if (keys.size() > 1) {
            throw failure(KEY, file, keys.size() + " private keys, expected one");
        }
        return toPrivateKey(keys.get(0), file, KEY, passphrase);
    }

    /** The certificates of a CA bundle as trust anchors ({@code tls-certificates-ca-file}). */
    public static KeyStore readTrustStore(Path caFile) throws TlsConfigurationException {
        List<X509Certificate> authorities = certificatesOf(readBlocks(caFile, CA), caFile, CA);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw failure(CA, caFile, "cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** A PKIX trust manager factory trusting exactly the certificates of the CA bundle. */
    public static TrustManagerFactory readTrustManagerFactory(Path caFile) throws TlsConfigurationException {
        KeyStore store = readTrustStore(caFile);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw failure(CA, caFile, "cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    private static List<Object> readBlocks(Path file, String what) throws TlsConfigurationException {
        if (Files.isDirectory(file)) {
            throw failure(what, file, "is a directory");
        }
        String text;
        try {
            // PEM is ASCII; Latin-1 never fails on stray bytes, which the parser then reports.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw failure(what, file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw failure(what, file, "permission denied", e);
        } catch (IOException e) {
            throw failure(what, file, Objects.toString(e.getMessage(), e.getClass().getSimpleName()), e);
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle reports bad base64 and bad ASN.1 with unchecked exceptions.
            throw failure(what, file, "malformed PEM: " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw failure(what, file, "no PEM block");
        }
        return blocks;
    }

    private static List<X509Certificate> certificatesOf(List<Object> blocks, Path file, String what)
            throws TlsConfigurationException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object block : blocks) {
            X509CertificateHolder holder = block instanceof X509CertificateHolder h ? h
                    : block instanceof X509TrustedCertificateBlock t ? t.getCertificateHolder() : null;
            if (holder != null) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw failure(what, file, "invalid certificate " + holder.getSubject() + ": " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw failure(what, file, "no PEM CERTIFICATE block");
        }
        return List.copyOf(certificates);
    }

    private static boolean isPrivateKey(Object block) {
        return block instanceof PEMKeyPair || block instanceof PrivateKeyInfo
                || block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair;
    }

    private static PrivateKey toPrivateKey(Object block, Path file, String what, Optional<char[]> passphrase)
            throws TlsConfigurationException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKeyInfo info;
        if (block instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (block instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            char[] secret = passphrase.orElseThrow(() -> failure(what, file, "encrypted and no passphrase given"));
            try {
                info = encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(DECRYPTION_PROVIDER).build(secret));
            } catch (PKCSException | OperatorCreationException | IllegalArgumentException | IllegalStateException e) {
                throw failure(what, file, "wrong passphrase or damaged key", e);
            }
        } else if (block instanceof PEMEncryptedKeyPair encrypted) {
            char[] secret = passphrase.orElseThrow(() -> failure(what, file, "encrypted and no passphrase given"));
            try {
                info = encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(DECRYPTION_PROVIDER).build(secret))
                        .getPrivateKeyInfo();
            } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                // A wrong passphrase shows either as bad padding or, rarely, as garbage that is not ASN.1.
                throw failure(what, file, "wrong passphrase or damaged key", e);
            }
        } else {
            throw failure(what, file, "no PEM private key block");
        }
        try {
            return converter.getPrivateKey(info);
        } catch (IOException e) {
            throw failure(what, file, "unsupported private key: " + e.getMessage(), e);
        }
    }

    private static void requireMatch(X509Certificate leaf, PrivateKey key, Path chainFile, Path keyFile)
            throws TlsConfigurationException {
        if (!matches(leaf.getPublicKey(), key)) {
            String where = chainFile.equals(keyFile) ? "in " + keyFile : keyFile + " and " + chainFile;
            throw new TlsConfigurationException("the private key and the certificate " + where
                    + " do not match: the key is not the one of " + leaf.getSubjectX500Principal().getName());
        }
    }

    private static boolean matches(PublicKey certified, PrivateKey key) {
        if (!certified.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        if (certified instanceof RSAKey rsaPublic && key instanceof RSAKey rsaPrivate) {
            return rsaPublic.getModulus().equals(rsaPrivate.getModulus());
        }
        // Other algorithms do not expose the public half in the private key: prove possession instead.
        String signatureAlgorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (signatureAlgorithm == null) {
            return false;
        }
        byte[] challenge = "flexisip key/certificate match".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static TlsConfigurationException failure(String what, Path file, String reason) {
        return new TlsConfigurationException("cannot read the " + what + " " + file + ": " + reason);
    }

    private static TlsConfigurationException failure(String what, Path file, String reason, Throwable cause) {
        return new TlsConfigurationException("cannot read the " + what + " " + file + ": " + reason, cause);
    }
}
