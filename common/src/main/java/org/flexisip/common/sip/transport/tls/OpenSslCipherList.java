package org.flexisip.common.sip.transport.tls;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.flexisip.common.sip.transport.tls.CipherSuite.Authentication;
import org.flexisip.common.sip.transport.tls.CipherSuite.Family;
import org.flexisip.common.sip.transport.tls.CipherSuite.KeyExchange;
import org.flexisip.common.sip.transport.tls.CipherSuite.Mac;
import org.flexisip.common.sip.transport.tls.CipherSuite.Protocol;
import org.flexisip.common.sip.transport.tls.CipherSuite.Strength;

/**
 * An OpenSSL cipher string ({@code tls-ciphers}) translated into the JVM's cipher suite names (spec/global.md
 * §7.4).
 *
 * <p>The string is evaluated as OpenSSL's {@code SSL_CTX_set_cipher_list} does ({@code ciphers(1)}): items separated
 * by {@code :} (or space, comma, semicolon), each a keyword ({@code HIGH}, {@code aNULL}, {@code ECDHE}...), a suite
 * name ({@code ECDHE-RSA-AES128-GCM-SHA256}) or several of them joined by {@code +} (all must match), optionally
 * prefixed: none adds the matching suites at the end of the list, {@code +} moves the enabled ones to the end,
 * {@code -} disables them (a later item may add them back), {@code !} removes them for good. {@code @STRENGTH} sorts
 * the list by key length, {@code DEFAULT} as first item stands for OpenSSL's default list. The starting order is the
 * JVM's preference order, so the result lists what a string selects in an order close to, but not always equal to,
 * OpenSSL's. {@code SSLv3}, {@code TLSv1} and {@code TLSv1.2} select suites by the oldest protocol that can use
 * them, as in OpenSSL, so the default's {@code !SSLv3:!TLSv1} keeps only suites that need TLS 1.2 (AEAD or SHA-2).
 * Names the JVM lists that are no cipher suite ({@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV}) are never enabled.
 *
 * <p>TLS 1.3 suites are kept apart, as in OpenSSL 1.1.1 and later, where {@code -ciphersuites} configures them and
 * the cipher string does not touch them: every TLS 1.3 suite the JVM has is enabled, first, unless removed by its
 * name ({@code !TLS_AES_128_GCM_SHA256}). Keywords never select them. For the same reason the string must leave at
 * least one suite for TLS 1.2 and earlier, as OpenSSL requires ("no cipher match").
 *
 * <p>Differences from OpenSSL: a word that is not OpenSSL syntax (a typo such as {@code HIHG}, or {@code high}: names
 * are case-sensitive) is an error where OpenSSL silently skips it; a keyword or suite that adds nothing because the
 * JVM lacks every suite it names ({@code CAMELLIA}, {@code SUITEB128}, GOST...) is ignored with a warning; removing
 * suites the JVM lacks ({@code !RC4}) is silent since the outcome is what was asked; {@code @SECLEVEL} is ignored
 * with a warning (the JVM's {@code jdk.tls.disabledAlgorithms} plays that role).
 *
 * @param cipherSuites the JVM names, in preference order: TLS 1.3 suites first
 * @param warnings     one line per ignored word, naming it
 */
public record OpenSslCipherList(List<String> cipherSuites, List<String> warnings) {

    /** Flexisip's default {@code tls-ciphers}. */
    public static final String DEFAULT_CIPHERS = "HIGH:!SSLv2:!SSLv3:!TLSv1:!EXP:!ADH:!RC4:!3DES:!aNULL:!eNULL";

    /** What OpenSSL puts in place of a leading {@code DEFAULT}. */
    private static final List<String> DEFAULT_EXPANSION = List.of("ALL", "!COMPLEMENTOFDEFAULT", "!eNULL");

    private static final Pattern SEPARATORS = Pattern.compile("[:,; \\t]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._=-]+");
    private static final Pattern SECLEVEL = Pattern.compile("@SECLEVEL=[0-5]");

    /** The keywords of {@code ciphers(1)} (OpenSSL 3.0, plus the 1.0.2 ones still found in old configurations). */
    private static final Map<String, Predicate<CipherSuite>> KEYWORDS = keywords();

    /**
     * The parts of OpenSSL suite names: a dash-separated word made only of these is a suite name, known to OpenSSL
     * even when the JVM lacks it ({@code ECDHE-RSA-CAMELLIA128-SHA256}); anything else is a typo.
     */
    private static final Set<String> NAME_PARTS = Set.of("EXP", "EXP1024", "ADH", "AECDH", "DHE", "EDH", "ECDHE",
            "ECDH", "DH", "RSA", "DSS", "ECDSA", "PSK", "SRP", "KRB5", "AES", "AES128", "AES256", "128", "256", "GCM",
            "CCM", "CCM8", "CBC", "CBC3", "EDE", "3DES", "DES", "RC4", "RC2", "IDEA", "SEED", "NULL", "CAMELLIA128",
            "CAMELLIA256", "ARIA128", "ARIA256", "CHACHA20", "POLY1305", "MD5", "SHA", "SHA256", "SHA384", "GOST94",
            "GOST89", "GOST2001", "GOST2012", "GOST89MAC", "MAGMA", "KUZNYECHIK", "CTR", "OMAC", "ANY");

    public OpenSslCipherList {
        cipherSuites = List.copyOf(cipherSuites);
        warnings = List.copyOf(warnings);
    }

    private enum Operation { ADD, ORDER, DELETE, KILL }

    /**
     * Translates {@code cipherString} into the suites among {@code jvmSuites} it selects.
     *
     * @param jvmSuites the names the JVM supports, in its preference order, e.g.
     *                  {@code SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()}
     * @throws TlsConfigurationException naming the word that is not OpenSSL syntax, or when nothing is left for
     *                                   TLS 1.2
     */
    public static OpenSslCipherList translate(String cipherString, Collection<String> jvmSuites)
            throws TlsConfigurationException {
        return new Evaluation(cipherString, jvmSuites).run();
    }

    /** The state of one translation: OpenSSL's linked list of suites with their enabled flags. */
    private static final class Evaluation {
        private final String cipherString;
        private final List<CipherSuite> known = new ArrayList<>();
        private final List<CipherSuite> tls13 = new ArrayList<>();
        private final Map<String, CipherSuite> byOpenSslName = new LinkedHashMap<>();
        private final Map<String, CipherSuite> byJavaName = new LinkedHashMap<>();
        private final List<CipherSuite> list = new ArrayList<>();
        private final Set<CipherSuite> enabled = new HashSet<>();
        private final Set<String> tls13Disabled = new HashSet<>();
        private final Set<String> tls13Removed = new HashSet<>();
        private final List<String> warnings = new ArrayList<>();

        Evaluation(String cipherString, Collection<String> jvmSuites) {
            this.cipherString = cipherString;
            for (String name : jvmSuites) {
                Optional<CipherSuite> parsed = CipherSuite.parse(name);
                if (parsed.isEmpty() || byJavaName.containsKey(name)) {
                    continue;
                }
                CipherSuite suite = parsed.get();
                byJavaName.put(name, suite);
                if (suite.isTls13()) {
                    tls13.add(suite);
                } else {
                    known.add(suite);
                    byOpenSslName.putIfAbsent(suite.openSslName(), suite);
                }
            }
            list.addAll(known);
        }

        OpenSslCipherList run() throws TlsConfigurationException {
            List<String> items = new ArrayList<>(List.of(SEPARATORS.split(cipherString.strip())));
            items.removeIf(String::isEmpty);
            if (items.isEmpty()) {
                throw new TlsConfigurationException("invalid tls-ciphers '" + cipherString + "': empty");
            }
            if (items.get(0).equals("DEFAULT")) {
                items.remove(0);
                items.addAll(0, DEFAULT_EXPANSION);
            }
            for (String item : items) {
                apply(item);
            }
            List<String> selected = new ArrayList<>();
            tls13.stream().filter(s -> !tls13Disabled.contains(s.javaName())).forEach(s -> selected.add(s.javaName()));
            List<CipherSuite> legacy = list.stream().filter(enabled::contains).toList();
            if (legacy.isEmpty()) {
                throw new TlsConfigurationException("invalid tls-ciphers '" + cipherString
                        + "': it selects no cipher suite the JVM supports for TLS 1.2 (TLS 1.3 suites are "
                        + "configured apart, as in OpenSSL)");
            }
            legacy.forEach(s -> selected.add(s.javaName()));
            return new OpenSslCipherList(selected, warnings);
        }

        private void apply(String item) throws TlsConfigurationException {
            if (item.equals("@STRENGTH")) {
                sortByStrength();
                return;
            }
            if (SECLEVEL.matcher(item).matches()) {
                warnings.add("tls-ciphers: '" + item + "' ignored: the JVM's jdk.tls.disabledAlgorithms sets the "
                        + "security level");
                return;
            }
            Operation operation = switch (item.charAt(0)) {
                case '!' -> Operation.KILL;
                case '-' -> Operation.DELETE;
                case '+' -> Operation.ORDER;
                default -> Operation.ADD;
            };
            String selection = operation == Operation.ADD ? item : item.substring(1);
            String[] words = selection.split("\\+", -1);
            if (words.length == 1 && CipherSuite.isTls13Name(selection)) {
                applyTls13(operation, selection);
                return;
            }
            Predicate<CipherSuite> all = s -> true;
            for (String word : words) {
                Predicate<CipherSuite> selects = resolve(word, item);
                if (operation != Operation.DELETE && operation != Operation.KILL
                        && known.stream().noneMatch(selects)) {
                    warnings.add("tls-ciphers: '" + word + "' ignored: the JVM provides no cipher suite it selects");
                }
                all = all.and(selects);
            }
            Predicate<CipherSuite> selects = all;
            switch (operation) {
                case ADD -> {
                    List<CipherSuite> added = list.stream().filter(s -> !enabled.contains(s) && selects.test(s))
                            .toList();
                    list.removeAll(added);
                    list.addAll(added);
                    enabled.addAll(added);
                }
                case ORDER -> {
                    List<CipherSuite> moved = list.stream().filter(s -> enabled.contains(s) && selects.test(s))
                            .toList();
                    list.removeAll(moved);
                    list.addAll(moved);
                }
                case DELETE -> {
                    // OpenSSL moves disabled suites to the head, so that adding them again keeps their order.
                    List<CipherSuite> disabled = list.stream().filter(s -> enabled.contains(s) && selects.test(s))
                            .toList();
                    list.removeAll(disabled);
                    list.addAll(0, disabled);
                    enabled.removeAll(disabled);
                }
                case KILL -> {
                    list.removeIf(selects);
                    enabled.removeIf(selects);
                }
            }
        }

        private void applyTls13(Operation operation, String name) {
            boolean provided = tls13.stream().anyMatch(s -> s.javaName().equals(name));
            switch (operation) {
                case KILL -> {
                    tls13Removed.add(name);
                    tls13Disabled.add(name);
                }
                case DELETE -> tls13Disabled.add(name);
                case ADD, ORDER -> {
                    if (!provided) {
                        warnings.add("tls-ciphers: '" + name + "' ignored: the JVM does not provide this cipher suite");
                    } else if (!tls13Removed.contains(name)) {
                        tls13Disabled.remove(name);
                    }
                }
            }
        }

        /** Stable: suites of equal strength keep their relative order, as with OpenSSL's {@code @STRENGTH}. */
        private void sortByStrength() {
            List<CipherSuite> off = list.stream().filter(s -> !enabled.contains(s)).toList();
            List<CipherSuite> on = new ArrayList<>(list.stream().filter(enabled::contains).toList());
            on.sort(Comparator.comparingInt(CipherSuite::strengthBits).reversed());
            list.clear();
            list.addAll(off);
            list.addAll(on);
        }

        private Predicate<CipherSuite> resolve(String word, String item) throws TlsConfigurationException {
            if (word.isEmpty() || !WORD.matcher(word).matches()) {
                throw notOpenSsl(word.isEmpty() ? item : word);
            }
            Predicate<CipherSuite> keyword = KEYWORDS.get(word);
            if (keyword != null) {
                return keyword;
            }
            if (CipherSuite.isTls13Name(word)) {
                // Inside a '+' combination a TLS 1.3 name can only meet TLS 1.2 suites: it selects none.
                return s -> false;
            }
            String name = word.startsWith("EDH-") ? "DHE-" + word.substring(4) : word;
            CipherSuite suite = byOpenSslName.get(name);
            if (suite != null) {
                return s -> s.equals(suite);
            }
            CipherSuite javaNamed = byJavaName.get(word);
            if (javaNamed != null) {
                throw new TlsConfigurationException("invalid tls-ciphers '" + cipherString + "': '" + word
                        + "' is the JVM's name, write the OpenSSL name '" + javaNamed.openSslName() + "'");
            }
            String[] parts = word.split("-", -1);
            if (parts.length >= 2 && Arrays.stream(parts).allMatch(NAME_PARTS::contains)) {
                return s -> false;
            }
            throw notOpenSsl(word);
        }

        private TlsConfigurationException notOpenSsl(String word) {
            return new TlsConfigurationException("invalid tls-ciphers '" + cipherString + "': '" + word
                    + "' is neither an OpenSSL cipher keyword nor an OpenSSL cipher suite name");
        }
    }

    private static Map<String, Predicate<CipherSuite>> keywords() {
        Predicate<CipherSuite> eNull = s -> s.cipher().family == Family.NULL;
        Predicate<CipherSuite> aNull = s -> s.authentication() == Authentication.NONE;
        Predicate<CipherSuite> dhe = s -> s.keyExchange() == KeyExchange.DHE;
        Predicate<CipherSuite> ecdhe = s -> s.keyExchange() == KeyExchange.ECDHE;
        Predicate<CipherSuite> fixedDh = s -> s.keyExchange() == KeyExchange.DH;
        Predicate<CipherSuite> fixedEcdh = s -> s.keyExchange() == KeyExchange.ECDH;
        Predicate<CipherSuite> psk = CipherSuite::isPsk;
        Predicate<CipherSuite> outsideDefault = CipherSuite::isOutsideOpenSslDefault;
        Predicate<CipherSuite> aes = s -> s.cipher().family == Family.AES;
        Predicate<CipherSuite> aria = s -> s.cipher().family == Family.ARIA;
        Predicate<CipherSuite> camellia = s -> s.cipher().family == Family.CAMELLIA;
        Predicate<CipherSuite> none = s -> false;
        Predicate<CipherSuite> export = s -> s.strength() == Strength.EXPORT;
        return Map.ofEntries(
                entry("ALL", eNull.negate()),
                entry("COMPLEMENTOFALL", eNull),
                entry("DEFAULT", eNull.negate().and(outsideDefault.negate())),
                entry("COMPLEMENTOFDEFAULT", outsideDefault),
                entry("HIGH", s -> s.strength() == Strength.HIGH),
                entry("MEDIUM", s -> s.strength() == Strength.MEDIUM),
                entry("LOW", s -> s.strength() == Strength.LOW),
                entry("EXP", export),
                entry("EXPORT", export),
                entry("EXPORT40", export.and(s -> s.strengthBits() == 40)),
                entry("EXPORT56", export.and(s -> s.strengthBits() == 56)),
                entry("eNULL", eNull),
                entry("NULL", eNull),
                entry("aNULL", aNull),
                entry("kRSA", s -> s.keyExchange() == KeyExchange.RSA),
                entry("RSA", s -> s.keyExchange() == KeyExchange.RSA),
                entry("aRSA", s -> s.authentication() == Authentication.RSA),
                entry("kDHr", fixedDh.and(s -> s.openSslName().startsWith("DH-RSA-"))),
                entry("kDHd", fixedDh.and(s -> s.openSslName().startsWith("DH-DSS-"))),
                entry("kDH", fixedDh),
                entry("aDH", s -> s.authentication() == Authentication.DH),
                entry("kDHE", dhe),
                entry("kEDH", dhe),
                entry("DH", dhe),
                entry("DHE", dhe.and(aNull.negate())),
                entry("EDH", dhe.and(aNull.negate())),
                entry("ADH", dhe.and(aNull)),
                entry("kEECDH", ecdhe),
                entry("kECDHE", ecdhe),
                entry("ECDH", ecdhe.or(fixedEcdh)),
                entry("ECDHE", ecdhe.and(aNull.negate())),
                entry("EECDH", ecdhe.and(aNull.negate())),
                entry("AECDH", ecdhe.and(aNull)),
                entry("kECDH", fixedEcdh),
                entry("kECDHr", fixedEcdh.and(s -> s.openSslName().startsWith("ECDH-RSA-"))),
                entry("kECDHe", fixedEcdh.and(s -> s.openSslName().startsWith("ECDH-ECDSA-"))),
                entry("aECDH", s -> s.authentication() == Authentication.ECDH),
                entry("aDSS", s -> s.authentication() == Authentication.DSS),
                entry("DSS", s -> s.authentication() == Authentication.DSS),
                entry("aECDSA", s -> s.authentication() == Authentication.ECDSA),
                entry("ECDSA", s -> s.authentication() == Authentication.ECDSA),
                entry("TLSv1.2", s -> s.minimumProtocol() == Protocol.TLS_V1_2),
                entry("TLSv1.0", s -> s.minimumProtocol() == Protocol.TLS_V1),
                entry("TLSv1", s -> s.minimumProtocol() == Protocol.TLS_V1),
                entry("SSLv3", s -> s.minimumProtocol() == Protocol.SSL_V3),
                entry("SSLv2", none),
                entry("AES128", aes.and(s -> s.strengthBits() == 128)),
                entry("AES256", aes.and(s -> s.strengthBits() == 256)),
                entry("AES", aes),
                entry("AESGCM", aes.and(s -> s.cipher().isGcm())),
                entry("AESCCM", aes.and(s -> s.cipher().isCcm())),
                entry("AESCCM8", aes.and(s -> s.cipher().isCcm8())),
                entry("ARIA128", aria.and(s -> s.strengthBits() == 128)),
                entry("ARIA256", aria.and(s -> s.strengthBits() == 256)),
                entry("ARIA", aria),
                entry("ARIAGCM", aria.and(s -> s.cipher().isGcm())),
                entry("CAMELLIA128", camellia.and(s -> s.strengthBits() == 128)),
                entry("CAMELLIA256", camellia.and(s -> s.strengthBits() == 256)),
                entry("CAMELLIA", camellia),
                entry("CHACHA20", s -> s.cipher().family == Family.CHACHA20),
                entry("3DES", s -> s.cipher().family == Family.TRIPLE_DES),
                entry("DES", s -> s.cipher().family == Family.DES),
                entry("RC4", s -> s.cipher().family == Family.RC4),
                entry("RC2", s -> s.cipher().family == Family.RC2),
                entry("IDEA", s -> s.cipher().family == Family.IDEA),
                entry("SEED", s -> s.cipher().family == Family.SEED),
                entry("MD5", s -> s.mac() == Mac.MD5),
                entry("SHA1", s -> s.mac() == Mac.SHA1),
                entry("SHA", s -> s.mac() == Mac.SHA1),
                entry("SHA256", s -> s.mac() == Mac.SHA256),
                entry("SHA384", s -> s.mac() == Mac.SHA384),
                entry("PSK", psk),
                entry("kPSK", s -> s.keyExchange() == KeyExchange.PSK),
                entry("kDHEPSK", s -> s.keyExchange() == KeyExchange.DHE_PSK),
                entry("kECDHEPSK", s -> s.keyExchange() == KeyExchange.ECDHE_PSK),
                entry("kRSAPSK", s -> s.keyExchange() == KeyExchange.RSA_PSK),
                entry("aPSK", s -> s.authentication() == Authentication.PSK),
                entry("SRP", s -> s.keyExchange() == KeyExchange.SRP),
                entry("kSRP", s -> s.keyExchange() == KeyExchange.SRP),
                entry("aSRP", s -> s.authentication() == Authentication.SRP),
                entry("KRB5", s -> s.keyExchange() == KeyExchange.KRB5),
                entry("kKRB5", s -> s.keyExchange() == KeyExchange.KRB5),
                entry("aKRB5", s -> s.authentication() == Authentication.KRB5),
                // Suite B and GOST modes have no JVM counterpart: recognised, never selecting anything.
                entry("SUITEB128", none),
                entry("SUITEB128ONLY", none),
                entry("SUITEB128C2", none),
                entry("SUITEB192", none),
                entry("aGOST", none),
                entry("aGOST01", none),
                entry("aGOST12", none),
                entry("kGOST", none),
                entry("kGOST18", none),
                entry("GOST94", none),
                entry("GOST89MAC", none),
                entry("GOST12", none),
                entry("GOST89", none));
    }
}
