package org.flexisip.common.sip.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The base values of the transaction timers (RFC 3261 §17 and Table 4 of Appendix A) and every timer derived
 * from them. Timers that the RFC sets to zero on reliable transports (D, I, J, K) are {@link Duration#ZERO}
 * there: the transaction then leaves the state at once instead of scheduling anything.
 *
 * @param t1                 RTT estimate (§17.1.1.1), initial interval of Timers A, E and G
 * @param t2                 longest retransmit interval for non-INVITE requests and INVITE responses
 * @param t4                 longest time a message stays in the network (Timers I and K)
 * @param transactionTimeout 64×T1 by default: Timers B, F, H, L, M, and J on unreliable transports (Flexisip
 *                           {@code global/transaction-timeout})
 */
public record TimerSettings(Duration t1, Duration t2, Duration t4, Duration transactionTimeout) {
    /** RFC 3261 §17.1.1.1: T1, 500 ms. */
    public static final Duration T1 = Duration.ofMillis(500);
    /** RFC 3261 §17.1.2.2: T2, 4 s. */
    public static final Duration T2 = Duration.ofSeconds(4);
    /** RFC 3261 §17.1.2.2: T4, 5 s. */
    public static final Duration T4 = Duration.ofSeconds(5);
    /** RFC 3261 §17.1.1.2: 64×T1, 32 s. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = T1.multipliedBy(64);
    /** RFC 3261 §17.1.1.2: Timer D, at least 32 s on unreliable transports. */
    public static final Duration TIMER_D = Duration.ofSeconds(32);
    /**
     * RFC 3261 §17.2.1: an INVITE server transaction sends 100 (Trying) itself unless the TU answers within
     * 200 ms.
     */
    public static final Duration TRYING_DELAY = Duration.ofMillis(200);

    public TimerSettings {
        positive(t1, "T1");
        positive(t2, "T2");
        positive(t4, "T4");
        positive(transactionTimeout, "transaction timeout");
        if (t2.compareTo(t1) < 0) {
            throw new IllegalArgumentException("T2 (" + t2 + ") is shorter than T1 (" + t1 + ")");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** The RFC 3261 values: T1 500 ms, T2 4 s, T4 5 s, transaction timeout 64×T1 = 32 s. */
    public static TimerSettings rfc3261() {
        return new TimerSettings(T1, T2, T4, DEFAULT_TRANSACTION_TIMEOUT);
    }

    /** The same settings with another 64×T1 value ({@code global/transaction-timeout}). */
    public TimerSettings withTransactionTimeout(Duration timeout) {
        return new TimerSettings(t1, t2, t4, timeout);
    }

    /** §17.1.1.2: Timer A, first INVITE retransmission interval (T1), doubled after each retransmission. */
    public Duration timerA() {
        return t1;
    }

    /** §17.1.1.2: Timer B, INVITE transaction timeout (64×T1). */
    public Duration timerB() {
        return transactionTimeout;
    }

    /** §17.1.1.2: Timer D, wait time for response retransmissions (32 s unreliable, 0 reliable). */
    public Duration timerD(boolean reliable) {
        return reliable ? Duration.ZERO : TIMER_D;
    }

    /** §17.1.2.2: Timer E, first non-INVITE retransmission interval (T1). */
    public Duration timerE() {
        return t1;
    }

    /** §17.1.2.2: Timer F, non-INVITE transaction timeout (64×T1). */
    public Duration timerF() {
        return transactionTimeout;
    }

    /** §17.2.1: Timer G, first INVITE response retransmission interval (T1). */
    public Duration timerG() {
        return t1;
    }

    /** §17.2.1: Timer H, wait time for the ACK (64×T1). */
    public Duration timerH() {
        return transactionTimeout;
    }

    /** §17.2.1: Timer I, wait time for ACK retransmissions (T4 unreliable, 0 reliable). */
    public Duration timerI(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** §17.2.2: Timer J, wait time for non-INVITE request retransmissions (64×T1 unreliable, 0 reliable). */
    public Duration timerJ(boolean reliable) {
        return reliable ? Duration.ZERO : transactionTimeout;
    }

    /** §17.1.2.2: Timer K, wait time for response retransmissions (T4 unreliable, 0 reliable). */
    public Duration timerK(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** RFC 6026 §7.1: Timer L, wait time for accepted INVITE request retransmissions (64×T1). */
    public Duration timerL() {
        return transactionTimeout;
    }

    /** RFC 6026 §7.2: Timer M, wait time for retransmission of 2xx to INVITE or additional 2xx (64×T1). */
    public Duration timerM() {
        return transactionTimeout;
    }

    /**
     * §17.1.2.2, §17.2.1: the interval after {@code previous} for Timers E and G: doubled, at most T2. (Timer A
     * doubles without this cap.)
     */
    public Duration nextCappedInterval(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(t2) > 0 ? t2 : doubled;
    }
}
