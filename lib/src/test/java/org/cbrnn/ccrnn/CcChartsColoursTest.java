package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.HashSet;
import org.cbrnn.plot.Palette;
import org.junit.jupiter.api.Test;

/** The ccRNN study's figures draw the CB-RNN side in the kit's condition colours and every condition distinctly. */
class CcChartsColoursTest {
    @Test
    void cbrnnSideUsesTheRegistryPaletteAndEveryConditionHasItsOwnColour() {
        assertEquals(Palette.DEFAULT.color("cbrnn"), CcCharts.colour("cbrnn"));
        assertEquals(Palette.DEFAULT.color("rnn202"), CcCharts.colour("rnn"));
        assertEquals(CcCharts.COLOURS.size(), new HashSet<Color>(CcCharts.COLOURS.values()).size(), "two conditions share a colour: " + CcCharts.COLOURS);
        for (String c : CcRegistry.standard().conditionNames()) {
            if (!CcCharts.COLOURS.containsKey(c)) throw new AssertionError("condition " + c + " of CcRegistry has no colour in CcCharts");
        }
    }
}
