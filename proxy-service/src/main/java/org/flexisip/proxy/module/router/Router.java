package org.flexisip.proxy.module.router;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ServerTransaction;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.proxy.module.BranchOwner;
import org.flexisip.proxy.module.RegistrationDomains;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.jboss.logging.Logger;

/**
 * Routes requests for the users of our domains to their registered devices (spec/proxy.md §14): looks the
 * Request-URI up in the registrar database (asynchronously: the request is suspended), and forks it to every
 * usable binding, grouped by q, plus {@code static-targets} and the {@code fallback-route}. Requests with a Route
 * that is not us, for other domains, in-dialog requests, ACK and REGISTER pass on to Forward.
 */
public final class Router implements Module {
    private static final Logger LOG = Logger.getLogger(Router.class);

    private final ProxyServices services;
    private final RegistrarDb db;
    private final ConfigSection section;
    private final ForkSettings settings;
    private final RegistrationDomains domains;
    private final List<SipUri> staticTargets;
    private final Optional<SipUri> fallbackRoute;
    /** Forks waiting for devices that register, by record key (fork-late). */
    private final Map<String, List<Late>> lateForks = new HashMap<>();
    private final Map<String, RecordListener> subscriptions = new HashMap<>();

    private record Late(ForkContext fork, SipUri aor, SipRequest request) {
    }

    private Router(ModuleContext context, RegistrarDb db) throws ModuleConfigurationException {
        this.services = context.services();
        this.db = db;
        this.section = context.section();
        this.settings = ForkSettings.from(section);
        ConfigSection registrar = context.config().section("module::Registrar").orElseThrow();
        this.domains = RegistrationDomains.of(registrar.getStringList("reg-domains"));
        List<SipUri> targets = new ArrayList<>();
        for (String t : section.getStringList("static-targets")) {
            targets.add(uri("static-targets", t));
        }
        this.staticTargets = List.copyOf(targets);
        String fallback = section.getString("fallback-route");
        this.fallbackRoute = fallback.isEmpty() ? Optional.empty() : Optional.of(uri("fallback-route", fallback));
    }

    /** The Router over the registrar database the proxy shares with the Registrar. */
    public static ModuleFactory factory(RegistrarDb db) {
        return context -> new Router(context, db);
    }

    private static SipUri uri(String param, String text) throws ModuleConfigurationException {
        try {
            return SipUri.parse(text.startsWith("<") && text.endsWith(">") ? text.substring(1, text.length() - 1)
                    : text);
        } catch (SipSyntaxException e) {
            throw new ModuleConfigurationException("module::Router/" + param + ": '" + text + "' is not a SIP URI: "
                    + e.reason());
        }
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (event.transaction().isEmpty() || request.isMethod("REGISTER") || request.isMethod("ACK")
                || request.isMethod("CANCEL") || request.to().tag().isPresent()) {
            return RequestOutcome.proceed(); // §14.4: in-dialog requests, ACK and REGISTER are not routed here.
        }
        for (AddressHeader route : request.routes()) {
            if (!services.isUs(route.uri())) {
                return RequestOutcome.proceed(); // §14.1: a Route that is not us.
            }
        }
        if (!(request.requestUri() instanceof SipUri aor) || !domains.manages(aor, services)) {
            return RequestOutcome.proceed(); // §14.2: not one of our domains.
        }
        Optional<String> gruu = aor.parameter("gr");
        CompletableFuture<Record> lookup = gruu.isPresent()
                ? db.fetchInstance(aor, gruu.get()).thenApply(b -> new Record(db.keyOf(aor), b.stream().toList()))
                : db.fetch(aor, true);
        lookup.whenCompleteAsync((record, error) -> {
            try {
                onRecord(event, aor, record, error);
            } catch (RuntimeException e) {
                LOG.errorf(e, "routing %s failed", event);
                event.reply(500, "Internal Server Error");
            }
        }, services.sipLoop());
        return RequestOutcome.suspend();
    }

    private void onRecord(RequestEvent event, SipUri aor, Record record, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof RegistrarException r && !r.isUnavailable()) {
                event.reply(r.status(), r.reason());
            } else {
                LOG.warnf("registrar database lookup of %s failed: %s", aor, cause.getMessage());
                event.reply(withToTag(SipResponse.to(event.receivedRequest(), 503, "Service Unavailable")
                        .add(HeaderName.RETRY_AFTER, "5").build()));
            }
            return;
        }
        if (event.transaction().map(ServerTransaction::isAnswered).orElse(false)) {
            return; // Cancelled (487) while the registrar was looked up: no device rings.
        }
        SipRequest request = event.request();
        ForkKind kind = ForkKind.of(request);
        long now = services.clock().now().getEpochSecond();
        boolean sips = aor.secure();
        List<Target> targets = new ArrayList<>();
        boolean nonSipsSkipped = false;
        for (Binding b : record.bindings()) {
            boolean usable = kind == ForkKind.MESSAGE ? b.isValidForMessageAt(now) : b.isValidAt(now);
            if (!usable) {
                continue;
            }
            Uri contact = b.contact().uri();
            if (sips && !(contact instanceof SipUri s && (s.secure() || "tls".equalsIgnoreCase(
                    s.transport().orElse(""))))) {
                nonSipsSkipped = true; // §14.6: a sips Request-URI reaches sips contacts only.
                continue;
            }
            if (b.usedAsRoute() && services.isUs(contact)) {
                continue; // §14.6: a route-type contact the request already passed (ourselves).
            }
            targets.add(targetOf(b, request));
        }
        for (SipUri s : staticTargets) {
            targets.add(new Target(s.toString(), s, List.of(), 1.0));
        }
        if (fallbackRoute.isPresent() && section.getFilter("fallback-route-filter").evaluate(request)
                && !cameFrom(event, fallbackRoute.get())) {
            targets.add(new Target("fallback-route", request.requestUri(), List.of(fallbackRoute.get().toString()),
                    0.0));
        }
        if (targets.isEmpty() && !(kind == ForkKind.MESSAGE && settings.messageForkLate())) {
            if (nonSipsSkipped) {
                event.reply(withToTag(SipResponse.to(event.receivedRequest(), 480, "Temporarily Unavailable")
                        .add(HeaderName.WARNING, "380 " + aor.host() + " \"SIPS not allowed\"").build()));
            } else {
                event.reply(404, "Not Found");
            }
            return;
        }
        startFork(event, aor, kind, targets);
    }

    private void startFork(RequestEvent event, SipUri aor, ForkKind kind, List<Target> targets) {
        Map<Double, List<Target>> byQ = new LinkedHashMap<>();
        targets.stream().sorted(Comparator.comparingDouble(Target::q).reversed())
                .forEach(t -> byQ.computeIfAbsent(t.q(), q -> new ArrayList<>()).add(t));
        String key = db.keyOf(aor);
        String family = switch (kind) {
            case CALL -> "count-call-forks";
            case MESSAGE -> settings.messageForkLate() ? "count-message-proxy-forks" : "count-message-forks";
            case BASIC -> "count-basic-forks";
        };
        count("count-forks");
        count(family);
        ForkContext[] holder = new ForkContext[1];
        ForkContext fork = new ForkContext(event, kind, settings, services, List.copyOf(byQ.values()),
                target -> launch(event, holder[0], target), () -> {
                    count("count-forks-finished");
                    count(family + "-finished");
                    forgetLate(key, holder[0]);
                });
        holder[0] = fork;
        if (fork.acceptsLateTargets()) {
            watchLate(key, aor, fork, event.request());
        }
        fork.start();
    }

    /** One branch: a copy of the request to the target, through the modules after this one (Forward sends it). */
    private void launch(RequestEvent event, ForkContext fork, Target target) {
        SipRequest.Builder b = event.request().copy().requestUri(target.requestUri());
        List<String> routes = target.routes();
        for (int i = routes.size() - 1; i >= 0; i--) {
            b.addFirst(HeaderName.ROUTE, "<" + routes.get(i) + ">");
        }
        RequestEvent branch = event.branch(b.build());
        branch.setAttribute(BranchOwner.class, fork);
        branch.resume();
    }

    /** §14.8: the contact URI becomes the Request-URI, its Path the Route; a route-type contact becomes a Route. */
    private static Target targetOf(Binding b, SipRequest request) {
        List<String> routes = new ArrayList<>(b.path());
        Uri requestUri = b.contact().uri();
        if (b.usedAsRoute()) {
            routes.add(b.contact().uri().toString());
            requestUri = request.requestUri();
        }
        return new Target(b.key(), requestUri, routes, b.q());
    }

    private static boolean cameFrom(RequestEvent event, SipUri route) {
        ViaHeader top = event.receivedRequest().topVia();
        String source = top.received().orElse(top.host());
        return source.equalsIgnoreCase(route.host());
    }

    // ---- fork-late: devices that register during a fork get their branch (§14.15, §14.19)

    private void watchLate(String key, SipUri aor, ForkContext fork, SipRequest request) {
        lateForks.computeIfAbsent(key, k -> new ArrayList<>()).add(new Late(fork, aor, request));
        subscriptions.computeIfAbsent(key, k -> {
            RecordListener listener = (changedKey, contactKey) -> services.sipLoop().execute(
                    () -> onRegistered(changedKey, contactKey));
            db.subscribe(k, listener);
            return listener;
        });
    }

    private void onRegistered(String key, String contactKey) {
        List<Late> waiting = lateForks.get(key);
        if (waiting == null || contactKey.isEmpty()) {
            return;
        }
        for (Late late : List.copyOf(waiting)) {
            db.fetchInstance(late.aor(), contactKey).whenCompleteAsync((binding, error) -> {
                if (error == null && binding.isPresent()) {
                    late.fork().addLateTarget(targetOf(binding.get(), late.request()));
                }
            }, services.sipLoop());
        }
    }

    private void forgetLate(String key, ForkContext fork) {
        List<Late> waiting = lateForks.get(key);
        if (waiting == null) {
            return;
        }
        waiting.removeIf(l -> l.fork() == fork);
        if (waiting.isEmpty()) {
            lateForks.remove(key);
            RecordListener listener = subscriptions.remove(key);
            if (listener != null) {
                db.unsubscribe(key, listener);
            }
        }
    }

    private void count(String counter) {
        section.entry(counter).counter().incrementAndGet();
    }

    private static SipResponse withToTag(SipResponse r) {
        if (r.to().tag().isPresent()) {
            return r;
        }
        return r.copy().set(HeaderName.TO, r.to().withTag(Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .toString()).build();
    }

    @Override
    public void close() {
        subscriptions.forEach(db::unsubscribe);
        subscriptions.clear();
    }
}
