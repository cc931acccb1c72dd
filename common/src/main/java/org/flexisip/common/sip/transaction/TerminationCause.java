package org.flexisip.common.sip.transaction;

/** Why a transaction reached the Terminated state. */
public enum TerminationCause {
    /** The machine ran its course (Timers D, I, J, K, L or M, or a zero wait on a reliable transport). */
    COMPLETED,
    /**
     * A timeout the TU must hear about: Timer B or F (no final response, RFC 3261 §17.1.1.2, §17.1.2.2) or Timer
     * H (no ACK, §17.2.1).
     */
    TIMEOUT,
    /** The transport failed to send (§17.1.4, §17.2.4). */
    TRANSPORT_ERROR,
    /** The TU dropped the transaction ({@link ClientTransaction#terminate()}). */
    TERMINATED_BY_TU
}
