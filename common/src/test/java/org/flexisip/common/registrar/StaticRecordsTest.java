package org.flexisip.common.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.flexisip.common.sip.header.AddressHeader;
import org.junit.jupiter.api.Test;

class StaticRecordsTest {

    @Test
    void parsesAnAorAndItsContacts() {
        StaticRecords parsed = StaticRecords.parse(
                "<sip:support@example.org> <sip:alice@example.org>,<sip:bob@example.org>\n");
        assertEquals(1, parsed.records().size());
        StaticRecords.Entry entry = parsed.records().get(0);
        assertEquals("sip:support@example.org", entry.aor().toString());
        assertEquals(List.of("sip:alice@example.org", "sip:bob@example.org"),
                entry.contacts().stream().map(AddressHeader::uri).map(Object::toString).toList());
        assertTrue(parsed.problems().isEmpty());
    }

    @Test
    void skipsCommentsAndBlankLines() {
        StaticRecords parsed = StaticRecords.parse("# support line\n\n   \n"
                + "sip:support@example.org  <sip:alice@example.org> , <sip:bob@example.org;transport=tcp>\r\n");
        assertEquals(1, parsed.records().size());
        assertEquals(2, parsed.records().get(0).contacts().size());
        assertTrue(parsed.problems().isEmpty());
    }

    @Test
    void skipsAndReportsUnparsableLines() {
        StaticRecords parsed = StaticRecords.parse("<sip:support@example.org>\n"
                + "<sip:sales@example.org> <sip:carol@example.org\n"
                + "<tel:+331234> <sip:dave@example.org>\n"
                + "<sip:team@example.org> <sip:erin@example.org>\n");
        assertEquals(List.of("sip:team@example.org"),
                parsed.records().stream().map(e -> e.aor().toString()).toList());
        assertEquals(List.of(1, 2, 3), parsed.problems().stream().map(StaticRecords.Problem::line).toList());
    }
}
