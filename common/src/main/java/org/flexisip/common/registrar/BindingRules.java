package org.flexisip.common.registrar;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.HeaderParams;
import org.flexisip.common.sip.uri.SipUri;

/**
 * The binding rules every backend applies to a record (spec/proxy.md §12 rules 15–19), with no I/O:
 * <ol>
 * <li>Rule 15, contact key: the value of the first {@code unique-id-parameters} item present as a contact parameter
 * or a URI parameter, raw (quotes kept: {@code "<urn:uuid:...>"}); else {@code fs-gen-<20 base64url chars>}, or
 * the key of the binding the contact matches by URI.</li>
 * <li>Rule 16, matching, in order: identical push parameters ({@code pn-provider pn-prid pn-param}, or the legacy
 * {@code pn-type pn-tok app-id}, URI parameters) replace the old binding; the same key updates it; only when
 * neither has a unique-id key, an equal URI (RFC 3261 §10.3, §19.1.4) updates it, unless the Call-ID is the same
 * and the CSeq not higher ({@code 400 Replayed CSeq}). A {@link BindRequest#matchKeyOnly()} request matches by
 * key only.</li>
 * <li>Rule 17: expiry 0 removes the matched bindings; bindings whose lifetime has ended are purged on every
 * write.</li>
 * <li>Rule 18: more non-zero contacts in one request than {@code max-contacts-by-aor} is refused with
 * {@code 403 Too many contacts in REGISTER} (2.4 answers 500: we do better); otherwise the least recently
 * updated bindings are evicted down to the limit.</li>
 * <li>Rule 19: each binding keeps its contact (without the {@code expires} contact parameter and the internal
 * {@code fs-conn-id} URI parameter, kept apart as the connection id), Call-ID, CSeq, registration time, expiry,
 * message expiry, alias and used-as-route flags, Path, Accept and User-Agent.</li>
 * </ol>
 * Bindings are ordered least recently updated first. Safe for concurrent use.
 */
public final class BindingRules {
    /** Prefix of the contact keys made up for contacts without a unique-id parameter. */
    public static final String GENERATED_KEY_PREFIX = "fs-gen-";
    /** The internal URI parameter carrying the id of the connection a contact registered over. */
    public static final String CONNECTION_ID_PARAMETER = "fs-conn-id";
    /** 15 random bytes are 20 base64url characters. */
    private static final int GENERATED_KEY_BYTES = 15;
    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

    private final RegistrarSettings settings;
    private final RandomGenerator random;

    /** Rules generating contact keys from a {@link SecureRandom}. */
    public BindingRules(RegistrarSettings settings) {
        this(settings, new SecureRandom());
    }

    /**
     * @param random the source of generated contact keys; it must be safe for concurrent use when the rules are
     */
    public BindingRules(RegistrarSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RegistrarSettings settings() {
        return settings;
    }

    /**
     * What a bind changed.
     *
     * @param record  the new record, least recently updated binding first
     * @param bound   the bindings written by the request (created or updated), in the order of its contacts
     * @param removed the keys of the bindings of the old record that are gone (removed by expiry 0, replaced,
     *                evicted or expired)
     */
    public record Outcome(Record record, List<Binding> bound, Set<String> removed) {
        public Outcome {
            bound = List.copyOf(bound);
            removed = Set.copyOf(removed);
        }
    }

    /**
     * Applies {@code request} to {@code current} at {@code nowSeconds}.
     *
     * @param current the stored record, possibly empty; its key is the key of the result
     * @throws RegistrarException {@code 400 Invalid contact} for a contact that is not a SIP URI, {@code 400
     *                            Replayed CSeq}, {@code 403 Too many contacts in REGISTER}
     */
    public Outcome apply(Record current, BindRequest request, long nowSeconds) throws RegistrarException {
        long nonZero = request.contacts().stream().filter(c -> c.expires() > 0).count();
        if (nonZero > settings.maxContactsByAor()) {
            throw RegistrarException.invalid(403, "Too many contacts in REGISTER");
        }
        Map<String, Binding> bindings = new LinkedHashMap<>();
        current.bindings().stream()
                .filter(b -> b.lifetimeEnd() > nowSeconds)
                .sorted(Comparator.comparingLong(Binding::registerTime))
                .forEach(b -> bindings.put(b.key(), b));
        Set<String> bornHere = new HashSet<>();
        Map<String, Binding> bound = new LinkedHashMap<>();

        for (BindRequest.NewContact newContact : request.contacts()) {
            AddressHeader contact = newContact.contact();
            if (!(contact.uri() instanceof SipUri uri)) {
                throw RegistrarException.invalid(400, "Invalid contact");
            }
            Optional<String> uniqueKey = uniqueKey(contact);
            Optional<PushIdentity> push = PushIdentity.of(uri);
            AddressHeader stored = storedContact(contact);
            String uriMatchKey = null;
            List<String> matched = new ArrayList<>();
            for (Binding b : bindings.values()) {
                if (request.matchKeyOnly()) {
                    if (uniqueKey.isPresent() && b.key().equals(uniqueKey.get())) {
                        matched.add(b.key());
                    }
                } else if (push.isPresent() && b.contact().uri() instanceof SipUri other
                        && push.equals(PushIdentity.of(other))) {
                    matched.add(b.key());
                } else if (uniqueKey.isPresent()) {
                    if (b.key().equals(uniqueKey.get())) {
                        matched.add(b.key());
                    }
                } else if (uniqueKey(b.contact()).isEmpty() && stored.uri().equals(b.contact().uri())) {
                    if (!bornHere.contains(b.key()) && b.callId().equals(request.callId())
                            && request.cseq() <= b.cseq()) {
                        throw RegistrarException.invalid(400, "Replayed CSeq");
                    }
                    matched.add(b.key());
                    if (uriMatchKey == null) {
                        uriMatchKey = b.key();
                    }
                }
            }
            matched.forEach(k -> {
                bindings.remove(k);
                bound.remove(k);
            });
            if (newContact.expires() <= 0) {
                continue;
            }
            String uriKey = uriMatchKey;
            String key = uniqueKey.orElseGet(() -> uriKey != null ? uriKey : generateKey());
            Optional<String> connectionId = uri.parameter(CONNECTION_ID_PARAMETER).filter(v -> !v.isEmpty())
                    .or(request::connectionId);
            Binding binding = new Binding(key, stored, request.callId(), request.cseq(), nowSeconds,
                    newContact.expires(), messageExpires(contact, settings.messageExpiresParamName()),
                    request.alias(), request.usedAsRoute(), request.path(), request.accept(), request.userAgent(),
                    connectionId);
            bindings.remove(key);
            bindings.put(key, binding);
            bound.remove(key);
            bound.put(key, binding);
            bornHere.add(key);
        }

        var it = bindings.keySet().iterator();
        while (bindings.size() > settings.maxContactsByAor() && it.hasNext()) {
            it.next();
            it.remove();
        }
        Set<String> removed = new LinkedHashSet<>();
        for (Binding b : current.bindings()) {
            if (!bindings.containsKey(b.key())) {
                removed.add(b.key());
            }
        }
        return new Outcome(new Record(current.key(), new ArrayList<>(bindings.values())),
                new ArrayList<>(bound.values()), removed);
    }

    /** {@code record} without the bindings whose lifetime (MESSAGE included) has ended at {@code nowSeconds}. */
    public static Record purge(Record record, long nowSeconds) {
        if (record.bindings().stream().allMatch(b -> b.lifetimeEnd() > nowSeconds)) {
            return record;
        }
        return new Record(record.key(), record.bindings().stream().filter(b -> b.lifetimeEnd() > nowSeconds).toList());
    }

    /**
     * Rule 15: the value of the first {@code unique-id-parameters} item the contact has, as a contact parameter
     * (raw: a quoted value keeps its quotes) or else a URI parameter; empty when none has a value.
     */
    public Optional<String> uniqueKey(AddressHeader contact) {
        for (String name : settings.uniqueIdParameters()) {
            for (HeaderParams.Param p : contact.params().asList()) {
                if (p.name().equalsIgnoreCase(name) && p.value().filter(v -> !v.isEmpty()).isPresent()) {
                    return Optional.of(p.quoted() ? quote(p.value().get()) : p.value().get());
                }
            }
            if (contact.uri() instanceof SipUri uri) {
                Optional<String> value = uri.parameter(name).filter(v -> !v.isEmpty());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** A new {@code fs-gen-<20 base64url chars>} contact key. */
    public String generateKey() {
        byte[] bytes = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(bytes);
        return GENERATED_KEY_PREFIX + BASE64_URL.encodeToString(bytes);
    }

    /** Whether a contact key was made up by {@link #generateKey()}. */
    public static boolean isGeneratedKey(String key) {
        return key.startsWith(GENERATED_KEY_PREFIX);
    }

    /**
     * The contact as a binding stores it: without the {@code expires} contact parameter (the expiry is kept apart)
     * and without the internal {@code fs-conn-id} URI parameter.
     */
    public static AddressHeader storedContact(AddressHeader contact) {
        AddressHeader stored = contact.withoutParam("expires");
        if (stored.uri() instanceof SipUri uri && uri.hasParameter(CONNECTION_ID_PARAMETER)) {
            SipUri cleaned = uri.toBuilder().removeParameter(CONNECTION_ID_PARAMETER).build();
            stored = stored.withAddress(stored.address().withUri(cleaned));
        }
        return stored;
    }

    /** The contact parameter {@code paramName} in seconds; 0 when absent or not a number. */
    public static long messageExpires(AddressHeader contact, String paramName) {
        Optional<String> value = contact.param(paramName);
        if (value.isEmpty()) {
            return 0;
        }
        OptionalLong seconds = SipChars.decimal(value.get().trim(), 18);
        return seconds.orElse(0);
    }

    /**
     * Keys compared as a GRUU gives them: surrounding quotes, then angle brackets, removed
     * ({@code "<urn:uuid:x>"} and {@code urn:uuid:x} are the same instance).
     */
    public static String bareKey(String key) {
        String k = key.trim();
        if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
            k = k.substring(1, k.length() - 1);
        }
        if (k.length() >= 2 && k.startsWith("<") && k.endsWith(">")) {
            k = k.substring(1, k.length() - 1);
        }
        return k;
    }

    private static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /**
     * The push parameters identifying a device for rule 16: RFC 8599 {@code pn-provider}, {@code pn-prid},
     * {@code pn-param}, or the legacy Flexisip {@code pn-type}, {@code pn-tok}, {@code app-id}. The first two of
     * a set must be present; the third is compared as present or absent.
     */
    private record PushIdentity(boolean legacy, String provider, String token, Optional<String> param) {
        static Optional<PushIdentity> of(SipUri uri) {
            Optional<PushIdentity> standard = of(uri, false, "pn-provider", "pn-prid", "pn-param");
            return standard.isPresent() ? standard : of(uri, true, "pn-type", "pn-tok", "app-id");
        }

        private static Optional<PushIdentity> of(SipUri uri, boolean legacy, String provider, String token,
                String param) {
            Optional<String> p = uri.parameter(provider).filter(v -> !v.isEmpty());
            Optional<String> t = uri.parameter(token).filter(v -> !v.isEmpty());
            if (p.isEmpty() || t.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PushIdentity(legacy, p.get(), t.get(), uri.parameter(param)));
        }
    }
}
