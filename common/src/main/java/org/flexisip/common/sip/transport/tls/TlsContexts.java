package org.flexisip.common.sip.transport.tls;

import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The Netty TLS contexts of one {@code sips:} transport, built once at startup from its {@link TlsSettings}: a
 * server context for the connections it accepts (none for a client-only transport) and a client context for the
 * connections it opens.
 *
 * <p>Both use the JDK provider, TLS 1.2 and 1.3 only, and the suites of {@code tls-ciphers}. The server asks for a
 * client certificate when verify-incoming is on ({@code REQUIRE}, or {@code OPTIONAL} with
 * allow-missing-client-certificate, where a certificate that is sent must still be valid). The client presents the
 * transport's certificate when it has one and, unless verify-outgoing is off, checks the server's chain and that its
 * certificate names the host we meant to reach.
 *
 * <p>Reading files happens here, so construction blocks: build on a startup or worker thread, never an event loop.
 */
public final class TlsContexts {

    /** Older protocols are refused whatever the cipher string allows. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * RFC 2818 host name rules, as OpenSSL's {@code X509_check_host} applies them for sofia-sip: DNS and IP subject
     * alternative names, then the common name when there is none.
     */
    static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private final TlsSettings settings;
    private final OpenSslCipherList ciphers;
    private final Optional<PemMaterial> material;
    private final Optional<SslContext> server;
    private final SslContext client;

    private TlsContexts(TlsSettings settings, OpenSslCipherList ciphers, Optional<PemMaterial> material,
            Optional<SslContext> server, SslContext client) {
        this.settings = settings;
        this.ciphers = ciphers;
        this.material = material;
        this.server = server;
        this.client = client;
    }

    /** Builds the contexts with the cipher suites this JVM supports. */
    public static TlsContexts create(TlsSettings settings, Optional<char[]> passphrase)
            throws TlsConfigurationException {
        return create(settings, passphrase, jvmCipherSuites());
    }

    /**
     * Builds the contexts.
     *
     * @param passphrase of an encrypted private key ({@code --p12-passphrase-file})
     * @param jvmSuites  the suites to translate {@code tls-ciphers} against, in preference order
     * @throws TlsConfigurationException naming the unreadable file, the bad cipher string, or why the JDK refused
     */
    public static TlsContexts create(TlsSettings settings, Optional<char[]> passphrase, Collection<String> jvmSuites)
            throws TlsConfigurationException {
        OpenSslCipherList ciphers = OpenSslCipherList.translate(settings.ciphers(), jvmSuites);
        Optional<PemMaterial> material = readMaterial(settings, passphrase);
        Optional<TrustManagerFactory> trust = readTrust(settings.trust());
        Optional<SslContext> server = Optional.empty();
        if (!settings.clientOnly()) {
            // TlsSettings.resolve refuses a listening transport without a certificate source.
            PemMaterial own = material.orElseThrow();
            SslContextBuilder builder = SslContextBuilder.forServer(own.privateKey(), own.chain());
            trust.ifPresent(builder::trustManager);
            builder.clientAuth(!settings.verifyIncoming() ? ClientAuth.NONE
                    : settings.allowMissingClientCertificate() ? ClientAuth.OPTIONAL : ClientAuth.REQUIRE);
            server = Optional.of(build(builder, ciphers, "server"));
        }
        SslContextBuilder builder = SslContextBuilder.forClient();
        material.ifPresent(own -> builder.keyManager(own.privateKey(), own.chain()));
        if (settings.verifyOutgoing()) {
            trust.ifPresent(builder::trustManager);
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        SslContext client = build(builder, ciphers, "client");
        return new TlsContexts(settings, ciphers, material, server, client);
    }

    /** What the JDK's TLS implementation supports, in its preference order. */
    public static List<String> jvmCipherSuites() throws TlsConfigurationException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            return List.of(context.getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException("the JVM provides no usable TLS implementation: " + e.getMessage(), e);
        }
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The suites offered and accepted, JVM names. */
    public List<String> cipherSuites() {
        return ciphers.cipherSuites();
    }

    /** The transport's certificate chain and key, absent for a client-only transport without one. */
    public Optional<PemMaterial> material() {
        return material;
    }

    /** Absent for a client-only transport. */
    public Optional<SslContext> serverContext() {
        return server;
    }

    public SslContext clientContext() {
        return client;
    }

    /** Settings and cipher warnings to log once at startup. */
    public List<String> warnings() {
        List<String> all = new ArrayList<>(settings.warnings());
        all.addAll(ciphers.warnings());
        return List.copyOf(all);
    }

    /**
     * The handler that terminates TLS on an accepted connection.
     *
     * @throws IllegalStateException on a client-only transport, which accepts no connection
     */
    public SslHandler newServerHandler(ByteBufAllocator allocator) {
        return server.orElseThrow(() -> new IllegalStateException("a client-only TLS transport accepts no connection"))
                .newHandler(allocator);
    }

    /**
     * The handler that starts TLS on a connection we open to {@code host}. With verify-outgoing, the handshake fails
     * unless the server's certificate names {@code host} (the name we resolved, not the address we reached).
     */
    public SslHandler newClientHandler(ByteBufAllocator allocator, String host, int port) {
        SslHandler handler = client.newHandler(allocator, host, port);
        if (settings.verifyOutgoing()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    private static SslContext build(SslContextBuilder builder, OpenSslCipherList ciphers, String side)
            throws TlsConfigurationException {
        builder.sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                // Already restricted to what the JVM supports: Netty must neither add nor drop any.
                .ciphers(ciphers.cipherSuites(), IdentityCipherSuiteFilter.INSTANCE);
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigurationException("the JDK refused the TLS " + side + " settings: " + e.getMessage(), e);
        }
    }

    private static Optional<PemMaterial> readMaterial(TlsSettings settings, Optional<char[]> passphrase)
            throws TlsConfigurationException {
        TlsSettings.CertificateSource source = settings.certificate();
        if (source instanceof TlsSettings.CertificateSource.PemFiles files) {
            return Optional.of(PemMaterial.read(files.chain(), files.privateKey(), passphrase));
        }
        if (source instanceof TlsSettings.CertificateSource.Directory directory) {
            // A client-only transport may go without a certificate: only one that exists must be readable.
            if (settings.clientOnly() && !Files.exists(directory.agentPem())) {
                return Optional.empty();
            }
            return Optional.of(PemMaterial.readCombined(directory.agentPem(), passphrase));
        }
        return Optional.empty();
    }

    private static Optional<TrustManagerFactory> readTrust(TlsSettings.TrustSource source)
            throws TlsConfigurationException {
        if (source instanceof TlsSettings.TrustSource.CaFile ca) {
            return Optional.of(PemMaterial.readTrustManagerFactory(ca.file()));
        }
        if (source instanceof TlsSettings.TrustSource.CaFileIfPresent ca && Files.exists(ca.file())) {
            return Optional.of(PemMaterial.readTrustManagerFactory(ca.file()));
        }
        // Netty leaves a null trust manager to the JDK, which then uses its default trust store.
        return Optional.empty();
    }
}
