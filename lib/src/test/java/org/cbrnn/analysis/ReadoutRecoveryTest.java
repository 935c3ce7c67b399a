package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class ReadoutRecoveryTest {
    private static final Task PARITY = TaskRegistry.of("parity");

    /**
     * A hand-set CB-RNN that solves 1-parity (label = last bit) with its core alone and a silent cerebellum: unit 0
     * gets 10·x_t, so h_T ≥ 6.67 when x_T = 1 and ≤ 3.34 when x_T = 0; the readout thresholds unit 0 at 5
     * ({@code sign} = +1) or, with {@code sign} = −1, at the wrong side.
     */
    static Model coreSolver(double sign, float scale) {
        Model m = Model.create(Fixtures.tinyCbRnn(), 1);
        var p = m.parameters();
        for (String n : new String[]{"inp.weight", "inp.bias", "hh.weight", "hh.bias", "dcn.weight", "dcn.bias", "head.weight", "head.bias"}) {
            Arrays.fill(p.get(n), 0f);
        }
        p.get("inp.weight")[0] = 10f;
        p.get("head.weight")[0] = (float) (-sign * scale);     // row 0, unit 0
        p.get("head.weight")[5] = (float) (sign * scale);      // row 1, unit 0
        p.get("head.bias")[0] = (float) (sign * 5 * scale);
        p.get("head.bias")[1] = (float) (-sign * 5 * scale);
        return m;
    }

    @Test
    void removingTheOutputLayerIsTheEnginesAblation() {
        Model m = ActivityRecorderTest.strongCb(8);
        Model off = ReadoutRecovery.withoutCerebellumOutput(m);
        Rng rng = new Rng(4);
        var b = PARITY.sample(3, 16, rng);
        float[] h0 = m.initialState(16, rng);
        try (FastEngine e = FastEngine.create(1)) {
            assertEquals(e.evaluate(m, b, h0, false).loss(), e.evaluate(off, b, h0, true).loss(), 0.0);
            assertTrue(e.evaluate(m, b, h0, true).loss() != e.evaluate(off, b, h0, true).loss());
        }
        assertEquals(m.parameters().get("dcn.bias")[0], 0.5f, "the model passed in is not modified");
        Model aux = Model.create(Fixtures.tinyAuxControl(), 2);
        assertTrue(ReadoutRecovery.withoutCerebellumOutput(aux).parameters().get("aux.out.weight")[3] == 0f);
        assertThrows(IllegalArgumentException.class, () -> ReadoutRecovery.withoutCerebellumOutput(Model.create(ModelConfig.elman(4), 1)));
    }

    @Test
    void aCerebellumNeverUsedLeavesNothingToRecover() {
        try (FastEngine e = FastEngine.create(1)) {
            var p = ReadoutRecovery.at(coreSolver(1, 1), PARITY, e, 1, new ReadoutRecovery.Settings(100, 64, 10, 0.01, 0.1), 3);
            assertEquals(100.0, p.intact());
            assertEquals(p.intact(), p.zeroShot());
            assertEquals(100.0, p.retrained());
            assertEquals(0.0, p.recoveryGap());
        }
    }

    @Test
    void withoutLearningTheRetrainedReadoutIsTheZeroShotOne() {
        try (FastEngine e = FastEngine.create(1)) {
            var pts = ReadoutRecovery.acrossLevels(Map.of(2, ActivityRecorderTest.strongCb(5), 3, ActivityRecorderTest.strongCb(6)), PARITY, e,
                    new ReadoutRecovery.Settings(5, 16, 3, 0.0, 0.1), 1);
            assertEquals(2, pts.size());
            for (var p : pts) assertEquals(p.zeroShot(), p.retrained());
            assertEquals(2, ReadoutRecovery.table(pts).rowCount());
            // two networks at level 1, one at 2: mean and SEM over those that solved the level
            var s = ReadoutRecovery.acrossNetworks(java.util.List.of(Map.of(1, coreSolver(1, 1)), Map.of(1, coreSolver(-1, 1), 2, coreSolver(1, 1))),
                    PARITY, e, new ReadoutRecovery.Settings(2, 16, 2, 0.0, 0.1), 1);
            assertEquals(2, s.size());
            assertEquals(2, s.get(0).networks());
            assertEquals(50.0, s.get(0).meanIntact(), 1e-9); // at N = 1 one network is always right, the other always wrong
            assertEquals(50.0, s.get(0).semIntact(), 1e-9);   // SD of {100, 0} is 70.7, SEM 50
            assertTrue(Double.isNaN(s.get(1).semGap()));
            assertEquals(10, ReadoutRecovery.summaryTable(s).columnCount());
        }
    }

    @Test
    void aWrongReadoutIsRetrainedFromTheCoreState() {
        try (FastEngine e = FastEngine.create(1)) {
            var p = ReadoutRecovery.at(coreSolver(-1, 0.1f), PARITY, e, 1, new ReadoutRecovery.Settings(300, 64, 10, 0.05, 0.1), 3);
            assertEquals(0.0, p.intact());
            assertEquals(0.0, p.zeroShot());
            assertTrue(p.retrained() >= 95, "the core state holds the answer; a new readout finds it: " + p.retrained());
        }
    }
}
