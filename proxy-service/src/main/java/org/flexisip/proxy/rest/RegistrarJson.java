package org.flexisip.proxy.rest;

import java.util.Collection;
import java.util.List;

import org.flexisip.common.registrar.Binding;
import org.flexisip.common.registrar.Record;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON bodies of the registrar admin API (spec/config.md §9.2, §9.3), as Flexisip 2.4 names their fields. */
public final class RegistrarJson {
    private RegistrarJson() {
    }

    /** A record: {@code {"contacts": [...]}}, least recently updated binding first. */
    public record RecordBody(List<Contact> contacts) {
        public static RecordBody of(Record record) {
            return new RecordBody(record.bindings().stream().map(Contact::of).toList());
        }
    }

    /**
     * One binding. {@code contact} is the URI alone (the internal {@code fs-conn-id} is never stored in it);
     * {@code expires-at} and {@code update-time} are Unix seconds, {@code expires-at} ignoring the message expiry.
     */
    public record Contact(String contact, List<String> path, @JsonProperty("expires-at") long expiresAt, double q,
            @JsonProperty("unique-id") String uniqueId, @JsonProperty("user-agent") String userAgent,
            @JsonProperty("call-id") String callId, long cseq, int alias,
            @JsonProperty("update-time") long updateTime, List<String> accept) {

        static Contact of(Binding b) {
            return new Contact(b.contact().uri().toString(), b.path(), b.sipExpiry(), b.q(), b.key(), b.userAgent(),
                    b.callId(), b.cseq(), b.alias() ? 1 : 0, b.registerTime(), b.accept());
        }
    }

    /** {@code GET /api/registrar}: the AORs registered through this instance. */
    public record Aors(List<String> aors) {
        public static Aors of(Collection<String> aors) {
            return new Aors(List.copyOf(aors));
        }
    }
}
