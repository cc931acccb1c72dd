package org.flexisip.proxy.module;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;
import org.flexisip.common.sip.transaction.NextHop;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.common.time.SipClock;
import org.flexisip.common.time.TimerService;

/** What the proxy core offers its modules (Flexisip's {@code Agent}). Called on the SIP loop. */
public interface ProxyServices {

    /** {@code global/unique-id}, configured or derived (spec/global.md §9). */
    String uniqueId();

    /** "Is us" for a host and port (spec/global.md §4). */
    boolean isUs(String host, OptionalInt port, boolean secure);

    /** "Is us" for a URI: its {@code maddr} replaces its host; false for a URI that is not sip/sips. */
    default boolean isUs(Uri uri) {
        if (!(uri instanceof SipUri sip)) {
            return false;
        }
        return isUs(sip.maddr().orElse(sip.host()), sip.port(), sip.secure());
    }

    /**
     * This proxy's URI as reached through the transport that received {@code incoming} (advertised host and
     * port, {@code transport} for streams, {@code lr}): the form of Record-Route and Path (spec/proxy.md §18.6).
     */
    SipUri selfUri(IncomingMessage incoming);

    /**
     * This proxy's URI on the listening transport of {@code protocol} (for the second Record-Route of a request
     * leaving on another protocol than it came); empty when no transport listens with it.
     */
    Optional<SipUri> selfUri(TransportSpec.Protocol protocol, IncomingMessage incoming);

    /**
     * Resolves where a URI is sent (RFC 3263 simplified: transport parameter or {@code default}, port 5060/5061,
     * {@code maddr}, A/AAAA lookup off the SIP loop). Completes on the SIP loop.
     */
    CompletableFuture<NextHop> resolve(SipUri target, String defaultTransport);

    /**
     * Sends a request on statefully: a client transaction towards {@code hop} whose responses come back through
     * the chain to {@code event}'s server transaction (RFC 3261 §16.6–16.7). Adds this proxy's Via.
     */
    void forward(RequestEvent event, NextHop hop);

    /** Sends a response to the caller on the event's server transaction (a fork's decision). */
    void respond(RequestEvent event, SipResponse response);

    /**
     * CANCELs a branch (RFC 3261 §9.1): at once if it has had a provisional response, else as soon as it has one;
     * {@code reason} is a Reason header value (RFC 3326) or null.
     */
    void cancel(ClientTransaction branch, String reason);

    /** Whether a message can go to {@code hop} on an open flow: always for UDP, an open connection for TCP/TLS. */
    boolean isConnected(NextHop hop);

    /** Sends a message statelessly: an ACK (with our Via added) or a response (already without our Via). */
    void sendStateless(SipMessage message, NextHop hop);

    /** Executes on the SIP loop (resuming after asynchronous work). */
    Executor sipLoop();

    /** A bounded pool for work that blocks (file reads, name resolution); never the SIP loop. */
    Executor blockingExecutor();

    SipClock clock();

    TimerService timers();
}
