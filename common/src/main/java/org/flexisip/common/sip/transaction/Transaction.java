package org.flexisip.common.sip.transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.flexisip.common.time.Cancellable;
import org.jboss.logging.Logger;

/**
 * What the four transaction machines share: the current state, the timers armed in it, termination. Confined
 * to the SIP loop (see the package documentation).
 *
 * <p>Each machine dispatches an event to the handler of its current state; a handler takes the events its
 * figure shows and gives any other to {@link #unexpected}, which logs and counts it. Timers are armed on
 * entering a state and cancelled by {@link #moveTo} when the new state is not one they run in
 * ({@link TransactionTimer#runsIn}).
 */
public abstract sealed class Transaction permits ServerTransaction, ClientTransaction {
    static final Logger LOG = Logger.getLogger(Transaction.class);
    private static final SipMessageParser PARSER = new SipMessageParser();

    final TransactionLayer layer;
    private TransactionState state;
    private final Map<TransactionTimer, ArmedTimer> armed = new EnumMap<>(TransactionTimer.class);
    private List<Runnable> terminationListeners = new ArrayList<>(1);
    private TerminationCause terminationCause;

    Transaction(TransactionLayer layer, TransactionState initial) {
        this.layer = layer;
        this.state = initial;
    }

    /** The request that created the transaction. */
    public abstract SipRequest request();

    /** Whether this is an INVITE transaction (§17.1.1, §17.2.1) rather than a non-INVITE one. */
    public boolean isInvite() {
        return request().isMethod("INVITE");
    }

    public TransactionState state() {
        return state;
    }

    /** Why the transaction ended; empty while it runs. */
    public Optional<TerminationCause> terminationCause() {
        return Optional.ofNullable(terminationCause);
    }

    /** The timers armed now. */
    public Set<TransactionTimer> armedTimers() {
        return armed.isEmpty() ? EnumSet.noneOf(TransactionTimer.class) : EnumSet.copyOf(armed.keySet());
    }

    /**
     * Runs {@code listener} when the transaction reaches Terminated ({@link #terminationCause()} says why), or
     * at once if it already has.
     */
    public void onTerminated(Runnable listener) {
        Objects.requireNonNull(listener);
        if (state == TransactionState.TERMINATED) {
            listener.run();
        } else {
            terminationListeners.add(listener);
        }
    }

    /** Whether the transport is reliable (TCP, TLS): no retransmissions, zero-length wait timers. */
    abstract boolean reliable();

    /** Gives {@code event} to the handler of the current state. */
    abstract void handle(TransactionEvent event);

    final boolean isIn(TransactionState s) {
        return state == s;
    }

    /** Changes state, cancelling the timers that do not run in the new one. */
    final void moveTo(TransactionState next, String section) {
        TransactionState previous = state;
        state = next;
        for (Iterator<Map.Entry<TransactionTimer, ArmedTimer>> it = armed.entrySet().iterator(); it.hasNext();) {
            Map.Entry<TransactionTimer, ArmedTimer> e = it.next();
            if (!e.getKey().runsIn(next)) {
                e.getValue().handle.cancel();
                it.remove();
            }
        }
        LOG.debugf("%s: %s -> %s (%s)", this, previous, next, section);
    }

    /** Arms {@code timer} (re-arms it if already running). */
    final void arm(TransactionTimer timer, Duration delay) {
        disarm(timer);
        ArmedTimer a = new ArmedTimer(timer);
        armed.put(timer, a);
        a.handle = layer.timers().schedule(delay, a);
    }

    final void disarm(TransactionTimer timer) {
        ArmedTimer a = armed.remove(timer);
        if (a != null) {
            a.handle.cancel();
        }
    }

    /** Moves to Terminated, cancels every timer, leaves the layer and tells the termination listeners. */
    final void terminate(TerminationCause cause, String section) {
        if (state == TransactionState.TERMINATED) {
            return;
        }
        terminationCause = cause;
        moveTo(TransactionState.TERMINATED, section);
        layer.forget(this);
        List<Runnable> listeners = terminationListeners;
        terminationListeners = List.of();
        listeners.forEach(Runnable::run);
    }

    /** An event the current state does not expect: logged at warn and counted, never silently dropped. */
    final void unexpected(TransactionEvent event) {
        LOG.warnf("%s: unexpected %s in state %s, ignored", this, event.describe(), state);
        layer.countUnexpected();
    }

    /**
     * The Terminated state: the transaction has left the layer, so only late events reach it (a send failing
     * after the end, a timer racing its cancellation). A response from the TU is a TU error and is counted.
     */
    final void terminated(TransactionEvent event) {
        if (event instanceof TransactionEvent.TuResponse) {
            unexpected(event);
        } else {
            LOG.debugf("%s: %s after termination, ignored", this, event.describe());
        }
    }

    /**
     * A message a transaction kept as bytes once it no longer needed the parsed form (see
     * {@link ServerTransaction} and {@link ClientTransaction}), parsed again for a caller that still asks for it.
     */
    static SipMessage parseReleased(byte[] bytes) {
        Decoded decoded = PARSER.parseDatagram(bytes);
        if (decoded instanceof Decoded.Message message) {
            return message.message();
        }
        // Bytes we wrote from a message we parsed or built: not parsing them again is a defect of ours.
        throw new IllegalStateException("a released message does not parse again: " + decoded);
    }

    /** Watches a send: a failure comes back on the SIP loop as a {@link TransactionEvent.TransportError}. */
    final void watch(CompletableFuture<Void> sent) {
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                layer.sipLoop().execute(() -> handle(new TransactionEvent.TransportError(cause)));
            }
        });
    }

    /** One armed timer; a firing that is no longer the armed one (cancelled, re-armed) is stale and ignored. */
    private final class ArmedTimer implements Runnable {
        private final TransactionTimer timer;
        private Cancellable handle;

        ArmedTimer(TransactionTimer timer) {
            this.timer = timer;
        }

        @Override
        public void run() {
            if (armed.get(timer) != this) {
                return;
            }
            armed.remove(timer);
            LOG.debugf("%s: Timer %s fired in %s (%s)", Transaction.this, timer, state, timer.section());
            handle(new TransactionEvent.TimerFired(timer));
        }
    }
}
