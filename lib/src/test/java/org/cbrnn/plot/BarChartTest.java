package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void meanSdIsSampleSdIgnoringNaN() {
        assertArrayEquals(new double[] {2, 1}, BarChart.meanSd(new double[] {1, 2, 3, Double.NaN}), 1e-12);
        assertArrayEquals(new double[] {5, 0}, BarChart.meanSd(new double[] {5}), 1e-12);
        assertTrue(Double.isNaN(BarChart.meanSd(new double[] {})[0]));
    }

    @Test
    void barsInConditionColoursWithErrorBarsAndSeedPoints() throws Exception {
        CategoryChart c = BarChart.builder().size(Size.SINGLE_COLUMN).title("Max N").yTitle("Max N")
                .add("RNN-202", new double[] {10, 12, 11, 12, 9, 10, 13, 12, 11, 10})
                .add("CB-RNN", new double[] {25, 28, 30, 22, 27, 26, 29, 31, 24, 28})
                .add("Full reservoir", new double[] {14, 15, 13, 16, 14})
                .add("Interleaved reservoir", new double[] {20, 22, 19, 21, 23, 20})
                .build();
        CategorySeries eb = c.getSeriesMap().get(BarChart.ERROR_SERIES);
        assertEquals(27.0, ((Number) List.copyOf(eb.getYData()).get(1)).doubleValue(), 1e-12);
        assertEquals(10, c.getSeriesMap().keySet().stream().filter(n -> n.startsWith(BarChart.SEED_SERIES_PREFIX)).count());
        assertEquals(0.0, c.getStyler().getYAxisMin(), 0.0);

        BufferedImage img = PlotTestSupport.render(c, "bars");
        assertEquals(Size.SINGLE_COLUMN.width(), img.getWidth());
        assertEquals(Size.SINGLE_COLUMN.height(), img.getHeight());
        for (String cond : List.of("RNN-202", "CB-RNN", "Full reservoir", "Interleaved reservoir")) {
            Color tint = Palette.lighter(Palette.DEFAULT.color(cond), 0.4);
            assertTrue(count(img, tint, 4) > 800, cond + " bar fill");
        }
        assertTrue(count(img, BarChart.POINT, 20) > 100, "seed points");
    }

    @Test
    void longLabelsRotate() {
        assertEquals(0, BarChart.labelRotation(List.of("a", "b"), Size.SINGLE_COLUMN, Style.DEFAULT));
        assertTrue(BarChart.labelRotation(List.of("Interleaved reservoir", "Full reservoir", "Aux control", "RNN-202", "CB-RNN", "GRU"),
                Size.SINGLE_COLUMN, Style.DEFAULT) > 0);
    }
}
