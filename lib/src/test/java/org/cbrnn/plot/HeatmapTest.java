package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    @Test
    void rendersCellsAcrossTheColourScaleWithLegend() throws Exception {
        HeatMapChart h = Heatmap.builder().title("Max N by freeze point").axisTitles("Freeze point", "Condition")
                .columns(List.of("L2", "L5", "L10", "never")).rows(List.of("CB-RNN", "RNN-202", "GRU"))
                .values(new double[][] {{18, 24, 27, 28}, {9, 10, 11, 12}, {14, Double.NaN, 16.5, 17}})
                .valueFormat("0.0").build();
        BufferedImage img = PlotTestSupport.render(h, "heatmap");
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        java.awt.Color[] scale = Heatmap.ColorScale.SEQUENTIAL.colors();
        // the minimum cell (9) and the maximum cell (28) take the ends of the scale: big solid areas
        assertTrue(count(img, scale[0], 3) > 5000, "low end colour");
        assertTrue(count(img, scale[scale.length - 1], 3) > 5000, "high end colour");
        // row 0 is at the top: the y data list is reversed
        assertEquals(List.of("GRU", "RNN-202", "CB-RNN"), h.getHeatMapSeries().getYData());
        assertEquals(11, h.getHeatMapSeries().getHeatData().size(), "NaN cell left out");
    }

    @Test
    void shapeIsChecked() {
        assertThrows(IllegalStateException.class, () -> Heatmap.builder().columns(List.of("a")).rows(List.of("r", "s"))
                .values(new double[][] {{1}}).build());
        assertThrows(IllegalStateException.class, () -> Heatmap.builder().columns(List.of("a", "b")).rows(List.of("r"))
                .values(new double[][] {{1}}).build());
    }

    @Test
    void colourScaleEndsAreRoundNumbers() {
        double[] e = Heatmap.roundEnds(0.8, 1.0357142857142856);
        org.junit.jupiter.api.Assertions.assertEquals("0.8", Double.toString(e[0]));
        org.junit.jupiter.api.Assertions.assertEquals("1.04", Double.toString(e[1]));
        double[] a = Heatmap.roundEnds(845.2, 909.6);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {845, 910}, a);
    }
}
