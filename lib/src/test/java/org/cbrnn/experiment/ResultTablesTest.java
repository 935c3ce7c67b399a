package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The summary tables on hand-made trajectories whose metrics are worked out by hand in the comments. */
class ResultTablesTest {
    static RunResult run(String cond, long seed, int... levels) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            recs.add(new EpochRecord(i + 1, levels[i], "joint", EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 2.0));
        }
        RunSpec spec = RunSpec.of(cond.equals("CB-RNN") ? Condition.cbRnn() : Condition.rnn202(), "parity",
                TrainingConfig.paper().withMaxEpochs(levels.length), seed);
        return new RunResult(spec, recs, TrainingResult.StopReason.EPOCH_BUDGET, false);
    }

    @Test
    void paperMetricsMeanAndSdOverSeeds() {
        List<RunResult> runs = List.of(
                run("CB-RNN", 1, 2, 3, 4, 5, 6, 8),   // max 8; AUC 2.5+3.5+4.5+5.5+7 = 23
                run("CB-RNN", 2, 2, 2, 3, 4, 6, 6),   // max 6; AUC 2+2.5+3.5+5+6 = 19
                run("RNN-202", 1, 2, 2, 2, 3, 3, 4)); // max 4; AUC 2+2+2.5+3+3.5 = 13
        Map<String, Double> gm = ResultTables.globalMax(runs);
        assertEquals(8.0, gm.get("parity"));
        Table per = ResultTables.perRun(runs, gm, 3, 6);
        // t_half: first epoch with N >= 4: seed 1 at epoch 3, seed 2 at epoch 4, RNN-202 at epoch 6
        assertEquals(List.of(3.0, 4.0, 6.0), per.doubleColumn("t_half").asList());
        assertEquals(List.of(23.0, 19.0, 13.0), per.doubleColumn("AUC").asList());
        assertEquals(List.of(4, 3, 2), per.intColumn("N@3").asList());
        assertEquals(List.of("done", "done", "done"), per.stringColumn("status").asList());

        Table s = ResultTables.summary(runs, gm);
        assertEquals(2, s.rowCount());
        assertEquals(7.0, s.doubleColumn("max_N").get(0));
        assertEquals(Math.round(Math.sqrt(2) * 100) / 100.0, s.doubleColumn("max_N_sd").get(0)); // sd of {8, 6}
        assertEquals(3.5, s.doubleColumn("t_half").get(0));
        assertEquals(21.0, s.doubleColumn("AUC").get(0));
        assertEquals(Math.round(21.0 / 6 * 100) / 100.0, s.doubleColumn("mean_N").get(0)); // mean of 23/6 and 19/6
        assertEquals(18.75, s.doubleColumn("paper_max_N").get(0));
        assertEquals(1, s.intColumn("n").get(1));
        assertEquals(0.0, s.doubleColumn("max_N_sd").get(1));

        // cut to 4 epochs: max N = level at epoch 4 = 5, 4, 3; global max 5 -> half 2.5 -> t_half 2, 3, 4
        List<RunResult> cut = ResultTables.atEpoch(runs, 4);
        assertEquals(List.of(5.0, 4.0, 3.0), ResultTables.perRun(cut, ResultTables.globalMax(cut)).doubleColumn("max_N").asList());
        assertEquals(List.of(2.0, 3.0, 4.0), ResultTables.perRun(cut, ResultTables.globalMax(cut)).doubleColumn("t_half").asList());
        // N at an epoch a run has not reached is missing, not the run's last level
        Table cutAt = ResultTables.perRun(cut, ResultTables.globalMax(cut), 4, 6);
        assertEquals(List.of(5, 4, 3), cutAt.intColumn("N@4").asList());
        assertEquals(3, cutAt.intColumn("N@6").countMissing());

        Table tidy = ResultTables.tidy(runs);
        assertEquals(18, tidy.rowCount());
        assertEquals(List.of("task", "condition", "seed", "status", "epoch", "N"), tidy.columnNames().subList(0, 6));
        assertTrue(tidy.where(tidy.stringColumn("condition").isEqualTo("RNN-202")).intColumn("N").asList().equals(List.of(2, 2, 2, 3, 3, 4)));
        assertEquals(0, ResultTables.tidy(List.of()).rowCount());
    }
}
