package org.flexisip.common.snmp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ParameterSpec;
import org.flexisip.common.config.ValueType;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * How a configuration entry is typed over SNMP (spec/snmp.md §2): its value on the wire, the value a SET
 * carries turned back into configuration text, and its SYNTAX in the MIB.
 *
 * <table>
 * <caption>Configuration types and their SNMP syntax</caption>
 * <tr><th>Configuration type</th><th>SNMP</th></tr>
 * <tr><td>Boolean</td><td>INTEGER { true(1), false(0) }</td></tr>
 * <tr><td>Integer</td><td>Integer32</td></tr>
 * <tr><td>Counter64 statistics</td><td>Counter64</td></tr>
 * <tr><td>every other type (StringList space-joined, durations as written)</td><td>OCTET STRING, UTF-8</td></tr>
 * </table>
 */
public enum SnmpSyntax {
    TEXT("DisplayString"),
    TRUTH_VALUE("INTEGER { true(1), false(0) }"),
    INTEGER32("Integer32"),
    COUNTER64("Counter64");

    /** What a secret value is read as, the same as in the REST API. */
    static final String REDACTED = "********";

    private final String smi;

    SnmpSyntax(String smi) {
        this.smi = smi;
    }

    public static SnmpSyntax of(ParameterSpec parameter) {
        return switch (parameter.type()) {
            case BOOLEAN -> TRUTH_VALUE;
            case INTEGER -> INTEGER32;
            case COUNTER64 -> COUNTER64;
            default -> TEXT;
        };
    }

    /** The SYNTAX clause of the MIB. */
    public String smi() {
        return smi;
    }

    /** The current value of {@code entry} as sent in a response; a secret that is set reads as {@value #REDACTED}. */
    public Variable read(ConfigEntry entry) {
        return switch (this) {
            case TRUTH_VALUE -> new Integer32(Boolean.TRUE.equals(entry.parsed()) ? 1 : 0);
            case INTEGER32 -> new Integer32((Integer) entry.parsed());
            case COUNTER64 -> new Counter64(entry.counter().get());
            case TEXT -> new OctetString(text(entry).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** The text an entry reads as: a StringList space-joined, a secret redacted, any other as written. */
    static String text(ConfigEntry entry) {
        String text = entry.parameter().type() == ValueType.STRING_LIST && entry.parsed() instanceof List<?> items
                ? items.stream().map(String::valueOf).collect(Collectors.joining(" "))
                : entry.text();
        return entry.parameter().secret() && !text.isEmpty() ? REDACTED : text;
    }

    /**
     * The configuration text that a SET value stands for; empty when the value cannot be one of this syntax
     * (a truth value other than 0 or 1, text that is not UTF-8, any counter).
     */
    public Optional<String> textOf(Variable value) {
        return switch (this) {
            case TRUTH_VALUE -> switch (value.toInt()) {
                case 1 -> Optional.of("true");
                case 0 -> Optional.of("false");
                default -> Optional.empty();
            };
            case INTEGER32 -> Optional.of(Integer.toString(value.toInt()));
            case COUNTER64 -> Optional.empty();
            case TEXT -> utf8(((OctetString) value).getValue());
        };
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
