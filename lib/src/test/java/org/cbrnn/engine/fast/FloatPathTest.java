package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cbrnn.engine.StepResult;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.CbInput;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float engines against the double-precision networks, for every architecture at full and small size: vector and
 * scalar kernels and 1 or 2 threads agree to float rounding, and a repeated run is bit-identical.
 */
class FloatPathTest {
    private static final double TOL = 1e-4;
    private static FastEngine vector1, vector2, scalar1;

    @BeforeAll
    static void engines() {
        vector1 = FastEngine.create(1);
        vector2 = FastEngine.create(2);
        scalar1 = FastEngine.scalar(1);
    }

    @AfterAll
    static void close() {
        vector1.close();
        vector2.close();
        scalar1.close();
    }

    static List<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (ModelConfig c : configs()) a.add(Arguments.of(c, false));
        // at initialisation the CB output is ~1e-3, so the GRU rescaling only acts with a strong CB
        ModelConfig gruCb = ModelConfig.gruCb();
        ModelConfig small = Fixtures.tinyGruCb();
        for (ModelConfig c : new ModelConfig[]{gruCb, gruCb.withCbMaxRatio(0.05), small, small.withCbMaxRatio(0.05)}) {
            a.add(Arguments.of(c, true));
        }
        return a;
    }

    static List<ModelConfig> configs() {
        List<ModelConfig> l = new ArrayList<>();
        ModelConfig cb = ModelConfig.cbRnn();
        l.add(cb);
        l.add(cb.withCbInput(CbInput.HIDDEN));
        l.add(cb.withCbInput(CbInput.INPUT));
        l.add(ModelConfig.matchedElman(cb));
        l.add(ModelConfig.readoutCerebellum());
        l.add(ModelConfig.auxControl());
        l.add(ModelConfig.auxControl().withCbInput(CbInput.HIDDEN));
        l.add(ModelConfig.gru(128));
        l.add(ModelConfig.gruCb());
        l.add(ModelConfig.gruCb().withCbMaxRatio(0.05));
        l.add(ModelConfig.gruCb().withCbMaxRatio(0));
        l.addAll(GradientFiniteDifferenceTest.smallConfigs());
        return l;
    }

    private static Batch batchFor(ModelConfig c) {
        if (c.inputSize() == 1 && c.numClasses() == 2) return TaskRegistry.of("parity").sample(5, 16, new Rng(1));
        return GradientCheck.randomBatch(c, 9, 16, 1);
    }

    private static float[][] zerosLike(Model m) {
        float[][] p = m.parameters().arrays();
        float[][] g = new float[p.length][];
        for (int i = 0; i < p.length; i++) g[i] = new float[p[i].length];
        return g;
    }

    @ParameterizedTest(name = "{0}, strong CB {1}")
    @MethodSource("cases")
    void floatEnginesAgreeWithDoubleAndAreDeterministic(ModelConfig c, boolean strongCb) {
        Model m = Model.create(c, 7);
        if (strongCb) {
            // ||c|| ~ sqrt(H) * 0.5 exceeds ratio * ||n_pre|| on most rows
            float[] bias = m.parameters().get("dcn.bias");
            Rng r = new Rng(3);
            for (int i = 0; i < bias.length; i++) bias[i] = (float) (0.5 * (2 * r.nextDouble() - 1));
        }
        Batch batch = batchFor(c);
        float[] h0 = m.initialState(batch.batchSize(), new Rng(2));
        EnumSet<Module> all = EnumSet.allOf(Module.class);

        float[][] gv = zerosLike(m), gv2 = zerosLike(m), gs = zerosLike(m), gt = zerosLike(m);
        StepResult rv = vector1.gradients(m, batch, h0, all, gv);
        StepResult rv2 = vector1.gradients(m, batch, h0, all, gv2);
        StepResult rs = scalar1.gradients(m, batch, h0, all, gs);
        StepResult rt = vector2.gradients(m, batch, h0, all, gt);

        double[][] p = m.parameters().toDouble();
        double[] h0d = GradientCheck.toDouble(h0);
        boolean[] tr = new boolean[p.length];
        java.util.Arrays.fill(tr, true);
        double[][] gd = GradientCheck.analytic(c, p, batch, h0d, tr, 1);
        double lossD = GradientCheck.loss(c, p, batch, h0d, true);

        // repeated run: bit-identical
        assertEquals(rv.loss(), rv2.loss(), 0.0, "repeated loss");
        for (int i = 0; i < gv.length; i++) assertArrayEquals(gv[i], gv2[i], "repeated " + name(m, i));

        for (StepResult r : new StepResult[]{rv, rs, rt}) {
            assertTrue(Math.abs(r.loss() - lossD) <= TOL * Math.max(1, Math.abs(lossD)), "loss " + r.loss() + " vs double " + lossD);
        }
        for (int i = 0; i < gd.length; i++) {
            double ev = GradientCheck.relativeError(GradientCheck.toDouble(gv[i]), gd[i]);
            double es = GradientCheck.relativeError(GradientCheck.toDouble(gs[i]), gd[i]);
            double et = GradientCheck.relativeError(GradientCheck.toDouble(gt[i]), GradientCheck.toDouble(gv[i]));
            assertTrue(ev < TOL, name(m, i) + " vector vs double " + ev);
            assertTrue(es < TOL, name(m, i) + " scalar vs double " + es);
            assertTrue(et < TOL, name(m, i) + " 2 threads vs 1 thread " + et);
        }

        // forward only, with and without the cerebellar output
        for (boolean cbOn : new boolean[]{true, false}) {
            double ld = GradientCheck.loss(c, p, batch, h0d, cbOn);
            for (FastEngine e : new FastEngine[]{vector1, scalar1, vector2}) {
                double lf = e.evaluate(m, batch, h0, cbOn).loss();
                assertTrue(Math.abs(lf - ld) <= TOL * Math.max(1, Math.abs(ld)), e.name() + " evaluate(cb=" + cbOn + ") " + lf + " vs " + ld);
            }
        }
        assertEquals(rv.loss(), vector1.evaluate(m, batch, h0).loss(), 0.0, "evaluate vs gradients loss");
    }

    private static String name(Model m, int i) {
        return m.parameters().spec(i).name();
    }
}
