package org.flexisip.proxy.module.authentication;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.SipConnection;
import org.flexisip.common.sip.transport.dos.WhiteList;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.module.ResponseOutcome;
import org.jboss.logging.Logger;

/**
 * {@code module::Authentication} (spec/proxy.md §8): HTTP digest authentication (RFC 3261 §22, RFC 2617, RFC 7616)
 * of the requests whose identity belongs to {@code auth-domains}. Rules, in order:
 * <ol>
 * <li>{@code ACK}, {@code CANCEL} and {@code BYE} are never challenged.</li>
 * <li>A request whose source (top Via {@code received}, else its host) is a trusted host ({@link TrustedHosts}:
 * {@code trusted-hosts}, cluster nodes, the presence server with {@code module::Presence}) goes on unchallenged.
 * {@code trusted-hosts} is applied again when it is changed at runtime.</li>
 * <li>The identity is the P-Preferred-Identity if there is one, else the From. Its domain (a URI that is not sip or
 * sips has none) not in {@code auth-domains}: {@code 403 Domain forbidden}.</li>
 * <li>A TLS client certificate that names the identity authenticates the request; one that does not gets 403
 * with {@code reject-wrong-client-certificates}, digest otherwise ({@link ClientCertificates}).</li>
 * <li>The realm is {@code realm}, else the first capture group of {@code realm-regex} found in the From URI (the
 * identity's domain when it does not match), else the identity's domain. A request without Digest credentials for
 * this realm (in Authorization for a REGISTER, Proxy-Authorization otherwise) gets {@code 401 Unauthorized} with
 * WWW-Authenticate (REGISTER) or {@code 407 Proxy Authentication Required} with Proxy-Authenticate, one
 * {@link Challenge} per algorithm of {@code available-algorithms} in that order, all with one fresh nonce. Every
 * user gets every algorithm and no password is looked up for a challenge, so that users cannot be enumerated.</li>
 * <li>Nonces come from {@link NonceIssuer}: unpredictable, bound to the realm; credentials answering a nonce made
 * for another realm or elsewhere get a new challenge, those answering an expired one a new challenge with
 * {@code stale=true}. An algorithm that is not offered, incomplete credentials or a {@code qop} other than
 * {@code auth} also get a new challenge.</li>
 * <li>Challenges carry {@code qop="auth"}, and the credentials must answer with qop {@code auth}, an {@code nc} and
 * a {@code cnonce}; the {@code nc} must be above every one accepted for the nonce, else a new challenge. With
 * {@code disable-qop-auth}, challenges carry no qop and RFC 2069 answers (no qop) are accepted; they cannot be
 * protected against replays within {@code nonce-expires}.</li>
 * <li>A wrong response, a user the backend does not know (looked up by the credentials' {@code username} in the
 * identity's domain) or a user without a secret for the algorithm: {@code 403 Forbidden}, the same answer in each
 * case; when {@code no-403} is true for the request, a new challenge instead. Responses are compared in constant
 * time.</li>
 * <li>Success: the credentials for our realm are removed and the request goes on.</li>
 * <li>Passwords come from a {@link PasswordBackend} ({@code db-implementation=file}: {@link FilePasswordBackend};
 * {@code soci} refuses the start as not supported yet). A lookup that has not completed suspends the request;
 * counters {@code count-password-found} and {@code count-password-not-found} count the lookups. A failing backend
 * answers {@code 500}.</li>
 * <li>{@code new-auth-on-407}: a 407 coming back from downstream for an identity of {@code auth-domains} gets our own
 * challenges added (all configured algorithms).</li>
 * </ol>
 * Threads: {@link #onRequest} runs on the SIP loop; a lookup completing elsewhere comes back to the SIP loop before
 * the nonce counts are touched.
 */
public final class Authentication implements Module {
    private static final Logger LOG = Logger.getLogger(Authentication.class);
    static final String SECTION = "module::Authentication";
    static final String DOMAIN_FORBIDDEN = "Domain forbidden";
    static final String FORBIDDEN = "Forbidden";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String PROXY_AUTHENTICATION_REQUIRED = "Proxy Authentication Required";
    private static final Set<String> NEVER_CHALLENGED = Set.of("ACK", "CANCEL", "BYE");
    /** A HA1 that matches nothing, so an unknown user costs the same work as a known one. */
    private static final String NO_HA1 = "0".repeat(64);

    /** The module factory: {@link SecureRandom} nonces, the backend of {@code db-implementation}. */
    public static final ModuleFactory FACTORY = context -> create(context, new SecureRandom(), Optional.empty());

    private final ProxyServices services;
    private final ConfigSection section;
    private final AuthDomains domains;
    private final List<DigestAlgorithm> algorithms;
    private final boolean qopAuth;
    private final Optional<String> fixedRealm;
    private final Optional<Pattern> realmRegex;
    private final boolean newAuthOn407;
    private final NonceIssuer nonces;
    private final PasswordBackend backend;
    private final AtomicLong countFound;
    private final AtomicLong countNotFound;
    private final ClientCertificates certificates;
    private volatile WhiteList trusted;

    private Authentication(ModuleContext context, List<DigestAlgorithm> algorithms, Optional<String> fixedRealm,
            Optional<Pattern> realmRegex, NonceIssuer nonces, PasswordBackend backend, WhiteList trusted,
            ClientCertificates certificates) {
        this.services = context.services();
        this.section = context.section();
        this.domains = AuthDomains.of(section.getStringList("auth-domains"));
        this.algorithms = List.copyOf(algorithms);
        this.qopAuth = !section.getBoolean("disable-qop-auth");
        this.fixedRealm = fixedRealm;
        this.realmRegex = realmRegex;
        this.newAuthOn407 = section.getBoolean("new-auth-on-407");
        this.nonces = nonces;
        this.backend = backend;
        this.trusted = trusted;
        this.certificates = certificates;
        this.countFound = section.entry("count-password-found").counter();
        this.countNotFound = section.entry("count-password-not-found").counter();
    }

    /**
     * Builds the module; {@code backend} replaces the one of {@code db-implementation} (tests). An enabled module
     * reads its password file here (blocking: at start) and refuses the start with a malformed one (naming
     * {@code file:line}), an unreadable one, {@code db-implementation=soci}, both {@code realm} and
     * {@code realm-regex}, an invalid {@code realm-regex}, {@code tls-client-certificate-required-subject} or
     * {@code trusted-hosts}.
     */
    static Authentication create(ModuleContext context, SecureRandom random, Optional<PasswordBackend> backend)
            throws ModuleConfigurationException {
        ConfigSection section = context.section();
        boolean enabled = section.getBoolean("enabled");
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String a : section.getStringList("available-algorithms")) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(a).orElseThrow(() ->
                    new ModuleConfigurationException(SECTION + "/available-algorithms: '" + a + "' is not MD5 or "
                            + "SHA-256"));
            if (!algorithms.contains(algorithm)) {
                algorithms.add(algorithm);
            }
        }
        if (algorithms.isEmpty()) {
            throw new ModuleConfigurationException(SECTION + "/available-algorithms: at least one of MD5, SHA-256");
        }
        Duration nonceExpires = section.getDuration("nonce-expires");
        if (nonceExpires.isZero() || nonceExpires.isNegative()) {
            throw new ModuleConfigurationException(SECTION + "/nonce-expires: must be above 0");
        }
        String realm = section.getString("realm").strip();
        String regex = section.getString("realm-regex").strip();
        if (!realm.isEmpty() && !regex.isEmpty()) {
            throw new ModuleConfigurationException(SECTION + "/realm-regex: cannot be set together with realm");
        }
        Optional<Pattern> realmRegex = Optional.empty();
        if (!regex.isEmpty()) {
            try {
                Pattern p = Pattern.compile(regex);
                if (p.matcher("").groupCount() < 1) {
                    throw new ModuleConfigurationException(SECTION + "/realm-regex: needs a capture group, the realm");
                }
                realmRegex = Optional.of(p);
            } catch (PatternSyntaxException e) {
                throw new ModuleConfigurationException(SECTION + "/realm-regex: " + e.getDescription(), e);
            }
        }
        if (enabled) {
            refuseUnsupported(section);
        }
        WhiteList trusted = trustedHosts(section, context.config());
        PasswordBackend passwords = backend.isPresent() ? backend.get()
                : enabled ? openBackend(context) : (user, domain) -> CompletableFuture.completedFuture(Optional.empty());
        NonceIssuer nonces = new NonceIssuer(context.services().clock(), nonceExpires, random);
        Authentication module = new Authentication(context, algorithms, realm.isEmpty() ? Optional.empty()
                : Optional.of(realm), realmRegex, nonces, passwords, trusted, ClientCertificates.from(section));
        section.entry("trusted-hosts").onChange(e -> module.reloadTrustedHosts(context.config()));
        return module;
    }

    /** The SQL backend: not supported yet, said at start rather than ignored. */
    private static void refuseUnsupported(ConfigSection section) throws ModuleConfigurationException {
        if (section.getString("db-implementation").strip().equals("soci")) {
            throw new ModuleConfigurationException(SECTION + "/db-implementation: soci is not supported yet");
        }
    }

    private static PasswordBackend openBackend(ModuleContext context) throws ModuleConfigurationException {
        ConfigSection section = context.section();
        String file = section.getString("file-path").strip();
        if (file.isEmpty()) {
            throw new ModuleConfigurationException(SECTION + "/file-path: a password file is needed with "
                    + "db-implementation=file");
        }
        try {
            return FilePasswordBackend.open(Path.of(file), AuthDomains.of(section.getStringList("auth-domains")),
                    section.getDuration("cache-expire"), context.services().clock(),
                    context.services().blockingExecutor());
        } catch (IOException | InvalidPathException e) {
            throw new ModuleConfigurationException(SECTION + "/file-path: cannot read '" + file + "': "
                    + e.getMessage(), e);
        } catch (PasswordFile.InvalidPasswordFileException e) {
            throw new ModuleConfigurationException(SECTION + "/file-path: " + e.getMessage(), e);
        }
    }

    private static WhiteList trustedHosts(ConfigSection section, FlexisipConfig config)
            throws ModuleConfigurationException {
        try {
            return TrustedHosts.parse(TrustedHosts.entries(section, config));
        } catch (WhiteList.InvalidWhiteListException | IllegalArgumentException e) {
            throw new ModuleConfigurationException(SECTION + "/trusted-hosts: " + e.getMessage(), e);
        }
    }

    /** Rule 11: a runtime change of trusted-hosts, read off the SIP loop (names are resolved). */
    private void reloadTrustedHosts(FlexisipConfig config) {
        try {
            services.blockingExecutor().execute(() -> {
                try {
                    trusted = TrustedHosts.parse(TrustedHosts.entries(section, config));
                    LOG.infof("%s/trusted-hosts now %s", SECTION, trusted);
                } catch (WhiteList.InvalidWhiteListException | IllegalArgumentException e) {
                    LOG.errorf("%s/trusted-hosts: %s; the former list is kept", SECTION, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.errorf("%s/trusted-hosts: not applied (%s)", SECTION, e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (NEVER_CHALLENGED.contains(request.method())) {
            return RequestOutcome.proceed();
        }
        Optional<InetAddress> source = TrustedHosts.source(request.topVia());
        if (source.isPresent() && trusted.contains(source.get())) {
            LOG.debugf("%s from trusted host %s: not challenged", event, source.get().getHostAddress());
            return RequestOutcome.proceed();
        }
        AddressHeader identity = request.pPreferredIdentities().stream().findFirst().orElse(request.from());
        if (!(identity.uri() instanceof SipUri identityUri) || !domains.contains(identityUri.host())) {
            return RequestOutcome.reply(403, DOMAIN_FORBIDDEN);
        }
        ClientCertificates.Verdict certificate = certificates.judge(
                event.incoming().connection().flatMap(SipConnection::peerCertificate), identityUri);
        if (certificate == ClientCertificates.Verdict.AUTHENTICATED) {
            LOG.debugf("%s: authenticated by its TLS client certificate", event);
            return RequestOutcome.proceed();
        }
        if (certificate == ClientCertificates.Verdict.REJECTED) {
            LOG.debugf("%s: TLS client certificate of another identity, reject-wrong-client-certificates", event);
            return RequestOutcome.reply(403, FORBIDDEN);
        }
        String domain = identityUri.host().toLowerCase(Locale.ROOT);
        String realm = realm(request, domain);
        Optional<DigestCredentials> found = credentials(request, realm);
        if (found.isEmpty()) {
            // No lookup: the challenge is the same for every user, so it tells nothing about who exists.
            return challenge(request, realm, false);
        }
        DigestCredentials credentials = found.get();
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(credentials.algorithm().orElse("MD5"))
                .filter(algorithms::contains);
        if (!credentials.isComplete() || algorithm.isEmpty()) {
            LOG.debugf("%s: credentials incomplete or with an algorithm not offered: %s", event, credentials);
            return challenge(request, realm, false);
        }
        NonceIssuer.Validity validity = nonces.check(credentials.nonce(), realm);
        if (validity != NonceIssuer.Validity.VALID) {
            LOG.debugf("%s: nonce %s", event, validity);
            return challenge(request, realm, validity == NonceIssuer.Validity.STALE);
        }
        boolean qop = credentials.qop().isPresent();
        if (qop ? !credentials.isQopAuth() : qopAuth) {
            LOG.debugf("%s: qop %s not accepted", event, credentials.qop().orElse("absent"));
            return challenge(request, realm, false);
        }
        if (qop && !nonces.isFreshCount(credentials.nonce(), credentials.nonceCount().getAsLong())) {
            LOG.debugf("%s: nonce count %s replayed", event, credentials.nonceCountText().orElse(""));
            return challenge(request, realm, false);
        }
        return afterLookup(event, backend.lookup(credentials.username(), domain),
                account -> verify(event, credentials, algorithm.get(), realm, account));
    }

    @Override
    public ResponseOutcome onResponse(ResponseEvent event) {
        SipResponse response = event.response();
        if (!newAuthOn407 || response.statusCode() != 407) {
            return ResponseOutcome.CONTINUE;
        }
        try {
            if (response.from().uri() instanceof SipUri from && domains.contains(from.host())) {
                String realm = realm(response, from.host().toLowerCase(Locale.ROOT));
                SipResponse.Builder b = response.copy();
                for (SipHeader h : challengeHeaders(HeaderName.PROXY_AUTHENTICATE, realm, false)) {
                    b.add(h);
                }
                event.setResponse(b.build());
            }
        } catch (RuntimeException e) {
            LOG.debugf("%s: no challenge added to the 407 (%s)", event, e.getMessage());
        }
        return ResponseOutcome.CONTINUE;
    }

    @Override
    public void onIdle() {
        nonces.purgeExpired();
        backend.onIdle();
    }

    @Override
    public void close() {
        backend.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Rule 5: the fixed realm, the capture of realm-regex, or the identity's domain. */
    private String realm(SipMessage message, String domain) {
        if (fixedRealm.isPresent()) {
            return fixedRealm.get();
        }
        if (realmRegex.isPresent()) {
            Matcher m = realmRegex.get().matcher(message.from().uri().toString());
            if (m.find() && m.group(1) != null && !m.group(1).isEmpty()) {
                return m.group(1);
            }
            LOG.debugf("realm-regex does not match %s: the realm is the domain %s", message.from().uri(), domain);
        }
        return domain;
    }

    /** The first Digest credentials for {@code realm}: Authorization for a REGISTER, Proxy-Authorization else. */
    private static Optional<DigestCredentials> credentials(SipRequest request, String realm) {
        List<AuthHeader> all = request.isMethod("REGISTER") ? request.authorizations()
                : request.proxyAuthorizations();
        for (AuthHeader h : all) {
            if (DigestCredentials.realmOf(h).filter(realm::equals).isPresent()) {
                return DigestCredentials.from(h);
            }
        }
        return Optional.empty();
    }

    /**
     * Continues with the result of a password lookup: at once when it is there already, else suspends the request
     * and comes back on the SIP loop.
     */
    private RequestOutcome afterLookup(RequestEvent event, CompletableFuture<Optional<Account>> lookup,
            Function<Optional<Account>, RequestOutcome> then) {
        if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
            return then.apply(counted(lookup.join()));
        }
        lookup.whenComplete((account, failure) -> {
            try {
                services.sipLoop().execute(() -> {
                    if (failure != null) {
                        LOG.errorf("%s: password lookup failed: %s", event, failure.getMessage());
                        deliver(event, RequestOutcome.reply(500, "Internal Server Error"));
                    } else {
                        deliver(event, then.apply(counted(account)));
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warnf("%s: dropped, the SIP loop is shutting down", event);
            }
        });
        return RequestOutcome.suspend();
    }

    private Optional<Account> counted(Optional<Account> account) {
        (account.isPresent() ? countFound : countNotFound).incrementAndGet();
        return account;
    }

    /** Rules 8 and 9, on the SIP loop. */
    private RequestOutcome verify(RequestEvent event, DigestCredentials credentials, DigestAlgorithm algorithm,
            String realm, Optional<Account> account) {
        SipRequest request = event.request();
        Optional<String> ha1 = account.flatMap(a -> a.ha1(algorithm, credentials.username(), realm));
        // The same work whether the user exists or not: no timing difference tells them apart.
        String expected = credentials.expectedResponse(algorithm, ha1.orElse(NO_HA1), request.method());
        boolean match = credentials.responseMatches(expected);
        if (ha1.isEmpty() || !match) {
            LOG.debugf("%s: wrong credentials %s", event, credentials);
            if (section.getFilter("no-403").evaluate(request)) {
                return challenge(request, realm, false);
            }
            return RequestOutcome.reply(403, FORBIDDEN);
        }
        if (credentials.isQopAuth()
                && !nonces.useCount(credentials.nonce(), credentials.nonceCount().getAsLong())) {
            LOG.debugf("%s: nonce count %s replayed", event, credentials.nonceCountText().orElse(""));
            return challenge(request, realm, false);
        }
        LOG.debugf("%s: authenticated as %s in realm %s", event, credentials.username(), realm);
        event.setRequest(withoutCredentials(request, realm));
        return RequestOutcome.proceed();
    }

    /** Rule 9: the request without our realm's credentials. */
    private static SipRequest withoutCredentials(SipRequest request, String realm) {
        HeaderName name = request.isMethod("REGISTER") ? HeaderName.AUTHORIZATION : HeaderName.PROXY_AUTHORIZATION;
        List<SipHeader> kept = new ArrayList<>();
        for (SipHeader h : request.headers(name)) {
            try {
                if (DigestCredentials.realmOf(AuthHeader.parse(h.value())).filter(realm::equals).isPresent()) {
                    continue;
                }
            } catch (SipSyntaxException e) {
                // Not ours to judge: kept as it is.
            }
            kept.add(h);
        }
        SipRequest.Builder b = request.copy().remove(name);
        kept.forEach(b::add);
        return b.build();
    }

    /** Rule 5: 401 with WWW-Authenticate for a REGISTER, 407 with Proxy-Authenticate else. */
    private RequestOutcome challenge(SipRequest request, String realm, boolean stale) {
        boolean register = request.isMethod("REGISTER");
        return RequestOutcome.reply(register ? 401 : 407, register ? UNAUTHORIZED : PROXY_AUTHENTICATION_REQUIRED,
                challengeHeaders(register ? HeaderName.WWW_AUTHENTICATE : HeaderName.PROXY_AUTHENTICATE, realm,
                        stale));
    }

    /**
     * One header per configured algorithm, in the configured order, all with one fresh nonce. Unlike 2.4, which
     * offers a known user only the algorithms it has a secret for, every user gets every algorithm: a shorter list
     * for some users would tell an attacker which users exist (a known user without a secret for the algorithm its
     * client picks gets 403, as a wrong password does).
     */
    private List<SipHeader> challengeHeaders(HeaderName name, String realm, boolean stale) {
        String nonce = nonces.issue(realm);
        List<SipHeader> headers = new ArrayList<>(algorithms.size());
        for (DigestAlgorithm a : algorithms) {
            headers.add(SipHeader.of(name, new Challenge(realm, nonce, a, qopAuth, stale).toString()));
        }
        return headers;
    }

    /** What a suspended request becomes once its lookup is done. */
    private static void deliver(RequestEvent event, RequestOutcome outcome) {
        if (outcome instanceof RequestOutcome.Continue) {
            event.resume();
        } else if (outcome instanceof RequestOutcome.Reply r) {
            event.reply(response(event, r));
        } else {
            throw new IllegalStateException("unexpected outcome after a password lookup: " + outcome);
        }
    }

    /** The response of {@code reply} to the request as received, with a To tag (RFC 3261 §8.2.6.2). */
    private static SipResponse response(RequestEvent event, RequestOutcome.Reply reply) {
        SipRequest received = event.receivedRequest();
        SipResponse.Builder b = SipResponse.to(received, reply.status(), reply.reason());
        reply.headers().forEach(b::add);
        AddressHeader to = received.to();
        if (to.tag().isEmpty()) {
            b.set(HeaderName.TO, to.withTag(Long.toHexString(ThreadLocalRandom.current().nextLong())).toString());
        }
        return b.build();
    }
}
