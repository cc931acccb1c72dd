package org.flexisip.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class HashedWheelTimerTest {
    private final ManualClock clock = new ManualClock();
    private final HashedWheelTimer timer = new HashedWheelTimer(clock, Runnable::run);
    private final List<String> ran = new ArrayList<>();

    private Runnable record(String name) {
        return () -> ran.add(name);
    }

    private void advance(Duration d) {
        clock.advance(d);
        timer.expire();
    }

    @Test
    void runsDueTasksInDeadlineOrder() {
        timer.schedule(Duration.ofMillis(300), record("c"));
        timer.schedule(Duration.ofMillis(100), record("a"));
        timer.schedule(Duration.ofMillis(200), record("b"));
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void runsTasksWithEqualDeadlinesInSchedulingOrder() {
        for (String name : List.of("1", "2", "3", "4")) {
            timer.schedule(Duration.ofMillis(50), record(name));
        }
        advance(Duration.ofMillis(50));
        assertEquals(List.of("1", "2", "3", "4"), ran);
    }

    @Test
    void ordersByExactDeadlineWithinOneTick() {
        timer.schedule(Duration.ofNanos(9_000_000), record("late"));
        timer.schedule(Duration.ofNanos(1_000_000), record("early"));
        advance(Duration.ofMillis(10));
        assertEquals(List.of("early", "late"), ran);
    }

    @Test
    void doesNotRunATaskBeforeItsDeadline() {
        timer.schedule(Duration.ofMillis(505), record("t"));
        advance(Duration.ofMillis(504));
        assertEquals(List.of(), ran);
        advance(Duration.ofMillis(1));
        assertEquals(List.of("t"), ran);
    }

    @Test
    void runsEachTaskOnce() {
        timer.schedule(Duration.ofMillis(20), record("once"));
        advance(Duration.ofMillis(20));
        advance(Duration.ofSeconds(10));
        assertEquals(List.of("once"), ran);
        assertEquals(0, timer.pending());
    }

    @Test
    void cancelledTaskNeverRuns() {
        Cancellable c = timer.schedule(Duration.ofMillis(100), record("cancelled"));
        timer.schedule(Duration.ofMillis(100), record("kept"));
        assertTrue(c.cancel());
        assertEquals(1, timer.pending());
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void cancellingTwiceOrAfterRunningReturnsFalse() {
        Cancellable c = timer.schedule(Duration.ofMillis(100), record("a"));
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        Cancellable done = timer.schedule(Duration.ofMillis(100), record("b"));
        advance(Duration.ofMillis(100));
        assertFalse(done.cancel());
        assertEquals(List.of("b"), ran);
    }

    @Test
    void cancelStopsATaskAlreadyHandedToTheExecutor() {
        Queue<Runnable> loop = new ArrayDeque<>();
        HashedWheelTimer queued = new HashedWheelTimer(clock, loop::add);
        Cancellable c = queued.schedule(Duration.ofMillis(10), record("stale"));
        clock.advance(Duration.ofMillis(10));
        queued.expire();
        assertEquals(1, loop.size());
        assertTrue(c.cancel());
        loop.forEach(Runnable::run);
        assertEquals(List.of(), ran);
    }

    @Test
    void firesTimersSeveralRevolutionsAhead() {
        HashedWheelTimer small = new HashedWheelTimer(clock, Runnable::run, Duration.ofMillis(10), 8);
        small.schedule(Duration.ofMillis(250), record("far"));
        small.schedule(Duration.ofMillis(10), record("near"));
        for (int ms = 10; ms < 250; ms += 10) {
            clock.advance(Duration.ofMillis(10));
            small.expire();
        }
        assertEquals(List.of("near"), ran);
        clock.advance(Duration.ofMillis(10));
        small.expire();
        assertEquals(List.of("near", "far"), ran);
    }

    @Test
    void catchesUpAfterAPauseLongerThanARevolution() {
        HashedWheelTimer small = new HashedWheelTimer(clock, Runnable::run, Duration.ofMillis(10), 8);
        small.schedule(Duration.ofMillis(75), record("b"));
        small.schedule(Duration.ofMillis(15), record("a"));
        small.schedule(Duration.ofSeconds(10), record("later"));
        clock.advance(Duration.ofSeconds(1));
        small.expire();
        assertEquals(List.of("a", "b"), ran);
        assertEquals(1, small.pending());
    }

    @Test
    void zeroDelayRunsOnTheNextExpire() {
        timer.schedule(Duration.ZERO, record("now"));
        timer.expire();
        assertEquals(List.of("now"), ran);
    }

    @Test
    void negativeDelayIsTreatedAsZero() {
        timer.schedule(Duration.ofSeconds(-5), record("past"));
        timer.expire();
        assertEquals(List.of("past"), ran);
    }

    @Test
    void taskScheduledFromInsideATaskWithZeroDelayWaitsForTheNextExpire() {
        AtomicInteger runs = new AtomicInteger();
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            runs.incrementAndGet();
            timer.schedule(Duration.ZERO, again[0]);
        };
        timer.schedule(Duration.ZERO, again[0]);
        timer.expire();
        assertEquals(1, runs.get());
        timer.expire();
        assertEquals(2, runs.get());
        assertEquals(1, timer.pending());
    }

    @Test
    void failingTaskDoesNotStopTheOthers() {
        timer.schedule(Duration.ofMillis(10), () -> {
            throw new IllegalStateException("boom");
        });
        timer.schedule(Duration.ofMillis(10), record("after"));
        advance(Duration.ofMillis(10));
        assertEquals(List.of("after"), ran);
    }

    @Test
    void survivesNanoTimeWrapAround() {
        ManualClock wrapping = new ManualClock(Long.MAX_VALUE - 5_000_000, Instant.EPOCH);
        HashedWheelTimer t = new HashedWheelTimer(wrapping, Runnable::run);
        t.schedule(Duration.ofMillis(20), record("b"));
        t.schedule(Duration.ofMillis(10), record("a"));
        wrapping.advance(Duration.ofMillis(10));
        t.expire();
        assertEquals(List.of("a"), ran);
        wrapping.advance(Duration.ofMillis(10));
        t.expire();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void schedulesSafelyFromManyThreads() throws InterruptedException {
        int threads = 4;
        int perThread = 2_000;
        AtomicInteger runs = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                for (int j = 0; j < perThread; j++) {
                    Cancellable c = timer.schedule(Duration.ofMillis(j % 700), runs::incrementAndGet);
                    if (j % 2 == 1) {
                        c.cancel();
                    }
                }
            });
            th.start();
            started.add(th);
        }
        for (Thread th : started) {
            th.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(threads * perThread / 2, timer.pending());
        advance(Duration.ofSeconds(1));
        assertEquals(threads * perThread / 2, runs.get());
        assertEquals(0, timer.pending());
    }

    @Test
    void driverThreadRunsTasksOnTheSystemClockUntilClosed() throws InterruptedException {
        AtomicReference<Thread> runner = new AtomicReference<>();
        CountDownLatch fired = new CountDownLatch(2);
        List<String> order = new CopyOnWriteArrayList<>();
        try (HashedWheelTimer real = new HashedWheelTimer(SipClock.system(), Runnable::run)) {
            real.start();
            real.start();
            real.schedule(Duration.ofMillis(60), () -> {
                order.add("second");
                fired.countDown();
            });
            real.schedule(Duration.ofMillis(20), () -> {
                runner.set(Thread.currentThread());
                order.add("first");
                fired.countDown();
            });
            assertTrue(fired.await(10, TimeUnit.SECONDS), "timers did not fire within 10 s");
        }
        assertEquals(List.of("first", "second"), order);
        assertEquals(HashedWheelTimer.THREAD_NAME, runner.get().getName());
        assertTrue(runner.get().isDaemon());
        assertFalse(runner.get().isAlive(), "close() stops and joins the driver thread");
    }
}
