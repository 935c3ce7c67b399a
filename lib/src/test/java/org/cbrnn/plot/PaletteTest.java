package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void paperConditionsHaveFixedOkabeItoColours() {
        Palette p = Palette.DEFAULT;
        assertEquals(new Color(0x0072B2), p.color("CB-RNN"));
        assertEquals(new Color(0x000000), p.color("RNN-202"));
        assertEquals(new Color(0x000000), p.color("RNN"));
        assertEquals(new Color(0xD55E00), p.color("Full reservoir"));
        assertEquals(new Color(0x009E73), p.color("Interleaved reservoir"));
        assertEquals(new Color(0xCC79A7), p.color("GRU"));
        assertEquals(new Color(0x56B4E9), p.color("CB-GRU"));
        assertEquals(new Color(0xE69F00), p.color("Aux control"));
        List<Color> seven = List.of(p.color("CB-RNN"), p.color("RNN"), p.color("Full reservoir"), p.color("Interleaved reservoir"),
                p.color("GRU"), p.color("CB-GRU"), p.color("Aux control"));
        assertEquals(7, new HashSet<>(seven).size(), "conditions must be distinguishable");
    }

    @Test
    void matchingIgnoresCaseAndPunctuationAndUsesLongestPrefix() {
        Palette p = Palette.DEFAULT;
        assertEquals(p.color("CB-RNN"), p.color("cb_rnn"));
        assertEquals(p.color("Full reservoir"), p.color("full-reservoir"));
        assertEquals(p.color("Interleaved reservoir"), p.color("interleaved-10"));
        assertEquals(p.color("CB-RNN"), p.color("CB-RNN seed 3"));
        assertEquals(p.color("CB-GRU"), p.color("CB-GRU s1"), "cbgru is longer than no other key; must not fall to GRU");
        assertEquals(p.color("RNN-202"), p.color("RNN-202 s4"));
        assertTrue(p.isAssigned("cb-rnn s2"));
        assertFalse(p.isAssigned("LSTM"));
    }

    @Test
    void unknownLabelsAreDeterministicAndDistinctSetsDiffer() {
        Palette p = Palette.DEFAULT;
        assertEquals(p.color("LSTM"), Palette.DEFAULT.color("lstm"));
        assertTrue(Palette.EXTRA.contains(p.color("some new condition")));
        Map<String, Color> m = p.distinct(List.of("CB-RNN", "a", "b", "c", "d", "e", "f", "g", "h"));
        assertEquals(p.color("CB-RNN"), m.get("CB-RNN"));
        assertEquals(m.size(), new HashSet<>(m.values()).size());
        assertEquals(m, p.distinct(List.of("CB-RNN", "a", "b", "c", "d", "e", "f", "g", "h")));
    }

    @Test
    void withOverridesAndHelpers() {
        Palette p = Palette.DEFAULT.with("CB-RNN", Color.RED);
        assertEquals(Color.RED, p.color("cb-rnn"));
        assertEquals(new Color(0x0072B2), Palette.DEFAULT.color("CB-RNN"), "immutable");
        assertEquals(64, Palette.withAlpha(Color.BLUE, 0.25).getAlpha());
        assertEquals(new Color(255, 255, 255), Palette.lighter(Color.BLACK, 1));
        assertNotEquals(Palette.phaseColor("frozen"), Palette.phaseColor("refresh"));
        assertEquals("cbrnn202", Palette.normalize("CB-RNN 202!"));
    }
}
