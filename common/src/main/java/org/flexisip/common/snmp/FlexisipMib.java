package org.flexisip.common.snmp;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.SnmpOid;

/**
 * The SMIv2 MIB module {@code FLEXISIP-MIB} of one role's tree (spec/snmp.md §5), generated from the schema so
 * that it never goes stale: a MODULE-IDENTITY at {@code enterprises.10000}, the root {@code flexisip} (leaf 1),
 * the notification {@code sender} with its objects {@code msg} and {@code source}, one OBJECT-IDENTITY per
 * section and one OBJECT-TYPE per parameter and counter, typed as {@link SnmpSyntax} says.
 *
 * <p>Descriptors (RFC 2578 §3.1: a lowercase letter then letters and digits, at most 64 characters) come from
 * the entry names: {@code log-level} gives {@code logLevel}. A name that several entries of the tree share
 * ({@code enabled} in every module) is prefixed with its section's descriptor ({@code moduleRegistrarEnabled}).
 */
public final class FlexisipMib {
    /** RFC 2578 §3.1: a descriptor must not exceed 64 characters. */
    static final int MAX_DESCRIPTOR = 64;
    private static final String MODULE = "FLEXISIP-MIB";
    /** When this layout of the module was last changed (RFC 2578 §2: UTC, YYYYMMDDHHMMZ). */
    private static final String LAST_UPDATED = "202611280000Z";
    private static final int TEXT_WIDTH = 72;
    private static final String INDENT = "        ";

    private FlexisipMib() {
    }

    /**
     * @param role     the role whose tree this is
     * @param version  this build's version, written in the module's description
     * @param sections the sections the role reads, in schema order
     */
    public static String of(Role role, String version, List<SectionSpec> sections) {
        StringBuilder out = new StringBuilder();
        Set<String> taken = new HashSet<>(List.of("flexisipMIB", "flexisip", "notif", "sender", "msg", "source"));
        header(out, role, version);
        notifications(out);

        Map<SectionSpec, String> sectionNames = new HashMap<>();
        for (SectionSpec s : sections) {
            sectionNames.put(s, claim(descriptor(s.name()), taken));
        }
        Map<String, Integer> uses = new HashMap<>();
        for (SectionSpec s : sections) {
            for (ParameterSpec p : s.parameters()) {
                uses.merge(descriptor(p.name()), 1, Integer::sum);
            }
        }
        for (SectionSpec s : sections) {
            String sectionName = sectionNames.get(s);
            objectIdentity(out, sectionName, s.help().isBlank() ? "[" + s.name() + "]" : s.help(), "flexisip",
                    s.snmpLeaf());
            for (ParameterSpec p : s.parameters()) {
                String plain = descriptor(p.name());
                String name = uses.get(plain) == 1 && !taken.contains(plain) ? claim(plain, taken)
                        : claim(sectionName + capitalized(plain), taken);
                objectType(out, name, SnmpSyntax.of(p).smi(), isReadWrite(s, p) ? "read-write" : "read-only",
                        p.help().isBlank() ? s.name() + "/" + p.name() : p.help(), sectionName, p.snmpLeaf());
            }
        }
        out.append("END\n");
        return out.toString();
    }

    /** spec/snmp.md §2: read-write unless a counter, a computed or read-only entry, or in a read-only section. */
    static boolean isReadWrite(SectionSpec section, ParameterSpec p) {
        return !p.readOnly() && !p.type().isComputed() && !section.readOnly();
    }

    /**
     * A descriptor from an entry or section name: the words between non-alphanumeric characters joined in
     * lower camel case ({@code module::Registrar} gives {@code moduleRegistrar}).
     */
    static String descriptor(String name) {
        StringBuilder d = new StringBuilder();
        for (String word : name.split("[^A-Za-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            d.append(d.length() == 0 ? word.substring(0, 1).toLowerCase(Locale.ROOT) + word.substring(1)
                    : capitalized(word));
        }
        if (d.length() == 0 || !Character.isLetter(d.charAt(0))) {
            d.insert(0, "x");
        }
        return d.toString();
    }

    private static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** {@code descriptor} cut to 64 characters and made unique with a number; recorded as taken. */
    private static String claim(String descriptor, Set<String> taken) {
        String candidate = descriptor.length() > MAX_DESCRIPTOR ? descriptor.substring(0, MAX_DESCRIPTOR)
                : descriptor;
        for (int n = 2; taken.contains(candidate); n++) {
            String suffix = Integer.toString(n);
            candidate = descriptor.substring(0, Math.min(descriptor.length(), MAX_DESCRIPTOR - suffix.length()))
                    + suffix;
        }
        taken.add(candidate);
        return candidate;
    }

    private static void header(StringBuilder out, Role role, String version) {
        out.append(MODULE).append(" DEFINITIONS ::= BEGIN\n\n")
                .append("IMPORTS\n")
                .append("    MODULE-IDENTITY, OBJECT-IDENTITY, OBJECT-TYPE, NOTIFICATION-TYPE,\n")
                .append("    Integer32, Counter64, enterprises\n")
                .append("        FROM SNMPv2-SMI\n")
                .append("    DisplayString\n")
                .append("        FROM SNMPv2-TC;\n\n")
                .append("flexisipMIB MODULE-IDENTITY\n")
                .append("    LAST-UPDATED \"").append(LAST_UPDATED).append("\"\n")
                .append("    ORGANIZATION \"Flexisip\"\n")
                .append("    CONTACT-INFO\n")
                .append(quoted("The operator of this Flexisip installation. This module was generated by "
                        + "flexisip-" + role.id() + " --dump-mibs."))
                .append("    DESCRIPTION\n")
                .append(quoted("Configuration parameters, statistics counters and runtime errors of the Flexisip "
                        + role.id() + "-server role, version " + version + ". Every section is a node under "
                        + "flexisip; its parameters and counters are scalars (instance .0). The parameters that "
                        + "can change while running are writable with the write community; the other read-write "
                        + "objects answer notWritable."))
                .append("    ::= { enterprises 10000 }\n\n");
        objectIdentity(out, "flexisip", "The root of the Flexisip configuration tree.", "flexisipMIB",
                rootLeaf());
    }

    private static void notifications(StringBuilder out) {
        objectIdentity(out, "notif", "Objects of the Flexisip notifications.", "flexisip", SnmpOid.NOTIF_LEAF);
        out.append("sender NOTIFICATION-TYPE\n")
                .append("    OBJECTS     { msg, source }\n")
                .append("    STATUS      current\n")
                .append("    DESCRIPTION\n")
                .append(quoted("Sent when the role starts, when it stops normally, and when a runtime error is "
                        + "raised or cleared."))
                .append("    ::= { notif 1 }\n\n");
        objectType(out, "msg", SnmpSyntax.TEXT.smi(), "accessible-for-notify", "What happened.", "notif",
                SnmpTraps.MSG.last());
        objectType(out, "source", SnmpSyntax.TEXT.smi(), "accessible-for-notify",
                "The dotted OID of the configuration entry concerned, when there is one.", "notif",
                SnmpTraps.SOURCE.last());
    }

    /** The last arc of the root {@code 1.3.6.1.4.1.10000.1}. */
    private static long rootLeaf() {
        return Long.parseLong(SnmpOid.ROOT.substring(SnmpOid.ROOT.lastIndexOf('.') + 1));
    }

    private static void objectIdentity(StringBuilder out, String name, String description, String parent,
            long leaf) {
        out.append(name).append(" OBJECT-IDENTITY\n")
                .append("    STATUS      current\n")
                .append("    DESCRIPTION\n")
                .append(quoted(description))
                .append("    ::= { ").append(parent).append(' ').append(leaf).append(" }\n\n");
    }

    private static void objectType(StringBuilder out, String name, String syntax, String access,
            String description, String parent, long leaf) {
        out.append(name).append(" OBJECT-TYPE\n")
                .append("    SYNTAX      ").append(syntax).append('\n')
                .append("    MAX-ACCESS  ").append(access).append('\n')
                .append("    STATUS      current\n")
                .append("    DESCRIPTION\n")
                .append(quoted(description))
                .append("    ::= { ").append(parent).append(' ').append(leaf).append(" }\n\n");
    }

    /** A quoted SMI string on indented lines: ASCII only, each {@code "} written {@code ''} (spec/snmp.md §5). */
    static String quoted(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^\\x20-\\x7E\\s]", "?").replace("\"", "''");
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : ascii.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > TEXT_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return INDENT + "\"" + String.join("\n" + INDENT, lines) + "\"\n";
    }
}
