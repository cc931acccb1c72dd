package org.flexisip.proxy.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;
import org.flexisip.common.sip.transaction.MessageSender;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.transaction.ServerTransaction;
import org.flexisip.common.sip.transaction.TimerSettings;
import org.flexisip.common.sip.transaction.TransactionLayer;
import org.flexisip.common.sip.transaction.TransactionUser;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.SipTransports;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.transport.TransportSpec.Protocol;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.flexisip.common.time.TimerService;
import org.flexisip.proxy.module.BranchOwner;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.ResponseEvent;
import org.jboss.logging.Logger;

/**
 * The stateful proxy core (RFC 3261 §16; Flexisip's {@code Agent}): receives every message from the transaction
 * layer, runs it through the module chain, relays responses of the requests it forwarded back to their server
 * transactions, and handles CANCEL for them. Confined to the SIP loop: every method but
 * {@link #onIncoming(IncomingMessage)} runs there.
 */
public final class Agent implements ProxyServices, TransactionUser, ChainEnd {
    private static final Logger LOG = Logger.getLogger(Agent.class);

    private final String uniqueId;
    private final SipTransports transports;
    private final Executor sipLoop;
    private final Executor blocking;
    private final SipClock clock;
    private final TimerService timers;
    private final ProxyStatistics statistics;
    private final TransactionLayer layer;
    /** Who decides for the branches of each server transaction whose request went on statefully. */
    private final Map<ServerTransaction, BranchOwner> owners = new IdentityHashMap<>();
    /** The owner of each live branch. */
    private final Map<ClientTransaction, BranchOwner> branches = new IdentityHashMap<>();
    /** Branches to CANCEL as soon as they answer provisionally (RFC 3261 §9.1), with their Reason. */
    private final Map<ClientTransaction, String> pendingCancels = new IdentityHashMap<>();
    /** Branches already cancelled. */
    private final Map<ClientTransaction, Boolean> cancelled = new IdentityHashMap<>();
    private ModuleChain chain;
    /** The message the transaction layer is handling now (the SIP loop handles one at a time). */
    private IncomingMessage handling;

    public Agent(String uniqueId, SipTransports transports, TimerSettings timerSettings, Executor sipLoop,
            Executor blocking, SipClock clock, TimerService timers, ProxyStatistics statistics) {
        this.uniqueId = uniqueId;
        this.transports = transports;
        this.sipLoop = sipLoop;
        this.blocking = blocking;
        this.clock = clock;
        this.timers = timers;
        this.statistics = statistics;
        this.layer = new TransactionLayer(new TransportSender(transports), timers, timerSettings, sipLoop, this);
    }

    /** The chain is built after the agent, since modules are given the agent. */
    public void installChain(ModuleChain moduleChain) {
        this.chain = moduleChain;
    }

    public TransactionLayer transactions() {
        return layer;
    }

    /** Entry point from the transports (any event-loop thread): hops onto the SIP loop. */
    public void onIncoming(IncomingMessage in) {
        sipLoop.execute(() -> {
            if (in.message() instanceof SipRequest r) {
                statistics.incomingRequest(r.method());
            } else {
                statistics.incomingResponse(((SipResponse) in.message()).statusCode());
            }
            handling = in;
            try {
                layer.onMessage(in);
            } catch (RuntimeException e) {
                LOG.errorf(e, "message from %s dropped: %s", in.remote(), e.getMessage());
            } finally {
                handling = null;
            }
        });
    }

    // ---- TransactionUser

    @Override
    public void onRequest(ServerTransaction tx) {
        SipRequest request = tx.request();
        if (request.isMethod("CANCEL")) {
            onCancel(tx);
            return;
        }
        if (request.isMethod("INVITE")) {
            // RFC 3261 §16.2: a proxy answers 100 at once for INVITE, stopping the caller's retransmissions.
            respond(tx, SipResponse.to(request, 100, "Trying").build());
        }
        markProxyToProxy(tx.incoming(), request);
        chain.onRequest(new RequestEvent(tx.incoming(), tx));
    }

    @Override
    public void onAck(IncomingMessage ack) {
        chain.onRequest(new RequestEvent(ack, null));
    }

    @Override
    public void onStrayResponse(IncomingMessage response) {
        chain.onResponse(new ResponseEvent((SipResponse) response.message(), response, null));
    }

    /**
     * RFC 3261 §9.2 / §16.10: a CANCEL matching a pending INVITE is answered 200, its branches are cancelled and the
     * INVITE answered 487; a CANCEL matching nothing gets 481 (spec/proxy.md §14.3).
     */
    private void onCancel(ServerTransaction cancelTx) {
        Optional<ServerTransaction> target = layer.findCancelTarget(cancelTx.request());
        if (target.isEmpty()) {
            respond(cancelTx, generated(cancelTx.request(), 481, "Call/Transaction Does Not Exist"));
            return;
        }
        respond(cancelTx, generated(cancelTx.request(), 200, "OK"));
        ServerTransaction invite = target.get();
        BranchOwner owner = owners.get(invite);
        if (owner != null) {
            owner.onCallerCancel();
        }
        if (!invite.isAnswered()) {
            respond(invite, generated(invite.request(), 487, "Request Terminated"));
        }
    }

    /** spec/global.md §5.2 (a): an initial request that already carries a Record-Route came from a proxy. */
    private static void markProxyToProxy(IncomingMessage in, SipRequest request) {
        if (in.connection().isPresent() && request.to().tag().isEmpty()
                && request.header(HeaderName.RECORD_ROUTE).isPresent()) {
            in.connection().get().markProxyToProxy();
        }
    }

    // ---- ChainEnd

    @Override
    public void reply(RequestEvent event, SipResponse response) {
        Optional<BranchOwner> owner = event.attribute(BranchOwner.class);
        if (owner.isPresent()) {
            owner.get().onBranchRefused(response);
            return;
        }
        Optional<ServerTransaction> tx = event.transaction();
        if (tx.isEmpty()) {
            LOG.debugf("no answer to %s: it has no transaction (ACK)", event);
            return;
        }
        respond(tx.get(), response);
    }

    @Override
    public void requestNotTaken(RequestEvent event) {
        LOG.errorf("no module sent %s on: module::Forward must stay enabled", event);
        reply(event, generated(event.receivedRequest(), 500, "Request not routed"));
    }

    @Override
    public void responseDone(ResponseEvent event) {
        SipResponse response = event.response();
        if (event.transaction().isPresent()) {
            ClientTransaction branch = event.transaction().get();
            BranchOwner owner = branches.get(branch);
            if (owner == null) {
                LOG.debugf("response %s for a branch no longer followed: dropped", event);
                return;
            }
            if (response.statusCode() < 200 && pendingCancels.containsKey(branch)) {
                sendCancel(branch, pendingCancels.remove(branch));
            }
            Optional<SipResponse> forCaller = forCaller(branch, response, event.incoming().isEmpty());
            forCaller.ifPresent(r -> owner.onBranchResponse(branch, r));
            return;
        }
        forwardStray(response);
    }

    /** RFC 3261 §16.7 step 3 / §18.2.2 for a response without transaction: remove our Via, send along the next. */
    private void forwardStray(SipResponse response) {
        if (response.vias().size() < 2 || !isOurVia(response.topVia())) {
            LOG.debugf("stray response %d dropped: its top Via is not ours or there is no next one",
                    response.statusCode());
            return;
        }
        SipResponse relayed = response.copy().removeFirstValue(HeaderName.VIA).build();
        ViaHeader next = relayed.topVia();
        Protocol protocol = protocolOf(next.transport());
        String host = next.received().orElse(next.host());
        int port = next.rport().orElse(next.port().orElse(protocol == Protocol.TLS ? 5061 : 5060));
        if (!isIpLiteral(host)) {
            LOG.debugf("stray response %d dropped: next Via host %s is a name", response.statusCode(), host);
            return;
        }
        sendStateless(relayed, new NextHop(new InetSocketAddress(host, port), protocol));
    }

    private boolean isOurVia(ViaHeader via) {
        return isUs(via.host(), via.port(), "TLS".equalsIgnoreCase(via.transport()));
    }

    // ---- ProxyServices

    @Override
    public String uniqueId() {
        return uniqueId;
    }

    @Override
    public boolean isUs(String host, OptionalInt port, boolean secure) {
        return transports.isUs(host, port, secure);
    }

    @Override
    public SipUri selfUri(IncomingMessage incoming) {
        return selfUri(specFor(incoming.protocol(), incoming.local()), incoming.protocol(), incoming.local());
    }

    @Override
    public Optional<SipUri> selfUri(Protocol protocol, IncomingMessage incoming) {
        TransportSpec spec = specFor(protocol, null);
        return spec == null ? Optional.empty() : Optional.of(selfUri(spec, protocol, incoming.local()));
    }

    private static SipUri selfUri(TransportSpec spec, Protocol protocol, InetSocketAddress local) {
        SipUri.Builder b = SipUri.builder(advertisedHost(spec, local)).secure(protocol == Protocol.TLS)
                .port(spec == null ? local.getPort() : spec.port());
        if (protocol == Protocol.TCP) {
            b.parameter("transport", "tcp");
        }
        return b.parameter("lr", null).build();
    }

    @Override
    public CompletableFuture<NextHop> resolve(SipUri target, String defaultTransport) {
        Protocol protocol;
        Optional<String> transport = target.transport();
        if (target.secure()) {
            protocol = Protocol.TLS;
        } else if (transport.isPresent()) {
            protocol = protocolOf(transport.get());
        } else {
            protocol = protocolOf(defaultTransport);
        }
        String host = unbracket(target.maddr().orElse(target.host()));
        int port = target.port().orElse(protocol == Protocol.TLS ? TransportSpec.DEFAULT_SIPS_PORT
                : TransportSpec.DEFAULT_SIP_PORT);
        if (isIpLiteral(host)) {
            return CompletableFuture.completedFuture(new NextHop(new InetSocketAddress(host, port), protocol));
        }
        CompletableFuture<NextHop> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                InetAddress address = InetAddress.getByName(host);
                sipLoop.execute(() -> result.complete(new NextHop(new InetSocketAddress(address, port), protocol)));
            } catch (UnknownHostException e) {
                sipLoop.execute(() -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    @Override
    public void forward(RequestEvent event, NextHop hop) {
        Optional<ServerTransaction> tx = event.transaction();
        SipRequest out = withOurVia(event.request(), event.receivedRequest(), hop, event.incoming());
        if (tx.isEmpty()) {
            layer.sendStateless(out, hop);
            return;
        }
        ServerTransaction server = tx.get();
        Optional<BranchOwner> forkOwner = event.attribute(BranchOwner.class);
        if (forkOwner.isEmpty() && server.isAnswered()) {
            // Answered while a module had it suspended (a CANCEL got its 487): nothing goes on.
            LOG.debugf("%s already answered %d: not forwarded", event, server.lastStatusCode().getAsInt());
            return;
        }
        BranchOwner owner = forkOwner.orElseGet(() -> new SingleBranch(server));
        if (owners.putIfAbsent(server, owner) == null) {
            server.onTerminated(() -> sipLoop.execute(() -> owners.remove(server)));
        }
        ClientTransaction branch = layer.sendRequest(out, hop, (ctx, response) -> {
            // A received response reaches us while the layer handles the message that carries it.
            IncomingMessage source = ctx.isLocallyGenerated(response) ? null : handling;
            chain.onResponse(new ResponseEvent(response, source, ctx));
        });
        if (branch.state() != org.flexisip.common.sip.transaction.TransactionState.TERMINATED) {
            branches.put(branch, owner);
            // Forgotten after the current event: a timeout's 408 is delivered once the transaction has ended.
            branch.onTerminated(() -> sipLoop.execute(() -> {
                branches.remove(branch);
                pendingCancels.remove(branch);
                cancelled.remove(branch);
            }));
        }
        owner.onBranchStarted(branch);
    }

    @Override
    public void respond(RequestEvent event, SipResponse response) {
        event.transaction().ifPresent(tx -> tx.respond(response));
    }

    @Override
    public void cancel(ClientTransaction branch, String reason) {
        if (!branch.isInvite() || branch.state() == org.flexisip.common.sip.transaction.TransactionState.TERMINATED
                || cancelled.containsKey(branch)) {
            return;
        }
        if (branch.hasProvisional()) {
            sendCancel(branch, reason);
        } else {
            pendingCancels.put(branch, reason);
        }
    }

    private void sendCancel(ClientTransaction branch, String reason) {
        if (cancelled.put(branch, Boolean.TRUE) != null) {
            return;
        }
        SipRequest cancel = TransactionLayer.cancelFor(branch.request());
        if (reason != null) {
            cancel = cancel.copy().add(HeaderName.REASON, reason).build();
        }
        layer.sendRequest(cancel, branch.hop(), (tx, response) -> {
            // The answer to our CANCEL itself is of no interest: the INVITE's 487 (or 2xx) matters.
        });
    }

    /**
     * A branch response as the caller must see it (§16.7 step 3): our Via removed; a 408 or 503 the transaction
     * layer built for the branch re-addressed to the caller's Via set.
     */
    private Optional<SipResponse> forCaller(ClientTransaction branch, SipResponse response, boolean local) {
        if (local) {
            return Optional.of(generatedFor(branch, response));
        }
        if (response.vias().size() >= 2 && isOurVia(response.topVia())) {
            return Optional.of(response.copy().removeFirstValue(HeaderName.VIA).build());
        }
        LOG.warnf("response %d to a forwarded request without our Via on top: dropped", response.statusCode());
        return Optional.empty();
    }

    private SipResponse generatedFor(ClientTransaction branch, SipResponse local) {
        for (Map.Entry<ServerTransaction, BranchOwner> e : owners.entrySet()) {
            if (e.getValue() == branches.get(branch)) {
                return generated(e.getKey().request(), local.statusCode(), local.reasonPhrase());
            }
        }
        return local;
    }

    @Override
    public boolean isConnected(NextHop hop) {
        return !hop.protocol().isStream() || transports.connection(hop.address()).isPresent();
    }

    @Override
    public void sendStateless(SipMessage message, NextHop hop) {
        layer.sendStateless(message, hop);
    }

    @Override
    public Executor sipLoop() {
        return sipLoop;
    }

    @Override
    public Executor blockingExecutor() {
        return blocking;
    }

    @Override
    public SipClock clock() {
        return clock;
    }

    @Override
    public TimerService timers() {
        return timers;
    }

    // ---- helpers

    /** RFC 3261 §16.6 step 8: our Via on top, with the branch of {@link ViaBranch} and {@code rport}. */
    private SipRequest withOurVia(SipRequest request, SipRequest received, NextHop hop, IncomingMessage incoming) {
        TransportSpec spec = specFor(hop.protocol(), null);
        InetSocketAddress local = incoming.local();
        String host = advertisedHost(spec, local);
        int port = spec != null ? spec.port() : local.getPort();
        ViaHeader via = ViaHeader.builder(hop.protocol().token(), host).port(port)
                .branch(ViaBranch.of(uniqueId, received, request)).rport().build();
        return request.copy().addFirst(HeaderName.VIA, via.toString()).build();
    }

    /** The listening transport for a protocol (the one a message arrived at when known). */
    private TransportSpec specFor(Protocol protocol, InetSocketAddress local) {
        TransportSpec first = null;
        for (TransportSpec spec : transports.specs()) {
            if (!spec.protocols().contains(protocol) || spec.isClientOnly()) {
                continue;
            }
            if (local == null || spec.port() == local.getPort()) {
                return spec;
            }
            if (first == null) {
                first = spec;
            }
        }
        return first;
    }

    /** A wildcard transport ({@code sip:*}) has no name: the address the peer reached us at stands for it. */
    private static String advertisedHost(TransportSpec spec, InetSocketAddress local) {
        if (spec != null && !spec.isWildcard()) {
            return spec.advertisedHost();
        }
        InetAddress address = local.getAddress();
        if (address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        text = scope < 0 ? text : text.substring(0, scope);
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }

    private void respond(ServerTransaction tx, SipResponse response) {
        statistics.reply(response.statusCode());
        tx.respond(response);
    }

    /** A response generated here, with a To tag derived from the request: a retransmission gets the same one. */
    private SipResponse generated(SipRequest request, int status, String reason) {
        SipResponse r = SipResponse.to(request, status, reason).build();
        if (r.to().tag().isPresent()) {
            return r;
        }
        return r.copy().set(HeaderName.TO, r.to().withTag(ViaBranch.loopPart(uniqueId, request)).toString()).build();
    }

    static Protocol protocolOf(String transport) {
        return switch (transport.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "tls" -> Protocol.TLS;
            default -> Protocol.UDP;
        };
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.indexOf(':') >= 0;
    }

    /**
     * The core's own owner of a request forwarded on one branch (RFC 3261 §16.7): provisional responses but 100 go
     * back at once, the final one goes back and ends it; 2xx retransmissions for INVITE are passed on as they come
     * (RFC 6026).
     */
    /**
     * The owner of a request forwarded without a fork. It keeps the caller's transaction, not the request event: it
     * lives as long as that transaction (Timer J or L, 32 s over UDP), and the event holds the parsed request.
     */
    private final class SingleBranch implements BranchOwner {
        private final ServerTransaction server;
        private ClientTransaction branch;

        SingleBranch(ServerTransaction server) {
            this.server = server;
        }

        @Override
        public void onBranchStarted(ClientTransaction started) {
            this.branch = started;
        }

        @Override
        public void onBranchRefused(SipResponse response) {
            server.respond(response);
        }

        @Override
        public void onCallerCancel() {
            if (branch != null) {
                cancel(branch, null);
            }
        }

        @Override
        public void onBranchResponse(ClientTransaction from, SipResponse response) {
            int status = response.statusCode();
            if (status == 100) {
                return; // §16.7 step 5: a 100 is not forwarded, we sent our own.
            }
            boolean finalSent = server.isAnswered();
            if (finalSent && !(status >= 200 && status < 300 && server.isInvite())) {
                LOG.debugf("response %d after the final one: not forwarded", status);
                return;
            }
            server.respond(response);
        }
    }

    /** The transaction layer's sender over our transports. */
    private record TransportSender(SipTransports transports) implements MessageSender {
        @Override
        public CompletableFuture<Void> send(SipMessage message, NextHop hop) {
            return transports.send(message, hop.address(), hop.protocol());
        }

        @Override
        public CompletableFuture<Void> reply(IncomingMessage request, SipResponse response) {
            return transports.reply(request, response);
        }

        @Override
        public CompletableFuture<Void> replyDatagram(byte[] response, InetSocketAddress destination) {
            return transports.sendDatagram(response, destination);
        }
    }
}
