package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.train.EpochRecord;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void evalAccuracyOneLinePerRun() throws Exception {
        Map<String, List<EpochRecord>> runs = new LinkedHashMap<>();
        runs.put("CB-RNN s1", PlotTestSupport.run(1, 60, 0.2));
        runs.put("RNN s1", PlotTestSupport.run(2, 60, 0.1));
        XYChart c = LineChart.evalAccuracy(runs);
        assertEquals(LineChart.ACCURACY_TITLE, c.getYAxisTitle());
        assertEquals(2, c.getSeriesMap().size());
        BufferedImage img = PlotTestSupport.render(c, "accuracy");
        assertEquals(800, img.getWidth());
        assertTrue(count(img, Palette.BLUE, 12) > 300, "CB-RNN line");
        assertTrue(count(img, Palette.BLACK, 40) > 300, "RNN line");
    }

    @Test
    void gradNormShowsEachLearningModuleOnALogAxis() throws Exception {
        List<EpochRecord> run = PlotTestSupport.run(3, 80, 0.25);
        XYChart c = LineChart.gradNorm(run);
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(List.of("core", "cerebellum", "readout", "global"), List.copyOf(c.getSeriesMap().keySet()));
        // the core does not learn in frozen epochs: gaps (NaN)
        double[] core = c.getSeriesMap().get("core").getYData();
        assertTrue(Double.isNaN(core[run.size() - 1]) || run.get(run.size() - 1).phase() == org.cbrnn.train.EpochRecord.Phase.REFRESH);
        BufferedImage img = PlotTestSupport.render(c, "gradnorm");
        assertTrue(count(img, Palette.VERMILLION, 12) > 50, "core");
        assertTrue(count(img, Palette.BLUE, 12) > 200, "cerebellum");
        assertTrue(count(img, Palette.BLUISH_GREEN, 12) > 200, "readout");
    }

    @Test
    void trainLossAndBuilderBandsRender() throws Exception {
        Map<String, List<EpochRecord>> runs = Map.of("GRU", PlotTestSupport.run(4, 50, 0.2));
        XYChart loss = LineChart.trainLoss(runs);
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        Charts.toImage(loss);

        XYChart c = LineChart.builder().title("Loss").axisTitles("Epoch", "Loss")
                .band("CB-RNN", List.of(new double[] {1, 0.8, 0.5, 0.4}, new double[] {1.2, 0.9, 0.7}, new double[] {0.9, 0.7, 0.6, 0.3}))
                .line("target", new double[] {1, 2, 3, 4}, new double[] {0.2, 0.2, 0.2, 0.2}, Palette.BLACK, Style.dashed(1))
                .hline("threshold", 0.5, Palette.ORANGE)
                .build();
        assertEquals(4, c.getSeriesMap().get("CB-RNN").getYData().length); // TRUNCATE keeps index 3 (two series)
        BufferedImage img = PlotTestSupport.render(c, "line-bands");
        assertTrue(count(img, PlotTestSupport.overWhite(Palette.BLUE, Bands.DEFAULT_ALPHA), 8) > 1000);
        assertTrue(count(img, Palette.ORANGE, 12) > 100);
    }
}
