package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.results.FreezeTiming;
import org.cbrnn.results.FreezeTiming.Measure;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/**
 * The freeze-timing figures on synthetic runs: a joint run per seed whose N rises with probability 0.3 per epoch, and
 * branches that copy it up to their freeze and then rise with probability 0.15 (the reservoir from epoch 1).
 */
class FreezeChartTest {
    static final int BUDGET = 80;

    static RunResult run(String schedule, long seed, int freezeAt, String before, double pBefore, double pAfter) {
        Random joint = new Random(seed), after = new Random(seed * 31 + schedule.hashCode());
        List<EpochRecord> recs = new ArrayList<>();
        int level = 2;
        for (int e = 1; e <= BUDGET; e++) {
            boolean frozen = freezeAt > 0 && e >= freezeAt;
            recs.add(new EpochRecord(e, level, frozen ? "frozen" : before, EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 2.0));
            double u = joint.nextDouble(); // drawn every epoch so the prefix is the joint run's
            if (frozen ? after.nextDouble() < pAfter : u < pBefore) level++;
        }
        Condition c = new Condition("CB-RNN", ModelConfig.cbRnn(), PlasticitySchedule.parse(schedule));
        return new RunResult(RunSpec.of(c, "parity", TrainingConfig.paper().withMaxEpochs(BUDGET), seed), recs, TrainingResult.StopReason.EPOCH_BUDGET, false);
    }

    static FreezeTiming study() {
        List<RunResult> runs = new ArrayList<>();
        for (long s = 1; s <= 5; s++) {
            runs.add(run("joint", s, 0, "joint", 0.3, 0));
            runs.add(run("freeze-start", s, 1, "joint", 0.3, 0.12));
            runs.add(run("freeze-E20", s, 21, "joint", 0.3, 0.2));
            runs.add(run("freeze-E50", s, 51, "joint", 0.3, 0.3));
            runs.add(run("full-reservoir", s, 3, "warmup", 0.3, 0.14));
            if (s <= 3) runs.add(run("interleaved-5", s, 3, "warmup", 0.3, 0.25));
        }
        runs.add(run("freeze-E10", 1, 11, "joint", 0.3, 0.25)); // one seed: no CI
        return FreezeTiming.builder(runs).budget(BUDGET).target(FreezeTiming.Target.level(12)).build();
    }

    @Test
    void forestHasOneRowPerConditionAndNothingClipped() throws IOException {
        FreezeTiming ft = study();
        List<String> conds = ft.conditions("parity");
        assertEquals(List.of("freeze-start", "full-reservoir", "interleaved-5", "freeze-E10", "freeze-E20", "freeze-E50"), conds);
        XYChart c = FreezeChart.forest(ft, "parity", Measure.AUC);
        assertEquals(150 + 44 * conds.size(), c.getHeight());
        BufferedImage img = PlotTestSupport.render(c, "freeze-forest-auc");
        // each condition's colour is drawn (its diamond, bar and dots)
        for (Color col : FreezeChart.colors(conds).values()) assertTrue(PlotTestSupport.count(img, col, 10) > 20, "colour " + col);
        assertMarginsWhite(img);
        BufferedImage all = FreezeChart.forestPanels(ft, "parity");
        assertEquals(3 * c.getHeight(), all.getHeight());
        write(all, "freeze-forest");
        assertMarginsWhite(all);
    }

    @Test
    void anIntervalFarWiderThanTheDataIsCutAtTheAxisEdgeWithItsBoundShown() throws IOException {
        // the reservoir's three seeds disagree wildly (one never learns after the warm-up), so its n = 3 interval is
        // many times the other rows' spread; the axis follows the seeds' differences and cuts that interval
        List<RunResult> runs = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            runs.add(run("joint", s, 0, "joint", 0.3, 0));
            runs.add(run("freeze-E40", s, 41, "joint", 0.3, 0.28));
            runs.add(run("full-reservoir", s, 3, "warmup", 0.3, s == 2 ? 0.0 : 0.3));
        }
        FreezeTiming ft = FreezeTiming.builder(runs).budget(BUDGET).target(FreezeTiming.Target.level(12)).build();
        List<FreezeTiming.Comparison> rows = ft.comparisons("parity", Measure.AUC);
        FreezeTiming.Comparison wide = rows.stream().filter(r -> r.condition().equals("full-reservoir")).findFirst().orElseThrow();
        double[] range = FreezeChart.axisRange(rows);
        for (FreezeTiming.Comparison r : rows) {
            for (double d : r.differences()) assertTrue(d >= range[0] && d <= range[1], "every seed's difference is on the axis: " + d);
        }
        assertTrue(wide.stats().low() < range[0], "the wide interval " + wide.stats().low() + " reaches beyond the axis " + range[0]);
        double span = 0;
        for (FreezeTiming.Comparison r : rows) for (double d : r.differences()) span = Math.max(span, Math.abs(d));
        assertTrue(range[0] >= -1.25 * span - 1e-9, "the axis reaches at most a quarter beyond the data");
        XYChart c = FreezeChart.forest(ft, "parity", Measure.AUC);
        int i = rows.indexOf(wide);
        assertTrue(c.getSeriesMap().get("ci low " + i).getMarker() instanceof FreezeChart.Arrow, "the cut end is an arrow");
        assertTrue(c.getSeriesMap().get("ci low " + i).getXData()[0] >= c.getStyler().getXAxisMin(), "and it is inside the plot");
        BufferedImage img = PlotTestSupport.render(c, "freeze-forest-cut");
        assertMarginsWhite(img);
        write(img, "freeze-forest-cut");
    }

    @Test
    void equalSeedDifferencesStackSoThatEverySeedIsSeen() {
        double[] ys = FreezeChart.dotRows(new double[] {-2, -1, -2, 0, -2}, 5.0, 0.1);
        assertEquals(List.of(5.0, 5.0, 4.9, 5.0, 4.8), java.util.Arrays.stream(ys).map(v -> Math.round(v * 1e9) / 1e9).boxed().toList());
    }

    @Test
    void forestRendersForOneToTwelveRows() {
        // XChart's tick search must end for every row count (it loops for ever when tick labels repeat)
        for (int k = 1; k <= 12; k++) {
            List<RunResult> runs = new ArrayList<>();
            for (long s = 1; s <= 2; s++) {
                runs.add(run("joint", s, 0, "joint", 0.3, 0));
                for (int e = 1; e <= k; e++) runs.add(run("freeze-E" + (5 * e), s, 5 * e + 1, "joint", 0.3, 0.1));
            }
            FreezeTiming ft = FreezeTiming.builder(runs).budget(BUDGET).build(); // default target: the longest description
            int rows = k;
            XYChart c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> FreezeChart.forest(ft, "parity", Measure.EPOCHS_TO_TARGET));
            BufferedImage img = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Charts.toImage(c), rows + " rows");
            assertMarginsWhite(img);
        }
    }

    @Test
    void curvesStartAtTheFreezeAndUseDistinctColours() throws IOException {
        FreezeTiming ft = study();
        List<String> conds = ft.conditions("parity");
        Map<String, Color> colors = FreezeChart.colors(conds);
        assertEquals(conds.size(), new HashSet<>(colors.values()).size());
        assertTrue(!colors.containsValue(FreezeChart.BASELINE));
        XYChart c = FreezeChart.curves(ft, "parity");
        // the E50 branch's mean line starts at its freeze epoch 51; the reservoir's at epoch 1
        assertEquals(51.0, c.getSeriesMap().get("freeze-E50 (n=5)").getXData()[0]);
        assertEquals(1.0, c.getSeriesMap().get("full-reservoir (n=5)").getXData()[0]);
        assertTrue(c.getSeriesMap().containsKey("joint (n=5)"));
        BufferedImage img = PlotTestSupport.render(c, "freeze-curves");
        for (Color col : colors.values()) assertTrue(PlotTestSupport.count(img, col, 10) > 20, "colour " + col);
        assertMarginsWhite(img);
        write(img, "freeze-curves");
        assertThrows(IllegalArgumentException.class, () -> FreezeChart.curves(ft, "dms"));
    }

    /** The outermost 3 pixels on every side are background: no text or line runs off the image. */
    static void assertMarginsWhite(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int edge = PlotTestSupport.nonWhite(img) - PlotTestSupport.nonWhite(img.getSubimage(3, 3, w - 6, h - 6));
        assertEquals(0, edge, "non-white pixels within 3 px of the edge");
    }

    private static void write(BufferedImage img, String name) throws IOException {
        String dir = System.getProperty("plot.outDir");
        if (dir != null) ImageIO.write(img, "png", Path.of(dir, name + "-all.png").toFile());
    }
}
