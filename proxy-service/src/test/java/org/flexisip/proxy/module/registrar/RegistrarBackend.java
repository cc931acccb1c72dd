package org.flexisip.proxy.module.registrar;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.registrar.InternalRegistrarDb;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.redis.RedisRegistrarDb;
import org.flexisip.common.registrar.redis.RedisServer;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.flexisip.common.time.ManualClock;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.agent.RegistrarDatabases;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.vertx.core.Vertx;

/**
 * The registrar database a test class runs on, registered as a JUnit extension in a static field of the class:
 * <ul>
 * <li>{@link #internal()}: the in-memory {@link InternalRegistrarDb};</li>
 * <li>{@link #redis()}: a {@link RedisRegistrarDb} on a real {@code redis-server} of the class, started before its
 * first test on a free port of 127.0.0.1 and stopped after its last one (by PID), with its own Vert.x instance; the
 * databases a test opened are closed after it, and {@code FLUSHALL} empties Redis, so that tests stay
 * independent.</li>
 * </ul>
 * Databases are built as the proxy builds them ({@link RegistrarDatabases}), from a configuration holding
 * {@link #configLines()}.
 */
public abstract class RegistrarBackend implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** How long a test waits for Redis, generously (slow shared machines). */
    public static final Duration BOUND = Duration.ofSeconds(20);

    private final List<RegistrarDb> opened = new CopyOnWriteArrayList<>();

    private RegistrarBackend() {
    }

    public static RegistrarBackend internal() {
        return new Internal();
    }

    public static RegistrarBackend redis() {
        return new Redis();
    }

    /** {@code section/param=value} lines selecting this backend. */
    public abstract List<String> configLines();

    /**
     * Where a test's {@link ManualClock} starts. Redis expires keys ({@code EXPIREAT}, written from the bindings'
     * lifetimes) on its own wall clock: a {@link ManualClock} for Redis starts now, or every record would be
     * deleted as soon as written.
     */
    public abstract Instant clockStart();

    /** A new {@link ManualClock} starting at {@link #clockStart()}. */
    public ManualClock manualClock() {
        return new ManualClock(0, clockStart());
    }

    /** The database of {@code config} (which holds {@link #configLines()}), ready for use, closed after the test. */
    public RegistrarDb open(FlexisipConfig config, SipClock clock) {
        RegistrarDb db = create(config, clock);
        opened.add(db);
        await().atMost(BOUND).until(db::isAvailable);
        return db;
    }

    abstract RegistrarDb create(FlexisipConfig config, SipClock clock);

    /**
     * Waits until something subscribes to the changes of record {@code key}: Redis drops what is published before
     * it has processed the {@code SUBSCRIBE} (pub/sub keeps nothing); the in-memory database subscribes at once.
     */
    public void awaitSubscribers(String key) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(RegistrarDb::close);
        opened.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
    }

    private static final class Internal extends RegistrarBackend {
        @Override
        public List<String> configLines() {
            return List.of("module::Registrar/db-implementation=internal");
        }

        @Override
        public Instant clockStart() {
            return ManualClock.DEFAULT_START;
        }

        @Override
        RegistrarDb create(FlexisipConfig config, SipClock clock) {
            return RegistrarDatabases.create(config, clock);
        }
    }

    private static final class Redis extends RegistrarBackend {
        private Path dir;
        private RedisServer server;
        private Vertx vertx;

        @Override
        public List<String> configLines() {
            return List.of("module::Registrar/db-implementation=redis",
                    "module::Registrar/redis-server-domain=127.0.0.1",
                    "module::Registrar/redis-server-port=" + server.port());
        }

        @Override
        public Instant clockStart() {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        RegistrarDb create(FlexisipConfig config, SipClock clock) {
            return RegistrarDatabases.create(config, clock, vertx,
                    new RuntimeErrorRegistry(s -> Optional.empty(), Clock.systemUTC()));
        }

        @Override
        public void awaitSubscribers(String key) {
            await().atMost(BOUND).until(() -> server.subscribers(key) >= 1);
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            try {
                dir = Files.createTempDirectory("registrar-redis");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = RedisServer.start(dir);
            vertx = Vertx.vertx();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            super.afterEach(context);
            if (server != null) {
                server.command("FLUSHALL");
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                if (server != null) {
                    server.stop();
                }
                if (dir != null) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }
}
