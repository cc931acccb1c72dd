package org.flexisip.proxy.module.authentication;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.transport.dos.WhiteList;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;

/**
 * The sources that are never challenged (spec/proxy.md §8 rule 2): {@code trusted-hosts} (IP addresses, networks,
 * names resolved when the list is read, and {@code ${section/param}} replaced by the items of that parameter, the
 * host of an item that is a SIP URI), the cluster nodes ({@code cluster/nodes} with {@code cluster/enabled}) and,
 * when {@code module::Presence} is enabled, the host of its {@code presence-server}.
 */
final class TrustedHosts {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}/]+)/([^}]+)}");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private TrustedHosts() {
    }

    /** The entries to trust, references expanded. */
    static List<String> entries(ConfigSection section, FlexisipConfig config) throws IllegalArgumentException {
        List<String> entries = new ArrayList<>();
        for (String item : section.getStringList("trusted-hosts")) {
            entries.addAll(expand(item, config));
        }
        config.section("cluster").filter(c -> c.getBoolean("enabled"))
                .ifPresent(c -> entries.addAll(c.getStringList("nodes")));
        config.section("module::Presence").filter(p -> p.getBoolean("enabled"))
                .flatMap(p -> hostOf(p.getString("presence-server"))).ifPresent(entries::add);
        return entries;
    }

    /** The entries read (may resolve names: at start or off the SIP loop). */
    static WhiteList parse(List<String> entries) throws WhiteList.InvalidWhiteListException {
        return WhiteList.parse(entries);
    }

    private static List<String> expand(String item, FlexisipConfig config) {
        Matcher m = REFERENCE.matcher(item.strip());
        if (!m.matches()) {
            return List.of(hostOf(item).orElse(item));
        }
        String path = m.group(1) + "/" + m.group(2);
        ConfigEntry entry = config.entry(path).orElseThrow(() -> new IllegalArgumentException(
                "'" + item + "' names no parameter " + path));
        List<String> out = new ArrayList<>();
        for (String v : entry.text().strip().split("\\s+")) {
            if (!v.isEmpty()) {
                out.add(hostOf(v).orElse(v));
            }
        }
        return out;
    }

    /** The host of a SIP URI ({@code sip:host:port;params}, possibly in angle brackets), if it is one. */
    private static Optional<String> hostOf(String text) {
        String t = text.strip();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.regionMatches(true, 0, "sip:", 0, 4) && !t.regionMatches(true, 0, "sips:", 0, 5)) {
            return Optional.empty();
        }
        try {
            return Uri.parse(t) instanceof SipUri sip ? Optional.of(sip.host()) : Optional.empty();
        } catch (SipSyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The source of a request for rule 2: the {@code received} of its top Via, else its host; empty when that is
     * not an IP address (no name is looked up here).
     */
    static Optional<InetAddress> source(ViaHeader topVia) {
        String host = topVia.received().orElse(topVia.host()).strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!IPV4.matcher(host).matches() && !(host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
