package org.flexisip.proxy.rest;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.Record;
import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.common.registrar.RegistrarException;
import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.app.ProxyTransports;

/**
 * The registrar commands of the admin API (spec/config.md §9.2) on the proxy's registrar database, shared by the
 * REST routes ({@link RegistrarRoutes}) and the text commands of {@code POST /api/cli} ({@link RegistrarCli}).
 * Arguments arrive as text and are checked here; each command returns a {@link Reply} future that completes on the
 * database's thread, never blocking the caller:
 * <ul>
 * <li>{@code get}: the record (not following aliases); an empty one is {@code 404 Not Found}.</li>
 * <li>{@code upsert}: binds the URI with {@code +sip.instance=<uuid>} (default {@code fs-cli-gen-<20 base64url
 * chars>}), Call-ID {@code fs-cli-upsert}; the expiry must be above 0.</li>
 * <li>{@code delete}: binds the contact keyed {@code <uuid>} with expiry 0, matching on the key only, Call-ID
 * {@code fs-cli-delete}; the key may be given without its quotes and angle brackets, as a GRUU names it.</li>
 * <li>{@code clear}: deletes the whole record, which the database publishes.</li>
 * <li>{@code dump}: the AORs registered through this proxy instance.</li>
 * </ul>
 */
@Singleton
public class RegistrarCommands {
    /** Call-ID of the bindings written by {@code REGISTRAR_UPSERT}. */
    public static final String UPSERT_CALL_ID = "fs-cli-upsert";
    /** Call-ID of the removals done by {@code REGISTRAR_DELETE}. */
    public static final String DELETE_CALL_ID = "fs-cli-delete";
    /** Prefix of the instance ids made up when an upsert gives none. */
    public static final String GENERATED_UUID_PREFIX = "fs-cli-gen-";
    public static final String NOT_FOUND =
            "404 Not Found: the registrar database does not contain the requested AOR";
    public static final String UNAVAILABLE = "Failed to connect to the registrar database";
    /** The largest expiry, in seconds (RFC 3261 §20.19: 0 to 2**32-1). */
    public static final long MAX_EXPIRE = 4_294_967_295L;
    /** The longest instance id accepted. */
    public static final int MAX_UUID_LENGTH = 256;

    private static final String INSTANCE_PARAMETER = "+sip.instance";
    /** 15 random bytes are 20 base64url characters. */
    private static final int GENERATED_UUID_BYTES = 15;
    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

    /** What a command gives: a record, a cleared AOR, the AOR list, or a failure with its HTTP status. */
    public sealed interface Reply {
        record Found(Record record) implements Reply {
        }

        record Cleared(String aor) implements Reply {
        }

        record Listed(Set<String> aors) implements Reply {
        }

        /**
         * @param status  the HTTP status of the REST answer (400, 404 or 503)
         * @param message the text after {@code Error - } in the admin-socket reply, and the REST {@code error}
         */
        record Failed(int status, String message) implements Reply {
        }
    }

    private final Supplier<RegistrarDb> db;
    private final RandomGenerator random;
    private final AtomicLong cseq;

    @Inject
    public RegistrarCommands(ProxyTransports transports) {
        this(transports::registrarDb, new SecureRandom(), SipClock.system().now().getEpochSecond());
    }

    /**
     * @param db        the database, {@code null} until the proxy has started
     * @param random    the source of generated instance ids; safe for concurrent use
     * @param firstCseq the CSeq of the first upsert; later ones count up, so that an upsert that matches an older
     *                  one by URI (no unique-id parameter) is never a replay
     */
    RegistrarCommands(Supplier<RegistrarDb> db, RandomGenerator random, long firstCseq) {
        this.db = db;
        this.random = random;
        this.cseq = new AtomicLong(firstCseq);
    }

    /** {@code REGISTRAR_GET <aor>}. */
    public CompletableFuture<Reply> get(String aor) {
        Optional<SipUri> uri = sipUri(aor);
        if (uri.isEmpty()) {
            return invalidUri(aor);
        }
        return withDb(d -> d.fetch(uri.get(), false)
                .thenApply(r -> r.isEmpty() ? new Reply.Failed(404, NOT_FOUND) : new Reply.Found(r)));
    }

    /** {@code REGISTRAR_UPSERT <aor> <uri> <expire> [<uuid>]}. */
    public CompletableFuture<Reply> upsert(String aor, String contact, String expire, Optional<String> uuid) {
        Optional<SipUri> aorUri = sipUri(aor);
        if (aorUri.isEmpty()) {
            return invalidUri(aor);
        }
        Optional<SipUri> contactUri = sipUri(contact);
        if (contactUri.isEmpty()) {
            return invalidUri(contact);
        }
        String text = expire.strip();
        boolean negative = text.startsWith("-");
        OptionalLong seconds = SipChars.decimal(negative ? text.substring(1) : text, 18);
        if (seconds.isEmpty() || seconds.getAsLong() > MAX_EXPIRE) {
            return failed(400, "Invalid expire: " + expire + " (a number of seconds up to " + MAX_EXPIRE + ")");
        }
        if (negative || seconds.getAsLong() == 0) {
            return failed(400, "expire must be greater than 0, got " + expire + ": to remove a contact, use "
                    + "REGISTRAR_DELETE <aor> <uuid> (DELETE /api/registrar/{aor}/contacts/{uuid})");
        }
        if (uuid.isPresent() && !isValidUuid(uuid.get())) {
            return invalidUuid(uuid.get());
        }
        String instance = uuid.orElseGet(this::generateUuid);
        BindRequest request = new BindRequest(
                List.of(new BindRequest.NewContact(withInstance(AddressHeader.of(contactUri.get()), instance),
                        seconds.getAsLong())),
                UPSERT_CALL_ID, cseq.getAndIncrement(), List.of(), List.of(), "", false, false, Optional.empty(),
                false);
        return withDb(d -> d.bind(aorUri.get(), request).thenApply(Reply.Found::new));
    }

    /** {@code REGISTRAR_DELETE <aor> <uuid>}. */
    public CompletableFuture<Reply> delete(String aor, String uuid) {
        Optional<SipUri> aorUri = sipUri(aor);
        if (aorUri.isEmpty()) {
            return invalidUri(aor);
        }
        if (!isValidUuid(uuid)) {
            return invalidUuid(uuid);
        }
        return withDb(d -> d.fetchInstance(aorUri.get(), uuid).thenCompose(found -> {
            String key = found.map(Binding::key).orElse(uuid);
            BindRequest request = new BindRequest(
                    List.of(new BindRequest.NewContact(withInstance(AddressHeader.of(aorUri.get()), key), 0)),
                    DELETE_CALL_ID, 0, List.of(), List.of(), "", false, false, Optional.empty(), true);
            return d.bind(aorUri.get(), request);
        }).thenApply(Reply.Found::new));
    }

    /** {@code REGISTRAR_CLEAR <aor>}. */
    public CompletableFuture<Reply> clear(String aor) {
        Optional<SipUri> uri = sipUri(aor);
        if (uri.isEmpty()) {
            return invalidUri(aor);
        }
        return withDb(d -> d.clear(uri.get()).thenApply(v -> new Reply.Cleared(aor)));
    }

    /** {@code REGISTRAR_DUMP}. */
    public CompletableFuture<Reply> dump() {
        return withDb(d -> CompletableFuture.completedFuture(new Reply.Listed(d.localAors())));
    }

    /**
     * Runs {@code operation} on the database and turns its {@link RegistrarException} into a failure; any other
     * exception (a bug) fails the returned future.
     */
    private CompletableFuture<Reply> withDb(Function<RegistrarDb, CompletableFuture<Reply>> operation) {
        RegistrarDb d = db.get();
        if (d == null) {
            return failed(503, UNAVAILABLE);
        }
        return operation.apply(d).handle((reply, failure) -> {
            if (failure == null) {
                return reply;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RegistrarException e) {
                return e.isUnavailable() ? new Reply.Failed(503, UNAVAILABLE)
                        : new Reply.Failed(400, "Refused by the registrar database: " + e.status() + " " + e.reason());
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
    }

    /**
     * The contact with {@code +sip.instance} set so that its contact key (spec/proxy.md §12 rule 15) is
     * {@code key}: a key in quotes (as 2.4 keeps a quoted {@code +sip.instance}) is written as that quoted-string.
     */
    static AddressHeader withInstance(AddressHeader contact, String key) {
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            return AddressHeader.of(contact.address(), contact.params().withQuoted(INSTANCE_PARAMETER,
                    unquote(key.substring(1, key.length() - 1))));
        }
        return contact.withParam(INSTANCE_PARAMETER, key);
    }

    private static String unquote(String quoted) {
        StringBuilder b = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Visible ASCII only: the id becomes a header parameter, where a control character must never go. */
    private static boolean isValidUuid(String uuid) {
        if (uuid.isEmpty() || uuid.length() > MAX_UUID_LENGTH) {
            return false;
        }
        return uuid.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private String generateUuid() {
        byte[] bytes = new byte[GENERATED_UUID_BYTES];
        random.nextBytes(bytes);
        return GENERATED_UUID_PREFIX + BASE64_URL.encodeToString(bytes);
    }

    private static Optional<SipUri> sipUri(String text) {
        try {
            return Optional.of(SipUri.parse(text));
        } catch (SipSyntaxException e) {
            return Optional.empty();
        }
    }

    private static CompletableFuture<Reply> invalidUri(String text) {
        return failed(400, "Invalid SIP URI: " + text);
    }

    private static CompletableFuture<Reply> invalidUuid(String text) {
        return failed(400, "Invalid uuid: " + text + " (1 to " + MAX_UUID_LENGTH + " visible ASCII characters)");
    }

    private static CompletableFuture<Reply> failed(int status, String message) {
        return CompletableFuture.completedFuture(new Reply.Failed(status, message));
    }
}
