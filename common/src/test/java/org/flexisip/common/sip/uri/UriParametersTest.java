package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The ordered, case-insensitive parameter list of a URI. */
class UriParametersTest {

    @Test
    void hasNothingWhenEmpty() {
        UriParameters empty = UriParameters.empty();
        assertEquals(0, empty.size());
        assertTrue(empty.isEmpty());
        assertEquals(Optional.empty(), empty.get("lr"));
        assertEquals("", empty.toString());
    }

    @Test
    void findsNamesCaseInsensitivelyAndKeepsTheirSpelling() {
        UriParameters parameters = UriParameters.empty().with("Transport", "TCP");
        assertEquals(Optional.of("TCP"), parameters.get("transport"));
        assertTrue(parameters.has("TRANSPORT"));
        assertEquals(List.of("Transport"), parameters.names());
    }

    @Test
    void appendsNewParameters() {
        UriParameters parameters = UriParameters.empty().with("a", "1").with("b", "2");
        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "2")), parameters.entries());
    }

    @Test
    void replacesExistingParameterInPlace() {
        UriParameters parameters = UriParameters.empty().with("a", "1").with("b", "2").with("A", "3");
        assertEquals(List.of("A", "b"), parameters.names());
        assertEquals(Optional.of("3"), parameters.get("a"));
        assertEquals(2, parameters.size());
    }

    @Test
    void storesNullOrEmptyValueAsFlag() {
        UriParameters parameters = UriParameters.empty().with("lr", null).with("x", "");
        assertEquals(Optional.of(""), parameters.get("lr"));
        assertEquals(";lr;x", parameters.toString());
    }

    @Test
    void removesEveryParameterOfTheName() {
        UriParameters parameters = UriParameters.empty().with("a", "1").with("b", "2");
        assertEquals(List.of("b"), parameters.without("A").names());
        assertSame(parameters, parameters.without("c"));
        assertFalse(parameters.without("a").without("b").has("b"));
    }

    @Test
    void escapesNamesAndValuesWhenPrinted() {
        assertEquals(";a%3Db=c%20d;maddr=[::1]", UriParameters.empty().with("a=b", "c d").with("maddr", "[::1]")
                .toString());
    }

    @Test
    void refusesEmptyName() {
        assertThrows(IllegalArgumentException.class, () -> UriParameters.empty().with("", "x"));
    }

    @Test
    void equalsSameParametersInSameOrder() {
        UriParameters a = UriParameters.empty().with("A", "1").with("b", null);
        UriParameters b = UriParameters.empty().with("a", "1").with("B", "");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(UriParameters.empty().with("b", null).with("a", "1")));
    }
}
