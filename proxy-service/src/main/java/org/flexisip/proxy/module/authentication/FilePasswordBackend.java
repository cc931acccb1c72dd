package org.flexisip.proxy.module.authentication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;

/**
 * {@code db-implementation=file}: the accounts of the {@link PasswordFile}, read at start and held in memory, so a
 * lookup completes at once (the interface stays asynchronous). The file is re-read, off the SIP loop, when its
 * modification time or size changed (checked at each idle tick, every 5 s) and at least every {@code cache-expire}.
 * A re-read that fails (file gone, line malformed) keeps the accounts read before and logs why.
 */
public final class FilePasswordBackend implements PasswordBackend {
    private static final Logger LOG = Logger.getLogger(FilePasswordBackend.class);

    private final Path path;
    private final AuthDomains domains;
    private final Duration cacheExpire;
    private final SipClock clock;
    private final Executor blocking;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Map<String, Account> accounts;
    private volatile Stamp stamp;
    private volatile long readAtNanos;

    /** What tells that the file changed. */
    private record Stamp(FileTime modified, long size) {
    }

    private FilePasswordBackend(Path path, AuthDomains domains, Duration cacheExpire, SipClock clock,
            Executor blocking) {
        this.path = path;
        this.domains = domains;
        this.cacheExpire = cacheExpire;
        this.clock = clock;
        this.blocking = blocking;
    }

    /**
     * Reads the file now (blocking: call it at start).
     *
     * @throws IOException                                when the file cannot be read
     * @throws PasswordFile.InvalidPasswordFileException when a line is malformed
     */
    public static FilePasswordBackend open(Path path, AuthDomains domains, Duration cacheExpire, SipClock clock,
            Executor blocking) throws IOException, PasswordFile.InvalidPasswordFileException {
        FilePasswordBackend backend = new FilePasswordBackend(path, domains, cacheExpire, clock, blocking);
        backend.read();
        return backend;
    }

    @Override
    public CompletableFuture<Optional<Account>> lookup(String userId, String domain) {
        return CompletableFuture.completedFuture(Optional.ofNullable(accounts.get(PasswordFile.key(userId, domain))));
    }

    /** Number of accounts held. */
    public int size() {
        return accounts.size();
    }

    @Override
    public void onIdle() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            blocking.execute(() -> {
                try {
                    refreshIfDue();
                } finally {
                    checking.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            checking.set(false);
            LOG.debugf("password file check of %s postponed: %s", path, e.getMessage());
        }
    }

    /** Re-reads the file when it changed or {@code cache-expire} elapsed. Blocking. */
    void refreshIfDue() {
        boolean expired = clock.nanoTime() - readAtNanos - cacheExpire.toNanos() >= 0;
        Stamp now;
        try {
            now = stamp(path);
        } catch (IOException e) {
            LOG.warnf("password file %s cannot be checked (%s): keeping the %d accounts read before", path,
                    e.getMessage(), accounts.size());
            return;
        }
        if (!expired && now.equals(stamp)) {
            return;
        }
        try {
            read();
            LOG.infof("password file %s re-read: %d accounts", path, accounts.size());
        } catch (IOException | PasswordFile.InvalidPasswordFileException e) {
            LOG.errorf("password file %s not re-read (%s): keeping the %d accounts read before", path,
                    e.getMessage(), accounts.size());
            // Do not retry each tick for the same broken file; a further change is noticed.
            stamp = now;
            readAtNanos = clock.nanoTime();
        }
    }

    private void read() throws IOException, PasswordFile.InvalidPasswordFileException {
        Stamp before = stamp(path);
        Map<String, Account> read = PasswordFile.read(path, domains);
        accounts = read;
        stamp = before;
        readAtNanos = clock.nanoTime();
    }

    private static Stamp stamp(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime(), a.size());
    }
}
