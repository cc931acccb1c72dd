package org.flexisip.proxy.module.nathelper;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
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
 * {@code module::NatHelper} (spec/proxy.md §7): makes clients behind NATs reachable, with one of two strategies.
 * <p>
 * <b>Contact correction</b> (the default):
 * <ol>
 * <li>Requests whose top Via has a {@code received} or a filled {@code rport} (our transports always add them,
 * RFC 3261 §18.2.1, RFC 3581 §4) are examined. The exception for the internal cluster transport does not apply:
 * there is no such transport yet.</li>
 * <li>Each Contact is rewritten to the observed source ({@code received}, else the Via host; {@code rport}, else
 * the Via port) when the request has a single Contact and we are its first hop (it has exactly one Via), or when
 * the Contact's host, port and transport are the Via's sent-by. Its {@code transport} parameter then follows the
 * Via transport ({@code tcp}, {@code tls}, none for UDP or a SIPS URI). A Contact with {@code gr} (GRUU, RFC
 * 5627), {@code isfocus} (RFC 4579) or the marker parameter is left alone.</li>
 * <li>On a 2xx to INVITE or SUBSCRIBE received from the network, the first Contact (unless it has {@code gr},
 * {@code isfocus} or the marker) is rewritten to the address and port the response came from, and gets the
 * marker ({@code contact-correction-param}, default {@code verified}) so that the proxies after us leave it
 * alone; the last proxy before the client (the response has one Via below ours) does not add it and removes it
 * whatever the strategy.</li>
 * </ol>
 * <b>Both strategies:</b>
 * <ol start="4">
 * <li>An initial INVITE or SUBSCRIBE (no To tag) asks Forward for a Record-Route to this proxy, so in-dialog
 * requests come back through the proxy holding the client's connection.</li>
 * <li>With {@code fix-record-routes}, the top Record-Route of such a request (added by the proxy that sent it
 * to us) gets {@code fs-received}/{@code fs-rport}: under the {@code safe} policy only when it looks NATed (it
 * names the Via sent-by, and the observed source differs from it: then only the parts that differ, and its
 * {@code transport} follows the Via); under {@code always}, both, always. Forward honours them. As in 2.4,
 * independently of {@code fix-record-routes}, a REGISTER whose top Path has {@code fs-proxy-id} (added by a
 * Flexisip proxy) gets that Path rewritten to the observed source.</li>
 * </ol>
 * <b>Flow token</b> (RFC 5626):
 * <ol start="6">
 * <li>When we are the client's first hop and the client wants it (no Contact, {@code ob} in its Contact, RFC 5626
 * §4.2.1, or {@code force-flow-token} true for the request), an initial INVITE or SUBSCRIBE gets a
 * {@link FlowTokenRecordRoute} attribute and a REGISTER a {@link FlowTokenPath} one: a {@link FlowToken} for the
 * flow it arrived on, which Forward puts in the user part of the Record-Route or Path it adds. The key is read
 * (or created) once, when the module is created at startup.</li>
 * </ol>
 *
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>Name</th><th>Meaning</th></tr>
 * <tr><td>{@code nat-traversal-strategy}</td><td>{@code contact-correction} or {@code flow-token}</td></tr>
 * <tr><td>{@code force-flow-token}</td><td>BooleanExpr: clients that get a flow token</td></tr>
 * <tr><td>{@code flow-token-path}</td><td>key file of the flow tokens, created when missing</td></tr>
 * <tr><td>{@code contact-correction-param}</td><td>the marker parameter (a token; old name
 * {@code contact-verified-param})</td></tr>
 * <tr><td>{@code fix-record-routes}</td><td>rule 5 on or off</td></tr>
 * <tr><td>{@code fix-record-routes-policy}</td><td>{@code safe} or {@code always}</td></tr>
 * </table>
 */
public final class NatHelper implements Module {
    private static final Logger LOG = Logger.getLogger(NatHelper.class);
    static final String PARAM_STRATEGY = "nat-traversal-strategy";
    static final String PARAM_FORCE_FLOW_TOKEN = "force-flow-token";
    static final String PARAM_FLOW_TOKEN_PATH = "flow-token-path";
    static final String PARAM_MARKER = "contact-correction-param";
    static final String PARAM_FIX_RECORD_ROUTES = "fix-record-routes";
    static final String PARAM_POLICY = "fix-record-routes-policy";
    /** The Record-Route and Path parameters carrying the observed source (read by Forward, §18 rule 4). */
    public static final String FS_RECEIVED = "fs-received";
    public static final String FS_RPORT = "fs-rport";
    /** The Path parameter Flexisip proxies add (§18 rule 7). */
    public static final String FS_PROXY_ID = "fs-proxy-id";

    public static final ModuleFactory FACTORY = NatHelper::create;

    /** {@code nat-traversal-strategy}. */
    public enum Strategy {
        CONTACT_CORRECTION("contact-correction"), FLOW_TOKEN("flow-token");

        private final String text;

        Strategy(String text) {
            this.text = text;
        }

        static Optional<Strategy> of(String text) {
            for (Strategy s : values()) {
                if (s.text.equals(text)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code fix-record-routes-policy}. */
    public enum RecordRoutePolicy {
        SAFE, ALWAYS
    }

    private final ProxyServices services;
    private final Strategy strategy;
    private final SipBooleanExpression forceFlowToken;
    private final Optional<FlowToken> flowToken;
    private final String marker;
    private final boolean fixRecordRoutes;
    private final RecordRoutePolicy policy;

    private NatHelper(ProxyServices services, Strategy strategy, SipBooleanExpression forceFlowToken,
            Optional<FlowToken> flowToken, String marker, boolean fixRecordRoutes, RecordRoutePolicy policy) {
        this.services = services;
        this.strategy = strategy;
        this.forceFlowToken = forceFlowToken;
        this.flowToken = flowToken;
        this.marker = marker;
        this.fixRecordRoutes = fixRecordRoutes;
        this.policy = policy;
    }

    /**
     * The module, its parameters checked; with the flow-token strategy and the module enabled, reads or creates
     * the key file (blocking file I/O: call it at startup, not on the SIP loop).
     */
    public static NatHelper create(ModuleContext context) throws ModuleConfigurationException {
        ConfigSection section = context.section();
        String strategyText = section.getString(PARAM_STRATEGY).strip();
        Strategy strategy = Strategy.of(strategyText).orElseThrow(() -> new ModuleConfigurationException(
                where(PARAM_STRATEGY) + ": '" + strategyText + "' is neither contact-correction nor flow-token"));
        String policyText = section.getString(PARAM_POLICY).strip();
        RecordRoutePolicy policy = switch (policyText) {
            case "safe" -> RecordRoutePolicy.SAFE;
            case "always" -> RecordRoutePolicy.ALWAYS;
            default -> throw new ModuleConfigurationException(
                    where(PARAM_POLICY) + ": '" + policyText + "' is neither safe nor always");
        };
        String marker = section.getString(PARAM_MARKER).strip();
        if (!SipChars.isToken(marker)) {
            throw new ModuleConfigurationException(
                    where(PARAM_MARKER) + ": '" + marker + "' is not a URI parameter name (a token)");
        }
        Optional<FlowToken> flowToken = Optional.empty();
        if (strategy == Strategy.FLOW_TOKEN && section.getBoolean("enabled")) {
            flowToken = Optional.of(loadKey(section.getString(PARAM_FLOW_TOKEN_PATH).strip()));
        }
        return new NatHelper(context.services(), strategy, section.getFilter(PARAM_FORCE_FLOW_TOKEN), flowToken,
                marker, section.getBoolean(PARAM_FIX_RECORD_ROUTES), policy);
    }

    private static FlowToken loadKey(String path) throws ModuleConfigurationException {
        if (path.isEmpty()) {
            throw new ModuleConfigurationException(where(PARAM_FLOW_TOKEN_PATH) + ": must be set with flow-token");
        }
        try {
            return FlowToken.fromKeyFile(Path.of(path));
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new ModuleConfigurationException(where(PARAM_FLOW_TOKEN_PATH) + ": cannot read or create the key '"
                    + path + "': " + e.getMessage(), e);
        }
    }

    private static String where(String param) {
        return "module::NatHelper/" + param;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The flow tokens of this proxy; present with the flow-token strategy (Forward checks incoming tokens). */
    public Optional<FlowToken> flowToken() {
        return flowToken;
    }

    // ---- requests ----

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        SipRequest changed = request;
        if (strategy == Strategy.CONTACT_CORRECTION) {
            changed = fixContacts(changed);
        }
        boolean initial = (changed.isMethod("INVITE") || changed.isMethod("SUBSCRIBE"))
                && changed.to().tag().isEmpty();
        if (initial) {
            if (fixRecordRoutes) {
                changed = fixRecordRoute(changed);
            }
            event.requestRecordRoute();
            flowTokenFor(event, changed).ifPresent(t -> event.setAttribute(FlowTokenRecordRoute.class,
                    new FlowTokenRecordRoute(t)));
        } else if (changed.isMethod("REGISTER")) {
            changed = fixPath(changed);
            flowTokenFor(event, changed).ifPresent(t -> event.setAttribute(FlowTokenPath.class, new FlowTokenPath(t)));
        }
        if (changed != request) {
            event.setRequest(changed);
        }
        return RequestOutcome.proceed();
    }

    /** Rules 1 and 2. */
    private SipRequest fixContacts(SipRequest request) {
        List<AddressHeader> contacts = request.contacts();
        if (contacts.isEmpty()) {
            return request;
        }
        ViaHeader via = request.topVia();
        Optional<Source> observed = Source.of(via);
        if (observed.isEmpty()) {
            return request;
        }
        Source source = observed.get();
        boolean frontEnd = request.vias().size() == 1 && contacts.size() == 1;
        List<String> values = new ArrayList<>(contacts.size());
        boolean changed = false;
        for (AddressHeader contact : contacts) {
            AddressHeader fixed = contact;
            if (contact.uri() instanceof SipUri uri && !isVerifiedOrExempt(contact, uri)
                    && (frontEnd || isSentBy(uri, via))) {
                SipUri.Builder b = uri.toBuilder();
                if (!sameHost(uri.host(), source.host()) || !samePort(uri.port(), source.port(), uri.secure(), via)) {
                    b.host(source.host());
                    setPort(b, source.port());
                }
                SipUri rewritten = withTransport(b, uri.secure(), via.transport()).build();
                if (!rewritten.toString().equals(uri.toString())) {
                    fixed = contact.withAddress(contact.address().withUri(rewritten));
                    LOG.debugf("Contact %s of %s corrected to %s", uri, request.method(), rewritten);
                }
            }
            changed |= fixed != contact;
            values.add(fixed.toString());
        }
        return changed ? request.copy().set(HeaderName.CONTACT, String.join(", ", values)).build() : request;
    }

    /** Whether the contact is left alone: a GRUU, a conference focus, or already corrected upstream. */
    private boolean isVerifiedOrExempt(AddressHeader contact, SipUri uri) {
        return uri.hasParameter("gr") || uri.hasParameter(marker) || contact.params().has("isfocus");
    }

    /** The URI names the Via sent-by: same host, port and transport (a missing transport is UDP). */
    private static boolean isSentBy(SipUri uri, ViaHeader via) {
        String uriTransport = uri.transport().orElse("udp");
        return sameHost(uri.host(), via.host()) && samePort(uri.port(), via.port(), uri.secure(), via)
                && uriTransport.equalsIgnoreCase(via.transport());
    }

    /** Rule 5, Record-Route part. */
    private SipRequest fixRecordRoute(SipRequest request) {
        List<AddressHeader> recordRoutes = request.recordRoutes();
        if (recordRoutes.isEmpty() || !(recordRoutes.get(0).uri() instanceof SipUri uri)) {
            return request;
        }
        ViaHeader via = request.topVia();
        Optional<Source> observed = Source.of(via);
        if (observed.isEmpty()) {
            return request;
        }
        Source source = observed.get();
        SipUri.Builder b = uri.toBuilder();
        boolean fixed = false;
        if (policy == RecordRoutePolicy.ALWAYS) {
            b.parameter(FS_RECEIVED, unbracketed(source.host()));
            source.port().ifPresent(p -> b.parameter(FS_RPORT, Integer.toString(p)));
            fixed = true;
        } else if (sameHost(uri.host(), via.host()) && samePort(uri.port(), via.port(), uri.secure(), via)) {
            if (!sameHost(uri.host(), source.host())) {
                b.parameter(FS_RECEIVED, unbracketed(source.host()));
                fixed = true;
            }
            if (source.port().isPresent() && !samePort(uri.port(), source.port(), uri.secure(), via)) {
                b.parameter(FS_RPORT, Integer.toString(source.port().getAsInt()));
                fixed = true;
            }
        }
        if (!fixed) {
            return request;
        }
        AddressHeader rr = recordRoutes.get(0);
        SipUri rewritten = withTransport(b, uri.secure(), via.transport()).build();
        LOG.debugf("Record-Route %s of %s fixed to %s", uri, request.method(), rewritten);
        return request.copy().removeFirstValue(HeaderName.RECORD_ROUTE)
                .addFirst(HeaderName.RECORD_ROUTE, rr.withAddress(rr.address().withUri(rewritten)).toString())
                .build();
    }

    /** Rule 5, Path part: the top Path of a REGISTER relayed by a NATed Flexisip proxy. */
    private SipRequest fixPath(SipRequest request) {
        if (request.headers(HeaderName.PATH).isEmpty()) {
            return request;
        }
        List<AddressHeader> paths = request.paths();
        if (paths.isEmpty() || !(paths.get(0).uri() instanceof SipUri uri) || !uri.hasParameter(FS_PROXY_ID)) {
            return request;
        }
        ViaHeader via = request.topVia();
        Optional<Source> observed = Source.of(via);
        if (observed.isEmpty()) {
            return request;
        }
        SipUri.Builder b = uri.toBuilder().host(observed.get().host());
        setPort(b, observed.get().port());
        SipUri rewritten = withTransport(b, uri.secure(), via.transport()).build();
        AddressHeader path = paths.get(0);
        LOG.debugf("Path %s of REGISTER fixed to %s", uri, rewritten);
        return request.copy().removeFirstValue(HeaderName.PATH)
                .addFirst(HeaderName.PATH, path.withAddress(path.address().withUri(rewritten)).toString()).build();
    }

    /** Rule 6: the token of the request's flow, when this strategy, the client and our position want one. */
    private Optional<String> flowTokenFor(RequestEvent event, SipRequest request) {
        if (flowToken.isEmpty() || request.vias().size() != 1 || !wantsFlowToken(request)) {
            return Optional.empty();
        }
        IncomingMessage incoming = event.incoming();
        return Optional.of(flowToken.get().encode(incoming.local(), incoming.remote(), incoming.protocol()));
    }

    private boolean wantsFlowToken(SipRequest request) {
        List<AddressHeader> contacts = request.contacts();
        if (contacts.isEmpty()) {
            return true;
        }
        return contacts.get(0).uri() instanceof SipUri uri && uri.hasParameter("ob")
                || forceFlowToken.evaluate(request);
    }

    // ---- responses ----

    /** Rule 3, and the removal of the marker by the last proxy before the client. */
    @Override
    public ResponseOutcome onResponse(ResponseEvent event) {
        SipResponse response = event.response();
        if (response.headers(HeaderName.CONTACT).isEmpty()) {
            return ResponseOutcome.CONTINUE;
        }
        List<AddressHeader> contacts = response.contacts();
        if (contacts.isEmpty() || !(contacts.get(0).uri() instanceof SipUri uri)) {
            return ResponseOutcome.CONTINUE;
        }
        AddressHeader contact = contacts.get(0);
        boolean lastHop = hopsBelowUs(response) == 1;
        SipUri fixed = uri;
        if (strategy == Strategy.CONTACT_CORRECTION && response.isSuccess() && isDialogCreating(response)) {
            if (!isVerifiedOrExempt(contact, uri) && event.incoming().isPresent()) {
                fixed = fromSource(uri, event.incoming().get());
            }
            if (!lastHop && !fixed.hasParameter(marker)) {
                fixed = fixed.toBuilder().parameter(marker, null).build();
            }
        }
        if (lastHop && fixed.hasParameter(marker)) {
            fixed = fixed.toBuilder().removeParameter(marker).build();
        }
        if (fixed != uri) {
            LOG.debugf("Contact %s of response %s rewritten to %s", uri, event, fixed);
            event.setResponse(response.copy().removeFirstValue(HeaderName.CONTACT)
                    .addFirst(HeaderName.CONTACT, contact.withAddress(contact.address().withUri(fixed)).toString())
                    .build());
        }
        return ResponseOutcome.CONTINUE;
    }

    private static boolean isDialogCreating(SipResponse response) {
        String method = response.cseq().method();
        return method.equals("INVITE") || method.equals("SUBSCRIBE");
    }

    /** The contact with the address and port the response came from, its transport that of the response. */
    private static SipUri fromSource(SipUri uri, IncomingMessage incoming) {
        String host = incoming.remote().getAddress().getHostAddress();
        int port = incoming.remote().getPort();
        SipUri.Builder b = uri.toBuilder();
        if (!sameHost(uri.host(), host) || uri.port().orElse(defaultPort(uri.secure(), incoming.protocol())) != port) {
            b.host(host).port(port);
        }
        SipUri rewritten = withTransport(b, uri.secure(), incoming.protocol().token()).build();
        return rewritten.toString().equals(uri.toString()) ? uri : rewritten;
    }

    /**
     * How many Vias are below ours: the response as received still has our Via on top; should it have been taken
     * off already, the count is the same.
     */
    private int hopsBelowUs(SipMessage response) {
        List<ViaHeader> vias = response.vias();
        if (vias.isEmpty()) {
            return 0;
        }
        ViaHeader top = vias.get(0);
        boolean ours = services.isUs(top.host(), top.port(), top.transport().equalsIgnoreCase("TLS"));
        return ours ? vias.size() - 1 : vias.size();
    }

    // ---- addresses ----

    /**
     * Where a request came from according to its top Via (rule 1): {@code received}, else the sent-by host;
     * {@code rport}, else the sent-by port (possibly absent). Empty when the Via has neither.
     */
    private record Source(String host, OptionalInt port) {
        static Optional<Source> of(ViaHeader via) {
            Optional<String> received = via.received().filter(r -> !r.isEmpty());
            OptionalInt rport = via.rport();
            if (received.isEmpty() && rport.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Source(received.orElse(via.host()), rport.isPresent() ? rport : via.port()));
        }
    }

    private static SipUri.Builder withTransport(SipUri.Builder b, boolean secure, String viaTransport) {
        b.removeParameter("transport");
        String transport = viaTransport.toUpperCase(Locale.ROOT);
        if (!secure && (transport.equals("TCP") || transport.equals("TLS"))) {
            b.parameter("transport", transport.toLowerCase(Locale.ROOT));
        }
        return b;
    }

    private static void setPort(SipUri.Builder b, OptionalInt port) {
        if (port.isPresent()) {
            b.port(port.getAsInt());
        } else {
            b.noPort();
        }
    }

    private static boolean sameHost(String a, String b) {
        return unbracketed(a).equalsIgnoreCase(unbracketed(b));
    }

    /** Ports compared with the default of the transport (RFC 3261 §19.1.2: 5060, 5061 for SIPS or TLS). */
    private static boolean samePort(OptionalInt a, OptionalInt b, boolean secure, ViaHeader via) {
        boolean tls = secure || via.transport().equalsIgnoreCase("TLS");
        int byDefault = tls ? TransportSpec.DEFAULT_SIPS_PORT : TransportSpec.DEFAULT_SIP_PORT;
        return a.orElse(byDefault) == b.orElse(byDefault);
    }

    private static int defaultPort(boolean secure, TransportSpec.Protocol protocol) {
        return secure || protocol == TransportSpec.Protocol.TLS ? TransportSpec.DEFAULT_SIPS_PORT
                : TransportSpec.DEFAULT_SIP_PORT;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
