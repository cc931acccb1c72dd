package org.flexisip.proxy.module.authentication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The password file of {@code file-path} (spec/proxy.md §8):
 * <pre>
 * version:1
 * # a comment
 * alice@example.org clrtxt:secret ;
 * bob@example.org md5:&lt;32 hex&gt; sha256:&lt;64 hex&gt; ; bob-auth 33612345678
 * example.net clrtxt:domain-secret ;
 * </pre>
 * The first line that is neither blank nor a comment must be {@code version:1}. Each account line is an identity
 * ({@code user@domain}, or a domain alone), one or more {@code algo:secret} items ({@code clrtxt}, {@code md5},
 * {@code sha256}), then {@code ;} followed by an optional user-id (authentication user name, default the user) and
 * an optional phone alias. {@code %20} in the user stands for a space. A line of a domain outside
 * {@code auth-domains} is ignored with a warning; any other malformed line makes the whole file invalid, named
 * {@code file:line}. Secrets never appear in messages.
 */
public final class PasswordFile {
    private static final Logger LOG = Logger.getLogger(PasswordFile.class);
    static final String VERSION_LINE = "version:1";

    private PasswordFile() {
    }

    /** A file that cannot be used; the message names {@code file:line} and what is wrong. */
    public static final class InvalidPasswordFileException extends Exception {
        InvalidPasswordFileException(String message) {
            super(message);
        }
    }

    /** The key of an account: user-id and domain, as looked up. */
    static String key(String userId, String domain) {
        return userId + "@" + domain.toLowerCase(Locale.ROOT);
    }

    /** Reads and parses {@code path} (blocking file I/O: never on the SIP loop). */
    public static Map<String, Account> read(Path path, AuthDomains domains)
            throws IOException, InvalidPasswordFileException {
        return parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8), domains);
    }

    /** The accounts of {@code lines}, by {@link #key}; {@code name} names the file in messages. */
    public static Map<String, Account> parse(String name, List<String> lines, AuthDomains domains)
            throws InvalidPasswordFileException {
        Map<String, Account> accounts = new HashMap<>();
        boolean versionSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String where = name + ":" + (i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!versionSeen) {
                if (!line.equals(VERSION_LINE)) {
                    throw new InvalidPasswordFileException(where + ": expected '" + VERSION_LINE
                            + "' as first line, the only version supported");
                }
                versionSeen = true;
                continue;
            }
            Account account = parseLine(where, line);
            if (!domains.contains(account.domain())) {
                LOG.warnf("%s: account of domain %s ignored: the domain is not in "
                        + "module::Authentication/auth-domains", where, account.domain());
                continue;
            }
            String key = key(account.userId(), account.domain());
            if (accounts.putIfAbsent(key, account) != null) {
                LOG.warnf("%s: a second account for user-id %s ignored", where, key);
            }
        }
        if (!versionSeen) {
            throw new InvalidPasswordFileException(name + ":1: expected '" + VERSION_LINE + "', the file is empty");
        }
        return Map.copyOf(accounts);
    }

    private static Account parseLine(String where, String line) throws InvalidPasswordFileException {
        int semicolon = line.indexOf(';');
        String before = semicolon < 0 ? line : line.substring(0, semicolon);
        String after = semicolon < 0 ? "" : line.substring(semicolon + 1).strip();
        String[] items = before.strip().split("\\s+");
        String identity = items[0];
        int at = identity.lastIndexOf('@');
        String user = at < 0 ? "" : identity.substring(0, at).replace("%20", " ");
        String domain = at < 0 ? identity : identity.substring(at + 1);
        if (domain.isEmpty() || (at >= 0 && user.isEmpty()) || identity.contains(":")) {
            throw new InvalidPasswordFileException(where + ": expected user@domain or a domain first, got '"
                    + identity + "'");
        }
        if (items.length < 2) {
            throw new InvalidPasswordFileException(where + ": no password (clrtxt:, md5: or sha256:) for "
                    + identity);
        }
        Optional<String> clear = Optional.empty();
        Map<DigestAlgorithm, String> hashes = new EnumMap<>(DigestAlgorithm.class);
        for (int k = 1; k < items.length; k++) {
            String item = items[k];
            int colon = item.indexOf(':');
            if (colon <= 0) {
                throw new InvalidPasswordFileException(where + ": expected algo:secret as item " + k + " of "
                        + identity + (semicolon < 0 ? " (or ';' before the user-id)" : ""));
            }
            String tag = item.substring(0, colon).toLowerCase(Locale.ROOT);
            String secret = item.substring(colon + 1);
            if (secret.isEmpty()) {
                throw new InvalidPasswordFileException(where + ": empty " + tag + " secret for " + identity);
            }
            if (tag.equals("clrtxt")) {
                clear = Optional.of(secret);
                continue;
            }
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromFileTag(tag);
            if (algorithm.isEmpty()) {
                throw new InvalidPasswordFileException(where + ": unknown algorithm '" + tag + "' for " + identity
                        + ": clrtxt, md5 or sha256");
            }
            if (!algorithm.get().isHexHash(secret)) {
                throw new InvalidPasswordFileException(where + ": the " + tag + " secret of " + identity
                        + " must be " + algorithm.get().hexLength() + " hex digits");
            }
            hashes.put(algorithm.get(), secret.toLowerCase(Locale.ROOT));
        }
        String userId = user;
        Optional<String> phone = Optional.empty();
        if (!after.isEmpty()) {
            String[] extra = after.split("\\s+");
            if (extra.length > 2) {
                throw new InvalidPasswordFileException(where + ": expected at most a user-id and a phone after ';' "
                        + "for " + identity);
            }
            userId = extra[0];
            if (extra.length == 2) {
                phone = Optional.of(extra[1]);
            }
        }
        return new Account(user, domain, userId, phone, clear, hashes);
    }
}
