package org.flexisip.common.sip.transaction;

import java.util.EnumSet;
import java.util.Set;

/**
 * The transaction timers (RFC 3261 §17 and Table 4, RFC 6026), each with the section defining it and the states
 * in which it runs: a timer is armed on entering one of these states and cancelled on moving to any other.
 * Values come from {@link TimerSettings}.
 */
public enum TransactionTimer {
    /** INVITE request retransmit interval, unreliable transports only: T1, doubled each time (§17.1.1.2). */
    A("RFC 3261 §17.1.1.2", TransactionState.CALLING),
    /** INVITE transaction timeout: 64×T1 (§17.1.1.2). */
    B("RFC 3261 §17.1.1.2", TransactionState.CALLING),
    /** Wait time for response retransmissions: 32 s unreliable, 0 reliable (§17.1.1.2). */
    D("RFC 3261 §17.1.1.2", TransactionState.COMPLETED),
    /** Non-INVITE request retransmit interval, unreliable only: T1 doubled up to T2; T2 in Proceeding. */
    E("RFC 3261 §17.1.2.2", TransactionState.TRYING, TransactionState.PROCEEDING),
    /** Non-INVITE transaction timeout: 64×T1 (§17.1.2.2). */
    F("RFC 3261 §17.1.2.2", TransactionState.TRYING, TransactionState.PROCEEDING),
    /** INVITE response retransmit interval, unreliable only: T1 doubled up to T2 (§17.2.1). */
    G("RFC 3261 §17.2.1", TransactionState.COMPLETED),
    /** Wait time for ACK receipt: 64×T1 (§17.2.1). */
    H("RFC 3261 §17.2.1", TransactionState.COMPLETED),
    /** Wait time for ACK retransmissions: T4 unreliable, 0 reliable (§17.2.1). */
    I("RFC 3261 §17.2.1", TransactionState.CONFIRMED),
    /** Wait time for non-INVITE request retransmissions: 64×T1 unreliable, 0 reliable (§17.2.2). */
    J("RFC 3261 §17.2.2", TransactionState.COMPLETED),
    /** Wait time for response retransmissions: T4 unreliable, 0 reliable (§17.1.2.2). */
    K("RFC 3261 §17.1.2.2", TransactionState.COMPLETED),
    /** Wait time for accepted INVITE request retransmissions: 64×T1 (RFC 6026 §7.1). */
    L("RFC 6026 §7.1", TransactionState.ACCEPTED),
    /** Wait time for 2xx retransmissions and 2xx from other branches: 64×T1 (RFC 6026 §7.2). */
    M("RFC 6026 §7.2", TransactionState.ACCEPTED),
    /** 200 ms after an INVITE with no answer from the TU, the server transaction sends 100 Trying (§17.2.1). */
    TRYING_100("RFC 3261 §17.2.1", TransactionState.PROCEEDING);

    private final String section;
    private final Set<TransactionState> states;

    TransactionTimer(String section, TransactionState first, TransactionState... others) {
        this.section = section;
        this.states = EnumSet.of(first, others);
    }

    /** Where the timer is defined. */
    public String section() {
        return section;
    }

    /** Whether the timer keeps running in {@code state}. */
    public boolean runsIn(TransactionState state) {
        return states.contains(state);
    }
}
