package org.cbrnn.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.ResultTables;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The results view on hand-made trajectories whose metrics are worked out in the comments. Parity's paper global max
 * is 19, so by default t½ is the first epoch with N >= 9.5; DMS's is 38 (N >= 19).
 */
class ResultsTest {
    static List<EpochRecord> records(int... levels) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            recs.add(new EpochRecord(i + 1, levels[i], "joint", EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 2.0));
        }
        return recs;
    }

    static RunSpec spec(Condition c, String task, long seed) {
        return RunSpec.of(c, task, TrainingConfig.paper().withMaxEpochs(6), seed);
    }

    static RunResult done(Condition c, String task, long seed, int... levels) {
        return new RunResult(spec(c, task, seed), records(levels), TrainingResult.StopReason.EPOCH_BUDGET, false);
    }

    static RunResult partial(Condition c, String task, long seed, int... levels) {
        return new RunResult(spec(c, task, seed), records(levels), TrainingResult.StopReason.INTERRUPTED, true);
    }

    static final RunResult CB1 = done(Condition.cbRnn(), "parity", 1, 2, 4, 6, 8, 10, 12);   // max 12, t½ 5 (10 >= 9.5), AUC 3+5+7+9+11 = 35
    static final RunResult CB2 = done(Condition.cbRnn(), "parity", 2, 2, 3, 5, 7, 9, 11);    // max 11, t½ 6, AUC 2.5+4+6+8+10 = 30.5
    static final RunResult RNN1 = done(Condition.rnn202(), "parity", 1, 2, 2, 3, 3, 4, 4);   // max 4, t½ never, AUC 2+2.5+3+3.5+4 = 15
    static final RunResult GRU1 = done(Condition.gru128(), "parity", 1, 2, 6, 10, 14, 18, 22); // max 22, t½ 3
    static final RunResult DMS1 = done(Condition.cbRnn(), "dms", 1, 2, 10, 19, 20);          // max 20, t½ 3 (19 >= 19)
    // a damaged run as RunStore.loadAll reports it, and a failed one whose records must not count either
    static final RunResult DAMAGED = RunResult.failed(spec(Condition.cbRnn(), "parity", 3), List.of(),
            "corrupt: runs/x/epochs.csv does not match the checksum in runs/x/DONE (edited, truncated or damaged after the run finished)");
    static final RunResult FAILED = RunResult.failed(spec(Condition.rnn202(), "parity", 2), records(2, 30, 30), "java.io.IOException: disk full");

    static List<RunResult> all() {
        return List.of(CB1, CB2, RNN1, GRU1, DMS1, DAMAGED, FAILED);
    }

    @Test
    void selectsByTaskConditionSeedScheduleAndStatus() {
        Results v = Results.of(all());
        assertEquals(List.of("parity", "dms"), v.taskNames());
        assertEquals(7, v.runs().size());
        assertEquals(6, v.task("parity").runs().size());
        assertEquals(List.of(CB1, CB2, DAMAGED), v.task("parity").condition("CB-RNN").runs());
        assertEquals(List.of(CB1, RNN1, GRU1, DMS1), v.seed(1).runs());
        assertEquals(List.of(CB2, FAILED), v.seeds(2).runs());
        assertEquals(List.of(FAILED, DAMAGED), v.status("FAILED").runs().stream().sorted((a, b) -> Long.compare(a.spec().seed(), b.spec().seed())).toList());
        assertEquals(5, v.status("done").runs().size());
        assertEquals(7, v.schedules("joint").runs().size());
        assertEquals(0, v.schedules("full-reservoir").runs().size());
        assertEquals(List.of(GRU1), v.where(r -> r.levels().length == 6 && r.levels()[5] > 20).runs());
        // conditions(...) fixes the order of groups; without it, the order of first appearance
        assertEquals(List.of("RNN-202", "CB-RNN"), v.task("parity").conditions("RNN-202", "CB-RNN").conditionNames());
        assertEquals(List.of("CB-RNN", "RNN-202", "GRU"), v.task("parity").conditionNames());
        assertThrows(IllegalArgumentException.class, () -> v.conditions());
    }

    @Test
    void groupsByConditionWithNPerCellAndSdOnlyFromTwoValues() {
        Results parity = Results.of(all()).task("parity");
        List<Results.Group> groups = parity.groups();
        assertEquals(List.of("CB-RNN", "RNN-202", "GRU"), groups.stream().map(Results.Group::condition).toList());
        Results.Group cb = parity.group("CB-RNN");
        assertEquals(2, cb.n(), "the damaged seed 3 is not measured");
        assertEquals(List.of(DAMAGED), cb.excluded());
        assertArrayEquals(new double[] {12, 11}, cb.values(Metric.MAX_N));
        assertArrayEquals(new double[] {5, 6}, cb.values(Metric.T_HALF));
        assertArrayEquals(new double[] {35, 30.5}, cb.values(Metric.AUC));
        assertEquals(11.5, cb.mean(Metric.MAX_N));
        assertEquals(Math.sqrt(0.5), cb.sd(Metric.MAX_N), 1e-12); // {12, 11}: squares 0.25 + 0.25 over n - 1 = 1
        assertEquals(Math.sqrt(0.5), cb.sd(Metric.T_HALF), 1e-12); // {5, 6}

        Table s = parity.summary();
        assertEquals(List.of("CB-RNN", "RNN-202", "GRU"), s.stringColumn("condition").asList());
        assertEquals(List.of(2, 1, 1), s.intColumn("n").asList());
        assertEquals(List.of(2, 1, 1), s.intColumn("done").asList());
        assertEquals(11.5, s.doubleColumn("max_N").get(0));
        assertEquals(0.71, s.doubleColumn("max_N_sd").get(0));
        assertEquals(5.5, s.doubleColumn("t_half").get(0));
        assertEquals(0.71, s.doubleColumn("t_half_sd").get(0));
        assertEquals(2, s.intColumn("t_half_n").get(0));
        assertEquals(32.75, s.doubleColumn("AUC").get(0));
        assertEquals(Math.round((35 / 6.0 + 30.5 / 6) / 2 * 100) / 100.0, s.doubleColumn("mean_N").get(0));
        assertEquals(19.0, s.doubleColumn("half_of").get(0));
        assertEquals(18.75, s.doubleColumn("paper_max_N").get(0));
        // RNN-202: one measured run (the failed seed 2 is left out): no SD; it never reached 9.5, so no t½ either
        assertEquals(4.0, s.doubleColumn("max_N").get(1));
        assertTrue(s.doubleColumn("max_N_sd").isMissing(1));
        assertTrue(s.doubleColumn("t_half").isMissing(1));
        assertEquals(0, s.intColumn("t_half_n").get(1));
        assertEquals(15.0, s.doubleColumn("AUC").get(1));
        assertTrue(s.doubleColumn("AUC_sd").isMissing(1));

        // both tasks: one row per (task, condition), each task against its own threshold
        Table both = Results.of(all()).summary();
        assertEquals(4, both.rowCount());
        assertEquals("dms", both.stringColumn("task").get(3));
        assertEquals(3.0, both.doubleColumn("t_half").get(3));
        assertEquals(38.0, both.doubleColumn("half_of").get(3));
        assertThrows(IllegalStateException.class, () -> Results.of(all()).group("CB-RNN"), "group(...) needs a single task");
    }

    @Test
    void thresholdDoesNotDependOnTheComparisonSet() {
        List<RunResult> healthy = List.of(CB1, CB2, RNN1, GRU1);
        // the view: the paper's 19 whatever else is compared
        double[] withGru = Results.of(healthy).task("parity").group("CB-RNN").values(Metric.T_HALF);
        double[] withoutGru = Results.of(healthy).conditions("CB-RNN", "RNN-202").group("CB-RNN").values(Metric.T_HALF);
        double[] alone = Results.of(healthy).condition("CB-RNN").group("CB-RNN").values(Metric.T_HALF);
        assertArrayEquals(new double[] {5, 6}, withGru);
        assertArrayEquals(withGru, withoutGru);
        assertArrayEquals(withGru, alone);
        // the older per-call global max changes with the set: GRU's 22 -> N >= 11 -> both seeds at epoch 6;
        // without the GRU the highest is 12 -> N >= 6 -> epochs 3 and 4
        assertEquals(List.of(6.0, 6.0), ResultTables.perRun(List.of(CB1, CB2), ResultTables.globalMax(healthy)).doubleColumn("t_half").asList());
        assertEquals(List.of(3.0, 4.0), ResultTables.perRun(List.of(CB1, CB2), ResultTables.globalMax(List.of(CB1, CB2, RNN1))).doubleColumn("t_half").asList());

        // a stated threshold: half of 8 = 4 -> CB-RNN epochs 2 and 3, RNN-202 epoch 5; stated in the tables
        Results stated = Results.of(healthy).task("parity").halfOf(8);
        assertArrayEquals(new double[] {2, 3}, stated.group("CB-RNN").values(Metric.T_HALF));
        assertArrayEquals(new double[] {5}, stated.group("RNN-202").values(Metric.T_HALF));
        assertEquals(8.0, stated.summary().doubleColumn("half_of").get(0));
        assertEquals("stated", stated.thresholdSource("parity"));
        assertEquals("paper", Results.of(healthy).thresholdSource("parity"));
        assertTrue(stated.summary().name().contains("N >= 4 = half of 8 (stated) for parity"), stated.summary().name());
        // per task: DMS keeps the paper's 38 when only parity is stated
        Results perTask = Results.of(all()).halfOf("parity", 8);
        assertEquals(8.0, perTask.globalMax("parity"));
        assertEquals(38.0, perTask.globalMax("dms"));
        assertEquals(Map.of("parity", 22.0, "dms", 20.0), Results.of(all()).highestMaxN(), "failed runs do not count");
        assertThrows(IllegalArgumentException.class, () -> Results.of(healthy).halfOf(0));
        // a task the paper does not report has no default: never parity's numbers
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Results.paperGlobalMax("copy"));
        assertTrue(e.getMessage().contains("no paper reference for task 'copy'"), e.getMessage());
    }

    @Test
    void atEpochCutsEveryRunToTheBudgetAndLeavesOutShorterOnes() {
        RunResult shortCb = partial(Condition.cbRnn(), "parity", 4, 2, 3, 4); // only 3 epochs so far
        Results v = Results.of(List.of(CB1, CB2, shortCb, RNN1)).task("parity");
        assertEquals(3, v.commonBudget());
        Results at4 = v.atEpoch(4);
        Results.Group cb = at4.group("CB-RNN");
        // first 4 epochs: 2,4,6,8 -> max 8, AUC 3+5+7 = 15; 2,3,5,7 -> max 7, AUC 2.5+4+6 = 12.5; neither reaches 9.5
        assertArrayEquals(new double[] {8, 7}, cb.values(Metric.MAX_N));
        assertArrayEquals(new double[] {15, 12.5}, cb.values(Metric.AUC));
        assertEquals(0, cb.count(Metric.T_HALF));
        assertArrayEquals(new double[] {2, 3}, at4.halfOf(8).group("CB-RNN").values(Metric.T_HALF)); // N >= 4
        assertEquals(List.of(shortCb), cb.excluded());
        assertEquals("has 3 of the 4 epochs of the budget", at4.exclusion(shortCb).orElseThrow());
        assertEquals(List.of(4, 4, 4), at4.perRun().intColumn("epochs").asList());
        assertEquals(4, at4.summary().intColumn("epochs").get(0));
        assertEquals(Integer.valueOf(4), at4.budget().orElseThrow());
        // without a budget the unfinished run counts with its own 3 epochs (max 4, AUC 2.5+3.5 = 6)
        assertArrayEquals(new double[] {12, 11, 4}, v.group("CB-RNN").values(Metric.MAX_N));
        assertEquals(2, v.summary().intColumn("done").get(0));
        assertEquals(3, v.summary().intColumn("epochs").get(0));
        assertThrows(IllegalArgumentException.class, () -> v.atEpoch(0));
    }

    @Test
    void damagedAndFailedRunsAreListedButNeverMeasured() {
        Results v = Results.of(all()).task("parity");
        assertEquals(List.of(DAMAGED, FAILED), v.excluded().stream().sorted((a, b) -> a.spec().condition().compareTo(b.spec().condition())).toList());
        Table st = v.status();
        assertEquals(6, st.rowCount());
        Table out = st.where(st.stringColumn("measured").isEqualTo("no"));
        assertEquals(2, out.rowCount());
        Table dmg = st.where(st.intColumn("seed").isEqualTo(3));
        assertEquals("failed", dmg.stringColumn("status").get(0));
        assertTrue(dmg.stringColumn("reason").get(0).startsWith("damaged: runs/x/epochs.csv does not match the checksum"), dmg.stringColumn("reason").get(0));
        assertEquals(DAMAGED.spec().id(), dmg.stringColumn("id").get(0));
        Table failed = st.where(st.stringColumn("condition").isEqualTo("RNN-202").and(st.intColumn("seed").isEqualTo(2)));
        assertEquals("failed: java.io.IOException: disk full", failed.stringColumn("reason").get(0));
        assertEquals(3, failed.intColumn("epochs").get(0));
        assertTrue(st.name().contains("4 of 6 measured"), st.name());
        // the per-run table holds the measured runs only; the failed run's N = 30 enters neither means nor maxima
        assertEquals(4, v.perRun().rowCount());
        assertEquals(4.0, v.summary().doubleColumn("max_N").get(1));
        assertEquals(Map.of("parity", 22.0), v.highestMaxN());
    }

    @Test
    void curvesGiveMeanSdAndCountPerEpoch() {
        RunResult shortCb = partial(Condition.cbRnn(), "parity", 4, 2, 3, 4);
        Curves c = Results.of(List.of(CB1, CB2, shortCb)).curves("CB-RNN");
        assertEquals(List.of(1L, 2L, 4L), c.seeds());
        assertEquals(6, c.epochs());
        // epoch 2: {4, 3, 3} -> mean 10/3; epoch 4: {8, 7} (the unfinished run has no epoch 4) -> 7.5, SD sqrt(0.5)
        assertArrayEquals(new int[] {3, 3, 3, 2, 2, 2}, c.n());
        assertEquals(10 / 3.0, c.mean()[1], 1e-12);
        assertEquals(7.5, c.mean()[3], 1e-12);
        assertEquals(Math.sqrt(0.5), c.sd()[3], 1e-12);
        assertArrayEquals(new double[] {2, 3, 5, 7, 9, 11}, c.levels().get(1));
        // one run: the mean is that run, the SD is undefined
        Curves one = Results.of(List.of(RNN1)).curves("RNN-202");
        assertArrayEquals(new double[] {2, 2, 3, 3, 4, 4}, one.mean());
        assertTrue(Double.isNaN(one.sd()[0]));
        // a run that stopped because it solved its target keeps its final N in the band
        RunResult target = new RunResult(spec(Condition.rnn202(), "parity", 5), records(2, 5), TrainingResult.StopReason.TARGET_REACHED, false);
        Curves carried = Results.of(List.of(RNN1, target)).curves("RNN-202");
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2}, carried.n());
        assertEquals(4.5, carried.mean()[5], 1e-12); // {4, 5}
        assertEquals(2, Results.of(all()).curves().size() - 2, "four cells: parity CB-RNN, RNN-202, GRU and dms CB-RNN");
    }

    @TempDir
    Path dir;

    @Test
    void oneTruncatedTableInAStoreLeavesTheOtherRunsMeasured() throws IOException {
        TrainingConfig tiny = TrainingConfig.paper().withStepsPerEpoch(2).withBatchSize(8).withEvalBatches(1).withEvalBatchSize(8).withMaxEpochs(2);
        Condition small = new Condition("small CB-RNN", org.cbrnn.model.ModelConfig.cbRnn().withHiddenSize(6).withGranuleSize(8).withPurkinjeSize(4),
                org.cbrnn.train.PlasticitySchedule.joint());
        RunStore store = RunStore.at(dir);
        List<RunSpec> specs = List.of(RunSpec.of(small, "parity", tiny, 1), RunSpec.of(small, "parity", tiny, 2), RunSpec.of(small, "parity", tiny, 3));
        try (FastEngine e = FastEngine.create(1)) {
            for (RunSpec s : specs) store.run(s, e);
        }
        Path csv = store.dirOf(specs.get(1)).resolve("epochs.csv");
        byte[] b = Files.readAllBytes(csv);
        Files.write(csv, java.util.Arrays.copyOf(b, b.length - 5)); // issue 10.2: cut 5 bytes

        List<RunResult> loaded = store.loadAll();
        assertEquals(3, loaded.size());
        Results v = Results.of(store);
        assertEquals(2, v.measured().size());
        Table st = v.status();
        Table dmg = st.where(st.intColumn("seed").isEqualTo(2));
        assertEquals("no", dmg.stringColumn("measured").get(0));
        assertTrue(dmg.stringColumn("reason").get(0).startsWith("damaged: ") && dmg.stringColumn("reason").get(0).contains("epochs.csv"),
                dmg.stringColumn("reason").get(0));
        // tiny runs stay at N = 2 (t½ against half of 2 is epoch 1): the healthy runs keep their t½
        Table per = v.halfOf(2).perRun();
        assertEquals(List.of(1.0, 1.0), per.doubleColumn("t_half").asList());
        // and so does the older table API: the damaged run no longer turns the global max into NaN
        Map<String, Double> gm = ResultTables.globalMax(loaded);
        assertEquals(2.0, gm.get("parity"));
        Table legacy = ResultTables.perRun(loaded, gm);
        assertEquals(3, legacy.rowCount());
        assertEquals(1, legacy.doubleColumn("t_half").countMissing(), "only the damaged run has no t½");
        assertEquals(1.0, ResultTables.summary(loaded, gm).doubleColumn("t_half").get(0));
    }
}
