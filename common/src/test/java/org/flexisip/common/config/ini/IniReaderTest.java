package org.flexisip.common.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IniReaderTest {

    @Test
    void commentsAndBlankLinesAreIgnored() {
        IniReader.Result r = IniReader.read("f", "# comment\n\n   # indented comment\n[global]\nkey=value\n");
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(1, r.document().sections().get(0).entries().size());
    }

    @Test
    void everythingAfterTheFirstEqualsIsTheValueHashIncluded() {
        IniReader.Result r = IniReader.read("f", "[global]\nshow-body-for = a == 'b' # c  \n");
        IniDocument.Entry e = r.document().sections().get(0).entries().get(0);
        assertEquals("show-body-for", e.key());
        assertEquals("a == 'b' # c", e.value());
    }

    @Test
    void aValueContainingBlankHashIsKeptWithAWarningNamingTheLine() {
        IniReader.Result r = IniReader.read("f", "[global]\ndefault-servers=proxy # later\n");
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).origin().equals("f:2"), r.warnings().toString());
    }

    @Test
    void repeatedSectionHeadersAreMergedCaseInsensitively() {
        IniReader.Result r = IniReader.read("f", "[Global]\na=1\n[other]\nb=2\n[GLOBAL]\nc=3\n");
        assertEquals(2, r.document().sections().size());
        assertEquals(2, r.document().sections().get(0).entries().size());
    }

    @Test
    void keyBeforeAnySectionIsAnError() {
        IniReader.Result r = IniReader.read("f", "a=1\n[global]\n");
        assertEquals(1, r.errors().size());
        assertEquals("f:1", r.errors().get(0).origin());
    }

    @Test
    void sectionNestingMoreThanOneDoubleColonIsAnError() {
        IniReader.Result r = IniReader.read("f", "[a::b::c]\n");
        assertEquals(1, r.errors().size());
    }

    @Test
    void linesOfTwentyKibibytesAreAccepted() {
        String value = "x".repeat(IniReader.MAX_LINE_LENGTH - "k=".length());
        IniReader.Result r = IniReader.read("f", "[global]\nk=" + value + "\n");
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(value, r.document().sections().get(0).entries().get(0).value());
    }

    @Test
    void longerLinesAreRefusedWithTheirLineNumber() {
        String value = "x".repeat(IniReader.MAX_LINE_LENGTH);
        IniReader.Result r = IniReader.read("f", "[global]\nk=" + value + "\n");
        assertEquals(1, r.errors().size());
        assertEquals("f:2", r.errors().get(0).origin());
    }

    @Test
    void aLineThatIsNeitherHeaderNorKeyValueIsAnError() {
        IniReader.Result r = IniReader.read("f", "[global]\njust words\n");
        assertEquals(1, r.errors().size());
        assertEquals("f:2", r.errors().get(0).origin());
    }
}
