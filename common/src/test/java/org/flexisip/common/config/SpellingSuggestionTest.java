package org.flexisip.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SpellingSuggestionTest {

    @Test
    void suggestsTheClosestNameWithinTwoEdits() {
        assertEquals(Optional.of("log-level"), SpellingSuggestion.closest("log-levl", List.of("log-level", "aliases")));
    }

    @Test
    void suggestsNothingWhenEveryNameIsThreeOrMoreEditsAway() {
        assertEquals(Optional.empty(), SpellingSuggestion.closest("transport-list", List.of("transports")));
    }

    @Test
    void comparesCaseInsensitively() {
        assertEquals(Optional.of("module::Registrar"),
                SpellingSuggestion.closest("MODULE::REGISTAR", List.of("module::Registrar", "global")));
    }
}
