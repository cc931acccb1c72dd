package org.flexisip.proxy.module.forward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.proxy.agent.ViaBranch;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RegistrationDomains;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.nathelper.Flow;
import org.flexisip.proxy.module.nathelper.FlowToken;
import org.flexisip.proxy.module.nathelper.FlowTokenPath;
import org.flexisip.proxy.module.nathelper.FlowTokenRecordRoute;
import org.jboss.logging.Logger;

/**
 * The last module (spec/proxy.md §18): applies the forwarding rules to a request and sends it on, statefully
 * when it has a server transaction, statelessly for an ACK. Rules, in order: Max-Forwards (483), the
 * {@code routes-config-path} route of out-of-dialog requests, strict-route fix-up (RFC 3261 §16.4), removal of the
 * Routes that are us, destination (top Route or Request-URI) that is us or a Via showing a loop (482),
 * Record-Route, Path for REGISTER, {@code params-to-remove}, resolution and sending.
 */
public final class Forward implements Module {
    /** Forward over the registrar database it resolves in-dialog GRUUs in. */
    public static ModuleFactory factory(RegistrarDb db) {
        return context -> new Forward(context, db);
    }
    private static final Logger LOG = Logger.getLogger(Forward.class);
    static final int DEFAULT_MAX_FORWARDS = 70;
    static final String PROXY_ID_PARAM = "fs-proxy-id";

    private final ProxyServices services;
    private final List<RouteRule> routes;
    private final ConfigSection section;
    /** The flow tokens of NatHelper's flow-token strategy (spec/proxy.md §7.6), when it is on. */
    private final Optional<FlowToken> flowTokens;
    private final RegistrarDb db;
    private final RegistrationDomains domains;

    Forward(ModuleContext context, RegistrarDb db) throws ModuleConfigurationException {
        this.services = context.services();
        this.db = db;
        this.domains = RegistrationDomains.of(context.config().section("module::Registrar").orElseThrow()
                .getStringList("reg-domains"));
        this.section = context.section();
        String file = section.getString("routes-config-path");
        this.routes = file.isEmpty() ? List.of() : RouteRule.read(Path.of(file));
        this.flowTokens = flowTokens(context);
        LOG.debugf("module::Forward: %d route rules", routes.size());
    }

    private static Optional<FlowToken> flowTokens(ModuleContext context) throws ModuleConfigurationException {
        Optional<ConfigSection> nat = context.config().section("module::NatHelper");
        if (nat.isEmpty() || !nat.get().getBoolean("enabled")
                || !"flow-token".equals(nat.get().getString("nat-traversal-strategy"))) {
            return Optional.empty();
        }
        Path key = Path.of(nat.get().getString("flow-token-path"));
        try {
            return Optional.of(FlowToken.fromKeyFile(key));
        } catch (java.io.IOException e) {
            throw new ModuleConfigurationException("module::NatHelper/flow-token-path: " + e.getMessage(), e);
        }
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        boolean ack = request.isMethod("ACK");

        // §18.1: Max-Forwards, checked as 2.4 does: it must exceed the number of Vias (hops already made).
        OptionalInt maxForwards = request.maxForwards();
        int forwards = maxForwards.orElse(DEFAULT_MAX_FORWARDS + 1);
        if (forwards == 0 || (maxForwards.isPresent() && forwards <= request.vias().size())) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(483, "Too Many Hops");
        }
        SipRequest.Builder out = request.copy().set(HeaderName.MAX_FORWARDS, Integer.toString(forwards - 1));

        // §18.2: the route of routes-config-path, for out-of-dialog requests only (we do better than 2.4).
        if (request.to().tag().isEmpty()) {
            for (RouteRule rule : routes) {
                if (rule.filter().evaluate(request)) {
                    out.addFirst(HeaderName.ROUTE, "<" + rule.route() + ">");
                    break;
                }
            }
        }
        request = out.build();

        // RFC 3261 §16.4: a strict router put our Record-Route in the Request-URI: take the last Route back.
        List<AddressHeader> routeSet = new ArrayList<>(request.routes());
        if (!routeSet.isEmpty() && request.requestUri() instanceof SipUri ruri && ruri.lr() && services.isUs(ruri)) {
            AddressHeader last = routeSet.remove(routeSet.size() - 1);
            request = withRoutes(request.copy().requestUri(last.uri()).build(), routeSet);
        }
        // §18.3: pop the Routes that are us; one carrying a flow token names the connection to use (§7.6).
        int popped = 0;
        Optional<String> flowToken = Optional.empty();
        while (!routeSet.isEmpty() && isOurs(routeSet.get(0).uri())) {
            Uri ours = routeSet.remove(0).uri();
            if (flowTokens.isPresent() && ours instanceof SipUri sip && sip.user().isPresent()) {
                flowToken = sip.user();
            }
            popped++;
        }
        if (popped > 0) {
            request = withRoutes(request, routeSet);
        }

        if (flowToken.isPresent() && routeSet.isEmpty()) {
            return forwardOnFlow(event, request, flowToken.get(), ack);
        }
        if (routeSet.isEmpty() && request.to().tag().isPresent() && request.requestUri() instanceof SipUri gruu
                && gruu.parameter("gr").isPresent() && domains.manages(gruu, services)) {
            return resolveGruu(event, request, gruu, ack);
        }
        return toDestination(event, request, routeSet, ack);
    }

    /**
     * §18.4: an in-dialog request to a GRUU of ours (Linphone's Contact) goes to the device registered with that
     * instance, through its Path; 404 when it is no longer registered.
     */
    private RequestOutcome resolveGruu(RequestEvent event, SipRequest request, SipUri gruu, boolean ack) {
        db.fetchInstance(gruu, gruu.parameter("gr").get()).whenCompleteAsync((binding, error) -> {
            if (error != null || binding.isEmpty()) {
                if (!ack) {
                    if (error != null) {
                        event.reply(503, "Registrar database unavailable");
                    } else {
                        event.reply(404, "Not Found");
                    }
                }
                return;
            }
            SipRequest.Builder b = request.copy().requestUri(binding.get().contact().uri());
            List<String> path = binding.get().path();
            for (int i = path.size() - 1; i >= 0; i--) {
                b.addFirst(HeaderName.ROUTE, "<" + path.get(i) + ">");
            }
            SipRequest resolved = b.build();
            RequestOutcome outcome = toDestination(event, resolved, new ArrayList<>(resolved.routes()), ack);
            if (outcome instanceof RequestOutcome.Reply r) {
                event.reply(r.status(), r.reason());
            }
        }, services.sipLoop());
        return RequestOutcome.suspend();
    }

    private RequestOutcome toDestination(RequestEvent event, SipRequest request, List<AddressHeader> routeSet,
            boolean ack) {
        // §18.4–18.5: the destination, never ourselves.
        Uri destination = routeSet.isEmpty() ? request.requestUri() : routeSet.get(0).uri();
        if (!(destination instanceof SipUri target)) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(416, "Unsupported URI Scheme");
        }
        if (routeSet.isEmpty() && services.isUs(target)) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(482, "Loop Detected");
        }
        if (ViaBranch.hasLooped(services.uniqueId(), event.receivedRequest())) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(482, "Loop Detected");
        }
        target = fixedByReceivedParams(target);

        // §18.6: Record-Route asked for by a module (NatHelper, for dialog-creating requests).
        boolean recordRoute = event.recordRouteRequested() && request.to().tag().isEmpty() && !ack;
        if (recordRoute) {
            request = request.copy().addFirst(HeaderName.RECORD_ROUTE, "<" + recordRouteUri(event) + ">").build();
        }
        // §18.7: Path for the REGISTERs going on.
        if (request.isMethod("REGISTER")) {
            request = withPath(request, event);
        }
        // §18.8: push parameters stay here.
        request = withoutParams(request);

        SipRequest ready = request;
        SipUri next = target;
        services.resolve(next, section.getString("default-transport")).whenComplete((hop, error) -> {
            if (error != null) {
                LOG.infof("cannot resolve %s for %s: %s", next.host(), event, error.getMessage());
                if (!ack) {
                    event.reply(503, "Cannot resolve " + next.host());
                }
                return;
            }
            event.setRequest(recordRoute ? withBridgeRecordRoute(ready, event, hop) : ready);
            services.forward(event, hop);
        });
        return RequestOutcome.handled();
    }

    /** Our Record-Route: the receiving transport, with NatHelper's flow token as user part when it set one. */
    private SipUri recordRouteUri(RequestEvent event) {
        SipUri self = services.selfUri(event.incoming());
        Optional<FlowTokenRecordRoute> token = event.attribute(FlowTokenRecordRoute.class);
        return token.map(t -> self.toBuilder().user(t.token()).build()).orElse(self);
    }

    /**
     * RFC 5626 §5.3 (spec/proxy.md §7.6): a request whose Route of ours carries a flow token goes over exactly that
     * flow: a token that does not verify is refused 403; a flow that is gone is answered 430 Flow Failed.
     */
    private RequestOutcome forwardOnFlow(RequestEvent event, SipRequest request, String token, boolean ack) {
        Optional<Flow> flow = flowTokens.orElseThrow().decode(token);
        if (flow.isEmpty()) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(403, "Invalid flow token");
        }
        NextHop hop = new NextHop(flow.get().remote(), flow.get().protocol());
        if (!services.isConnected(hop)) {
            return ack ? RequestOutcome.drop() : RequestOutcome.reply(430, "Flow Failed");
        }
        event.setRequest(withoutParams(request));
        services.forward(event, hop);
        return RequestOutcome.handled();
    }

    /** A Route of ours: us by host and port, or carrying {@code fs-proxy-id} with our unique id. */
    private boolean isOurs(Uri uri) {
        if (uri instanceof SipUri sip && sip.parameter(PROXY_ID_PARAM).filter(services.uniqueId()::equals)
                .isPresent()) {
            return true;
        }
        return services.isUs(uri);
    }

    /** §18.4: NatHelper's fix of a NATed upstream proxy's Record-Route. */
    private static SipUri fixedByReceivedParams(SipUri target) {
        if (target.parameter("fs-received").isEmpty()) {
            return target;
        }
        SipUri.Builder b = target.toBuilder().host(target.parameter("fs-received").get());
        target.parameter("fs-rport").ifPresent(p -> {
            try {
                b.port(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                // A broken fs-rport keeps the URI's port.
            }
        });
        return b.build();
    }

    /**
     * §18.6: when the request leaves on another protocol than it came (UDP in, TCP out...), a second Record-Route
     * names the outgoing side, on top, so each side of the dialog reaches us the way it can.
     */
    private SipRequest withBridgeRecordRoute(SipRequest request, RequestEvent event, NextHop hop) {
        if (hop.protocol() == event.incoming().protocol()) {
            return request;
        }
        return services.selfUri(hop.protocol(), event.incoming())
                .map(uri -> request.copy().addFirst(HeaderName.RECORD_ROUTE, "<" + uri + ">").build())
                .orElse(request);
    }

    private SipRequest withPath(SipRequest request, RequestEvent event) {
        if (event.incoming().connection().isPresent() && !request.paths().isEmpty()) {
            event.incoming().connection().get().markProxyToProxy(); // spec/global.md §5.2 (b)
        }
        if (section.getBoolean("add-path")) {
            SipUri.Builder path = services.selfUri(event.incoming()).toBuilder()
                    .parameter(PROXY_ID_PARAM, services.uniqueId());
            // RFC 5626 §5.1 (spec/proxy.md §7.6, §18.7): the first hop's Path carries the flow token and ob.
            event.attribute(FlowTokenPath.class).ifPresent(t -> path.user(t.token()).parameter("ob", null));
            SipUri self = path.build();
            return request.copy().addFirst(HeaderName.PATH, "<" + self + ">").build();
        }
        List<AddressHeader> kept = new ArrayList<>();
        for (AddressHeader path : request.paths()) {
            if (!isOurs(path.uri())) {
                kept.add(path);
            }
        }
        SipRequest.Builder b = request.copy().remove(HeaderName.PATH);
        kept.forEach(p -> b.add(HeaderName.PATH, p.toString()));
        return b.build();
    }

    private SipRequest withoutParams(SipRequest request) {
        Set<String> names = Set.copyOf(section.getStringList("params-to-remove").stream()
                .map(n -> n.toLowerCase(Locale.ROOT)).toList());
        if (names.isEmpty()) {
            return request;
        }
        SipRequest.Builder b = request.copy();
        boolean changed = false;
        if (request.requestUri() instanceof SipUri ruri) {
            SipUri cleaned = without(ruri, names);
            if (cleaned != ruri) {
                b.requestUri(cleaned);
                changed = true;
            }
        }
        if (!request.isMethod("REGISTER") && !request.isContactStar() && !request.contacts().isEmpty()) {
            List<AddressHeader> contacts = new ArrayList<>();
            boolean contactChanged = false;
            for (AddressHeader c : request.contacts()) {
                if (c.uri() instanceof SipUri curi) {
                    SipUri cleaned = without(curi, names);
                    contactChanged |= cleaned != curi;
                    contacts.add(cleaned == curi ? c : c.withAddress(c.address().withUri(cleaned)));
                } else {
                    contacts.add(c);
                }
            }
            if (contactChanged) {
                b.remove(HeaderName.CONTACT);
                contacts.forEach(c -> b.add(HeaderName.CONTACT, c.toString()));
                changed = true;
            }
        }
        return changed ? b.build() : request;
    }

    private static SipUri without(SipUri uri, Set<String> names) {
        SipUri.Builder b = null;
        for (String name : uri.parameters().names()) {
            if (names.contains(name.toLowerCase(Locale.ROOT))) {
                b = (b == null ? uri.toBuilder() : b).removeParameter(name);
            }
        }
        return b == null ? uri : b.build();
    }

    private static SipRequest withRoutes(SipRequest request, List<AddressHeader> routes) {
        SipRequest.Builder b = request.copy().remove(HeaderName.ROUTE);
        routes.forEach(r -> b.add(HeaderName.ROUTE, r.toString()));
        return b.build();
    }
}
