package org.flexisip.proxy.module.authentication;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code auth-domains} (spec/proxy.md §8): the domains whose users must authenticate; {@code *} stands for every
 * domain. Domains compare case-insensitively (RFC 3261 §19.1.4).
 */
public record AuthDomains(Set<String> domains, boolean any) {

    public AuthDomains {
        domains = Set.copyOf(domains);
    }

    public static AuthDomains of(List<String> entries) {
        boolean any = entries.stream().anyMatch(e -> e.strip().equals("*"));
        Set<String> domains = entries.stream().map(String::strip).filter(e -> !e.isEmpty() && !e.equals("*"))
                .map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new AuthDomains(domains, any);
    }

    public boolean contains(String domain) {
        return any || domains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
