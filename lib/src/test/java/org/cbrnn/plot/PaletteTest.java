package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.cbrnn.experiment.ConditionDef;
import org.cbrnn.experiment.ConditionRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void everyRegistryConditionHasItsOwnColourAndLineStyleUnderEveryName() {
        Palette p = Palette.DEFAULT;
        List<ConditionDef> defs = ConditionRegistry.standard().all();
        assertEquals(8, defs.size());
        Set<Color> colours = new HashSet<>();
        Set<Palette.LineStyle> lines = new HashSet<>();
        for (ConditionDef d : defs) {
            Color c = p.color(d.label());
            Palette.LineStyle l = p.lineStyle(d.label());
            assertTrue(colours.add(c), d.label() + " shares its colour " + c);
            assertTrue(lines.add(l), d.label() + " shares its line style " + l);
            List<String> names = new ArrayList<>(d.aliases());
            names.add(d.name());
            names.add(d.label() + " s3");
            for (String n : names) {
                assertEquals(c, p.color(n), n + " must look like " + d.label());
                assertEquals(l, p.lineStyle(n), n);
            }
        }
        assertNotEquals(p.color("RNN-202"), p.color("RNN->CB"), "RNN->CB must not take RNN's colour by prefix");
        assertNotEquals(p.color("RNN-202"), p.color("RNN\u2192CB"));
        assertEquals(p.color("RNN->CB"), p.color("RNN\u2192CB s1"));
    }

    @Test
    void everyColourReadsOnWhiteAndEveryTwoAreFarApart() {
        List<Color> all = new ArrayList<>(Palette.CONDITION_COLOURS);
        all.addAll(Palette.EXTRA);
        for (ConditionDef d : ConditionRegistry.standard().all()) assertTrue(all.contains(Palette.DEFAULT.color(d.label())));
        for (Color c : all) {
            assertTrue(Palette.contrastOnWhite(c) >= 3.0, String.format("#%06X contrast %.2f", c.getRGB() & 0xFFFFFF, Palette.contrastOnWhite(c)));
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                double de = Palette.deltaE(all.get(i), all.get(j));
                assertTrue(de >= 20, String.format("#%06X vs #%06X: dE %.1f", all.get(i).getRGB() & 0xFFFFFF, all.get(j).getRGB() & 0xFFFFFF, de));
            }
        }
        assertTrue(Palette.contrastOnWhite(Palette.YELLOW) < 3, "the measure rules out Okabe-Ito yellow");
        assertEquals(21.0, Palette.contrastOnWhite(Color.BLACK), 1e-9);
        assertEquals(0.0, Palette.deltaE(Palette.BLUE, Palette.BLUE), 1e-9);
        assertEquals(100.0, Palette.deltaE(Color.BLACK, Color.WHITE), 0.1);
    }

    @Test
    void labelsOfOneFigureAreDistinctEvenWhenTheyShareAPrefix() {
        Palette p = Palette.DEFAULT;
        Map<String, Color> m = p.distinct(List.of("CB-RNN GC64", "CB-RNN GC256", "CB-RNN", "after N=4", "after N=8", "xor-ends"));
        assertEquals(m.size(), new HashSet<>(m.values()).size(), m.toString());
        assertEquals(p.color("CB-RNN"), m.get("CB-RNN"), "the exact label keeps its colour");
        for (Color c : m.values()) assertTrue(Palette.contrastOnWhite(c) >= 3.0);
        Map<String, Color> gc = p.distinct(List.of("GC64", "GC256"));
        assertNotEquals(gc.get("GC64"), gc.get("GC256"));
    }

    @Test
    void labelsWithoutAConditionKeepFarFromTheConditionsShownWithThem() {
        Palette p = Palette.DEFAULT;
        // notebook 8's five conditions: the frozen core's hash colour (#117733) is a green ΔE 22 from the interleaved
        // reservoir's, which readers confused
        List<String> nb8 = List.of("Frozen core after N=2", "Full reservoir", "Interleaved reservoir", "CB-RNN", "RNN-202");
        assertTrue(Palette.deltaE(p.color("Frozen core after N=2"), p.color("Interleaved reservoir")) < Palette.SHOWN_TOGETHER_DELTA_E,
                "the case this guards against is still the hash colour's");
        assertAllFarApart(p.distinct(nb8));
        // sets of free labels beside every registry condition
        List<String> conditions = List.of("CB-RNN", "RNN-202", "Full reservoir", "Interleaved reservoir");
        for (List<String> extra : List.of(List.of("Frozen core"), List.of("after N=4", "after N=8"), List.of("LSTM", "xor-ends", "GC64"))) {
            List<String> labels = new java.util.ArrayList<>(conditions);
            labels.addAll(extra);
            Map<String, Color> m = p.distinct(labels);
            assertAllFarApart(m);
            for (String c : conditions) assertEquals(p.color(c), m.get(c), "a condition keeps its own colour: " + c);
        }
    }

    private static void assertAllFarApart(Map<String, Color> m) {
        List<Map.Entry<String, Color>> e = List.copyOf(m.entrySet());
        for (int i = 0; i < e.size(); i++) {
            for (int j = i + 1; j < e.size(); j++) {
                double d = Palette.deltaE(e.get(i).getValue(), e.get(j).getValue());
                assertTrue(d >= Palette.SHOWN_TOGETHER_DELTA_E, e.get(i).getKey() + " and " + e.get(j).getKey() + ": ΔE " + d);
            }
        }
    }

    @Test
    void lineStylesHaveDistinctPatterns() {
        Set<String> patterns = new HashSet<>();
        for (Palette.LineStyle s : Palette.LineStyle.values()) {
            assertTrue(patterns.add(java.util.Arrays.toString(s.pattern())), s.name());
            assertEquals(2f, s.stroke(2f).getLineWidth());
        }
        assertNull(Palette.LineStyle.SOLID.stroke(2f).getDashArray());
    }

    @Test
    void matchingIgnoresCaseAndPunctuationAndUsesLongestPrefix() {
        Palette p = Palette.DEFAULT;
        assertEquals(p.color("CB-RNN"), p.color("cb_rnn"));
        assertEquals(p.color("Full reservoir"), p.color("full-reservoir"));
        assertEquals(p.color("Interleaved reservoir"), p.color("interleaved-10"));
        assertEquals(p.color("CB-RNN"), p.color("CB-RNN seed 3"));
        assertEquals(p.color("CB-GRU"), p.color("CB-GRU s1"), "cbgru is longer than no other key; must not fall to GRU");
        assertNotEquals(p.color("GRU"), p.color("CB-GRU"));
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
