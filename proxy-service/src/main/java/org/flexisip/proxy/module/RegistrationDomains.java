package org.flexisip.proxy.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.flexisip.common.sip.uri.SipUri;

/**
 * {@code module::Registrar/reg-domains} (spec/proxy.md §12): the domains this registrar serves. {@code *} alone
 * means every domain; a {@code *} inside a name matches any run of characters ({@code *.example.org}). Names are
 * compared without case and without a trailing dot. As in 2.4, a numeric host (IPv4 or IPv6 address) that matches
 * is managed only when it is us (spec/global.md §4.4), so that a request already routed to a client's address is
 * not taken for one of ours.
 */
public final class RegistrationDomains {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final boolean all;
    private final List<Pattern> patterns;

    private RegistrationDomains(boolean all, List<Pattern> patterns) {
        this.all = all;
        this.patterns = List.copyOf(patterns);
    }

    public static RegistrationDomains of(List<String> domains) {
        boolean all = false;
        List<Pattern> patterns = new ArrayList<>(domains.size());
        for (String domain : domains) {
            String d = normalized(domain.strip());
            if (d.isEmpty()) {
                continue;
            }
            if (d.equals("*")) {
                all = true;
            }
            patterns.add(glob(d));
        }
        return new RegistrationDomains(all, patterns);
    }

    /** Whether {@code host} matches one of the names. */
    public boolean matches(String host) {
        if (all) {
            return true;
        }
        String h = normalized(host);
        for (Pattern p : patterns) {
            if (p.matcher(h).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host of {@code uri} is served here: it matches, and when numeric it is us. */
    public boolean manages(SipUri uri, ProxyServices services) {
        return matches(uri.host()) && (!isNumeric(uri.host()) || services.isUs(uri));
    }

    /** An IPv4 address or a bracketed IPv6 reference. */
    public static boolean isNumeric(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    private static String normalized(String host) {
        String h = host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
        return h.toLowerCase(Locale.ROOT);
    }

    /** {@code *} matches any run of characters; everything else literally. */
    private static Pattern glob(String name) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = name.indexOf('*'); star >= 0; star = name.indexOf('*', start)) {
            if (star > start) {
                regex.append(Pattern.quote(name.substring(start, star)));
            }
            regex.append(".*");
            start = star + 1;
        }
        if (start < name.length()) {
            regex.append(Pattern.quote(name.substring(start)));
        }
        return Pattern.compile(regex.toString());
    }
}
