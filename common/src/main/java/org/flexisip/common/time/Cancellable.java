package org.flexisip.common.time;

/** A scheduled task that can still be called off. */
@FunctionalInterface
public interface Cancellable {
    /**
     * Calls the task off.
     *
     * @return true when the task had not started and now never will; false when it already ran, is running, or
     *         was cancelled before
     */
    boolean cancel();
}
