package org.flexisip.common.registrar;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.flexisip.common.sip.uri.SipUri;

/**
 * The registrar database contract (spec/registrar-db.md §1). Every operation is asynchronous: the future fails with
 * a {@link RegistrarException} (unavailable, or refused by the binding rules), and completes on the backend's
 * thread: callers continue on their own loop. Records are addressed by their AOR URI; the key is
 * {@link RecordKey#of(SipUri, boolean)} with the backend's {@code use-global-domain}.
 */
public interface RegistrarDb extends AutoCloseable {

    /** Applies the binding rules (spec/proxy.md §12 rules 15–19) and returns the resulting record. */
    CompletableFuture<Record> bind(SipUri aor, BindRequest request);

    /**
     * The record (empty when there is none), expired bindings left out. {@code recursive}: bindings flagged alias
     * are replaced by the bindings of their own record (one level).
     */
    CompletableFuture<Record> fetch(SipUri aor, boolean recursive);

    /** The binding with that contact key (a GRUU's {@code gr=} value), if registered and not expired. */
    CompletableFuture<Optional<Binding>> fetchInstance(SipUri aor, String contactKey);

    /** Deletes the record, then publishes the change with an empty contact key. */
    CompletableFuture<Void> clear(SipUri aor);

    /** Registers a listener of one record key; several per key. */
    void subscribe(String key, RecordListener listener);

    void unsubscribe(String key, RecordListener listener);

    /** Tells every subscriber of {@code key}, in every process sharing the backend. */
    void publish(String key, String contactKey);

    /** The AORs ({@code sip:} URIs) with live bindings created through this process (REGISTRAR_DUMP). */
    Set<String> localAors();

    /** The record key of an AOR for this database. */
    String keyOf(SipUri aor);

    /** Whether the backend answers now (readiness). */
    boolean isAvailable();

    @Override
    void close();
}
