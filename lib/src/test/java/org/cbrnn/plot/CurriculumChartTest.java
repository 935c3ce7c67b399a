package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.cbrnn.plot.PlotTestSupport.overWhite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.cbrnn.train.EpochRecord;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Test;

class CurriculumChartTest {

    private static XYChart sample(boolean seeds) {
        return CurriculumChart.builder()
                .title("Delayed match (synthetic)")
                .add("RNN-202", PlotTestSupport.seeds(1, 6, 90, 120, 0.1))
                .add("CB-RNN", PlotTestSupport.seeds(2, 6, 70, 120, 0.25))
                .add("Full reservoir", PlotTestSupport.seeds(3, 6, 100, 120, 0.13))
                .referenceLine("CB-RNN", 28)
                .referenceLine("RNN-202", 12)
                .showSeeds(seeds)
                .build();
    }

    @Test
    void rendersAtRequestedSizeWithBandsMeansAndReferenceLines() throws Exception {
        XYChart c = sample(false);
        assertEquals("Epoch", c.getXAxisTitle());
        assertEquals("Task difficulty N", c.getYAxisTitle());
        BufferedImage img = PlotTestSupport.render(c, "curriculum");
        assertEquals(Size.NOTEBOOK.width(), img.getWidth());
        assertEquals(Size.NOTEBOOK.height(), img.getHeight());
        // each condition's band tint (alpha over white, where no other band overlaps) and its mean line colour
        for (String cond : List.of("RNN-202", "CB-RNN", "Full reservoir")) {
            java.awt.Color col = Palette.DEFAULT.color(cond);
            assertTrue(count(img, col, 12) > 150, cond + " mean line pixels");
        }
        assertTrue(count(img, overWhite(Palette.BLUE, Bands.DEFAULT_ALPHA), 8) > 2000, "CB-RNN band");
        assertTrue(count(img, overWhite(Palette.VERMILLION, Bands.DEFAULT_ALPHA), 8) > 300, "Full reservoir band");
    }

    @Test
    void seriesOrderPutsBandsFirstAndReferenceLinesLast() {
        XYChart c = sample(true);
        List<String> names = new ArrayList<>(c.getSeriesMap().keySet());
        assertTrue(names.get(0).endsWith(Bands.FILL_SUFFIX), names.toString());
        int firstMean = names.indexOf("RNN-202 (n=6)");
        assertTrue(firstMean > 0);
        for (int i = 0; i < firstMean; i++) assertFalse(c.getSeriesMap().get(names.get(i)).isShowInLegend(), names.get(i));
        assertEquals("RNN-202 (paper)", names.get(names.size() - 1));
        XYSeries ref = c.getSeriesMap().get("CB-RNN (paper)");
        assertEquals(28.0, ref.getYData()[0]);
        assertEquals(Palette.BLUE, ref.getLineColor());
        assertEquals(18, names.stream().filter(n -> n.contains(" seed ")).count());
    }

    @Test
    void carriesFinishedRunsForwardByDefault() {
        XYChart c = CurriculumChart.builder().showCounts(false)
                .add("CB-RNN", List.of(new double[] {2, 3, 4}, new double[] {2, 3}))
                .build();
        XYSeries mean = c.getSeriesMap().get("CB-RNN");
        assertEquals(3, mean.getYData().length);
        assertEquals(3.5, mean.getYData()[2], 1e-12); // {4, 3 carried}
    }

    @Test
    void addRunsReadsLevelsFromRecords() {
        List<EpochRecord> run = PlotTestSupport.run(5, 30, 0.3);
        XYChart c = CurriculumChart.builder().showCounts(false).addRuns("GRU", List.of(run, run)).build();
        double[] y = c.getSeriesMap().get("GRU").getYData();
        double[] x = c.getSeriesMap().get("GRU").getXData();
        // GRU's line is dashed, so its flat stretches are drawn from their ends only
        assertEquals(run.get(29).level(), y[y.length - 1], 1e-12);
        assertEquals(30, x[x.length - 1], 1e-12);
        for (int i = 0; i < x.length; i++) assertEquals(run.get((int) x[i] - 1).level(), y[i], 1e-12);
        assertThrows(IllegalStateException.class, () -> CurriculumChart.builder().build());
        assertThrows(IllegalArgumentException.class, () -> CurriculumChart.builder().add("x", List.of()));
    }

    @Test
    void curvesFromTheResultsViewKeepTheViewsMeanAndSeeds() {
        // seed 1 has 4 epochs, seed 2 only 2 (unfinished): the view's mean is {2, 3.5, 6, 8} with n {2, 2, 1, 1}
        org.cbrnn.results.Curves cv = new org.cbrnn.results.Curves("parity", "CB-RNN", List.of(1L, 2L),
                List.of(new double[] {2, 4, 6, 8}, new double[] {2, 3}), new double[] {2, 3.5, 6, 8},
                new double[] {0, Math.sqrt(0.5), Double.NaN, Double.NaN}, new int[] {2, 2, 1, 1});
        XYChart c = CurriculumChart.builder().showSeeds(true).addAll(List.of(cv)).build();
        XYSeries mean = c.getSeriesMap().get("CB-RNN (n=2)");
        assertEquals(List.of(2.0, 3.5, 6.0, 8.0), java.util.Arrays.stream(mean.getYData()).boxed().toList());
        assertEquals(2, c.getSeriesMap().keySet().stream().filter(k -> k.startsWith("CB-RNN seed ")).count());
        // the band covers only the epochs with two runs
        XYSeries fill = c.getSeriesMap().get("CB-RNN" + Bands.FILL_SUFFIX);
        assertEquals(4, fill.getXData().length);
        assertThrows(IllegalArgumentException.class, () -> CurriculumChart.builder().add(
                new org.cbrnn.results.Curves("parity", "empty", List.of(), List.of(), new double[0], new double[0], new int[0])));
    }
}
