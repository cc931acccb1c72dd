package org.flexisip.deploy.launcher;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.config.Role;

/**
 * The roles the launcher starts, read from {@code --server} or {@code global/default-servers}
 * (spec/config.md §7, spec/global.md §2): names separated by spaces, commas or '+', the option repeatable;
 * {@code all} means the four roles; {@code b2bua} is not supported; any other name, or a selection naming
 * none of proxy, presence, conference and regevent, refuses the start.
 */
final class RoleSelection {
    private static final String EXPECTED = "expected proxy, presence, conference, regevent or all";

    /** The outcome of reading one selection. */
    sealed interface Parsed permits Chosen, Refused {
    }

    /** The roles to start, each once, in {@link Role} order (proxy first). */
    record Chosen(List<Role> roles) implements Parsed {
        Chosen {
            roles = List.copyOf(roles);
        }

        /** The names joined by '+', as Flexisip 2.4 joins them ({@code proxy+presence}). */
        String names() {
            return String.join("+", roles.stream().map(Role::id).toList());
        }
    }

    /** Why the selection cannot be started; the message names the bad value and where it comes from. */
    record Refused(String message) implements Parsed {
    }

    private RoleSelection() {
    }

    /**
     * @param origin where the values come from ({@code --server}, {@code global/default-servers}), for messages
     */
    static Parsed parse(String origin, List<String> values) {
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        for (String value : values) {
            for (String name : value.split("[ ,+\t\n]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                Optional<Refused> refused = add(origin, name, chosen);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
        }
        if (chosen.isEmpty()) {
            return new Refused(origin + ": no role named (" + String.join(" ", values).strip() + "): " + EXPECTED);
        }
        return new Chosen(List.copyOf(chosen));
    }

    private static Optional<Refused> add(String origin, String name, Set<Role> chosen) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("all")) {
            chosen.addAll(EnumSet.allOf(Role.class));
        } else if (lower.equals("b2bua")) {
            return Optional.of(new Refused(origin + ": the b2bua role is not supported"));
        } else {
            Optional<Role> role = Role.fromId(lower);
            if (role.isEmpty()) {
                return Optional.of(new Refused(origin + ": unknown role '" + name + "': " + EXPECTED));
            }
            chosen.add(role.get());
        }
        return Optional.empty();
    }
}
