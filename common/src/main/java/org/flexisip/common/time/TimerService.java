package org.flexisip.common.time;

import java.time.Duration;

/**
 * Runs a task once after a delay. The core schedules every timer here (never with {@code java.util.Timer} or
 * its own scheduled executor), so that tests drive time with a {@link ManualClock}. Where the task runs is the
 * implementation's business: {@link HashedWheelTimer} hands it to the executor it was built with.
 */
@FunctionalInterface
public interface TimerService {
    /**
     * Schedules {@code task} to run once, {@code delay} from now; a zero or negative delay means as soon as
     * possible. Callable from any thread.
     *
     * @return a handle to call the task off
     */
    Cancellable schedule(Duration delay, Runnable task);
}
