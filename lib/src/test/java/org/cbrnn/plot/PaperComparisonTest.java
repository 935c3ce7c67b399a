package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.SweepGrid;
import org.cbrnn.results.Metric;
import org.cbrnn.results.Results;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class PaperComparisonTest {

    /** A run whose level climbs one step every {@code every} epochs from 2, for {@code epochs} epochs. */
    private static RunResult run(RunSpec spec, int epochs, int every, boolean done) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) recs.add(PlotTestSupport.record(e, 2 + (e - 1) / every, 90));
        return new RunResult(spec, recs, done ? TrainingResult.StopReason.EPOCH_BUDGET : TrainingResult.StopReason.INTERRUPTED, false);
    }

    @Test
    void onlyRunsAtTheBudgetEnterACellAndSdNeedsTwo() {
        List<RunSpec> specs = SweepGrid.builder().tasks("parity").conditions("rnn202", "cbrnn").seeds(1, 2).build().specs();
        List<RunResult> runs = new ArrayList<>();
        for (RunSpec s : specs) {
            boolean cb = s.condition().equals("CB-RNN");
            // CB-RNN: both seeds finished; RNN-202: seed 2 is partial at 400 epochs
            boolean done = cb || s.seed() == 1;
            runs.add(run(s, done ? 1000 : 400, cb ? 50 + (int) s.seed() * 10 : 40, done));
        }
        Table t = PaperComparison.table(Results.of(runs), 1000);
        assertEquals(List.of("CB-RNN", "RNN-202", "Full reservoir", "Interleaved reservoir"),
                t.where(t.stringColumn("task").isEqualTo("parity")).stringColumn("condition").asList(), "the paper's order");
        assertEquals("dms", t.stringColumn("task").get(0), "DMS first, as the paper");
        Table parity = t.where(t.stringColumn("task").isEqualTo("parity"));
        assertEquals(2, parity.intColumn("n").get(0));
        assertTrue(parity.stringColumn("max N").get(0).contains(" ± "), parity.print());
        assertEquals("2: 2 done", parity.stringColumn("runs").get(0));
        assertEquals(1, parity.intColumn("n").get(1), "the partial run is not in the cell");
        assertEquals("2: 1 done, 1 partial (s2 at 400)", parity.stringColumn("runs").get(1));
        assertFalse(parity.stringColumn("max N").get(1).contains("±"), "no SD from one run");
        assertEquals("26", parity.stringColumn("max N").get(1), "level 2 + 999/40 = 26");
        assertEquals("18.75 ± 0.46", parity.stringColumn("max N (paper)").get(0));
        assertEquals(0, parity.intColumn("n").get(2));
        assertEquals("-", parity.stringColumn("max N").get(2));
        assertEquals("none", parity.stringColumn("runs").get(2));
        Table paper = PaperComparison.paperTable();
        assertEquals(List.of("CB-RNN", "RNN-202", "Full reservoir", "Interleaved reservoir"),
                paper.where(paper.stringColumn("task").isEqualTo("parity")).stringColumn("condition").asList());
        XYChart c = PaperComparison.tHalfChart(Results.of(runs));
        assertTrue(c.getSeriesMap().containsKey("parity CB-RNN (n=2)"), c.getSeriesMap().keySet().toString());
        assertTrue(c.getSeriesMap().containsKey("parity RNN-202 (n=2)"), "t½ is a first crossing: the partial run counts");
        // the kit's SD over its seeds is drawn horizontally around its mean where two or more reached t½
        var point = c.getSeriesMap().get("parity CB-RNN (n=2)");
        var sd = c.getSeriesMap().entrySet().stream().filter(e -> e.getKey().startsWith("kit SD "))
                .map(java.util.Map.Entry::getValue).filter(v -> v.getYData()[0] == point.getYData()[0]).findFirst().orElseThrow();
        Results.Group g = Results.of(runs).task("parity").condition("CB-RNN").group("CB-RNN");
        assertEquals(point.getXData()[0] - g.sd(Metric.T_HALF), sd.getXData()[0], 1e-9);
        assertEquals(point.getXData()[0] + g.sd(Metric.T_HALF), sd.getXData()[1], 1e-9);
        assertEquals(point.getYData()[0], sd.getYData()[0], 1e-9);
        assertTrue(PaperComparison.notReached(Results.of(runs)).contains("dms CB-RNN"));
        assertEquals("3.50", PaperComparison.pm(3.5, Double.NaN, 2));
        assertEquals("36", PaperComparison.pm(36, Double.NaN, 2));
        assertEquals("455.6 ± 29.0", PaperComparison.pm(455.6, 29, 1));
        assertEquals("215.4 ± 11.3", PaperComparison.pm(215.4, 11.3, 1));
    }
}
