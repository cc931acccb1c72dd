package org.flexisip.common.registrar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.jboss.logging.Logger;

/**
 * The in-memory registrar database ({@code db-implementation=internal}, spec/registrar-db.md §5): one map of
 * records, the {@link BindingRules}, and publish/subscribe within this process. Every operation is done at once
 * on the caller's thread, without blocking (one atomic compute per record key), and returns a completed future.
 * <p>
 * Bindings whose lifetime has ended (MESSAGE included, {@link Binding#lifetimeEnd()}) are never returned; they are
 * purged when their record is accessed and by {@link #purgeExpired()}, which the owner schedules. A record that
 * vanishes because its last binding expired is published with an empty contact key, as Redis keyspace expiry
 * notifications are (§4.7).
 */
public final class InternalRegistrarDb implements RegistrarDb {
    private static final Logger LOG = Logger.getLogger(InternalRegistrarDb.class);

    private final BindingRules rules;
    private final SipClock clock;
    private final boolean useGlobalDomain;
    private final ConcurrentMap<String, Record> records = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CopyOnWriteArrayList<RecordListener>> listeners = new ConcurrentHashMap<>();

    /**
     * @param useGlobalDomain {@code module::Router/use-global-domain}: record keys are {@code user@merged}
     */
    public InternalRegistrarDb(RegistrarSettings settings, SipClock clock, boolean useGlobalDomain) {
        this(new BindingRules(settings), clock, useGlobalDomain);
    }

    /** With given rules (a seeded key generator in tests). */
    public InternalRegistrarDb(BindingRules rules, SipClock clock, boolean useGlobalDomain) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.useGlobalDomain = useGlobalDomain;
    }

    @Override
    public CompletableFuture<Record> bind(SipUri aor, BindRequest request) {
        String key = keyOf(aor);
        long now = now();
        RegistrarException[] refused = new RegistrarException[1];
        Record[] result = new Record[1];
        records.compute(key, (k, current) -> {
            try {
                Record updated = rules.apply(current == null ? Record.empty(k) : current, request, now).record();
                result[0] = updated;
                return updated.isEmpty() ? null : updated;
            } catch (RegistrarException e) {
                refused[0] = e;
                return current;
            }
        });
        if (refused[0] != null) {
            return CompletableFuture.failedFuture(refused[0]);
        }
        return CompletableFuture.completedFuture(result[0]);
    }

    @Override
    public CompletableFuture<Record> fetch(SipUri aor, boolean recursive) {
        Record record = live(keyOf(aor));
        if (!recursive || record.bindings().stream().noneMatch(Binding::alias)) {
            return CompletableFuture.completedFuture(record);
        }
        Map<String, Binding> resolved = new LinkedHashMap<>();
        for (Binding binding : record.bindings()) {
            if (binding.alias() && binding.contact().uri() instanceof SipUri target) {
                for (Binding b : live(keyOf(target)).bindings()) {
                    resolved.putIfAbsent(b.key(), b);
                }
            } else {
                resolved.putIfAbsent(binding.key(), binding);
            }
        }
        return CompletableFuture.completedFuture(new Record(record.key(), new ArrayList<>(resolved.values())));
    }

    /**
     * The binding of that contact key; the key may also be given without its quotes and angle brackets, as a GRUU
     * {@code gr=urn:uuid:x} names the binding of key {@code "<urn:uuid:x>"}.
     */
    @Override
    public CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey) {
        Record record = live(keyOf(aor));
        Optional<Binding> exact = record.binding(contactKey);
        if (exact.isPresent()) {
            return CompletableFuture.completedFuture(exact);
        }
        String bare = BindingRules.bareKey(contactKey);
        return CompletableFuture.completedFuture(
                record.bindings().stream().filter(b -> BindingRules.bareKey(b.key()).equals(bare)).findFirst());
    }

    @Override
    public CompletableFuture<Void> clear(SipUri aor) {
        String key = keyOf(aor);
        records.remove(key);
        publish(key, "");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(String key, RecordListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.compute(key, (k, list) -> {
            CopyOnWriteArrayList<RecordListener> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.addIfAbsent(listener);
            return l;
        });
    }

    @Override
    public void unsubscribe(String key, RecordListener listener) {
        listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Calls the listeners of {@code key} on this thread; a listener that throws is logged and the others called. */
    @Override
    public void publish(String key, String contactKey) {
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

    /** {@code sip:<key>} of every record with a binding not expired: all were bound through this process. */
    @Override
    public Set<String> localAors() {
        long now = now();
        Set<String> aors = new TreeSet<>();
        records.forEach((key, record) -> {
            if (record.bindings().stream().anyMatch(b -> b.lifetimeEnd() > now)) {
                aors.add("sip:" + key);
            }
        });
        return aors;
    }

    @Override
    public String keyOf(SipUri aor) {
        return RecordKey.of(aor, useGlobalDomain);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /**
     * Removes every binding whose lifetime has ended, and the records left empty (published with an empty contact
     * key). Callers schedule it.
     */
    public void purgeExpired() {
        for (String key : records.keySet()) {
            live(key);
        }
    }

    /** Forgets every subscriber. The records stay. */
    @Override
    public void close() {
        listeners.clear();
    }

    /** The record of {@code key} without its expired bindings, which are purged. */
    private Record live(String key) {
        long now = now();
        boolean[] vanished = new boolean[1];
        Record record = records.computeIfPresent(key, (k, current) -> {
            Record purged = BindingRules.purge(current, now);
            vanished[0] = purged.isEmpty();
            return purged.isEmpty() ? null : purged;
        });
        if (vanished[0]) {
            LOG.debugf("Record '%s' expired", key);
            publish(key, "");
        }
        return record == null ? Record.empty(key) : record;
    }

    private long now() {
        return clock.now().getEpochSecond();
    }
}
