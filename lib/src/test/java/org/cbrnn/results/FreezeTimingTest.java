package org.cbrnn.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.results.FreezeTiming.Measure;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Freeze timing on hand-made runs whose paired differences are worked out in the comments. Budget 10 epochs; the
 * joint runs have 12 (cut to 10), as the 1000-epoch joint runs are cut to the branches' 500.
 */
class FreezeTimingTest {
    static final int BUDGET = 10;
    //                                 epoch: 1  2  3  4  5  6  7  8  9 10 11 12
    static final int[] JOINT = {2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7};

    /** A run of {@code schedule} with levels {@code levels}; epochs before {@code firstFrozen} have phase {@code before}. */
    static RunResult run(String schedule, long seed, int[] levels, int firstFrozen, String before, int maxEpochs) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            int epoch = i + 1;
            String phase = firstFrozen > 0 && epoch >= firstFrozen ? "frozen" : before;
            recs.add(new EpochRecord(epoch, levels[i], phase, EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 3.0));
        }
        Condition c = new Condition("CB-RNN", ModelConfig.cbRnn(), PlasticitySchedule.parse(schedule));
        RunSpec spec = RunSpec.of(c, "parity", TrainingConfig.paper().withMaxEpochs(maxEpochs), seed);
        boolean finished = levels.length >= maxEpochs;
        return new RunResult(spec, recs, finished ? TrainingResult.StopReason.EPOCH_BUDGET : TrainingResult.StopReason.INTERRUPTED, false);
    }

    static RunResult joint(long seed) {
        return run("joint", seed, JOINT, 0, "joint", 12);
    }

    /** A branch frozen after 4 epochs (freeze epoch 5): epochs 1-4 as joint, then {@code after} for epochs 5-10. */
    static RunResult branchE4(long seed, int... after) {
        int[] lv = new int[BUDGET];
        System.arraycopy(JOINT, 0, lv, 0, 4);
        System.arraycopy(after, 0, lv, 4, 6);
        return run("freeze-E4", seed, lv, 5, "joint", BUDGET);
    }

    /*
     * Joint over the window, epochs 5-10: N = 4 4 5 5 6 6, AUC (trapezoid) 4 + 4.5 + 5 + 5.5 + 6 = 25; N >= 6 first at
     * epoch 9, 4 epochs after the freeze epoch 5; N at epoch 10: 6 (epoch 12's 7 is beyond the budget).
     */
    static List<RunResult> fourSeeds() {
        List<RunResult> runs = new ArrayList<>();
        for (long s = 1; s <= 4; s++) runs.add(joint(s));
        runs.add(branchE4(1, 4, 4, 5, 5, 5, 6)); // AUC 4 + 4.5 + 5 + 5 + 5.5 = 24 (d -1); N >= 6 at epoch 10: 5 epochs (d +1)
        runs.add(branchE4(2, 4, 4, 4, 5, 5, 6)); // AUC 4 + 4 + 4.5 + 5 + 5.5 = 23 (d -2); d epochs +1
        runs.add(branchE4(3, 4, 4, 4, 4, 5, 6)); // AUC 4 + 4 + 4 + 4.5 + 5.5 = 22 (d -3); d epochs +1
        runs.add(branchE4(4, 4, 4, 4, 4, 4, 6)); // AUC 4 + 4 + 4 + 4 + 5 = 21 (d -4); d epochs +1
        return runs;                             // max N at epoch 10: 6 for all: d 0
    }

    @Test
    void pairedDifferencesCiAndPermutationByHand() {
        FreezeTiming ft = FreezeTiming.builder(fourSeeds()).budget(BUDGET).target(FreezeTiming.Target.level(6)).build();
        assertEquals(List.of("freeze-E4"), ft.conditions("parity"));

        FreezeTiming.Comparison auc = ft.comparison("parity", "freeze-E4", Measure.AUC);
        assertArrayEquals(new double[] {-1, -2, -3, -4}, auc.differences(), 1e-12);
        assertEquals(List.of(1L, 2L, 3L, 4L), auc.seeds());
        // mean -2.5, SD 1.291, t(3) = 3.182 -> CI -2.5 ± 2.054; exact sign-flip p = 2/16
        assertEquals(-2.5, auc.stats().mean(), 1e-12);
        assertEquals(1.2910, auc.stats().sd(), 1e-4);
        assertEquals(-4.5543, auc.stats().low(), 1e-4);
        assertEquals(-0.4457, auc.stats().high(), 1e-4);
        assertEquals(0.125, auc.stats().pSignFlip(), 1e-12);
        assertEquals("costs", auc.verdict());
        assertEquals(5, auc.freezeEpoch(), 1e-12);

        // every seed one epoch slower: SD 0, CI [1, 1] above zero -> costs (positive = slower)
        FreezeTiming.Comparison tt = ft.comparison("parity", "freeze-E4", Measure.EPOCHS_TO_TARGET);
        assertArrayEquals(new double[] {1, 1, 1, 1}, tt.differences(), 1e-12);
        assertEquals(1, tt.stats().low(), 1e-12);
        assertEquals("costs", tt.verdict());
        assertEquals(0, tt.censored());

        // the same N at the budget: CI [0, 0] contains zero; every assignment reaches |0|: p = 1
        FreezeTiming.Comparison max = ft.comparison("parity", "freeze-E4", Measure.MAX_N);
        assertArrayEquals(new double[] {0, 0, 0, 0}, max.differences(), 1e-12);
        assertEquals(1.0, max.stats().pSignFlip(), 1e-12);
        assertEquals("no detectable cost", max.verdict());

        Table pairs = ft.pairs();
        assertEquals(4, pairs.rowCount());
        assertEquals(5, pairs.intColumn("freeze_epoch").getInt(0));
        assertEquals(5, pairs.intColumn("from_epoch").getInt(0));
        assertEquals(4, pairs.intColumn("N_at_freeze").getInt(0));
        assertEquals("yes", pairs.stringColumn("prefix_identical").get(0));
        assertEquals(25.0, pairs.doubleColumn("AUC_base").getDouble(0));
        assertEquals(24.0, pairs.doubleColumn("AUC").getDouble(0));
        assertEquals(4, pairs.intColumn("to_target_base").getInt(0));
        assertEquals(5, pairs.intColumn("to_target").getInt(0));
        assertEquals(6, pairs.intColumn("max_N_base").getInt(0)); // cut at 10, not epoch 12's 7

        Table summary = ft.summary();
        assertEquals(3, summary.rowCount());
        assertEquals(-2.5, summary.doubleColumn("mean").getDouble(0));
        assertEquals(-4.6, summary.doubleColumn("ci_low").getDouble(0)); // rounded to 0.1
        assertEquals(-0.4, summary.doubleColumn("ci_high").getDouble(0));
        assertEquals("costs", summary.stringColumn("verdict").get(0));
        assertTrue(summary.name().contains("3 comparisons"), summary.name());
        assertTrue(summary.name().contains("N >= 6"), summary.name());
        Table v = ft.verdicts();
        assertEquals(1, v.rowCount());
        assertEquals("-2.5 [-4.6, -0.4]", v.stringColumn("AUC after freeze (level \u00d7 epochs)").get(0));
    }

    @Test
    void censoringMissingBaselineSeedNeverFrozenAndReservoir() {
        List<RunResult> runs = new ArrayList<>();
        runs.add(joint(1));
        runs.add(joint(2));
        runs.add(run("joint", 3, new int[] {2, 2, 3}, 0, "joint", 12)); // too short for the budget: no partner for seed 3
        // freeze-E4: seed 1 never gets to 6 (censored), seed 2 reaches it as joint does, seed 3 has no usable baseline
        runs.add(branchE4(1, 4, 4, 5, 5, 5, 5));
        runs.add(branchE4(2, 4, 4, 5, 5, 6, 6));
        runs.add(branchE4(3, 4, 4, 5, 5, 6, 6));
        // freeze-L9 never reaches level 9 in 10 epochs: still joint, identical to joint by construction
        runs.add(run("freeze-L9", 1, java.util.Arrays.copyOf(JOINT, BUDGET), 0, "joint", BUDGET));
        // the full reservoir: warm-up (core + readout) from epoch 1, frozen from epoch 3; compared from epoch 1
        runs.add(run("full-reservoir", 1, new int[] {2, 3, 3, 3, 3, 4, 4, 4, 4, 5}, 3, "warmup", BUDGET));
        runs.add(run("full-reservoir", 2, new int[] {2, 3, 3, 3, 4, 4, 4, 4, 5, 5}, 3, "warmup", BUDGET));

        // default target: the seed's joint N at the budget (6)
        FreezeTiming ft = FreezeTiming.builder(runs).budget(BUDGET).sharedPrefix(spec -> spec.schedule().label().equals("freeze-E4") ? 4 : 0).build();
        assertEquals(List.of("full-reservoir", "freeze-E4"), ft.conditions("parity")); // freeze epochs 3 and 5

        // seed 1 censored: window epochs 5-10 (6 epochs), so it enters with 10 - 5 + 1 = 6 epochs vs joint's 4: d >= +2;
        // seed 2 reaches N = 6 at epoch 9, as joint: d 0
        FreezeTiming.Comparison tt = ft.comparison("parity", "freeze-E4", Measure.EPOCHS_TO_TARGET);
        assertEquals(List.of(1L, 2L), tt.seeds());
        assertArrayEquals(new double[] {2, 0}, tt.differences(), 1e-12);
        assertEquals(1, tt.censored());
        // mean 1, SD sqrt(2), t(1) = 12.706: CI 1 ± 12.706 = [-11.706, 13.706]
        assertEquals(-11.706, tt.stats().low(), 1e-3);
        assertEquals("too few seeds", tt.verdict()); // n = 2 < 3
        Table pairs = ft.pairs();
        Table e4 = pairs.where(pairs.stringColumn("condition").isEqualTo("freeze-E4"));
        assertEquals("yes", e4.stringColumn("censored").get(0));
        assertEquals(6, e4.intColumn("to_target").getInt(0));
        assertEquals("no", e4.stringColumn("censored").get(1));

        // the reservoir from epoch 1: joint AUC over epochs 1-10 = 2+2.5+3+3.5+4+4.5+5+5.5+6 = 36;
        // seed 1: 2.5+3+3+3+3.5+4+4+4+4.5 = 31.5 (d -4.5); seed 2: 2.5+3+3+3.5+4+4+4+4.5+5 = 33.5 (d -2.5)
        FreezeTiming.Comparison res = ft.comparison("parity", "full-reservoir", Measure.AUC);
        assertArrayEquals(new double[] {-4.5, -2.5}, res.differences(), 1e-12);
        Table r = pairs.where(pairs.stringColumn("condition").isEqualTo("full-reservoir"));
        assertEquals(3, r.intColumn("freeze_epoch").getInt(0));
        assertEquals(1, r.intColumn("from_epoch").getInt(0));
        assertEquals("yes", r.stringColumn("prefix_identical").get(0)); // compared from epoch 1: no prefix to differ in
        // max N: 5 vs 6 for both seeds: SD 0, a zero-width CI [-1, -1], but two seeds get no verdict
        FreezeTiming.Comparison rmax = ft.comparison("parity", "full-reservoir", Measure.MAX_N);
        assertEquals(-1, rmax.stats().high(), 1e-12);
        assertEquals("too few seeds", rmax.verdict());

        // why runs are left out
        Table status = ft.status();
        assertEquals("no", value(status, "freeze-E4", 3, "measured"));
        assertTrue(value(status, "freeze-E4", 3, "reason").startsWith("no joint run of seed 3"), value(status, "freeze-E4", 3, "reason"));
        assertTrue(value(status, "freeze-L9", 1, "reason").startsWith("never frozen"));
        assertTrue(value(status, "joint", 3, "reason").contains("has 3 of the 10 epochs"));
        assertEquals("yes", value(status, "freeze-E4", 1, "measured"));

        // compute saved: 2 freeze-E4 pairs took 4 epochs each from the joint runs and computed 6 each
        Table design = ft.design();
        Table d = design.where(design.stringColumn("condition").isEqualTo("freeze-E4"));
        assertEquals("1,2", d.stringColumn("seeds").get(0));
        assertEquals(8, d.intColumn("shared_epochs").getInt(0));
        assertEquals(12, d.intColumn("computed_epochs").getInt(0));
        assertEquals(40.0, d.doubleColumn("saved_percent").getDouble(0));
        assertEquals("freeze", d.stringColumn("from_epoch").get(0));
        assertEquals("1", design.where(design.stringColumn("condition").isEqualTo("full-reservoir")).stringColumn("from_epoch").get(0));
        assertArrayEquals(new int[] {8, 12 + 20}, ft.sharedAndComputed());
    }

    @Test
    void fixedTargetBothCensoredLeavesThePairOut() {
        List<RunResult> runs = new ArrayList<>(List.of(joint(1), joint(2)));
        runs.add(branchE4(1, 4, 4, 5, 5, 5, 5));
        runs.add(branchE4(2, 4, 4, 5, 5, 5, 6));
        // target 7: joint reaches it only at epoch 11, beyond the budget: both censored, no difference
        FreezeTiming ft = FreezeTiming.builder(runs).budget(BUDGET).target("parity", FreezeTiming.Target.level(7)).build();
        FreezeTiming.Comparison tt = ft.comparison("parity", "freeze-E4", Measure.EPOCHS_TO_TARGET);
        assertEquals(0, tt.stats().n());
        assertEquals("too few seeds", tt.verdict());
        assertEquals(2, tt.censored());
        assertEquals("both", ft.pairs().stringColumn("censored").get(0));
    }

    @Test
    void singleSeedIsNotTestedAndBudgetIsRequired() {
        FreezeTiming ft = FreezeTiming.builder(List.of(joint(1), branchE4(1, 4, 4, 4, 4, 4, 4))).budget(BUDGET).build();
        FreezeTiming.Comparison c = ft.comparison("parity", "freeze-E4", Measure.MAX_N);
        assertEquals(-2, c.stats().mean());
        assertEquals("too few seeds", c.verdict());
        assertEquals("-2.0 (one seed)", ft.verdicts().stringColumn("max N at budget (levels)").get(0));
        assertThrows(IllegalStateException.class, () -> FreezeTiming.builder(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> ft.comparison("parity", "freeze-L4", Measure.AUC));
        assertFalse(ft.toString().isEmpty());

        // a "branch" whose epoch 2 differs from joint's is not a branch of it: measured, but flagged
        int[] lv = {2, 3, 3, 3, 4, 4, 5, 5, 6, 6};
        FreezeTiming odd = FreezeTiming.builder(List.of(joint(1), run("freeze-E4", 1, lv, 5, "joint", BUDGET))).budget(BUDGET).build();
        assertEquals("no", odd.pairs().stringColumn("prefix_identical").get(0));
    }

    private static String value(Table status, String condition, int seed, String column) {
        Table t = status.where(status.stringColumn("condition").isEqualTo(condition).and(status.intColumn("seed").isEqualTo(seed)));
        assertEquals(1, t.rowCount(), condition + " seed " + seed + " in\n" + status);
        return t.stringColumn(column).get(0);
    }

    @Test
    void familyWiseVerdictsWidenTheIntervalsByBonferroni() {
        List<RunResult> runs = fourSeeds();
        // a second condition with the same differences (frozen from epoch 5 too, under another label): k = 2
        int[][] after = {{4, 4, 5, 5, 5, 6}, {4, 4, 4, 5, 5, 6}, {4, 4, 4, 4, 5, 6}, {4, 4, 4, 4, 4, 6}};
        for (int s = 1; s <= 4; s++) {
            int[] lv = new int[BUDGET];
            System.arraycopy(JOINT, 0, lv, 0, 4);
            System.arraycopy(after[s - 1], 0, lv, 4, 6);
            runs.add(run("freeze-L4", s, lv, 5, "joint", BUDGET));
        }
        FreezeTiming ft = FreezeTiming.builder(runs).budget(BUDGET).target(FreezeTiming.Target.level(6)).build();
        // AUC differences -1, -2, -3, -4: mean -2.5, sd sqrt(5/3), se 0.6455. Unadjusted 95 %: t(0.975, 3) = 3.1824,
        // [-4.55, -0.45], "costs". Bonferroni over k = 2: level 0.975, t(0.9875, 3) = 4.1765, [-5.20, 0.20]: contains 0.
        assertEquals("costs", ft.comparison("parity", "freeze-L4", Measure.AUC).verdict());
        Table fw = ft.familyWise();
        Table auc = fw.where(fw.stringColumn("measure").isEqualTo(Measure.AUC.title()));
        assertEquals(2, auc.rowCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(2, auc.intColumn("k").get(i));
            assertEquals(0.975, auc.doubleColumn("level").get(i), 1e-12);
            assertEquals(-2.5, auc.doubleColumn("mean").get(i), 1e-12);
            assertEquals(-5.2, auc.doubleColumn("ci_low").get(i), 1e-12);
            assertEquals(0.2, auc.doubleColumn("ci_high").get(i), 1e-12);
            assertEquals("no detectable cost", auc.stringColumn("verdict").get(i));
        }
        // one condition alone: k = 1, the family-wise interval is the unadjusted one
        Table one = FreezeTiming.builder(fourSeeds()).budget(BUDGET).target(FreezeTiming.Target.level(6)).build().familyWise();
        Table a1 = one.where(one.stringColumn("measure").isEqualTo(Measure.AUC.title()));
        assertEquals(1, a1.intColumn("k").get(0));
        assertEquals(-4.6, a1.doubleColumn("ci_low").get(0), 1e-12);
        assertEquals("costs", a1.stringColumn("verdict").get(0));
    }
}
