package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.MultiHeadResult;
import org.cbrnn.engine.StepResult;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-head models (K = 2 and 5) in the hand-written BPTT: gradients of the summed loss of the active heads against
 * central finite differences in double, for every architecture, with all heads or a subset active and with a module
 * frozen; the loss is the sum of the heads' losses; the float engine runs them and leaves inactive heads untouched.
 */
class MultiHeadGradientTest {

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (ModelConfig c : GradientCheck.multiHeadConfigs()) {
            for (boolean[] active : GradientCheck.activeSets(c.numHeads())) {
                a.add(Arguments.of(c, Arrays.toString(active), active, EnumSet.allOf(Module.class)));
                if (c.hasCerebellum()) {
                    a.add(Arguments.of(c, Arrays.toString(active), active, EnumSet.of(Module.CEREBELLUM, Module.READOUT)));
                    a.add(Arguments.of(c, Arrays.toString(active), active, EnumSet.of(Module.CORE, Module.READOUT)));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} heads {1} learning {3}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(ModelConfig c, String name, boolean[] active, Set<Module> learning) {
        double[][] p = GradientCheck.randomParams(c, 11, 0.6);
        MultiHeadBatch batch = GradientCheck.randomHeadBatch(c, 6, 3, 12, active);
        double[] h0 = GradientCheck.randomState(c, 3, 13);
        List<ParamSpec> specs = c.parameterSpecs();
        boolean[] tr = new boolean[specs.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = learning.contains(specs.get(i).module());
        double[][] g = GradientCheck.analytic(c, p, batch, h0, tr, 1);
        double[][] g2 = GradientCheck.analytic(c, p, batch, h0, tr, 2);
        for (int i = 0; i < specs.size(); i++) {
            int head = c.headOf(specs.get(i).name());
            if (!tr[i] || (head >= 0 && !active[head])) {
                for (double v : g[i]) assertEquals(0.0, v, "frozen or inactive " + specs.get(i).name() + " must get no gradient");
                continue;
            }
            double[] num = GradientFiniteDifferenceTest.detachedNorm(c) ? numericDetachedNorm(c, p, batch, h0, i, 1e-6)
                    : GradientCheck.numeric(c, p, batch, h0, i, 1e-6);
            double err = GradientCheck.relativeError(g[i], num);
            assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
            assertTrue(GradientCheck.relativeError(g[i], g2[i]) < 1e-12, specs.get(i).name() + " differs between 1 and 2 slices");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void theLossAndGradientsAreSumsOverTheActiveHeads(ModelConfig c) {
        double[][] p = GradientCheck.randomParams(c, 21, 0.6);
        boolean[] all = new boolean[c.numHeads()];
        Arrays.fill(all, true);
        MultiHeadBatch batch = GradientCheck.randomHeadBatch(c, 7, 4, 22, all);
        double[] h0 = GradientCheck.randomState(c, 4, 23);
        boolean[] tr = new boolean[p.length];
        Arrays.fill(tr, true);
        double total = GradientCheck.loss(c, p, batch, h0, true);
        double[][] g = GradientCheck.analytic(c, p, batch, h0, tr, 1);
        double sum = 0;
        double[][] gs = new double[p.length][];
        for (int i = 0; i < p.length; i++) gs[i] = new double[p[i].length];
        for (int k = 0; k < c.numHeads(); k++) {
            int[][] one = new int[c.numHeads()][];
            one[k] = batch.labels()[k];
            MultiHeadBatch alone = new MultiHeadBatch(batch.inputs(), one);
            sum += GradientCheck.loss(c, p, alone, h0, true);
            double[][] gk = GradientCheck.analytic(c, p, alone, h0, tr, 1);
            for (int i = 0; i < p.length; i++) for (int j = 0; j < gk[i].length; j++) gs[i][j] += gk[i][j];
        }
        assertEquals(sum, total, 1e-12 * Math.abs(sum));
        for (int i = 0; i < p.length; i++) {
            assertTrue(GradientCheck.relativeError(g[i], gs[i]) < 1e-12, c.parameterSpecs().get(i).name());
        }
    }

    /**
     * Central differences of the GRU's detached-norm surrogate (as in {@link GradientFiniteDifferenceTest}): ||n_pre||
     * of every step and sequence frozen at its unperturbed value.
     */
    static double[] numericDetachedNorm(ModelConfig c, double[][] p, MultiHeadBatch batch, double[] h0, int i, double eps) {
        Batch in = batch.inputs();
        double[] x = GradientCheck.toDouble(in.inputs());
        int B = in.batchSize(), T = in.steps();
        GruNetwork<double[]> ref = new GruNetwork<>(c, DoubleOps.INSTANCE);
        ref.run(p, ref.prepare(p), x, batch.labels(), h0, T, B, 0, B, null, new boolean[p.length], true);
        GruNetwork<double[]> net = new GruNetwork<>(c, DoubleOps.INSTANCE);
        net.frozenReferenceNorms = ref.referenceNorms().clone();
        double[] g = new double[p[i].length];
        for (int j = 0; j < g.length; j++) {
            double keep = p[i][j];
            p[i][j] = keep + eps;
            double up = net.run(p, net.prepare(p), x, batch.labels(), h0, T, B, 0, B, null, new boolean[p.length], true)[0] / B;
            p[i][j] = keep - eps;
            double down = net.run(p, net.prepare(p), x, batch.labels(), h0, T, B, 0, B, null, new boolean[p.length], true)[0] / B;
            p[i][j] = keep;
            g[j] = (up - down) / (2 * eps);
        }
        return g;
    }

    static Stream<ModelConfig> configs() {
        return GradientCheck.multiHeadConfigs().stream();
    }

    @Test
    void aSingleHeadRunAsAMultiHeadBatchIsBitIdentical() {
        Model m = Model.create(ModelConfig.cbRnn(), 3);
        Batch b = TaskRegistry.of("parity").sample(4, 16, new Rng(4));
        float[] h0 = m.initialState(16, new Rng(5));
        Set<Module> all = EnumSet.allOf(Module.class);
        try (FastEngine e = FastEngine.create(2)) {
            float[][] g1 = zeros(m), g2 = zeros(m);
            StepResult single = e.gradients(m, b, h0, all, g1);
            MultiHeadResult multi = e.gradients(m, MultiHeadBatch.single(b, 1, 0), h0, all, g2);
            assertEquals(single, multi.head(0));
            assertEquals(single.loss(), multi.loss());
            for (int i = 0; i < g1.length; i++) assertArrayEquals(g1[i], g2[i], m.parameters().spec(i).name());
            assertEquals(e.evaluate(m, b, h0), e.evaluate(m, MultiHeadBatch.single(b, 1, 0), h0, true).head(0));
        }
    }

    @Test
    void theFloatEngineAgreesWithDoubleAndLeavesInactiveHeadsUntouched() {
        ModelConfig c = ModelConfig.cbRnn().withNumHeads(5);
        Model m = Model.create(c, 7);
        boolean[] active = GradientCheck.activeSets(5).get(1); // heads 1 and 3
        MultiHeadBatch batch = GradientCheck.randomHeadBatch(c, 9, 16, 8, active);
        float[] h0 = m.initialState(16, new Rng(9));
        double[] h0d = GradientCheck.toDouble(h0);
        Set<Module> learning = EnumSet.of(Module.CEREBELLUM, Module.READOUT);
        boolean[] tr = Engine.learningTensors(m, batch, learning);
        double[][] ref = GradientCheck.analytic(c, m.parameters().toDouble(), batch, h0d, tr, 1);
        double refLoss = GradientCheck.loss(c, m.parameters().toDouble(), batch, h0d, true);
        for (int threads : new int[]{1, 2}) {
            try (FastEngine e = FastEngine.create(threads)) {
                float[][] g = zeros(m);
                for (float[] t : g) Arrays.fill(t, Float.NaN);
                MultiHeadResult r = e.gradients(m, batch, h0, learning, g);
                assertEquals(refLoss, r.loss(), 1e-5 * refLoss);
                for (int k = 0; k < 5; k++) {
                    if (active[k]) assertNotNull(r.head(k)); else assertNull(r.head(k));
                }
                assertEquals(r.head(1).loss() + r.head(3).loss(), r.loss(), 1e-12);
                for (int i = 0; i < g.length; i++) {
                    String name = m.parameters().spec(i).name();
                    if (!tr[i]) {
                        for (float v : g[i]) assertTrue(Float.isNaN(v), name + " (frozen or inactive) must be left untouched");
                        continue;
                    }
                    double err = GradientCheck.relativeError(ref[i], GradientCheck.toDouble(g[i]));
                    assertTrue(err < 1e-4, threads + " threads, " + name + ": " + err);
                }
                MultiHeadResult ev = e.evaluate(m, batch, h0, true);
                assertEquals(r.loss(), ev.loss(), 1e-6 * r.loss());
            }
        }
        // the mask: core frozen by the schedule, heads 0, 2 and 4 by the batch
        for (int i = 0; i < tr.length; i++) {
            ParamSpec s = m.parameters().spec(i);
            int head = c.headOf(s.name());
            assertEquals(s.module() == Module.CEREBELLUM || (head >= 0 && active[head]), tr[i], s.name());
        }
    }

    @Test
    void misuseIsRefusedBeforeAnythingIsComputed() {
        Model m = Model.create(Fixtures.tinyCbRnn().withNumHeads(2), 1);
        Batch b = GradientCheck.randomBatch(m.config(), 5, 3, 1);
        float[] h0 = m.initialState(3, new Rng(1));
        try (FastEngine e = FastEngine.create(1)) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, b, h0));
            assertTrue(ex.getMessage().contains("2 readout heads"), ex.getMessage());
            MultiHeadBatch three = MultiHeadBatch.of(b, b.labels(), null, b.labels());
            ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, three, h0, true));
            assertTrue(ex.getMessage().contains("2 heads"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MultiHeadBatch.of(b, null, null), "no active head");
        assertThrows(IllegalArgumentException.class, () -> MultiHeadBatch.of(b, new int[]{0, 1}), "wrong length");
        assertThrows(IllegalArgumentException.class, () -> MultiHeadBatch.of(b, new int[]{0, 1, 2}), "label 2 of 2 classes");
    }

    private static float[][] zeros(Model m) {
        float[][] g = new float[m.parameters().size()][];
        for (int i = 0; i < g.length; i++) g[i] = new float[m.parameters().get(i).length];
        return g;
    }
}
