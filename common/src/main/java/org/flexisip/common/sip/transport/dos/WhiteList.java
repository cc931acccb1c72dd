package org.flexisip.common.sip.transport.dos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The addresses DoSProtection never bans ({@code white-list}, spec/proxy.md §3, plus the cluster nodes): IP
 * addresses, networks written {@code address/prefix-length} ({@code 10.0.0.0/8}, {@code fd00::/8}) and host
 * names, resolved once when the list is read (at start, never on an event loop).
 */
public final class WhiteList {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    private final List<Network> networks;

    private WhiteList(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** One network: an address and how many of its leading bits must match. */
    private record Network(byte[] address, int prefixLength) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (address[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
            }
        }
    }

    /**
     * Reads the entries of {@code white-list}; a name that does not resolve or a malformed network is an error.
     * May look names up: call it at start only.
     */
    public static WhiteList parse(List<String> entries) throws InvalidWhiteListException {
        List<Network> networks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.startsWith("[") && entry.endsWith("]")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                networks.add(network(raw, entry.substring(0, slash), entry.substring(slash + 1)));
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(entry)) {
                    networks.add(new Network(a.getAddress(), a.getAddress().length * 8));
                }
            } catch (UnknownHostException e) {
                throw new InvalidWhiteListException("'" + raw + "' is neither an IP address nor a host name that "
                        + "resolves");
            }
        }
        return new WhiteList(networks);
    }

    private static Network network(String raw, String address, String prefix) throws InvalidWhiteListException {
        if (!IP_LITERAL.matcher(address).matches() || !prefix.matches("[0-9]{1,3}")) {
            throw new InvalidWhiteListException("'" + raw + "' is not a network: expected <IP address>/<prefix "
                    + "length>");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address.toLowerCase(Locale.ROOT)).getAddress();
        } catch (UnknownHostException e) {
            throw new InvalidWhiteListException("'" + raw + "': " + address + " is not an IP address");
        }
        int length = Integer.parseInt(prefix);
        if (length > bytes.length * 8) {
            throw new InvalidWhiteListException("'" + raw + "': the prefix length is at most " + bytes.length * 8);
        }
        return new Network(bytes, length);
    }

    /** True when {@code address} is in one of the networks (an IPv4-mapped IPv6 address matches as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] v4 = ipv4Mapped(bytes);
        for (Network n : networks) {
            if (n.contains(bytes) || (v4 != null && n.contains(v4))) {
                return true;
            }
        }
        return false;
    }

    /** This list with {@code more} entries added (the cluster nodes). */
    public WhiteList with(WhiteList more) {
        List<Network> all = new ArrayList<>(networks);
        all.addAll(more.networks);
        return new WhiteList(all);
    }

    private static byte[] ipv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    @Override
    public String toString() {
        return networks.toString();
    }

    /** An entry of {@code white-list} that is neither an address, a network nor a name that resolves. */
    public static final class InvalidWhiteListException extends Exception {
        public InvalidWhiteListException(String message) {
            super(message);
        }
    }
}
