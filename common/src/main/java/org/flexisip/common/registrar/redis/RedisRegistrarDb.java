package org.flexisip.common.registrar.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.BindingRules;
import org.flexisip.common.registrar.ContactSerializer;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RecordKey;
import org.flexisip.common.registrar.RecordListener;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.registrar.RegistrarSettings;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The Redis registrar database ({@code db-implementation=redis}, spec/registrar-db.md §4), byte-compatible with
 * Flexisip 2.4 so that Java and C++ nodes can share one Redis:
 * <ul>
 * <li>one hash {@code fs:<record key>} per record, field = contact key, value = {@link ContactSerializer} text;</li>
 * <li>bind = {@code WATCH}, {@code HGETALL}, the {@link BindingRules}, then {@code MULTI} · {@code HDEL} (removed
 * bindings, if any) · {@code HMSET} (bound ones, if any) · {@code EXPIREAT} (latest binding lifetime) ·
 * {@code EXEC}, retried when another writer changed the hash meanwhile; binds of one record made through this
 * process are queued, so only other processes conflict;</li>
 * <li>fetch = {@code HGETALL}, fetchInstance = {@code HGET}, clear = {@code DEL} then {@code PUBLISH key ""};</li>
 * <li>publish = {@code PUBLISH <record key> <contact key>}; subscriptions on a connection of their own
 * ({@code SUBSCRIBE} per record key, and {@code __keyevent@0__:expired} turned into changes with an empty contact
 * key), pinged every {@code redis-subscription-keep-alive-check-period};</li>
 * <li>{@code AUTH} (§4.9) and {@code INFO replication} every {@code redis-slave-check-period} (§4.10): moves to
 * the master when connected to a replica, and to a known replica when the master is lost and
 * {@code redis-use-slaves-as-backup}.</li>
 * </ul>
 * <p>
 * <b>Availability (we do better than 2.4, spec/proxy.md §12 rule 14).</b> Every operation fails within
 * {@link #COMMAND_TIMEOUT}, never hangs. When the connection is lost (a connection error, an unanswered command,
 * or the subscription connection lost and not reopened at once), the database becomes unavailable:
 * {@link #isAvailable()} is false, the
 * {@code availability} callback receives the reason, and every operation fails at once with
 * {@link RegistrarException#isUnavailable()}. It reconnects after {@link #FIRST_RECONNECT_DELAY}, doubling up to
 * {@link #MAX_RECONNECT_DELAY}; once back, it subscribes again to every key and calls the callback with an empty
 * value. No binding is lost: they live in Redis. Where 2.4 retries a failed write twice 5 s apart, this one fails
 * at once: the REGISTER is answered 503 with Retry-After and the client retries.
 * <p>
 * <b>Threads.</b> The work runs on one Vert.x context taken from the given {@link Vertx} (the Quarkus instance in
 * production): futures complete and {@link RecordListener}s are called on its event loop, so callers hop back to
 * their own loop and listeners must not block. Every method may be called from any thread; build it on a thread
 * that is not a Vert.x worker (its context would then be a worker context).
 * <p>
 * Fetched bindings are ordered by registration time, then contact key (a hash keeps no order).
 * <p>
 * The transport uses RESP3 ({@code HELLO 3}, so that {@code PING} answers and published messages cannot be
 * mistaken for each other on the subscription connection). Authentication goes through {@code HELLO 3 AUTH
 * <user> <password>} ({@code default} as the user when {@code redis-auth-user} is empty, which Redis 6+ treats as
 * {@code AUTH <password>}); a server without {@code HELLO} gets {@code AUTH [user] password} after
 * {@code NOAUTH}.
 */
public final class RedisRegistrarDb implements RegistrarDb {
    private static final Logger LOG = Logger.getLogger(RedisRegistrarDb.class);

    /** Prefix of the hash of a record (spec/registrar-db.md §4.1). */
    public static final String KEY_PREFIX = "fs:";
    /** Where Redis announces expired keys of database 0 (spec/registrar-db.md §4.7). */
    public static final String EXPIRED_CHANNEL = "__keyevent@0__:expired";
    /** The longest an operation waits for Redis before failing as unavailable (and the connection dropped). */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Delay before the first reconnection attempt; it doubles after each failure. */
    public static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(500);
    /** The longest delay between two reconnection attempts. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(10);
    /** A bind whose record another process changed this many times in a row fails as unavailable. */
    static final int MAX_TRANSACTION_ATTEMPTS = 16;
    /** Channels per {@code SUBSCRIBE} when subscribing again to every key. */
    private static final int SUBSCRIBE_CHUNK = 512;
    /** Connections of the command pool (binds hold one each during their transaction). */
    private static final int POOL_SIZE = 6;
    /** Operations waiting for a pooled connection beyond which they fail. */
    private static final int POOL_WAITING = 4096;

    private enum State {
        /** Started, no answer from Redis yet: operations are tried. */
        CONNECTING,
        AVAILABLE,
        /** Connection lost: operations fail at once, reconnection attempts are scheduled. */
        UNAVAILABLE
    }

    private final RedisSettings redis;
    private final BindingRules rules;
    private final ContactSerializer serializer;
    private final SipClock clock;
    private final boolean useGlobalDomain;
    private final Vertx vertx;
    private final Context context;
    private final Consumer<Optional<String>> availability;

    // Read from any thread.
    private volatile State state = State.CONNECTING;
    private volatile boolean closed;
    private volatile String lastError = "not connected yet";
    private volatile Optional<Boolean> keyspaceEvents = Optional.empty();
    private final ConcurrentMap<String, CopyOnWriteArrayList<RecordListener>> listeners = new ConcurrentHashMap<>();
    /** Record key → latest binding lifetime end (Unix s) of the records bound through this process. */
    private final ConcurrentMap<String, Long> localRecords = new ConcurrentHashMap<>();

    // Confined to the context.
    private Redis commands;
    private Redis subscriptions;
    private int generation;
    private RedisEndpoint master;
    private RedisEndpoint endpoint;
    private volatile List<RedisEndpoint> knownReplicas = List.of();
    private RedisConnection subscriber;
    private final Set<String> subscribed = new HashSet<>();
    private final Map<String, CompletableFuture<Record>> bindTails = new HashMap<>();
    private long attemptId;
    private long retryTimer = -1;
    private Duration reconnectDelay = FIRST_RECONNECT_DELAY;
    private long keepAliveTimer = -1;
    private Long lastQuickReconnect;
    private boolean onBackupReplica;
    private long replicationTimer = -1;

    /**
     * Starts connecting at once (without waiting); {@link #isAvailable()} turns true when Redis answered.
     *
     * @param useGlobalDomain {@code module::Router/use-global-domain}: record keys are {@code user@merged}
     * @param availability    told the reason when the database becomes unavailable, and empty when it becomes
     *                        available (at start, and after each reconnection); called on the event loop
     */
    public RedisRegistrarDb(RedisSettings redis, RegistrarSettings settings, SipClock clock, boolean useGlobalDomain,
            Vertx vertx, Consumer<Optional<String>> availability) {
        this(redis, new BindingRules(settings), clock, useGlobalDomain, vertx, availability);
    }

    /** With given rules (a seeded key generator in tests). */
    public RedisRegistrarDb(RedisSettings redis, BindingRules rules, SipClock clock, boolean useGlobalDomain,
            Vertx vertx, Consumer<Optional<String>> availability) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.serializer = ContactSerializer.from(rules.settings());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.useGlobalDomain = useGlobalDomain;
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.availability = Objects.requireNonNull(availability, "availability");
        this.context = vertx.getOrCreateContext();
        this.master = new RedisEndpoint(redis.host(), redis.port());
        this.endpoint = master;
        if (!redis.authUser().isEmpty() && redis.authPassword().isEmpty()) {
            LOG.warnf("redis-auth-user '%s' ignored: redis-auth-password is empty", redis.authUser());
        }
        onContext(this::start);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operations

    @Override
    public CompletableFuture<Record> bind(SipUri aor, BindRequest request) {
        String key = keyOf(aor);
        CompletableFuture<Record> result = new CompletableFuture<>();
        onContext(() -> {
            CompletableFuture<Record> previous = bindTails.put(key, result);
            Runnable start = () -> run("bind", () -> bindTransaction(key, request), result);
            if (previous == null) {
                start.run();
            } else {
                previous.whenComplete((r, e) -> onContext(start));
            }
            result.whenComplete((r, e) -> onContext(() -> bindTails.remove(key, result)));
        });
        return result;
    }

    @Override
    public CompletableFuture<Record> fetch(SipUri aor, boolean recursive) {
        String key = keyOf(aor);
        return operation("fetch", () -> readRecord(key).compose(record -> {
            Record live = live(record);
            if (!recursive || live.bindings().stream().noneMatch(Binding::alias)) {
                return Future.succeededFuture(live);
            }
            List<Future<Record>> targets = new ArrayList<>();
            for (Binding binding : live.bindings()) {
                if (binding.alias() && binding.contact().uri() instanceof SipUri target) {
                    targets.add(readRecord(keyOf(target)).map(this::live));
                } else {
                    targets.add(null);
                }
            }
            List<Future<Record>> pending = targets.stream().filter(Objects::nonNull).toList();
            return Future.all(pending).map(done -> {
                Map<String, Binding> resolved = new LinkedHashMap<>();
                for (int i = 0; i < live.bindings().size(); i++) {
                    Binding binding = live.bindings().get(i);
                    Future<Record> target = targets.get(i);
                    if (target == null) {
                        resolved.putIfAbsent(binding.key(), binding);
                    } else {
                        target.result().bindings().forEach(b -> resolved.putIfAbsent(b.key(), b));
                    }
                }
                return new Record(live.key(), new ArrayList<>(resolved.values()));
            });
        }));
    }

    /**
     * {@code HGET} of that contact key; when absent, the key may have been given without its quotes and angle
     * brackets (a GRUU {@code gr=urn:uuid:x} names the binding of key {@code "<urn:uuid:x>"}): the record is then
     * read and its keys compared that way.
     */
    @Override
    public CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey) {
        String key = keyOf(aor);
        long now = now();
        return operation("fetchInstance",
                () -> commands.send(Request.cmd(Command.HGET).arg(KEY_PREFIX + key).arg(contactKey)).compose(value -> {
                    if (value != null) {
                        return Future.succeededFuture(
                                parse(key, contactKey, value.toString()).filter(b -> b.lifetimeEnd() > now));
                    }
                    String bare = BindingRules.bareKey(contactKey);
                    return readRecord(key).map(record -> live(record).bindings().stream()
                            .filter(b -> BindingRules.bareKey(b.key()).equals(bare)).findFirst());
                }));
    }

    @Override
    public CompletableFuture<Void> clear(SipUri aor) {
        String key = keyOf(aor);
        return operation("clear", () -> commands.batch(List.of(Request.cmd(Command.DEL).arg(KEY_PREFIX + key),
                Request.cmd(Command.PUBLISH).arg(key).arg(""))).map(replies -> {
                    localRecords.remove(key);
                    return null;
                }));
    }

    /**
     * Adds a listener; the first one of a key subscribes to its channel. Messages published before Redis has
     * processed the {@code SUBSCRIBE} are not received (Redis pub/sub keeps nothing).
     */
    @Override
    public void subscribe(String key, RecordListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.compute(key, (k, list) -> {
            CopyOnWriteArrayList<RecordListener> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.addIfAbsent(listener);
            return l;
        });
        onContext(() -> syncSubscription(key));
    }

    /** Removes a listener; the last one of a key unsubscribes from its channel. */
    @Override
    public void unsubscribe(String key, RecordListener listener) {
        listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
        onContext(() -> syncSubscription(key));
    }

    /** {@code PUBLISH <key> <contactKey>}; dropped (and logged) while Redis is unavailable. */
    @Override
    public void publish(String key, String contactKey) {
        operation("publish", () -> commands.send(Request.cmd(Command.PUBLISH).arg(key).arg(contactKey)).mapEmpty())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warnf("Change of record '%s' not published: %s", key, e.getMessage());
                    }
                });
    }

    /**
     * {@code sip:<key>} of the records bound through this process whose latest binding lifetime has not ended (as
     * Flexisip's local registration list: the lifetime is the one after this process's last bind of the record).
     */
    @Override
    public Set<String> localAors() {
        long now = now();
        localRecords.entrySet().removeIf(e -> e.getValue() <= now);
        Set<String> aors = new TreeSet<>();
        localRecords.keySet().forEach(key -> aors.add("sip:" + key));
        return aors;
    }

    @Override
    public String keyOf(SipUri aor) {
        return RecordKey.of(aor, useGlobalDomain);
    }

    @Override
    public boolean isAvailable() {
        return !closed && state == State.AVAILABLE;
    }

    /**
     * Whether the server's {@code notify-keyspace-events} has {@code E} and {@code x} (expiry notifications, §4.7),
     * as read at the last connection; empty when it could not be read.
     */
    public Optional<Boolean> keyspaceEventsEnabled() {
        return keyspaceEvents;
    }

    /** The online replicas ({@code host:port}) the master listed at the last {@code INFO replication}. */
    List<String> knownReplicas() {
        return knownReplicas.stream().map(RedisEndpoint::toString).toList();
    }

    /** Closes the connections and forgets the subscribers; pending operations fail as unavailable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.clear();
        onContext(() -> {
            attemptId++;
            cancelTimer(retryTimer);
            cancelTimer(keepAliveTimer);
            cancelTimer(replicationTimer);
            retryTimer = keepAliveTimer = replicationTimer = -1;
            dropSubscriber();
            closeClients();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bind transaction (spec/registrar-db.md §4.4)

    private Future<Record> bindTransaction(String key, BindRequest request) {
        return commands.connect().compose(conn -> bindAttempt(conn, key, request, 1).andThen(ar -> conn.close()));
    }

    private Future<Record> bindAttempt(RedisConnection conn, String key, BindRequest request, int attempt) {
        String hash = KEY_PREFIX + key;
        return conn.send(Request.cmd(Command.WATCH).arg(hash))
                .compose(watching -> conn.send(Request.cmd(Command.HGETALL).arg(hash)))
                .compose(stored -> {
                    BindingRules.Outcome outcome;
                    try {
                        outcome = rules.apply(toRecord(key, stored), request, now());
                    } catch (RegistrarException refused) {
                        return conn.send(Request.cmd(Command.UNWATCH)).transform(x -> Future.failedFuture(refused));
                    }
                    List<Request> transaction = transaction(hash, outcome);
                    if (transaction.isEmpty()) {
                        return conn.send(Request.cmd(Command.UNWATCH)).map(x -> outcome.record());
                    }
                    return conn.batch(transaction).compose(replies -> {
                        if (replies.get(replies.size() - 1) != null) {
                            remember(key, outcome.record());
                            return Future.succeededFuture(outcome.record());
                        }
                        if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
                            return Future.failedFuture(RegistrarException.unavailable(
                                    "Record '" + key + "' kept changing during the bind", null));
                        }
                        LOG.debugf("Record '%s' changed during the bind (attempt %d): retrying", key, attempt);
                        return retryDelay(attempt).compose(x -> bindAttempt(conn, key, request, attempt + 1));
                    });
                });
    }

    /**
     * A few random milliseconds, growing with the attempts, so that two processes binding the same record in a row
     * do not stay in step (one winning every time).
     */
    private Future<Void> retryDelay(int attempt) {
        Promise<Void> delay = Promise.promise();
        vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(2 * attempt), id -> delay.complete());
        return delay.future();
    }

    /** {@code MULTI · HDEL? · HMSET? · EXPIREAT? · EXEC}, or nothing when the bind changes nothing. */
    private List<Request> transaction(String hash, BindingRules.Outcome outcome) {
        List<Request> transaction = new ArrayList<>();
        transaction.add(Request.cmd(Command.MULTI));
        if (!outcome.removed().isEmpty()) {
            Request hdel = Request.cmd(Command.HDEL).arg(hash);
            outcome.removed().forEach(hdel::arg);
            transaction.add(hdel);
        }
        if (!outcome.bound().isEmpty()) {
            Request hmset = Request.cmd(Command.HMSET).arg(hash);
            for (Binding binding : outcome.bound()) {
                hmset.arg(binding.key()).arg(serializer.serialize(binding));
            }
            transaction.add(hmset);
        }
        if (transaction.size() == 1) {
            return List.of();
        }
        if (!outcome.record().isEmpty()) {
            transaction.add(Request.cmd(Command.EXPIREAT).arg(hash).arg(latestLifetimeEnd(outcome.record())));
        }
        transaction.add(Request.cmd(Command.EXEC));
        return transaction;
    }

    private void remember(String key, Record record) {
        if (record.isEmpty()) {
            localRecords.remove(key);
        } else {
            localRecords.put(key, latestLifetimeEnd(record));
        }
    }

    private static long latestLifetimeEnd(Record record) {
        return record.bindings().stream().mapToLong(Binding::lifetimeEnd).max().orElse(0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading records (spec/registrar-db.md §4.3, §4.5)

    private Future<Record> readRecord(String key) {
        return commands.send(Request.cmd(Command.HGETALL).arg(KEY_PREFIX + key)).map(r -> toRecord(key, r));
    }

    /** Every binding of a {@code HGETALL} answer (expired ones included), least recently updated first. */
    private Record toRecord(String key, Response hash) {
        List<Binding> bindings = new ArrayList<>();
        if (hash != null) {
            for (String field : hash.getKeys()) {
                Response value = hash.get(field);
                if (value != null) {
                    parse(key, field, value.toString()).ifPresent(bindings::add);
                }
            }
        }
        bindings.sort(Comparator.comparingLong(Binding::registerTime).thenComparing(Binding::key));
        return new Record(key, bindings);
    }

    private Optional<Binding> parse(String key, String field, String value) {
        try {
            return Optional.of(serializer.parse(field, value));
        } catch (SipSyntaxException | RuntimeException e) {
            LOG.warnf("Binding '%s' of record '%s' ignored, unreadable: %s (%s)", field, key, value, e.getMessage());
            return Optional.empty();
        }
    }

    /** The record without the bindings whose lifetime (MESSAGE included) has ended. */
    private Record live(Record record) {
        return BindingRules.purge(record, now());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running operations: at once failure when unavailable, a bounded wait otherwise

    private <T> CompletableFuture<T> operation(String what, Supplier<Future<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        onContext(() -> run(what, op, result));
        return result;
    }

    /** On the context: runs {@code op} unless unavailable, completing {@code result} within the timeout. */
    private <T> void run(String what, Supplier<Future<T>> op, CompletableFuture<T> result) {
        if (closed) {
            result.completeExceptionally(RegistrarException.unavailable("The registrar database is closed", null));
            return;
        }
        if (state == State.UNAVAILABLE) {
            result.completeExceptionally(RegistrarException.unavailable("Redis unavailable: " + lastError, null));
            return;
        }
        int gen = generation;
        Future<T> started;
        try {
            started = op.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        started.timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(failure(what, ar.cause(), gen));
            }
        });
    }

    /**
     * What an operation failure means: a refusal of the binding rules as is; a Redis error reply (the server
     * answers) as unavailable without dropping the connection; anything else (timeout, connection error) as a lost
     * connection.
     */
    private RegistrarException failure(String what, Throwable cause, int gen) {
        if (cause instanceof RegistrarException e) {
            return e;
        }
        if (isErrorReply(cause)) {
            String message = describe(cause);
            if (message.startsWith("READONLY") || message.contains("READONLY")) {
                checkReplication();
            }
            return RegistrarException.unavailable("Redis refused the " + what + ": " + message, cause);
        }
        String reason = cause instanceof TimeoutException
                ? "Redis at " + endpoint + " did not answer the " + what + " within " + COMMAND_TIMEOUT.toMillis()
                        + " ms"
                : "Redis at " + endpoint + " failed during the " + what + ": " + describe(cause);
        if (gen == generation) {
            connectionLost(reason);
        }
        return RegistrarException.unavailable(reason, cause);
    }

    private static boolean isErrorReply(Throwable cause) {
        return cause instanceof Response r && r.type() == ResponseType.ERROR;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Connection life cycle (on the context)

    private void start() {
        if (closed) {
            return;
        }
        createClients();
        keepAliveTimer = vertx.setPeriodic(redis.subscriptionKeepAlive().toMillis(), id -> keepAlive());
        if (!redis.slaveCheckPeriod().isZero()) {
            replicationTimer = vertx.setPeriodic(redis.slaveCheckPeriod().toMillis(), id -> checkReplication());
        }
        connect();
    }

    /** New pools towards {@link #endpoint}; the old ones are closed (their pending commands fail). */
    private void createClients() {
        closeClients();
        generation++;
        NetClientOptions net = new NetClientOptions().setConnectTimeout((int) COMMAND_TIMEOUT.toMillis())
                .setTcpKeepAlive(true).setTcpNoDelay(true);
        RedisOptions options = new RedisOptions().setNetClientOptions(net);
        if (!redis.authUser().isEmpty() && !redis.authPassword().isEmpty()) {
            options.setConnectionString("redis://" + encode(redis.authUser()) + ":" + encode(redis.authPassword())
                    + "@" + endpoint);
        } else {
            options.setConnectionString(endpoint.uri());
            if (!redis.authPassword().isEmpty()) {
                options.setPassword(redis.authPassword());
            }
        }
        commands = Redis.createClient(vertx,
                new RedisOptions(options).setMaxPoolSize(POOL_SIZE).setMaxPoolWaiting(POOL_WAITING));
        subscriptions = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(1));
    }

    private void closeClients() {
        if (commands != null) {
            commands.close();
            subscriptions.close();
            commands = null;
            subscriptions = null;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Opens the subscription connection; once Redis answers on the command pool too, the database is available. */
    private void connect() {
        cancelTimer(retryTimer);
        retryTimer = -1;
        if (closed) {
            return;
        }
        long id = ++attemptId;
        Future<RedisConnection> connecting = subscriptions.connect();
        connecting.timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.failed()) {
                connecting.onSuccess(RedisConnection::close);
                if (id == attemptId) {
                    attemptFailed("cannot connect to Redis at " + endpoint + ": " + describe(ar.cause()));
                }
                return;
            }
            if (id != attemptId || closed) {
                ar.result().close();
                return;
            }
            onSubscriberConnected(id, ar.result());
        });
    }

    private void onSubscriberConnected(long id, RedisConnection conn) {
        dropSubscriber();
        subscriber = conn;
        conn.handler(this::onMessage);
        conn.endHandler(v -> subscriberLost(conn, "connection closed"));
        conn.exceptionHandler(e -> subscriberLost(conn, describe(e)));
        Set<String> channels = new LinkedHashSet<>();
        channels.add(EXPIRED_CHANNEL);
        channels.addAll(listeners.keySet());
        List<String> chunk = new ArrayList<>();
        for (String channel : channels) {
            chunk.add(channel);
            if (chunk.size() == SUBSCRIBE_CHUNK) {
                sendSubscribe(conn, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            sendSubscribe(conn, chunk);
        }
        subscribed.addAll(channels);
        commands.send(Request.cmd(Command.CONFIG).arg("GET").arg("notify-keyspace-events"))
                .timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
                    if (id != attemptId || closed) {
                        return;
                    }
                    if (ar.failed() && !isErrorReply(ar.cause())) {
                        attemptFailed("Redis at " + endpoint + " does not answer: " + describe(ar.cause()));
                        return;
                    }
                    if (ar.succeeded()) {
                        checkKeyspaceEvents(ar.result());
                    } else {
                        LOG.infof("Cannot read notify-keyspace-events of Redis at %s (%s): expiry notifications "
                                + "need 'Ex'", endpoint, describe(ar.cause()));
                    }
                    markAvailable();
                    checkReplication();
                });
    }

    private static void sendSubscribe(RedisConnection conn, List<String> channels) {
        Request subscribe = Request.cmd(Command.SUBSCRIBE);
        channels.forEach(subscribe::arg);
        conn.send(subscribe).onFailure(e -> LOG.debugf("SUBSCRIBE not sent: %s", describe(e)));
    }

    /** §4.7 We do better: tell when Redis will not announce expired records. */
    private void checkKeyspaceEvents(Response config) {
        Response value = config == null ? null : config.get("notify-keyspace-events");
        String flags = value == null ? "" : value.toString();
        boolean enabled = flags.contains("E") && (flags.contains("x") || flags.contains("A"));
        keyspaceEvents = Optional.of(enabled);
        if (!enabled) {
            LOG.warnf("Redis at %s has notify-keyspace-events='%s': expired records will not be notified to their "
                    + "subscribers; set it to contain 'Ex' (CONFIG SET notify-keyspace-events Ex)", endpoint, flags);
        }
    }

    private void attemptFailed(String reason) {
        dropSubscriber();
        if (state != State.UNAVAILABLE) {
            markUnavailable(reason);
        } else {
            lastError = reason;
            LOG.debugf("Redis still unavailable: %s", reason);
            nextCandidate();
        }
        scheduleRetry();
    }

    /** A known replica after the master (and back) when the master is lost and replicas may serve (§4.10). */
    private void nextCandidate() {
        if (!redis.useSlavesAsBackup() || knownReplicas.isEmpty()) {
            if (!endpoint.equals(master)) {
                endpoint = master;
                createClients();
            }
            return;
        }
        List<RedisEndpoint> candidates = new ArrayList<>();
        candidates.add(master);
        knownReplicas.stream().filter(r -> !candidates.contains(r)).forEach(candidates::add);
        int current = candidates.indexOf(endpoint);
        endpoint = candidates.get((current + 1) % candidates.size());
        LOG.infof("Next Redis connection attempt: %s", endpoint);
        createClients();
    }

    /** From a failed operation, the subscription connection or its keep-alive. */
    private void connectionLost(String reason) {
        if (closed || state == State.UNAVAILABLE) {
            return;
        }
        attemptId++;
        dropSubscriber();
        markUnavailable(reason);
        scheduleRetry();
    }

    /**
     * The subscription connection closed or did not answer its keep-alive: one new connection at once, staying
     * available (the command pool still works); a failure of that attempt, or a second loss within
     * {@link #MAX_RECONNECT_DELAY}, makes the database unavailable.
     */
    private void subscriberLost(RedisConnection conn, String reason) {
        if (conn != subscriber) {
            return;
        }
        String text = "Redis subscription connection to " + endpoint + " lost: " + reason;
        long nowNanos = clock.nanoTime();
        boolean recentlyReopened = lastQuickReconnect != null
                && nowNanos - lastQuickReconnect < MAX_RECONNECT_DELAY.toNanos();
        if (state != State.AVAILABLE || recentlyReopened) {
            connectionLost(text);
            return;
        }
        lastQuickReconnect = nowNanos;
        LOG.warnf("%s: reconnecting", text);
        dropSubscriber();
        connect();
    }

    private void dropSubscriber() {
        RedisConnection conn = subscriber;
        subscriber = null;
        subscribed.clear();
        if (conn != null) {
            conn.close();
        }
    }

    private void markUnavailable(String reason) {
        if (closed) {
            return;
        }
        state = State.UNAVAILABLE;
        lastError = reason;
        reconnectDelay = FIRST_RECONNECT_DELAY;
        LOG.errorf("Registrar database unavailable: %s", reason);
        createClients();
        tellAvailability(Optional.of(reason));
    }

    private void markAvailable() {
        if (closed) {
            return;
        }
        boolean changed = state != State.AVAILABLE;
        state = State.AVAILABLE;
        reconnectDelay = FIRST_RECONNECT_DELAY;
        if (changed) {
            LOG.infof("Registrar database connected to Redis at %s", endpoint);
            tellAvailability(Optional.empty());
        }
    }

    private void tellAvailability(Optional<String> error) {
        try {
            availability.accept(error);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Availability callback failed");
        }
    }

    private void scheduleRetry() {
        cancelTimer(retryTimer);
        if (closed) {
            return;
        }
        Duration delay = reconnectDelay;
        Duration doubled = delay.multipliedBy(2);
        reconnectDelay = doubled.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : doubled;
        retryTimer = vertx.setTimer(delay.toMillis(), id -> {
            retryTimer = -1;
            connect();
        });
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    /** §4.8: {@code PING} on the subscription connection; no answer → reconnect and subscribe again. */
    private void keepAlive() {
        RedisConnection conn = subscriber;
        if (closed || conn == null || state != State.AVAILABLE) {
            return;
        }
        long wait = Math.min(redis.subscriptionKeepAlive().toMillis(), COMMAND_TIMEOUT.toMillis());
        conn.send(Request.cmd(Command.PING)).timeout(wait, TimeUnit.MILLISECONDS)
                .onFailure(e -> subscriberLost(conn, "no answer to PING (" + describe(e) + ")"));
    }

    /**
     * §4.10: {@code INFO replication}. A master: remember its online replicas. A replica whose master link is up:
     * move to the master. A replica whose master is down (the backup of a lost master): stay.
     */
    private void checkReplication() {
        if (closed || state != State.AVAILABLE || commands == null) {
            return;
        }
        int gen = generation;
        commands.send(Request.cmd(Command.INFO).arg("replication"))
                .timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
                    if (gen != generation || closed || state != State.AVAILABLE) {
                        return;
                    }
                    if (ar.failed() || ar.result() == null) {
                        LOG.debugf("INFO replication failed: %s", ar.failed() ? describe(ar.cause()) : "no answer");
                        return;
                    }
                    ReplicationInfo info = ReplicationInfo.parse(ar.result().toString());
                    boolean backup = info.replica() && !(info.master().isPresent() && info.masterLinkUp());
                    if (backup && !onBackupReplica) {
                        LOG.warnf("Redis at %s is a replica whose master is down: reads only until a master is "
                                + "back", endpoint);
                    }
                    onBackupReplica = backup;
                    if (!info.replica()) {
                        master = endpoint;
                        if (!info.replicas().equals(knownReplicas)) {
                            LOG.infof("Redis master %s has the replicas %s", endpoint, info.replicas());
                            knownReplicas = info.replicas();
                        }
                    } else if (!backup) {
                        master = info.master().get();
                        LOG.warnf("Redis at %s is a replica: moving to its master %s", endpoint, master);
                        switchTo(master);
                    }
                });
    }

    private void switchTo(RedisEndpoint target) {
        endpoint = target;
        attemptId++;
        dropSubscriber();
        createClients();
        connect();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Subscriptions (spec/registrar-db.md §4.6, §4.7)

    /** On the context: SUBSCRIBE or UNSUBSCRIBE so that Redis matches the listeners of {@code key}. */
    private void syncSubscription(String key) {
        RedisConnection conn = subscriber;
        if (closed || conn == null || EXPIRED_CHANNEL.equals(key)) {
            return;
        }
        boolean wanted = listeners.containsKey(key);
        if (wanted && subscribed.add(key)) {
            sendSubscribe(conn, List.of(key));
        } else if (!wanted && subscribed.remove(key)) {
            conn.send(Request.cmd(Command.UNSUBSCRIBE).arg(key))
                    .onFailure(e -> LOG.debugf("UNSUBSCRIBE not sent: %s", describe(e)));
        }
    }

    /** A push on the subscription connection: {@code message <channel> <payload>}; confirmations are ignored. */
    private void onMessage(Response push) {
        if (push == null || (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI)
                || push.size() < 3 || !"message".equalsIgnoreCase(text(push.get(0)))) {
            return;
        }
        String channel = text(push.get(1));
        String payload = text(push.get(2));
        if (EXPIRED_CHANNEL.equals(channel)) {
            if (payload.startsWith(KEY_PREFIX)) {
                String key = payload.substring(KEY_PREFIX.length());
                localRecords.remove(key);
                LOG.debugf("Record '%s' expired", key);
                notifyListeners(key, "");
            }
            return;
        }
        notifyListeners(channel, payload);
    }

    private static String text(Response response) {
        return response == null ? "" : response.toString();
    }

    /** Calls the listeners of {@code key}; a listener that throws is logged and the others called. */
    private void notifyListeners(String key, String contactKey) {
        List<RecordListener> list = listeners.get(key);
        if (list == null) {
            return;
        }
        for (RecordListener listener : list) {
            try {
                listener.onRecordChanged(key, contactKey);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Record listener of '%s' failed", key);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private long now() {
        return clock.now().getEpochSecond();
    }
}
