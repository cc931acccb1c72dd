package org.flexisip.deploy.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one process per role and watches them (spec/global.md §2 {@code auto-respawn}, spec/config.md §7
 * {@code --daemon}).
 *
 * <pre>
 *   start ──► running ──(its started file appears)──► up
 *                │                                     │
 *                └──────────────┬──────────────────────┘
 *                          process exits
 *                               │
 *   status 5 ("restart me") ─────────────► start again after the initial back-off
 *   status 0 (stopped by itself) ────────► end the launcher with 0, stopping the others
 *   status 1..127 before its first "up" ─► end with that status (it cannot start: configuration, ports...)
 *   any other, auto-respawn=true ────────► start again after a back-off growing with deaths in a row
 *   any other, auto-respawn=false ───────► end with that status, stopping the others
 * </pre>
 *
 * A role is "up" once it has written the PID file the launcher gave it ({@code -p}, written when the role has
 * started); a process killed by a signal exits with 128 + the signal number. All state belongs to one thread:
 * process exits, respawn timers and the started-file check all run on it. {@link #stop} (Ctrl-C, SIGTERM, or
 * the end of supervision) stops every role with SIGTERM, waits for each (bounded, then SIGKILL), and no role is
 * started after it began.
 */
final class Supervisor {
    /** A role exiting with this status asks to be started again (Flexisip's watchdog does the same). */
    static final int RESTART_STATUS = 5;
    private static final Duration STARTED_CHECK = Duration.ofMillis(250);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final List<Worker> workers = new ArrayList<>();
    private final boolean autoRespawn;
    private final RespawnBackOff backOff;
    private final ProcessBuilder.Redirect roleOutput;
    private final LauncherLog log;
    private final Runnable onAllUp;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "flexisip-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Integer> end = new CompletableFuture<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    // Owned by the loop thread.
    private boolean stopping;
    private boolean allUpReported;

    /**
     * @param runDirectory where the roles' started files go (private to this launcher)
     * @param roleOutput   where the roles' standard output goes (their standard error is the launcher's)
     * @param onAllUp      run once, when every role is up for the first time
     */
    Supervisor(List<RoleCommandLine> roles, boolean autoRespawn, RespawnBackOff backOff, Path runDirectory,
            ProcessBuilder.Redirect roleOutput, LauncherLog log, Runnable onAllUp) {
        roles.forEach(r -> workers.add(new Worker(r, runDirectory.resolve(r.role().id() + ".pid"))));
        this.autoRespawn = autoRespawn;
        this.backOff = backOff;
        this.roleOutput = roleOutput;
        this.log = log;
        this.onAllUp = onAllUp;
    }

    /** One role's process and its history. Fields are read and written on the loop thread only. */
    private static final class Worker {
        final RoleCommandLine line;
        final Path startedFile;
        Process process;
        long startNanos;
        int runs;
        boolean up;
        int deathsInARow;
        ScheduledFuture<?> pendingStart;

        Worker(RoleCommandLine line, Path startedFile) {
            this.line = line;
            this.startedFile = startedFile;
        }

        String name() {
            return line.role().id();
        }
    }

    /** Starts every role; returns at once. */
    void start() {
        loop.execute(() -> workers.forEach(this::startProcess));
        loop.scheduleWithFixedDelay(this::checkStarted, STARTED_CHECK.toMillis(), STARTED_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Blocks until the supervision ends by itself (a role that is not restarted); returns the exit status. */
    int awaitEnd() throws InterruptedException {
        try {
            return end.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops every role: SIGTERM, then waits until {@code bound}, then SIGKILL. Idempotent: a second caller
     * waits for the first one to finish.
     */
    void stop(Duration bound) {
        if (!stopRequested.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        try {
            List<Worker> live = loop.submit(() -> {
                stopping = true;
                List<Worker> alive = new ArrayList<>();
                for (Worker w : workers) {
                    if (w.pendingStart != null) {
                        w.pendingStart.cancel(false);
                    }
                    if (w.process != null && w.process.isAlive()) {
                        alive.add(w);
                    }
                }
                return alive;
            }).get();
            // From here on the loop starts nothing and ignores exits: the processes are ours to wait for.
            if (!live.isEmpty()) {
                log.info("stopping %s", String.join(", ", live.stream().map(Worker::name).toList()));
            }
            live.forEach(w -> w.process.destroy());
            long deadline = System.nanoTime() + bound.toNanos();
            for (Worker w : live) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn("%s (PID %d) did not stop within %d s: killing it", w.name(), w.process.pid(),
                            bound.toSeconds());
                    w.process.destroyForcibly();
                    w.process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                log.info("%s stopped (%s)", w.name(), w.process.isAlive() ? "still running" : describe(
                        w.process.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAll();
        } catch (ExecutionException e) {
            log.error("cannot stop the roles in order (%s): killing them", e.getCause());
            killAll();
        } finally {
            loop.shutdownNow();
            stopped.complete(null);
        }
    }

    /** Last resort: SIGKILL to every process we know of, read without the loop thread. */
    private void killAll() {
        workers.stream().map(w -> w.process).filter(p -> p != null && p.isAlive())
                .forEach(Process::destroyForcibly);
    }

    private void startProcess(Worker w) {
        w.pendingStart = null;
        if (stopping) {
            return;
        }
        try {
            Files.deleteIfExists(w.startedFile);
        } catch (IOException e) {
            log.warn("cannot remove %s: %s", w.startedFile, e.getMessage());
        }
        ProcessBuilder builder = new ProcessBuilder(w.line.command(w.startedFile))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(roleOutput).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            finish(1, String.format("cannot start %s: %s", w.name(), e.getMessage()));
            return;
        }
        w.process = process;
        w.startNanos = System.nanoTime();
        w.up = false;
        w.runs++;
        if (w.runs == 1) {
            log.info("%s starting (PID %d)", w.name(), process.pid());
        } else {
            log.info("%s starting again (PID %d, start %d)", w.name(), process.pid(), w.runs);
        }
        process.onExit().thenAcceptAsync(p -> exited(w, p), loop);
    }

    private void checkStarted() {
        if (stopping) {
            return;
        }
        for (Worker w : workers) {
            if (!w.up && w.process != null && w.process.isAlive() && Files.exists(w.startedFile)) {
                w.up = true;
                log.info("%s is up (PID %d)", w.name(), w.process.pid());
            }
        }
        if (!allUpReported && workers.stream().allMatch(w -> w.up)) {
            allUpReported = true;
            log.info("every role is up: %s", String.join(", ", workers.stream().map(Worker::name).toList()));
            onAllUp.run();
        }
    }

    private void exited(Worker w, Process p) {
        if (stopping || p != w.process) {
            return;
        }
        int status = p.exitValue();
        // A role killed right after writing its started file is up, even if the check did not see it yet.
        boolean wasUp = w.up || Files.exists(w.startedFile);
        Duration uptime = Duration.ofNanos(System.nanoTime() - w.startNanos);
        if (status == RESTART_STATUS) {
            log.info("%s exited with status %d (restart requested): starting it again in %s", w.name(), status,
                    seconds(backOff.initial()));
            schedule(w, backOff.initial());
        } else if (status == 0) {
            finish(0, w.name() + " stopped by itself (status 0): stopping the other roles");
        } else if (!wasUp && w.runs == 1 && status < 128) {
            finish(status, w.name() + " failed to start (" + describe(status) + "): stopping the other roles");
        } else if (!autoRespawn) {
            finish(status, w.name() + " died (" + describe(status)
                    + ") and global/auto-respawn is false: stopping the other roles");
        } else {
            w.deathsInARow = backOff.deathsInARow(w.deathsInARow, uptime);
            Duration delay = backOff.delay(w.deathsInARow);
            log.warn("%s died (%s) after %s up: starting it again in %s (death %d in a row)", w.name(),
                    describe(status), seconds(uptime), seconds(delay), w.deathsInARow);
            schedule(w, delay);
        }
    }

    private void schedule(Worker w, Duration delay) {
        w.pendingStart = loop.schedule(() -> startProcess(w), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(int status, String why) {
        if (status == 0) {
            log.info("%s", why);
        } else {
            log.error("%s", why);
        }
        end.complete(status);
    }

    /** "status 137 (killed by signal 9)": a process killed by signal N exits with 128 + N. */
    static String describe(int status) {
        return status > 128 && status < 160 ? "status " + status + ", killed by signal " + (status - 128)
                : "status " + status;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
