package org.flexisip.common.logging;

import org.jboss.logging.Logger;

/**
 * Errors that are the user's fault rather than the server's (spec/global.md §8.5): failed authentications,
 * refused registrations, unroutable requests. They go to their own category ({@value #CATEGORY}), written to
 * a file of its own when {@code user-errors-logs} is true, so an operator can watch them alone.
 */
public final class UserErrorLog {
    /** The logger category of user errors. */
    public static final String CATEGORY = "flexisip.user-errors";

    private final Logger logger = Logger.getLogger(CATEGORY);

    /** Records a user error, e.g. {@code REGISTER from sip:a@unknown.example: domain not served}. */
    public void report(String what) {
        logger.warn(what);
    }
}
