package org.flexisip.proxy.module.registrar;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.BindingRules;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordKey;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.MediaType;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.TimerSettings;
import org.flexisip.common.sip.transport.SipConnection;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.common.time.Cancellable;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RegistrationDomains;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.nathelper.FlowTokenPath;
import org.flexisip.proxy.module.nathelper.NatHelper;
import org.jboss.logging.Logger;

/**
 * {@code module::Registrar} (spec/proxy.md §12): answers the REGISTERs whose From domain is in {@code reg-domains}
 * (see {@link RegistrationDomains}) from the registrar database shared with the Router; every other request goes
 * on. Rules, in order:
 * <ol>
 * <li>The AOR is the <b>From</b> URI (RFC 3261 §10.3 uses To; ordinary clients send the same URI in both), kept
 * for compatibility with a warning when To differs. A From that does not parse or is not a SIP URI: {@code 400
 * Invalid From}.</li>
 * <li>Every Contact must parse, be a SIP URI and carry a numeric {@code expires} if any: else {@code 400 Invalid
 * contact}. {@code *} is valid only alone with {@code Expires: 0} (RFC 3261 §10.2.2), else {@code 400 Invalid
 * usage of wildcard '*' in Contact header field}; a valid {@code *} clears the record and answers 200 with no
 * Contact.</li>
 * <li>More than {@code max-contacts-per-registration} contacts: {@code 403 Too many contacts in REGISTER}.</li>
 * <li>A From without user (domain registration): {@code 403 Domain registration forbidden} unless
 * {@code inter-domain-connections/accept-domain-registrations}; accepted ones are bound as routes.</li>
 * <li>No Contact: fetch only, 200 listing the current bindings.</li>
 * <li>Expiry: see {@link ExpiryPolicy} (contact-level values are clamped too: we do better than 2.4).</li>
 * <li>Path: with {@code cluster/enabled} and {@code cluster/internal-transport}, {@code <internal-transport;lr>}
 * ({@code %auto} stands for the local address the REGISTER arrived at); otherwise this proxy as the receiving
 * transport reaches it ({@link ProxyServices#selfUri}) with {@code fs-proxy-id=<unique-id>} (spec/global.md
 * §9.4) and, when NatHelper left a {@link FlowTokenPath}, the flow token as user part and {@code ob} (RFC 5626
 * §5.1). It is stored in front of the Paths of the REGISTER.</li>
 * <li>{@code fs-conn-id}: the REGISTER's stream connection is stored with the bindings as the hex of its identity
 * hash code ({@link #connectionId}), stable while the connection lives and never shown to clients; UDP has none.
 * A device that re-registers over another stream connection of this proxy has its former one closed
 * ({@link #closeFormerConnections}).</li>
 * <li>{@code reg-on-response=true} (forward upstream, bind on its 200) is not supported yet: an enabled module with
 * it refuses the start.</li>
 * <li>Otherwise bind (or clear), then {@code 200 Registration successful} with every current binding as a Contact
 * with {@code ;expires=<remaining s>} (internal parameters removed, {@code pub-gruu} per rule 20), {@code Expires}
 * (the expiry granted by the request, on binds only), {@code Supported: path, outbound}, {@code Server} and, with
 * {@code service-route}, {@code Service-Route} (RFC 3608).</li>
 * <li>{@code register-expire-randomizer-max}: see {@link ExpiryPolicy}; the reduced value is stored and
 * returned.</li>
 * <li>After a successful bind, {@code publish(record key, contact key)} for each binding the REGISTER wrote, and
 * for each contact it removed (an empty contact key when the removed contact has no unique id).</li>
 * <li>{@code Supported: outbound}: the 200 marks the REGISTER's connection for CRLF pongs (spec/global.md §5.3,
 * RFC 5626 §4.4.1).</li>
 * <li>A database that is not available ({@link RegistrarDb#isAvailable()}) or fails as unavailable answers at once
 * {@code 503 Service Unavailable} with {@code Retry-After: 5}; we do better than the 500 of 2.4. A database that
 * does not answer within {@link #DATABASE_TIMEOUT} gets the same answer, so that a REGISTER never hangs. A request
 * the binding rules refuse ({@link RegistrarException#invalid}) gets their status and reason. Recording the runtime
 * error and the readiness belong to the database.</li>
 * <li value="20">GRUU (RFC 5627): with {@code enable-gruu}, {@code Supported: gruu} in the REGISTER and a
 * {@code +sip.instance} on a binding, its Contact in the 200 carries {@code pub-gruu="<aor>;gr=<instance>"}, the
 * instance without quotes and angle brackets. No temporary GRUUs.</li>
 * </ol>
 * The static records of {@code static-records-file} are bound at creation and every {@code static-records-timeout}
 * ({@link StaticRecordsBinder}). Counters of the section: {@code count-bind}, {@code count-clear} (started),
 * {@code count-bind-finished}, {@code count-clear-finished} (answered, whatever the outcome) and
 * {@code count-local-registered-users} (the number of the database's local AORs, counted at each idle tick, every
 * 5 s: counting walks every record, too costly for each REGISTER).
 * <p>
 * Threads: {@link #onRequest} runs on the SIP loop and suspends the REGISTER; the database completes on its own
 * thread and the module comes back with {@link ProxyServices#sipLoop()} before answering.
 */
public final class Registrar implements Module {
    private static final Logger LOG = Logger.getLogger(Registrar.class);
    static final String SECTION = "module::Registrar";
    static final String REASON_OK = "Registration successful";
    static final String INVALID_FROM = "Invalid From";
    static final String INVALID_CONTACT = "Invalid contact";
    static final String INVALID_WILDCARD = "Invalid usage of wildcard '*' in Contact header field";
    static final String TOO_MANY_CONTACTS = "Too many contacts in REGISTER";
    static final String DOMAIN_REGISTRATION_FORBIDDEN = "Domain registration forbidden";
    static final String UNAVAILABLE = "Service Unavailable";
    /** Rule 14: the {@code Retry-After} of a 503, in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;
    /**
     * Rule 14: how long a REGISTER waits for the database before it is answered 503. Above the time Redis takes
     * to give up a write (two retries 5 s apart, spec/registrar-db.md §4.4), below Timer F (64×T1, {@link
     * TimerSettings#DEFAULT_TRANSACTION_TIMEOUT}), so that the client gets an answer rather than a timeout.
     */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(20);
    static final String SUPPORTED = "path, outbound";
    static final String PUB_GRUU = "pub-gruu";
    /** A {@code *} item in a Contact line. */
    private static final Pattern STAR = Pattern.compile("(^|,)\\s*\\*\\s*(,|$)");

    private final ProxyServices services;
    private final RegistrarDb db;
    private final BindingRules rules;
    private final RandomGenerator random;
    private final RegistrationDomains domains;
    private final ExpiryPolicy expiry;
    private final int maxContactsPerRegistration;
    private final boolean acceptDomainRegistrations;
    private final boolean enableGruu;
    private final Optional<String> serviceRoute;
    private final Optional<String> clusterPath;
    private final String server;
    private final AtomicLong countBind;
    private final AtomicLong countBindFinished;
    private final AtomicLong countClear;
    private final AtomicLong countClearFinished;
    private final AtomicLong countLocalUsers;
    /**
     * Rule 8: the stream connection each device (record key and unique key) last registered over through this
     * proxy. Connections are local: another proxy of the cluster closes its own. Confined to the SIP loop.
     */
    private final Map<String, SipConnection> deviceConnections = new HashMap<>();
    private Optional<StaticRecordsBinder> staticRecords = Optional.empty();

    private Registrar(ModuleContext context, RegistrarDb db, RandomGenerator random)
            throws ModuleConfigurationException {
        ConfigSection section = context.section();
        this.services = context.services();
        this.db = db;
        this.random = random;
        this.rules = new BindingRules(RegistrarSettings.from(section));
        this.domains = RegistrationDomains.of(section.getStringList("reg-domains"));
        this.expiry = ExpiryPolicy.from(section);
        this.maxContactsPerRegistration = section.getInt("max-contacts-per-registration");
        this.acceptDomainRegistrations = context.config().section("inter-domain-connections")
                .map(s -> s.getBoolean("accept-domain-registrations")).orElse(false);
        this.enableGruu = section.getBoolean("enable-gruu");
        this.serviceRoute = serviceRoute(section.getString("service-route"));
        this.clusterPath = clusterPath(context);
        this.server = "Flexisip-Java/" + BuildVersion.current();
        this.countBind = section.entry("count-bind").counter();
        this.countBindFinished = section.entry("count-bind-finished").counter();
        this.countClear = section.entry("count-clear").counter();
        this.countClearFinished = section.entry("count-clear-finished").counter();
        this.countLocalUsers = section.entry("count-local-registered-users").counter();
    }

    /**
     * The factory of the module, bound to the database the proxy wiring creates and shares with the Router. An
     * enabled module with {@code reg-on-response=true} refuses the start ("not supported yet"); so do
     * {@code max-expires} below {@code min-expires}, an unparsable {@code service-route} or
     * {@code cluster/internal-transport}, and a {@code static-records-file} that cannot be read (read at creation:
     * blocking file I/O, call it at startup).
     */
    public static ModuleFactory factory(RegistrarDb db) {
        return context -> create(context, db, new SplittableRandom());
    }

    /** With a given source of randomness (register-expire-randomizer-max, To tags, static Call-IDs) for tests. */
    static Registrar create(ModuleContext context, RegistrarDb db, RandomGenerator random)
            throws ModuleConfigurationException {
        ConfigSection section = context.section();
        boolean enabled = section.getBoolean("enabled");
        if (enabled && section.getBoolean("reg-on-response")) {
            throw new ModuleConfigurationException(SECTION + "/reg-on-response: not supported yet");
        }
        Registrar registrar = new Registrar(context, db, random);
        String file = section.getString("static-records-file").strip();
        if (enabled && !file.isEmpty()) {
            registrar.startStaticRecords(file, section.getDuration("static-records-timeout"));
        }
        return registrar;
    }

    private void startStaticRecords(String file, Duration period) throws ModuleConfigurationException {
        if (period.isZero() || period.isNegative()) {
            throw new ModuleConfigurationException(
                    SECTION + "/static-records-timeout: must be above 0 with a static-records-file");
        }
        try {
            StaticRecordsBinder binder = new StaticRecordsBinder(Path.of(file), period, services, domains, random,
                    this::bindStatic);
            binder.read();
            staticRecords = Optional.of(binder);
        } catch (IOException | InvalidPathException e) {
            throw new ModuleConfigurationException(
                    SECTION + "/static-records-file: cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Optional<String> serviceRoute(String text) throws ModuleConfigurationException {
        String value = text.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<String> routes = new ArrayList<>();
        for (String item : value.split("\\s+")) {
            String uri = item.startsWith("<") && item.endsWith(">") ? item.substring(1, item.length() - 1) : item;
            try {
                routes.add(AddressHeader.of(Uri.parse(uri)).toString());
            } catch (SipSyntaxException e) {
                throw new ModuleConfigurationException(
                        SECTION + "/service-route: '" + item + "' is not a URI: " + e.getMessage(), e);
            }
        }
        return Optional.of(String.join(", ", routes));
    }

    private static Optional<String> clusterPath(ModuleContext context) throws ModuleConfigurationException {
        Optional<ConfigSection> cluster = context.config().section("cluster");
        if (cluster.isEmpty() || !cluster.get().getBoolean("enabled")) {
            return Optional.empty();
        }
        String transport = cluster.get().getString("internal-transport").strip();
        if (transport.isEmpty()) {
            return Optional.empty();
        }
        try {
            // %auto is replaced by an address at each REGISTER: any address checks the rest of the URI.
            pathOf(transport.replace("%auto", "127.0.0.1"));
        } catch (SipSyntaxException | IllegalArgumentException e) {
            throw new ModuleConfigurationException(
                    "cluster/internal-transport: '" + transport + "' is not a SIP URI: " + e.getMessage(), e);
        }
        return Optional.of(transport);
    }

    /** {@code <uri;lr>} of a cluster internal transport. */
    private static SipUri pathOf(String transport) throws SipSyntaxException {
        return SipUri.parse(transport).toBuilder().parameter("lr", null).build();
    }

    /**
     * The id stored as {@code fs-conn-id} for a stream connection: its identity hash code in hex. Stable for the
     * life of the connection; two connections may share one (rarely), which only weakens the connection match of
     * the Router's transport choice.
     */
    static String connectionId(SipConnection connection) {
        return Integer.toHexString(System.identityHashCode(connection));
    }

    // ---- requests ----

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (!request.isMethod("REGISTER")) {
            return RequestOutcome.proceed();
        }
        SipUri from;
        try {
            if (!(request.from().uri() instanceof SipUri uri)) {
                return RequestOutcome.reply(400, INVALID_FROM);
            }
            from = uri;
        } catch (InvalidHeaderException e) {
            return RequestOutcome.reply(400, INVALID_FROM);
        }
        if (!domains.manages(from, services)) {
            return RequestOutcome.proceed();
        }
        warnWhenToDiffers(request, from);

        // Rule 2.
        boolean star = request.headers(HeaderName.CONTACT).stream().anyMatch(h -> STAR.matcher(h.value()).find());
        if (star) {
            if (!request.isContactStar() || request.expires().orElse(-1) != 0) {
                return RequestOutcome.reply(400, INVALID_WILDCARD);
            }
        }
        List<AddressHeader> contacts;
        try {
            contacts = request.contacts();
        } catch (InvalidHeaderException e) {
            LOG.infof("%s: %s", event, e.getMessage());
            return RequestOutcome.reply(400, INVALID_CONTACT);
        }
        for (AddressHeader contact : contacts) {
            if (!(contact.uri() instanceof SipUri) || contact.param("expires").isPresent()
                    && contact.expires().isEmpty()) {
                LOG.infof("%s: invalid contact %s", event, contact);
                return RequestOutcome.reply(400, INVALID_CONTACT);
            }
        }
        // Rules 3 and 4.
        if (contacts.size() > maxContactsPerRegistration) {
            LOG.infof("%s: %d contacts, above max-contacts-per-registration (%d)", event, contacts.size(),
                    maxContactsPerRegistration);
            return RequestOutcome.reply(403, TOO_MANY_CONTACTS);
        }
        if (from.user().isEmpty() && !acceptDomainRegistrations) {
            return RequestOutcome.reply(403, DOMAIN_REGISTRATION_FORBIDDEN);
        }
        // Rule 14, before asking the database anything.
        if (!db.isAvailable()) {
            LOG.warnf("%s: the registrar database is not available: 503", event);
            return RequestOutcome.reply(unavailable(event));
        }

        List<String> supported = request.supported();
        Registration registration = new Registration(event, aorOf(from), enableGruu && has(supported, "gruu"),
                has(supported, "outbound"));
        if (star) {
            return clear(registration);
        }
        if (contacts.isEmpty()) {
            return fetch(registration);
        }
        return bind(registration, contacts);
    }

    /**
     * A REGISTER being answered.
     *
     * @param aor      the AOR, from the From URI
     * @param gruu     rule 20: the 200 gives public GRUUs
     * @param outbound rule 13: the 200 marks the connection for CRLF pongs
     */
    private record Registration(RequestEvent event, SipUri aor, boolean gruu, boolean outbound) {
    }

    private RequestOutcome clear(Registration r) {
        countClear.incrementAndGet();
        CompletableFuture<Void> cleared = db.clear(r.aor());
        answerWhenDone(r, cleared, countClearFinished,
                done -> ok(r.event(), r.aor(), Record.empty(db.keyOf(r.aor())), OptionalLong.empty(), r.gruu()));
        return RequestOutcome.suspend();
    }

    private RequestOutcome fetch(Registration r) {
        CompletableFuture<Record> fetched = db.fetch(r.aor(), false);
        answerWhenDone(r, fetched, null, record -> ok(r.event(), r.aor(), record, OptionalLong.empty(), r.gruu()));
        return RequestOutcome.suspend();
    }

    private RequestOutcome bind(Registration r, List<AddressHeader> contacts) {
        RequestEvent event = r.event();
        SipRequest request = event.request();
        int percent = expiry.randomizerMax() > 0 ? random.nextInt(expiry.randomizerMax() + 1) : 0;
        long main = expiry.main(request.expires());
        List<BindRequest.NewContact> granted = new ArrayList<>(contacts.size());
        for (AddressHeader contact : contacts) {
            long seconds = ExpiryPolicy.reduce(expiry.contact(contact.expires(), main), percent);
            granted.add(new BindRequest.NewContact(contact, seconds));
        }
        List<String> accept = request.accept().stream().map(MediaType::toString).toList();
        BindRequest bindRequest = new BindRequest(granted, request.callId(), request.cseq().number(),
                path(event), accept, request.userAgent().orElse(""), false, r.aor().user().isEmpty(),
                event.incoming().connection().map(Registrar::connectionId), false);
        countBind.incrementAndGet();
        CompletableFuture<Record> bound = db.bind(r.aor(), bindRequest);
        OptionalLong grantedMain = OptionalLong.of(ExpiryPolicy.reduce(main, percent));
        answerWhenDone(r, bound, countBindFinished, record -> {
            publish(r.aor(), bindRequest, record);
            closeFormerConnections(r.aor(), bindRequest, event);
            return ok(event, r.aor(), record, grantedMain, r.gruu());
        });
        return RequestOutcome.suspend();
    }

    /** Rule 7: the Path to this proxy, in front of those of the REGISTER. */
    private List<String> path(RequestEvent event) {
        List<String> path = new ArrayList<>();
        path.add(ownPath(event).toString());
        for (AddressHeader p : event.request().paths()) {
            path.add(p.uri().toString());
        }
        return path;
    }

    private SipUri ownPath(RequestEvent event) {
        if (clusterPath.isPresent()) {
            String local = event.incoming().local().getAddress().getHostAddress();
            String host = local.indexOf(':') >= 0 ? "[" + local + "]" : local;
            try {
                return pathOf(clusterPath.get().replace("%auto", host));
            } catch (SipSyntaxException e) {
                throw new IllegalStateException("cluster/internal-transport was checked at creation", e);
            }
        }
        SipUri.Builder self = services.selfUri(event.incoming()).toBuilder().parameter("lr", null)
                .parameter(NatHelper.FS_PROXY_ID, services.uniqueId());
        event.attribute(FlowTokenPath.class).ifPresent(t -> self.user(t.token()).parameter("ob", null));
        return self.build();
    }

    /**
     * Rule 8: a device (a contact with a unique key, such as {@code +sip.instance}) that registered over a stream
     * connection and now registers over another one has left the first: it is closed, so that the proxy does not
     * keep (and route over) a connection the device no longer reads, as happens when a phone changes network.
     * Unregistering forgets the device's connection without closing it.
     */
    private void closeFormerConnections(SipUri aor, BindRequest request, RequestEvent event) {
        Optional<SipConnection> current = event.incoming().connection();
        String recordKey = db.keyOf(aor);
        for (BindRequest.NewContact c : request.contacts()) {
            Optional<String> uniqueKey = rules.uniqueKey(c.contact());
            if (uniqueKey.isEmpty()) {
                continue;
            }
            String device = recordKey + "\n" + uniqueKey.get();
            SipConnection former = c.expires() == 0 || current.isEmpty() ? deviceConnections.remove(device)
                    : deviceConnections.put(device, current.get());
            if (c.expires() > 0 && former != null && current.isPresent() && former != current.get()
                    && former.isOpen()) {
                LOG.infof("module::Registrar: %s of %s registered over %s: its former connection %s is closed",
                        uniqueKey.get(), aor, current.get(), former);
                former.close();
            }
        }
    }

    /** Rule 12: tells the subscribers of the record which bindings the REGISTER changed. */
    private void publish(SipUri aor, BindRequest request, Record record) {
        Set<String> changed = new LinkedHashSet<>();
        for (Binding b : record.bindings()) {
            if (b.callId().equals(request.callId()) && b.cseq() == request.cseq()) {
                changed.add(b.key());
            }
        }
        for (BindRequest.NewContact c : request.contacts()) {
            if (c.expires() == 0) {
                changed.add(rules.uniqueKey(c.contact()).orElse(""));
            }
        }
        String key = db.keyOf(aor);
        changed.forEach(contactKey -> db.publish(key, contactKey));
    }

    /** The static records: bound and published like a REGISTER, failures logged. */
    private void bindStatic(SipUri aor, BindRequest request) {
        db.bind(aor, request).whenComplete((record, failure) -> services.sipLoop().execute(() -> {
            if (failure != null) {
                LOG.warnf("module::Registrar: static record %s not bound: %s", aor, reasonOf(failure));
                return;
            }
            publish(aor, request, record);
        }));
    }

    /**
     * Answers the suspended {@code event} when {@code operation} completes, on the SIP loop: {@code onSuccess}
     * builds the answer; a failure answers 503 (unavailable) or the status of the refusal; no completion within
     * {@link #DATABASE_TIMEOUT} answers 503. Only the first of these answers.
     */
    private <T> void answerWhenDone(Registration registration, CompletableFuture<T> operation, AtomicLong finished,
            Function<T, SipResponse> onSuccess) {
        RequestEvent event = registration.event();
        AtomicBoolean answered = new AtomicBoolean();
        Cancellable guard = services.timers().schedule(DATABASE_TIMEOUT, () -> {
            if (answered.compareAndSet(false, true)) {
                LOG.warnf("%s: no answer from the registrar database within %s: 503", event, DATABASE_TIMEOUT);
                count(finished);
                event.reply(unavailable(event));
            }
        });
        operation.whenComplete((result, failure) -> services.sipLoop().execute(() -> {
            if (!answered.compareAndSet(false, true)) {
                LOG.debugf("%s: the registrar database answered after the 503", event);
                return;
            }
            guard.cancel();
            count(finished);
            try {
                event.reply(failure == null ? answer(registration, result, onSuccess) : failed(event, failure));
            } catch (RuntimeException e) {
                LOG.errorf(e, "module::Registrar failed to answer %s", event);
                event.reply(500, "Internal Server Error");
            }
        }));
    }

    private <T> SipResponse answer(Registration registration, T result, Function<T, SipResponse> onSuccess) {
        SipResponse response = onSuccess.apply(result);
        if (registration.outbound()) {
            registration.event().incoming().connection().ifPresent(SipConnection::markOutbound);
        }
        return response;
    }

    private SipResponse failed(RequestEvent event, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof RegistrarException e) {
            if (e.isUnavailable()) {
                LOG.warnf("%s: registrar database unavailable (%s): 503", event, e.reason());
                return unavailable(event);
            }
            LOG.infof("%s: refused by the binding rules: %d %s", event, e.status(), e.reason());
            return response(event, e.status(), e.reason()).build();
        }
        LOG.errorf(cause, "%s: registrar database failure", event);
        return response(event, 500, "Internal Server Error").build();
    }

    private static String reasonOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof RegistrarException e ? e.status() + " " + e.reason() : cause.toString();
    }

    private static void count(AtomicLong counter) {
        if (counter != null) {
            counter.incrementAndGet();
        }
    }

    // ---- answers ----

    /**
     * Rule 10: {@code 200 Registration successful} listing the bindings of {@code record} still registered, each
     * with its remaining {@code expires} (and {@code pub-gruu} when {@code gruu}, rule 20); {@code expires} is the
     * expiry granted by a bind, absent for a fetch or a clear.
     */
    SipResponse ok(RequestEvent event, SipUri aor, Record record, OptionalLong expires, boolean gruu) {
        SipResponse.Builder b = response(event, 200, REASON_OK);
        long now = services.clock().now().getEpochSecond();
        for (Binding binding : record.validAt(now)) {
            b.add(HeaderName.CONTACT, shown(binding, now, gruu, aor).toString());
        }
        expires.ifPresent(e -> b.add(HeaderName.EXPIRES, Long.toString(e)));
        b.add(HeaderName.SUPPORTED, SUPPORTED);
        b.add(HeaderName.SERVER, server);
        serviceRoute.ifPresent(v -> b.add(HeaderName.SERVICE_ROUTE, v));
        return b.build();
    }

    /** A binding as the client sees it: no internal parameter, its remaining expiry, its public GRUU. */
    private static AddressHeader shown(Binding binding, long now, boolean gruu, SipUri aor) {
        AddressHeader contact = BindingRules.storedContact(binding.contact())
                .withParam("expires", Long.toString(binding.remainingAt(now)));
        if (gruu && binding.instanceId().isPresent()) {
            String instance = BindingRules.bareKey(binding.instanceId().get());
            SipUri pubGruu = aor.toBuilder().parameter("gr", instance).build();
            contact = AddressHeader.of(contact.address(), contact.params().withQuoted(PUB_GRUU, pubGruu.toString()));
        }
        return contact;
    }

    /** Rule 14: {@code 503} with {@code Retry-After}. */
    private SipResponse unavailable(RequestEvent event) {
        return response(event, 503, UNAVAILABLE).add(HeaderName.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .build();
    }

    /** A response to the REGISTER as received (RFC 3261 §8.2.6.2), with a To tag. */
    private SipResponse.Builder response(RequestEvent event, int status, String reason) {
        SipRequest received = event.receivedRequest();
        SipResponse.Builder b = SipResponse.to(received, status, reason);
        AddressHeader to = received.to();
        if (to.tag().isEmpty()) {
            b.set(HeaderName.TO, to.withTag(Long.toHexString(random.nextLong())).toString());
        }
        return b;
    }

    // ---- addresses ----

    /** The AOR as stored: {@code sip:user@host}, without port, parameters or headers. */
    private static SipUri aorOf(SipUri from) {
        SipUri.Builder b = SipUri.builder(from.host());
        from.user().ifPresent(b::user);
        return b.build();
    }

    private static void warnWhenToDiffers(SipRequest request, SipUri from) {
        try {
            if (!(request.to().uri() instanceof SipUri to)
                    || !RecordKey.of(to, false).equals(RecordKey.of(from, false))) {
                LOG.warnf("REGISTER with To %s unlike From %s: the AOR is taken from From", request.to().uri(), from);
            }
        } catch (InvalidHeaderException e) {
            LOG.warnf("REGISTER with an invalid To (%s): the AOR is taken from From %s", e.getMessage(), from);
        }
    }

    private static boolean has(List<String> optionTags, String option) {
        return optionTags.stream().anyMatch(o -> o.equalsIgnoreCase(option));
    }

    // ---- lifecycle ----

    /** Counts the local registered users (spec/proxy.md §1.5). */
    @Override
    public void onIdle() {
        countLocalUsers.set(db.localAors().size());
        deviceConnections.values().removeIf(c -> !c.isOpen());
    }

    /** Binds the static records read at creation, and schedules their re-reads. */
    @Override
    public void start() {
        staticRecords.ifPresent(StaticRecordsBinder::start);
    }

    /** {@code SIGUSR1}: the static records file is read again now (spec/registrar-db.md §6 rule 2). */
    @Override
    public void reload() {
        staticRecords.ifPresent(StaticRecordsBinder::rereadNow);
    }

    @Override
    public void close() {
        staticRecords.ifPresent(StaticRecordsBinder::close);
    }
}
