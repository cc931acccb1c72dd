package org.flexisip.common.registrar;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.uri.NameAddr;
import org.flexisip.common.sip.uri.SipUri;
import org.jboss.logging.Logger;

/**
 * The text of {@code module::Registrar/static-records-file} (spec/registrar-db.md §6): one record per line, an AOR
 * then its contacts separated by commas, {@code #} starting a comment line:
 * <pre>
 * &lt;sip:support@example.org&gt; &lt;sip:alice@example.org&gt;,&lt;sip:bob@example.org&gt;
 * </pre>
 * A line that does not parse is logged and skipped, and listed in {@link #problems()}. Reading the file and the
 * periodic re-bind belong to the Registrar module.
 *
 * @param records  the parsed lines, in file order
 * @param problems the skipped lines
 */
public record StaticRecords(List<Entry> records, List<Problem> problems) {
    private static final Logger LOG = Logger.getLogger(StaticRecords.class);

    public StaticRecords {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    /** One line: the AOR and the contacts to bind to it. */
    public record Entry(SipUri aor, List<AddressHeader> contacts) {
        public Entry {
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * A skipped line.
     *
     * @param line   its number, from 1
     * @param text   its text
     * @param reason why it was skipped
     */
    public record Problem(int line, String text, String reason) {
    }

    /** Parses the whole file text; never fails. */
    public static StaticRecords parse(String text) {
        List<Entry> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                records.add(parseLine(line));
            } catch (SipSyntaxException e) {
                Problem problem = new Problem(i + 1, line, e.reason());
                LOG.warnf("Static records line %d skipped (%s): %s", problem.line(), problem.reason(), line);
                problems.add(problem);
            }
        }
        return new StaticRecords(records, problems);
    }

    private static Entry parseLine(String line) throws SipSyntaxException {
        SipScanner scanner = new SipScanner(line);
        NameAddr aor = NameAddr.parse(scanner);
        if (!(aor.uri() instanceof SipUri uri)) {
            throw new SipSyntaxException("the AOR is not a SIP URI", 0);
        }
        if (!scanner.skipWhitespace() || scanner.atEnd()) {
            throw scanner.error("expected contacts after the AOR");
        }
        List<AddressHeader> contacts;
        try {
            contacts = AddressHeader.parseList(scanner.rest());
        } catch (SipSyntaxException e) {
            throw new SipSyntaxException(e.reason(), scanner.position() + e.offset());
        }
        return new Entry(uri, contacts);
    }
}
