package org.flexisip.common.sip.transaction;

/**
 * The states of the four transaction machines (RFC 3261 §17, RFC 6026). Each machine uses the states its
 * figure names:
 * <ul>
 * <li>INVITE client (§17.1.1, RFC 6026 §7.2): Calling, Proceeding, Accepted, Completed, Terminated;</li>
 * <li>non-INVITE client (§17.1.2): Trying, Proceeding, Completed, Terminated;</li>
 * <li>INVITE server (§17.2.1, RFC 6026 §7.1): Proceeding, Accepted, Completed, Confirmed, Terminated;</li>
 * <li>non-INVITE server (§17.2.2): Trying, Proceeding, Completed, Terminated.</li>
 * </ul>
 */
public enum TransactionState {
    CALLING("Calling"),
    TRYING("Trying"),
    PROCEEDING("Proceeding"),
    ACCEPTED("Accepted"),
    COMPLETED("Completed"),
    CONFIRMED("Confirmed"),
    TERMINATED("Terminated");

    private final String rfcName;

    TransactionState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name used in the RFC figures. */
    @Override
    public String toString() {
        return rfcName;
    }
}
