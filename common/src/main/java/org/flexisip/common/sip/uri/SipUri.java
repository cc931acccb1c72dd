package org.flexisip.common.sip.uri;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.flexisip.common.sip.grammar.SipChars;
import org.flexisip.common.sip.grammar.SipSyntaxException;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1, §25.1):
 * <pre>
 * SIP-URI          =  "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 * SIPS-URI         =  "sips:" [ userinfo ] hostport uri-parameters [ headers ]
 * userinfo         =  ( user / telephone-subscriber ) [ ":" password ] "@"
 * user             =  1*( unreserved / escaped / user-unreserved )
 * password         =  *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," )
 * hostport         =  host [ ":" port ]
 * host             =  hostname / IPv4address / IPv6reference
 * hostname         =  *( domainlabel "." ) toplabel [ "." ]
 * domainlabel      =  alphanum / alphanum *( alphanum / "-" ) alphanum
 * toplabel         =  ALPHA / ALPHA *( alphanum / "-" ) alphanum
 * IPv4address      =  1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
 * IPv6reference    =  "[" IPv6address "]"
 * uri-parameters   =  *( ";" uri-parameter)
 * other-param      =  pname [ "=" pvalue ]
 * headers          =  "?" header *( "&amp;" header )
 * header           =  hname "=" hvalue
 * </pre>
 * Escapes are decoded once: {@link #user()}, {@link #password()}, parameters and headers are unescaped (RFC
 * 4475 §3.1.1.3: {@code v%61lue%25%34%31} is {@code value%41}, not {@code valueA}); {@link #rawUser()} is as
 * written. The {@code user} may hold a ';' (RFC 4475 §3.1.1.9: {@code user;par=u%40example.net}) or a NUL
 * (§3.1.1.4).
 * <p>
 * Beyond the ABNF, the parser accepts: a raw {@code #} in the user part (a DTMF digit of
 * {@code telephone-subscriber}); {@code _} inside host name labels (container and host names in the wild);
 * the three-colon IPv6 form {@code [2001:db8:::192.0.2.1]} that RFC 3261's ABNF allows (RFC 5118 §4.10). It
 * refuses what the ABNF allows but cannot be an address: IPv4 octets above 255, IPv6 addresses without exactly
 * eight 16-bit groups, ports above 65535.
 * <p>
 * {@link #equals} follows RFC 3261 §19.1.4. A parsed URI prints as its original text; a built or modified one
 * in canonical form. Immutable; {@link #toBuilder()} changes it.
 */
public final class SipUri implements Uri {
    private static final int NO_PORT = -1;
    private static final int MAX_PORT = 65535;
    /** The uri-parameters that must match even when only one URI has them (RFC 3261 §19.1.4). */
    private static final String[] MATCHING_PARAMETERS = { "user", "ttl", "method", "maddr", "transport" };
    private static final String[] KNOWN_PARAMETERS = { "lr", "transport", "user", "maddr", "ttl", "method" };

    private final String source;
    private final boolean secure;
    private final String rawUser;
    private final String user;
    private final String rawPassword;
    private final String password;
    private final String host;
    private final int port;
    private final UriParameters parameters;
    private final List<Map.Entry<String, String>> headers;
    private int hash;

    private SipUri(String source, boolean secure, String rawUser, String user, String rawPassword, String password,
            String host, int port, UriParameters parameters, List<Map.Entry<String, String>> headers) {
        this.source = source;
        this.secure = secure;
        this.rawUser = rawUser;
        this.user = user;
        this.rawPassword = rawPassword;
        this.password = password;
        this.host = host;
        this.port = port;
        this.parameters = parameters;
        this.headers = headers;
    }

    /** A builder for {@code sip:host}. */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses a whole {@code sip:} or {@code sips:} URI (scheme case-insensitive).
     *
     * @throws SipSyntaxException with the offset of the first character that does not fit
     */
    public static SipUri parse(String text) throws SipSyntaxException {
        int end = text.length();
        int i;
        boolean secure;
        if (text.regionMatches(true, 0, "sips:", 0, 5)) {
            secure = true;
            i = 5;
        } else if (text.regionMatches(true, 0, "sip:", 0, 4)) {
            secure = false;
            i = 4;
        } else {
            throw new SipSyntaxException("expected 'sip:' or 'sips:'", 0);
        }

        String rawUser = null;
        String user = null;
        String rawPassword = null;
        String password = null;
        int at = userinfoEnd(text, i, end);
        if (at >= 0) {
            int userEnd = UriCharset.USER.scan(text, i, at);
            if (userEnd == i) {
                throw new SipSyntaxException("empty user part", i);
            }
            rawUser = text.substring(i, userEnd);
            user = rawUser.indexOf('%') < 0 ? rawUser : UriCharset.decode(text, i, userEnd);
            if (userEnd < at) {
                if (text.charAt(userEnd) != ':') {
                    throw new SipSyntaxException("character not allowed in the user part", userEnd);
                }
                int passwordStart = userEnd + 1;
                int passwordEnd = UriCharset.PASSWORD.scan(text, passwordStart, at);
                if (passwordEnd != at) {
                    throw new SipSyntaxException("character not allowed in the password", passwordEnd);
                }
                rawPassword = text.substring(passwordStart, passwordEnd);
                password = rawPassword.indexOf('%') < 0 ? rawPassword
                        : UriCharset.decode(text, passwordStart, passwordEnd);
            }
            i = at + 1;
        }

        int hostEnd = hostEnd(text, i, end);
        String host = text.substring(i, hostEnd);
        i = hostEnd;

        int port = NO_PORT;
        if (i < end && text.charAt(i) == ':') {
            int portStart = ++i;
            int value = 0;
            while (i < end && SipChars.isDigit(text.charAt(i))) {
                value = value * 10 + text.charAt(i) - '0';
                if (value > MAX_PORT) {
                    throw new SipSyntaxException("port above " + MAX_PORT, portStart);
                }
                i++;
            }
            if (i == portStart) {
                throw new SipSyntaxException("expected a port number after ':'", portStart);
            }
            port = value;
        }

        UriParameters parameters = UriParameters.empty();
        if (i < end && text.charAt(i) == ';') {
            // Each ';' from here starts a parameter: neither pname, pvalue nor a header may hold one.
            int count = 0;
            for (int k = i; k < end; k++) {
                if (text.charAt(k) == ';') {
                    count++;
                }
            }
            String[] names = new String[count];
            String[] values = new String[count];
            int n = 0;
            while (i < end && text.charAt(i) == ';') {
                int nameStart = i + 1;
                int nameEnd = UriCharset.PARAM.scan(text, nameStart, end);
                if (nameEnd == nameStart) {
                    throw new SipSyntaxException("expected a parameter name after ';'", nameStart);
                }
                String value = "";
                i = nameEnd;
                if (i < end && text.charAt(i) == '=') {
                    int valueStart = i + 1;
                    i = UriCharset.PARAM.scan(text, valueStart, end);
                    if (i == valueStart) {
                        throw new SipSyntaxException("expected a parameter value after '='", valueStart);
                    }
                    value = UriCharset.decode(text, valueStart, i);
                }
                names[n] = parameterName(text, nameStart, nameEnd);
                values[n++] = value;
            }
            parameters = new UriParameters(n == names.length ? names : Arrays.copyOf(names, n),
                    n == values.length ? values : Arrays.copyOf(values, n));
        }

        List<Map.Entry<String, String>> headers = List.of();
        if (i < end && text.charAt(i) == '?') {
            List<Map.Entry<String, String>> list = new ArrayList<>(2);
            do {
                int nameStart = i + 1;
                int nameEnd = UriCharset.HEADER.scan(text, nameStart, end);
                if (nameEnd == nameStart) {
                    throw new SipSyntaxException("expected a header name", nameStart);
                }
                if (nameEnd >= end || text.charAt(nameEnd) != '=') {
                    throw new SipSyntaxException("expected '=' after the header name", nameEnd);
                }
                int valueStart = nameEnd + 1;
                i = UriCharset.HEADER.scan(text, valueStart, end);
                list.add(Map.entry(UriCharset.decode(text, nameStart, nameEnd),
                        UriCharset.decode(text, valueStart, i)));
            } while (i < end && text.charAt(i) == '&');
            headers = Collections.unmodifiableList(list);
        }

        if (i != end) {
            throw new SipSyntaxException("unexpected character '" + text.charAt(i) + "' in a SIP URI", i);
        }
        return new SipUri(text, secure, rawUser, user, rawPassword, password, host, port, parameters, headers);
    }

    /** The decoded name, sharing one instance for the parameters of RFC 3261 §19.1.1. */
    private static String parameterName(String text, int start, int end) {
        for (String known : KNOWN_PARAMETERS) {
            if (known.length() == end - start && text.startsWith(known, start)) {
                return known;
            }
        }
        return UriCharset.decode(text, start, end);
    }

    /**
     * The index of the '@' ending the userinfo, or -1 when there is none: the userinfo is there when an '@'
     * follows a run of characters that a userinfo may hold (an '@' can appear nowhere else in a SIP URI).
     */
    private static int userinfoEnd(String text, int start, int end) {
        for (int j = start; j < end; j++) {
            char c = text.charAt(j);
            if (c == '@') {
                return j;
            }
            if (!UriCharset.USER.accepts(c) && !UriCharset.PASSWORD.accepts(c) && c != ':' && c != '%') {
                return -1;
            }
        }
        return -1;
    }

    /** Checks the {@code host} starting at {@code start} and returns where it ends. */
    private static int hostEnd(String text, int start, int end) throws SipSyntaxException {
        if (start >= end) {
            throw new SipSyntaxException("expected a host", start);
        }
        if (text.charAt(start) == '[') {
            int close = text.indexOf(']', start + 1);
            if (close < 0 || close >= end) {
                throw new SipSyntaxException("expected ']' closing the IPv6 reference", start);
            }
            if (!ipv6(text, start + 1, close, new int[8])) {
                throw new SipSyntaxException("invalid IPv6 address", start + 1);
            }
            return close + 1;
        }
        int j = start;
        while (j < end && isHostChar(text.charAt(j))) {
            j++;
        }
        if (j == start) {
            throw new SipSyntaxException("expected a host", start);
        }
        if (!ipv4(text, start, j, null, 0) && !hostname(text, start, j)) {
            throw new SipSyntaxException("invalid host name or IPv4 address", start);
        }
        return j;
    }

    private static boolean isHostChar(char c) {
        return SipChars.isAlpha(c) || SipChars.isDigit(c) || c == '-' || c == '.' || c == '_';
    }

    /** {@code hostname} over characters already limited to alphanum, '-', '.' and '_'. */
    private static boolean hostname(String t, int start, int end) {
        int last = end;
        if (last - start > 1 && t.charAt(last - 1) == '.') {
            last--;
        }
        int labelStart = start;
        int topStart = start;
        for (int k = start; k <= last; k++) {
            if (k == last || t.charAt(k) == '.') {
                if (k == labelStart || t.charAt(labelStart) == '-' || t.charAt(k - 1) == '-') {
                    return false;
                }
                topStart = labelStart;
                labelStart = k + 1;
            }
        }
        return SipChars.isAlpha(t.charAt(topStart));
    }

    /**
     * {@code IPv4address}, each octet at most 255; when {@code groups} is given, stores the address as two
     * 16-bit groups from {@code index}.
     */
    private static boolean ipv4(String t, int start, int end, int[] groups, int index) {
        int i = start;
        int address = 0;
        for (int part = 0; part < 4; part++) {
            int partStart = i;
            int value = 0;
            while (i < end && i - partStart < 3 && SipChars.isDigit(t.charAt(i))) {
                value = value * 10 + t.charAt(i++) - '0';
            }
            if (i == partStart || value > 255 || (i < end && SipChars.isDigit(t.charAt(i)))) {
                return false;
            }
            address = address << 8 | value;
            if (part < 3) {
                if (i >= end || t.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        if (i != end) {
            return false;
        }
        if (groups != null) {
            groups[index] = address >>> 16;
            groups[index + 1] = address & 0xFFFF;
        }
        return true;
    }

    /**
     * {@code IPv6address} (RFC 4291 §2.2 text forms) into eight 16-bit groups:
     * <pre>
     * IPv6address  =  hexpart [ ":" IPv4address ]
     * hexpart      =  hexseq / hexseq "::" [ hexseq ] / "::" [ hexseq ]
     * hexseq       =  hex4 *( ":" hex4)
     * hex4         =  1*4HEXDIG
     * </pre>
     * Also takes RFC 3261's {@code "::" ":" IPv4address}, e.g. {@code 2001:db8:::192.0.2.1} (RFC 5118 §4.10).
     */
    private static boolean ipv6(String t, int start, int end, int[] groups) {
        int count = 0;
        int gap = -1;
        int i = start;
        boolean needIpv4 = false;
        if (i >= end) {
            return false;
        }
        if (t.charAt(i) == ':') {
            if (i + 1 >= end || t.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
            if (i < end && t.charAt(i) == ':') {
                needIpv4 = true;
                i++;
            }
            if (i == end) {
                Arrays.fill(groups, 0);
                return !needIpv4;
            }
        }
        while (true) {
            int j = i;
            while (j < end && j - i < 5 && SipChars.isHexDigit(t.charAt(j))) {
                j++;
            }
            if (j < end && t.charAt(j) == '.') {
                if (count > 6 || !ipv4(t, i, end, groups, count)) {
                    return false;
                }
                count += 2;
                break;
            }
            if (needIpv4 || j == i || j - i > 4 || count == 8) {
                return false;
            }
            int value = 0;
            for (int k = i; k < j; k++) {
                value = value << 4 | Character.digit(t.charAt(k), 16);
            }
            groups[count++] = value;
            i = j;
            if (i == end) {
                break;
            }
            if (t.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < end && t.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
                if (i < end && t.charAt(i) == ':') {
                    needIpv4 = true;
                    i++;
                }
                if (i == end) {
                    if (needIpv4) {
                        return false;
                    }
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        if (gap >= 0) {
            int tail = count - gap;
            System.arraycopy(groups, gap, groups, 8 - tail, tail);
            Arrays.fill(groups, gap, 8 - tail, 0);
        }
        return true;
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    /** Whether this is a SIPS URI. */
    public boolean secure() {
        return secure;
    }

    /** The user part with escapes decoded; it may hold any character, NUL and ';' included. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The user part as written (or as escaped when built). */
    public Optional<String> rawUser() {
        return Optional.ofNullable(rawUser);
    }

    /** The password with escapes decoded; empty when absent, {@code ""} for {@code user:@host}. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The host as written: a host name, an IPv4 address, or an IPv6 reference with its brackets. */
    public String host() {
        return host;
    }

    public OptionalInt port() {
        return port == NO_PORT ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public UriParameters parameters() {
        return parameters;
    }

    /** The unescaped value of a uri-parameter: {@code ""} for a flag such as {@code lr}, empty when absent. */
    public Optional<String> parameter(String name) {
        return parameters.get(name);
    }

    public boolean hasParameter(String name) {
        return parameters.has(name);
    }

    /** {@code transport-param} in lower case ({@code udp}, {@code tcp}, {@code tls}, {@code sctp}, other). */
    public Optional<String> transport() {
        return parameters.get("transport").map(t -> t.toLowerCase(Locale.ROOT));
    }

    /** {@code maddr-param}. */
    public Optional<String> maddr() {
        return parameters.get("maddr");
    }

    /** {@code lr-param} (RFC 3261 §19.1.1): the element is a loose router. */
    public boolean lr() {
        return parameters.has("lr");
    }

    /** The {@code ?hname=hvalue&...} headers, unescaped, in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * RFC 3261 §19.1.4: a SIP and a SIPS URI never match; the userinfo matches case-sensitively, and the rest
     * case-insensitively; an escaped character matches its raw form unless it is in the reserved set; the port
     * and the {@code user}, {@code ttl}, {@code method}, {@code maddr} and {@code transport} parameters must be
     * in both or in neither; another parameter is compared only when both have it; headers must all be in both,
     * in any order.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SipUri u) || secure != u.secure || port != u.port) {
            return false;
        }
        if (!sameUserinfo(rawUser, u.rawUser) || !sameUserinfo(rawPassword, u.rawPassword)
                || !sameHost(host, u.host)) {
            return false;
        }
        for (String name : MATCHING_PARAMETERS) {
            if (parameters.has(name) != u.parameters.has(name)) {
                return false;
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.name(i);
            Optional<String> other = u.parameters.get(name);
            if (other.isPresent() && !other.get().equalsIgnoreCase(parameters.get(name).orElse(""))) {
                return false;
            }
        }
        return sameHeaders(headers, u.headers);
    }

    private static boolean sameUserinfo(String a, String b) {
        return a == null ? b == null : b != null && UriCharset.equivalent(a, b);
    }

    private static boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (a.charAt(0) != '[' || b.charAt(0) != '[') {
            return false;
        }
        int[] ga = new int[8];
        int[] gb = new int[8];
        return ipv6(a, 1, a.length() - 1, ga) && ipv6(b, 1, b.length() - 1, gb) && Arrays.equals(ga, gb);
    }

    private static boolean sameHeaders(List<Map.Entry<String, String>> a, List<Map.Entry<String, String>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        boolean[] used = new boolean[b.size()];
        for (Map.Entry<String, String> header : a) {
            boolean found = false;
            for (int j = 0; j < b.size() && !found; j++) {
                Map.Entry<String, String> other = b.get(j);
                if (!used[j] && header.getKey().equalsIgnoreCase(other.getKey())
                        && header.getValue().equalsIgnoreCase(other.getValue())) {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Scheme, user, host (IPv6 by value) and port: the parts that every matching URI shares. */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = secure ? 1 : 2;
            h = 31 * h + (rawUser == null ? 0 : UriCharset.octetHash(rawUser));
            int[] groups = new int[8];
            if (host.charAt(0) == '[' && ipv6(host, 1, host.length() - 1, groups)) {
                h = 31 * h + Arrays.hashCode(groups);
            } else {
                for (int i = 0; i < host.length(); i++) {
                    h = 31 * h + Character.toLowerCase(host.charAt(i));
                }
            }
            h = 31 * h + port;
            hash = h;
        }
        return h;
    }

    /**
     * Changes a {@link SipUri}. Names and values are given unescaped; {@link #build()} escapes what needs it.
     * Unless something is changed, {@code build()} returns the original URI, original text included.
     */
    public static final class Builder {
        private SipUri origin;
        private boolean secure;
        private String user;
        private String rawUser;
        private String password;
        private String rawPassword;
        private String host;
        private int port = NO_PORT;
        private UriParameters parameters = UriParameters.empty();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>(0);

        private Builder(String host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        private Builder(SipUri uri) {
            this.origin = uri;
            this.secure = uri.secure;
            this.user = uri.user;
            this.rawUser = uri.rawUser;
            this.password = uri.password;
            this.rawPassword = uri.rawPassword;
            this.host = uri.host;
            this.port = uri.port;
            this.parameters = uri.parameters;
            this.headers.addAll(uri.headers);
        }

        public Builder secure(boolean value) {
            origin = null;
            secure = value;
            return this;
        }

        /**
         * The user part, unescaped; {@code null} removes it.
         *
         * @throws IllegalArgumentException when empty ({@code user = 1*( ... )})
         */
        public Builder user(String unescaped) {
            if (unescaped != null && unescaped.isEmpty()) {
                throw new IllegalArgumentException("empty user part");
            }
            origin = null;
            user = unescaped;
            rawUser = null;
            return this;
        }

        public Builder noUser() {
            return user(null);
        }

        /** The password, unescaped; {@code null} removes it. */
        public Builder password(String unescaped) {
            origin = null;
            password = unescaped;
            rawPassword = null;
            return this;
        }

        public Builder noPassword() {
            return password(null);
        }

        /** A host name, an IPv4 address, or an IPv6 address (brackets added when missing). */
        public Builder host(String value) {
            origin = null;
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * @throws IllegalArgumentException outside 0-65535
         */
        public Builder port(int value) {
            if (value < 0 || value > MAX_PORT) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            origin = null;
            port = value;
            return this;
        }

        public Builder noPort() {
            origin = null;
            port = NO_PORT;
            return this;
        }

        /** Sets a uri-parameter; a {@code null} or empty value makes it a flag ({@code ;lr}). */
        public Builder parameter(String name, String value) {
            origin = null;
            parameters = parameters.with(name, value);
            return this;
        }

        public Builder removeParameter(String name) {
            origin = null;
            parameters = parameters.without(name);
            return this;
        }

        /** Replaces all the uri-parameters. */
        public Builder parameters(UriParameters value) {
            origin = null;
            parameters = Objects.requireNonNull(value, "parameters");
            return this;
        }

        /** Appends a header ({@code ?name=value}). */
        public Builder header(String name, String value) {
            if (Objects.requireNonNull(name, "name").isEmpty()) {
                throw new IllegalArgumentException("empty header name");
            }
            origin = null;
            headers.add(Map.entry(name, Objects.requireNonNull(value, "value")));
            return this;
        }

        public Builder clearHeaders() {
            origin = null;
            headers.clear();
            return this;
        }

        /**
         * @throws IllegalArgumentException when the host is not a host name, IPv4 or IPv6 address
         * @throws IllegalStateException    with a password but no user
         */
        public SipUri build() {
            if (origin != null) {
                return origin;
            }
            if (password != null && user == null) {
                throw new IllegalStateException("a password needs a user part");
            }
            String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            try {
                if (hostEnd(h, 0, h.length()) != h.length()) {
                    throw new IllegalArgumentException("invalid host '" + host + "'");
                }
            } catch (SipSyntaxException e) {
                throw new IllegalArgumentException("invalid host '" + host + "': " + e.reason(), e);
            }
            String rawU = user == null ? null : rawUser != null ? rawUser : UriCharset.USER.encode(user);
            String rawP = password == null ? null
                    : rawPassword != null ? rawPassword : UriCharset.PASSWORD.encode(password);
            StringBuilder b = new StringBuilder(64).append(secure ? "sips:" : "sip:");
            if (rawU != null) {
                b.append(rawU);
                if (rawP != null) {
                    b.append(':').append(rawP);
                }
                b.append('@');
            }
            b.append(h);
            if (port != NO_PORT) {
                b.append(':').append(port);
            }
            parameters.appendTo(b);
            for (int i = 0; i < headers.size(); i++) {
                b.append(i == 0 ? '?' : '&');
                UriCharset.HEADER.encode(b, headers.get(i).getKey());
                b.append('=');
                UriCharset.HEADER.encode(b, headers.get(i).getValue());
            }
            return new SipUri(b.toString(), secure, rawU, user, rawP, password, h, port, parameters,
                    headers.isEmpty() ? List.of() : List.copyOf(headers));
        }
    }
}
