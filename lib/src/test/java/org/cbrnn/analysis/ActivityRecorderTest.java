package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class ActivityRecorderTest {

    /** A tiny CB-RNN whose cerebellum matters: DCN weights scaled up so c_t is of order 1. */
    static Model strongCb(long seed) {
        Model m = Model.create(Fixtures.tinyCbRnn(), seed);
        for (String n : new String[]{"gc.weight", "pc.weight", "dcn.weight"}) {
            float[] w = m.parameters().get(n);
            for (int i = 0; i < w.length; i++) w[i] *= n.equals("gc.weight") ? 100 : 10;
        }
        float[] b = m.parameters().get("dcn.bias");
        for (int i = 0; i < b.length; i++) b[i] = i % 2 == 0 ? 0.5f : -0.5f;
        return m;
    }

    @Test
    void perSequenceLossesAndPredictionsMatchTheFastEngine() {
        Task task = TaskRegistry.of("parity");
        for (Model m : new Model[]{strongCb(3), Model.create(ModelConfig.elman(6), 4),
                Model.create(Fixtures.tinyCbRnn().withCbInput(ModelConfig.CbInput.INPUT), 5)}) {
            ActivityRecorder rec = new ActivityRecorder(m);
            Rng rng = new Rng(7);
            Batch batch = task.sample(4, 12, rng);
            float[] h0 = m.initialState(12, rng);
            try (FastEngine e = FastEngine.create(1)) {
                for (boolean on : new boolean[]{true, false}) {
                    var r = rec.record(batch, h0, on);
                    assertEquals(e.evaluate(m, batch, h0, on).loss(), r.loss(), 1e-5, m.config().label());
                    assertEquals(e.evaluate(m, batch, h0, on).correct(), r.correct());
                    // per sequence: for two classes the loss fixes the logit difference, so this checks every logit pair
                    for (int b = 0; b < 12; b++) {
                        float[] x = batch.sequence(b);
                        Batch one = new Batch(x, new int[]{batch.labels()[b]}, batch.steps(), 1, 1, batch.level(), 2);
                        float[] h1 = java.util.Arrays.copyOfRange(h0, b * m.config().hiddenSize(), (b + 1) * m.config().hiddenSize());
                        double l = rec.record(one, h1, on).loss();
                        assertEquals(e.evaluate(m, one, h1, on).loss(), l, 1e-5);
                        double[] lg = java.util.Arrays.copyOfRange(r.logits(), 2 * b, 2 * b + 2);
                        int y = batch.labels()[b];
                        double mx = Math.max(lg[0], lg[1]);
                        assertEquals(Math.log(Math.exp(lg[0] - mx) + Math.exp(lg[1] - mx)) + mx - lg[y], l, 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void tracesFollowTheModelEquations() {
        Model m = strongCb(11);
        ActivityRecorder rec = new ActivityRecorder(m);
        Rng rng = new Rng(2);
        Batch batch = TaskRegistry.of("dms").sample(3, 4, rng);
        float[] h0 = m.initialState(4, rng);
        var r = rec.record(batch, h0, true);
        int H = 5, T = batch.steps();
        var hid = r.trace(Population.HIDDEN);
        var c = r.trace(Population.CB_OUTPUT);
        assertEquals(T, hid.steps());
        assertEquals(7, r.trace(Population.GRANULE).width());
        assertEquals(4, r.trace(Population.PURKINJE).width());
        // h_1 of sequence 0 by hand from h_0, x_1 and the recorded c_1
        var p = m.parameters();
        double alpha = 1 / 1.5;
        for (int i = 0; i < H; i++) {
            double z = p.get("inp.bias")[i] + p.get("hh.bias")[i] + p.get("inp.weight")[i] * batch.input(0, 0, 0) + c.get(0, 0, i);
            for (int j = 0; j < H; j++) z += p.get("hh.weight")[i * H + j] * h0[j];
            double want = (1 - alpha) * h0[i] + alpha * (z > 0 ? z : 0.01 * z);
            assertEquals(want, hid.get(0, 0, i), 1e-6);
        }
        // the CB output is W_dcn p + b_dcn of the recorded PC activity
        for (int i = 0; i < H; i++) {
            double s = p.get("dcn.bias")[i];
            for (int j = 0; j < 4; j++) s += p.get("dcn.weight")[i * 4 + j] * r.trace(Population.PURKINJE).get(T - 1, 3, j);
            assertEquals(s, c.get(T - 1, 3, i), 1e-6);
        }
        assertArrayEquals(r.logits(), rec.logits(r.finalHidden(), 4), 1e-12);
        // ablated: c_t = 0 everywhere
        var off = rec.record(batch, h0, false);
        for (double v : off.trace(Population.CB_OUTPUT).values()) assertEquals(0.0, v);
        assertTrue(off.loss() != r.loss());
    }

    @Test
    void plainRnnHasOnlyHiddenAndUnsupportedModelsAreRefused() {
        var r = new ActivityRecorder(Model.create(ModelConfig.elman(4), 1));
        assertEquals(0, r.width(Population.GRANULE));
        Rng rng = new Rng(1);
        Batch b = TaskRegistry.of("parity").sample(2, 3, rng);
        var rec = r.record(b, new float[12], true);
        assertThrows(IllegalArgumentException.class, () -> rec.trace(Population.GRANULE));
        assertThrows(IllegalArgumentException.class, () -> new ActivityRecorder(Model.create(Fixtures.tinyGruCb(), 1)));
        assertThrows(IllegalArgumentException.class, () -> new ActivityRecorder(Model.create(Fixtures.tinyAuxControl(), 1)));
    }
}
