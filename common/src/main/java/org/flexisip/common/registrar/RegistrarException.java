package org.flexisip.common.registrar;

/**
 * Why a database operation failed: {@link #isUnavailable()} for a database that cannot be reached (answer 503 with
 * Retry-After), otherwise a request the binding rules refuse, with the SIP status and reason to answer.
 */
public final class RegistrarException extends Exception {
    private final int status;
    private final boolean unavailable;

    private RegistrarException(String reason, int status, boolean unavailable, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.unavailable = unavailable;
    }

    /** The request is refused by the binding rules (400 Replayed CSeq, 403 Too many contacts...). */
    public static RegistrarException invalid(int status, String reason) {
        return new RegistrarException(reason, status, false, null);
    }

    /** The database cannot be reached. */
    public static RegistrarException unavailable(String reason, Throwable cause) {
        return new RegistrarException(reason, 503, true, cause);
    }

    public int status() {
        return status;
    }

    /** The reason phrase of the answer. */
    public String reason() {
        return getMessage();
    }

    public boolean isUnavailable() {
        return unavailable;
    }
}
