package org.cbrnn.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Student's t for real df, the tests against a published mean ± SD, Holm, and the Table-4 view, on known answers. */
class ReferenceTestTest {

    @Test
    void studentTAgreesWithTheClosedFormAtIntegerDfAndKnownValues() {
        for (int df = 1; df <= 30; df++) {
            for (double t : new double[] {0.05, 0.5, 1, 2, 3.5, 8}) {
                assertEquals(1 - PairedStats.centralProbability(df, t), StudentT.twoSidedP(t, df), 1e-11, "df " + df + " t " + t);
            }
        }
        assertEquals(1 - 2 / Math.PI * Math.atan(1.7), StudentT.twoSidedP(1.7, 1), 1e-13);         // Cauchy
        assertEquals(1 - 2.2 / Math.sqrt(2 + 2.2 * 2.2), StudentT.twoSidedP(-2.2, 2), 1e-13);       // df 2, closed form
        assertEquals(0.05, StudentT.twoSidedP(1.959963984540054, 1e9), 1e-7);                        // the normal limit
        assertEquals(1.0, StudentT.twoSidedP(0, 4.3), 1e-15);
        // real df lies between its integer neighbours (heavier tails for fewer df)
        double p7 = StudentT.twoSidedP(2.19, 7), p76 = StudentT.twoSidedP(2.19, 7.6), p8 = StudentT.twoSidedP(2.19, 8);
        assertTrue(p8 < p76 && p76 < p7, p7 + " " + p76 + " " + p8);
        assertEquals(Math.log(Math.sqrt(Math.PI)), StudentT.lnGamma(0.5), 1e-13);
        assertEquals(Math.log(24), StudentT.lnGamma(5), 1e-12);
        assertEquals(0.3, StudentT.regularisedBeta(0.3, 1, 1), 1e-14);                                // I_x(1, 1) = x
        assertEquals(Math.pow(0.4, 3.5), StudentT.regularisedBeta(0.4, 3.5, 1), 1e-13);              // I_x(a, 1) = x^a
        assertEquals(1, StudentT.regularisedBeta(0.37, 2.3, 4.1) + StudentT.regularisedBeta(0.63, 4.1, 2.3), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedP(1, 0));
    }

    @Test
    void welchAndTheOneNetworkTestByHand() {
        // {1, 2, 3}: mean 2, sd 1; reference 0 ± 2 over 8. se² = 1/3 + 4/8 = 5/6, t = 2 / √(5/6) = 2.19089,
        // ν = (5/6)² / ((1/3)²/2 + (1/2)²/7) = 0.694444 / 0.0912698 = 7.60870
        ReferenceTest w = ReferenceTest.of(new double[] {1, 2, 3, Double.NaN}, 0, 2, 8);
        assertEquals("welch", w.method());
        assertEquals(3, w.n());
        assertEquals(1.0, w.sd(), 1e-15);
        assertEquals(2 / Math.sqrt(5.0 / 6), w.t(), 1e-12);
        assertEquals((25.0 / 36) / (1.0 / 18 + 1.0 / 28), w.df(), 1e-12);
        assertEquals(StudentT.twoSidedP(w.t(), w.df()), w.p(), 0);
        // one network: 33 against 31.38 ± 0.52 over 8 (the kit's seed-1 DMS RNN-202): t = 1.62 / (0.52 √1.125), 7 df
        ReferenceTest one = ReferenceTest.of(new double[] {33}, 31.38, 0.52, 8);
        assertEquals("one network", one.method());
        assertEquals(1.62 / (0.52 * Math.sqrt(1.125)), one.t(), 1e-12);
        assertEquals(7, one.df());
        assertEquals(1 - PairedStats.centralProbability(7, one.t()), one.p(), 1e-11);
        // equal means: t = 0, p = 1; no values: NaN
        assertEquals(1.0, ReferenceTest.of(new double[] {18, 19, 19, 19}, 18.75, 0.46, 8).p(), 1e-12);
        assertTrue(Double.isNaN(ReferenceTest.of(new double[] {}, 1, 1, 8).p()));
        assertThrows(IllegalArgumentException.class, () -> ReferenceTest.of(new double[] {1}, 0, 1, 1));
    }

    @Test
    void holmStepsDown() {
        // sorted 0.01 (×3 = 0.03), 0.03 (×2 = 0.06), 0.04 (×1 = 0.04, raised to the running max 0.06)
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, Double.NaN}, ReferenceTest.holm(new double[] {0.01, 0.04, 0.03, Double.NaN}), 1e-15);
        assertArrayEquals(new double[] {1, 1}, ReferenceTest.holm(new double[] {0.6, 0.7}), 1e-15);
    }

    /** A finished run whose level rises by one every {@code every} epochs from 2, for {@code epochs} epochs. */
    static RunResult run(String task, long seed, int every, int epochs) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            recs.add(new EpochRecord(e, 2 + (e - 1) / every, "joint", EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 1.0));
        }
        Condition c = new Condition("CB-RNN", ModelConfig.cbRnn(), PlasticitySchedule.joint());
        return new RunResult(RunSpec.of(c, task, TrainingConfig.paper().withMaxEpochs(epochs), seed), recs, TrainingResult.StopReason.EPOCH_BUDGET, false);
    }

    @Test
    void table4ViewTestsFinishedPaperBudgetRunsOnly() {
        // parity CB-RNN (paper 18.75 ± 0.46): levels +1 every 59 epochs reach 2 + 999/59 = 18 at epoch 1000; every 55: 20
        List<RunResult> runs = List.of(run("parity", 1, 59, 1000), run("parity", 2, 55, 1000), run("parity", 3, 10, 400));
        Table t = VersusPaper.table(runs);
        assertEquals(3, t.rowCount(), "one row per metric of the one condition:\n" + t);
        Table max = t.where(t.stringColumn("metric").isEqualTo("max N"));
        assertEquals(2, max.intColumn("n").get(0), "the 400-epoch run is not at the paper's budget");
        assertEquals("1,2", max.stringColumn("seeds").get(0));
        assertEquals(19.0, max.doubleColumn("mean").get(0), 1e-12);
        assertEquals(18.75, max.doubleColumn("paper_mean").get(0), 1e-12);
        ReferenceTest expect = ReferenceTest.of(new double[] {18, 20}, 18.75, 0.46, PaperReference.NETWORKS);
        assertEquals(Math.round(expect.p() * 1e4) / 1e4, max.doubleColumn("p").get(0), 1e-12);
        // t½ against the paper's global max 19: N ≥ 9.5 means level 10, first at epoch 1 + 8·59 = 473 and 1 + 8·55 = 441
        Table th = t.where(t.stringColumn("metric").isEqualTo("t½"));
        assertEquals(457.0, th.doubleColumn("mean").get(0), 1e-12);
        double[] holm = t.doubleColumn("p_holm").asDoubleArray(), p = t.doubleColumn("p").asDoubleArray();
        for (int i = 0; i < p.length; i++) assertTrue(holm[i] >= p[i] - 1e-4);
        assertEquals(0, VersusPaper.table(List.of(run("parity", 3, 10, 400))).rowCount());
    }
}
