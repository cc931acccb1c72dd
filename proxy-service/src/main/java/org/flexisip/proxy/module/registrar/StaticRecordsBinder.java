package org.flexisip.proxy.module.registrar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.flexisip.common.registrar.BindRequest;
import org.flexisip.common.registrar.StaticRecords;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.time.Cancellable;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RegistrationDomains;
import org.jboss.logging.Logger;

/**
 * {@code module::Registrar/static-records-file} (spec/registrar-db.md §6): the file is read when the module is
 * created, its records bound when the proxy starts, and read again every {@code static-records-timeout}; each time, every listed contact is bound to its
 * AOR with the Call-ID {@code static-record-v<random>}, a CSeq one higher than the time before, and the expiry
 * {@code static-records-timeout} + 5 s, so that a contact removed from the file goes away after the next period.
 * The {@code alias} flag is set on the contacts whose domain is one of ours (they are resolved once more by the
 * Router). Unparsable lines are logged and skipped; an unreadable file at a re-read is logged and the bindings
 * left to expire.
 * <p>
 * {@link #rereadNow} (on {@code SIGUSR1}) reads it at once and starts a new period. The re-read runs on the
 * blocking executor (file I/O), the binds on the SIP loop.
 */
final class StaticRecordsBinder {
    private static final Logger LOG = Logger.getLogger(StaticRecordsBinder.class);
    /** Added to the period for the expiry of the bindings, so that they do not lapse before the next read. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
    static final String CALL_ID_PREFIX = "static-record-v";

    /** Where the bindings go: the registrar binds and publishes. */
    @FunctionalInterface
    interface Binder {
        void bind(SipUri aor, BindRequest request);
    }

    private final Path file;
    private final Duration period;
    private final ProxyServices services;
    private final RegistrationDomains domains;
    private final RandomGenerator random;
    private final Binder binder;
    private long cseq;
    private StaticRecords initial;
    private Cancellable next;
    private boolean closed;

    StaticRecordsBinder(Path file, Duration period, ProxyServices services, RegistrationDomains domains,
            RandomGenerator random, Binder binder) {
        this.file = file;
        this.period = period;
        this.services = services;
        this.domains = domains;
        this.random = random;
        this.binder = binder;
    }

    /** Reads the file now (blocking: at creation), so that an unreadable one refuses the start. */
    void read() throws IOException {
        initial = StaticRecords.parse(Files.readString(file));
    }

    /** Binds the records {@link #read} found and schedules the next read (on the SIP loop, once running). */
    void start() {
        if (initial != null) {
            bindAll(initial);
            initial = null;
        }
        scheduleNext();
    }

    /** Stops the re-reads. */
    void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }

    private void scheduleNext() {
        if (!closed) {
            next = services.timers().schedule(period, this::reread);
        }
    }

    /** Reads the file again now, then every period from now (on the SIP loop). */
    void rereadNow() {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel();
        }
        next = null;
        reread();
    }

    private void reread() {
        services.blockingExecutor().execute(() -> {
            Optional<StaticRecords> records;
            try {
                records = Optional.of(StaticRecords.parse(Files.readString(file)));
            } catch (IOException e) {
                LOG.warnf("module::Registrar/static-records-file: cannot read '%s' (%s); its bindings will expire",
                        file, e.getMessage());
                records = Optional.empty();
            }
            Optional<StaticRecords> read = records;
            services.sipLoop().execute(() -> {
                read.ifPresent(this::bindAll);
                scheduleNext();
            });
        });
    }

    /** Binds every record: one request per AOR and alias flag. */
    void bindAll(StaticRecords records) {
        cseq++;
        String callId = CALL_ID_PREFIX + Long.toHexString(random.nextLong());
        long expires = period.plus(EXPIRY_MARGIN).toSeconds();
        for (StaticRecords.Entry entry : records.records()) {
            List<BindRequest.NewContact> aliases = new ArrayList<>();
            List<BindRequest.NewContact> others = new ArrayList<>();
            for (AddressHeader contact : entry.contacts()) {
                boolean alias = contact.uri() instanceof SipUri uri && domains.manages(uri, services);
                (alias ? aliases : others).add(new BindRequest.NewContact(contact, expires));
            }
            bind(entry.aor(), aliases, callId, true);
            bind(entry.aor(), others, callId, false);
        }
        LOG.debugf("module::Registrar: %d static records bound from '%s'", records.records().size(), file);
    }

    private void bind(SipUri aor, List<BindRequest.NewContact> contacts, String callId, boolean alias) {
        if (contacts.isEmpty()) {
            return;
        }
        binder.bind(aor, new BindRequest(contacts, callId, cseq, List.of(), List.of(), "", alias, false,
                Optional.empty(), false));
    }
}
