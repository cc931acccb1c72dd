package org.flexisip.common.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * A {@link TimerService} built as a hashed timing wheel: an array of {@code wheelSize} buckets, each covering
 * one tick of time; a timer goes into the bucket of the tick its deadline falls in (modulo the wheel size) and
 * stays there, whatever the number of revolutions until its deadline.
 *
 * <h2>Why a wheel</h2>
 * A SIP proxy keeps a few timers for every transaction (RFC 3261 §17: A or E, B or F, D, G, H, I, J, K, L,
 * M), tens of thousands of them under load, and cancels nearly all of them before they fire: a response stops
 * Timer B, an ACK stops Timer H. A priority queue ({@code ScheduledThreadPoolExecutor}) pays O(log n) for
 * each schedule and cancel; the wheel pays O(1) for both (append to a bucket, unlink from it), and expiring
 * only visits the buckets of the ticks that elapsed. The price is precision: a timer is looked at once per
 * tick, so it fires up to one tick late with the {@link #start() driver thread}, which is far below what SIP
 * timers need (T1 is 500 ms). With the defaults (10 ms × 512) one revolution is 5.12 s, and a 32 s Timer B
 * is skipped over six times before it is due.
 *
 * <h2>Time and threads</h2>
 * Time is read only from the {@link SipClock} given to the constructor. {@link #expire()} runs every timer
 * whose deadline is at or before {@link SipClock#nanoTime()}, in deadline order, and timers with equal
 * deadlines in the order they were scheduled; tests call it after {@link ManualClock#advance}, and in
 * production the {@link #start() driver thread} ({@code sip-timer}) calls it every tick. Due tasks are handed
 * to the {@link Executor} given to the constructor: the proxy's SIP thread in production, {@code Runnable::run}
 * in tests. {@link #schedule} and {@link Cancellable#cancel()} may be called from any thread; a short lock
 * guards the buckets, and no task runs while it is held. A task scheduled while {@link #expire()} runs (from
 * inside a task, say) is never run by that same call, even with a zero delay: it waits for the next one, so a
 * task that reschedules itself with no delay cannot loop forever. {@link #expire()} itself is called by one
 * thread at a time (the driver or a test).
 *
 * <p>Cancelling a task that was already handed to the executor but has not started yet still works: the task
 * checks, when the executor runs it, that nobody called it off. A transaction that cancels its timer on the
 * SIP thread is therefore never woken by a timer that fired a moment before.
 */
public final class HashedWheelTimer implements TimerService, AutoCloseable {
    /** Default tick: how often the driver thread looks at the wheel. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(10);
    /** Default number of buckets: one revolution is 512 × 10 ms = 5.12 s. */
    public static final int DEFAULT_WHEEL_SIZE = 512;
    /** Name of the driver thread started by {@link #start()}. */
    public static final String THREAD_NAME = "sip-timer";

    /** Longest delay honoured (about 73 years); longer ones are shortened so that deadlines cannot wrap. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private static final Logger LOG = Logger.getLogger(HashedWheelTimer.class);

    private static final int WAITING = 0;
    private static final int DISPATCHED = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    private static final Comparator<Entry> DEADLINE_ORDER = (a, b) -> {
        int byDeadline = Long.signum(a.deadline - b.deadline);
        return byDeadline != 0 ? byDeadline : Long.compare(a.sequence, b.sequence);
    };

    private final SipClock clock;
    private final Executor executor;
    private final long tickNanos;
    private final Bucket[] wheel;
    private final long origin;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final Object lock = new Object();
    /** The first tick not yet fully expired; guarded by {@link #lock}. */
    private long nextTick;
    /** Tie-breaker for equal deadlines; guarded by {@link #lock}. */
    private long sequence;
    /** Timers in the wheel; guarded by {@link #lock}. */
    private int pending;
    /** Guarded by {@link #lock}. */
    private Thread driver;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /** A wheel of {@link #DEFAULT_WHEEL_SIZE} buckets of {@link #DEFAULT_TICK}. */
    public HashedWheelTimer(SipClock clock, Executor executor) {
        this(clock, executor, DEFAULT_TICK, DEFAULT_WHEEL_SIZE);
    }

    /**
     * @param clock     the only source of time
     * @param executor  where due tasks run (the SIP thread; {@code Runnable::run} in tests)
     * @param tick      duration covered by one bucket, and the driver thread's sleep; at least 1 ms
     * @param wheelSize number of buckets
     */
    public HashedWheelTimer(SipClock clock, Executor executor, Duration tick, int wheelSize) {
        this.clock = Objects.requireNonNull(clock);
        this.executor = Objects.requireNonNull(executor);
        if (tick.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("a tick lasts at least 1 ms: " + tick);
        }
        if (wheelSize < 1) {
            throw new IllegalArgumentException("a wheel has at least one bucket: " + wheelSize);
        }
        this.tickNanos = tick.toNanos();
        this.wheel = new Bucket[wheelSize];
        for (int i = 0; i < wheelSize; i++) {
            wheel[i] = new Bucket();
        }
        this.origin = clock.nanoTime();
    }

    /** {@inheritDoc} O(1). */
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task);
        long delayNanos = delay.isNegative() ? 0 : saturatedNanos(delay);
        Entry entry = new Entry(task, clock.nanoTime() + delayNanos);
        synchronized (lock) {
            entry.sequence = sequence++;
            // A deadline in a tick already expired (the driver moved on since we read the clock) goes into the
            // current tick, which the next expire() looks at.
            long tick = Math.max(tickOf(entry.deadline), nextTick);
            wheel[bucketIndex(tick)].append(entry);
            pending++;
        }
        return entry;
    }

    /**
     * Runs, through the executor, every timer whose deadline is at or before the clock's current time: in
     * deadline order, equal deadlines in scheduling order. Timers scheduled while this runs wait for the next
     * call.
     */
    public void expire() {
        long now = clock.nanoTime();
        List<Entry> due = new ArrayList<>();
        synchronized (lock) {
            long nowTick = tickOf(now);
            if (nowTick >= nextTick) {
                // Every tick from nextTick to nowTick may hold due timers; beyond a full revolution, each
                // bucket is visited once.
                long span = Math.min(nowTick - nextTick + 1, wheel.length);
                for (long t = nextTick; t < nextTick + span; t++) {
                    wheel[bucketIndex(t)].removeDue(now, due);
                }
                // nowTick itself may still receive timers due later in it: look at it again next time.
                nextTick = nowTick;
            }
            pending -= due.size();
        }
        due.sort(DEADLINE_ORDER);
        for (Entry entry : due) {
            if (entry.state.compareAndSet(WAITING, DISPATCHED)) {
                try {
                    executor.execute(entry::runUnlessCancelled);
                } catch (RejectedExecutionException e) {
                    LOG.warnf("Timer task dropped: the executor refused it (%s)", e.getMessage());
                }
            }
        }
    }

    /** Number of timers scheduled and neither due yet nor cancelled. */
    public int pending() {
        synchronized (lock) {
            return pending;
        }
    }

    /**
     * Starts the driver: one daemon thread named {@value #THREAD_NAME} that waits one tick and calls
     * {@link #expire()}, until {@link #close()}. Calling it again does nothing.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this timer is closed");
            }
            if (driver != null) {
                return;
            }
            driver = new Thread(this::drive, THREAD_NAME);
            driver.setDaemon(true);
            driver.start();
        }
    }

    /**
     * Stops the driver thread and waits for it to finish its current pass. Timers still pending are kept:
     * {@link #expire()} can still be called by hand.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = driver;
        }
        stopped.countDown();
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drive() {
        try {
            while (!stopped.await(tickNanos, TimeUnit.NANOSECONDS)) {
                try {
                    expire();
                } catch (RuntimeException e) {
                    // The boundary of the driver thread: a broken clock or executor must not stop every timer.
                    LOG.errorf(e, "Timer wheel pass failed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long tickOf(long nanos) {
        return Math.floorDiv(nanos - origin, tickNanos);
    }

    private int bucketIndex(long tick) {
        return (int) Math.floorMod(tick, (long) wheel.length);
    }

    private static long saturatedNanos(Duration delay) {
        try {
            return Math.min(delay.toNanos(), MAX_DELAY_NANOS);
        } catch (ArithmeticException tooLong) {
            return MAX_DELAY_NANOS;
        }
    }

    /** One timer: a node of its bucket's doubly linked list, so that cancelling it unlinks it in O(1). */
    private final class Entry implements Cancellable {
        final Runnable task;
        final long deadline;
        final AtomicInteger state = new AtomicInteger(WAITING);
        /** Guarded by {@link #lock}. */
        long sequence;
        /** Guarded by {@link #lock}; null once out of the wheel. */
        Bucket bucket;
        Entry previous;
        Entry next;

        Entry(Runnable task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public boolean cancel() {
            int seen = state.get();
            while (seen == WAITING || seen == DISPATCHED) {
                if (state.compareAndSet(seen, CANCELLED)) {
                    synchronized (lock) {
                        if (bucket != null) {
                            bucket.unlink(this);
                            pending--;
                        }
                    }
                    return true;
                }
                seen = state.get();
            }
            return false;
        }

        void runUnlessCancelled() {
            if (!state.compareAndSet(DISPATCHED, DONE)) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // With a direct executor, a failing task must not keep the other due tasks from running.
                LOG.errorf(e, "Timer task failed");
            }
        }
    }

    /** The timers of one tick (and of the same tick in later revolutions); guarded by {@link #lock}. */
    private static final class Bucket {
        private Entry head;
        private Entry tail;

        void append(Entry e) {
            e.bucket = this;
            e.previous = tail;
            e.next = null;
            if (tail == null) {
                head = e;
            } else {
                tail.next = e;
            }
            tail = e;
        }

        void unlink(Entry e) {
            if (e.previous == null) {
                head = e.next;
            } else {
                e.previous.next = e.next;
            }
            if (e.next == null) {
                tail = e.previous;
            } else {
                e.next.previous = e.previous;
            }
            e.previous = null;
            e.next = null;
            e.bucket = null;
        }

        /** Moves the timers due at {@code now} (deadline at or before it) to {@code due}. */
        void removeDue(long now, List<Entry> due) {
            Entry e = head;
            while (e != null) {
                Entry following = e.next;
                if (e.deadline - now <= 0) {
                    unlink(e);
                    due.add(e);
                }
                e = following;
            }
        }
    }
}
