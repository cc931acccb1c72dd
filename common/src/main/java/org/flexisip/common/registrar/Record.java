package org.flexisip.common.registrar;

import java.util.List;
import java.util.Optional;

/**
 * The bindings of one address of record, under its record key (spec/registrar-db.md §2). Bindings keep the order
 * of their last update, oldest first.
 */
public record Record(String key, List<Binding> bindings) {
    public Record {
        bindings = List.copyOf(bindings);
    }

    public static Record empty(String key) {
        return new Record(key, List.of());
    }

    public boolean isEmpty() {
        return bindings.isEmpty();
    }

    public Optional<Binding> binding(String contactKey) {
        return bindings.stream().filter(b -> b.key().equals(contactKey)).findFirst();
    }

    /** The bindings still registered at {@code nowSeconds}. */
    public List<Binding> validAt(long nowSeconds) {
        return bindings.stream().filter(b -> b.isValidAt(nowSeconds)).toList();
    }
}
