package org.flexisip.proxy.module;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ServerTransaction;
import org.flexisip.common.sip.transport.IncomingMessage;

/**
 * A request travelling through the chain: the request as the modules have changed it so far, where it came
 * from, its server transaction (none for an ACK), and what the modules noted for the ones after them.
 * Confined to the SIP loop except {@link #resume()} and {@link #reply}, which may be called from any thread.
 */
public final class RequestEvent {
    private final IncomingMessage incoming;
    private final ServerTransaction transaction;
    private final Map<Class<?>, Object> attributes = new HashMap<>();
    private List<Consumer<SipResponse>> answerListeners = List.of();
    private SipRequest request;
    private boolean recordRoute;
    private ModuleChain chain;
    private int position;

    public RequestEvent(IncomingMessage incoming, ServerTransaction transaction) {
        this.incoming = incoming;
        this.transaction = transaction;
        this.request = (SipRequest) incoming.message();
    }

    /** The request as it stands now (modules replace it, it is immutable). */
    public SipRequest request() {
        return request;
    }

    public void setRequest(SipRequest changed) {
        this.request = changed;
    }

    /** The request as received, with its transport details. */
    public IncomingMessage incoming() {
        return incoming;
    }

    public SipRequest receivedRequest() {
        return (SipRequest) incoming.message();
    }

    /** The server transaction; empty for an ACK, which is forwarded statelessly. */
    public Optional<ServerTransaction> transaction() {
        return Optional.ofNullable(transaction);
    }

    /**
     * Asks Forward to add a Record-Route to this proxy (spec/proxy.md §18.6), so in-dialog requests come back
     * through it.
     */
    public void requestRecordRoute() {
        recordRoute = true;
    }

    public boolean recordRouteRequested() {
        return recordRoute;
    }

    /** Something a module noted for later ones (a flow token, an authenticated identity...). */
    public <T> Optional<T> attribute(Class<T> type) {
        return Optional.ofNullable(type.cast(attributes.get(type)));
    }

    public <T> void setAttribute(Class<T> type, T value) {
        attributes.put(type, value);
    }

    /**
     * Tells {@code listener} the answer a module gives to this request (a later module's 401, a 403...), on the SIP
     * loop, just before it is sent. Answers relayed from downstream are not reported. DoSProtection counts
     * authentication failures with it.
     */
    public void onModuleAnswer(Consumer<SipResponse> listener) {
        List<Consumer<SipResponse>> all = new java.util.ArrayList<>(answerListeners);
        all.add(listener);
        answerListeners = List.copyOf(all);
    }

    void answered(SipResponse response) {
        for (Consumer<SipResponse> l : answerListeners) {
            l.accept(response);
        }
    }

    /**
     * A copy of this event for one branch of a fork, carrying {@code branchRequest}: same transaction and origin,
     * the attributes and Record-Route wish copied; {@link #resume()} on it runs the modules after the current one.
     */
    public RequestEvent branch(SipRequest branchRequest) {
        RequestEvent b = new RequestEvent(incoming, transaction);
        b.request = branchRequest;
        b.recordRoute = recordRoute;
        b.attributes.putAll(attributes);
        b.chain = chain;
        b.position = position;
        return b;
    }

    /** Continues a suspended request with the module after the one that suspended it. Any thread. */
    public void resume() {
        requireChain().resume(this);
    }

    /** Answers a suspended request. Any thread. */
    public void reply(int status, String reason) {
        requireChain().replyLater(this, new RequestOutcome.Reply(status, reason, List.of(), null));
    }

    /** Answers a suspended request with a full response (a 200 with its Contacts...). Any thread. */
    public void reply(SipResponse response) {
        requireChain().replyLater(this, new RequestOutcome.Reply(response.statusCode(), response.reasonPhrase(),
                List.of(), response));
    }

    void enter(ModuleChain owner, int index) {
        this.chain = owner;
        this.position = index;
    }

    int position() {
        return position;
    }

    private ModuleChain requireChain() {
        if (chain == null) {
            throw new IllegalStateException("this request is not in a module chain");
        }
        return chain;
    }

    @Override
    public String toString() {
        return request.method() + " " + request.requestUri() + " from " + incoming.remote();
    }
}
