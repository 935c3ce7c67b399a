package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-head models (K = 2 and 5): SameDiff's autodiff of the summed loss of the active heads (double) against the
 * fast engine's hand-written BPTT in double, for every architecture, all heads or a subset active, a module frozen or
 * not; and the two engines' float {@code Engine} methods against each other.
 */
class MultiHeadOracleTest {
    private static SameDiffEngine engine;

    @BeforeAll
    static void setUp() {
        engine = SameDiffEngine.builder().doublePrecision().maxGraphs(4).build();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

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
    void gradientsAgreeWithHandWrittenBptt(ModelConfig c, String name, boolean[] active, Set<Module> learning) {
        double[][] p = GradientCheck.randomParams(c, 11, 0.6);
        MultiHeadBatch batch = GradientCheck.randomHeadBatch(c, 6, 3, 12, active);
        double[] h0 = GradientCheck.randomState(c, 3, 13);
        List<ParamSpec> specs = c.parameterSpecs();
        boolean[] tr = new boolean[specs.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = learning.contains(specs.get(i).module());

        double[][] ref = GradientCheck.analytic(c, p, batch, h0, tr, 1);
        double refLoss = GradientCheck.loss(c, p, batch, h0, true);
        SameDiffEngine.Gradients sd = engine.lossAndGradients(c, p, batch, h0, tr);

        assertEquals(refLoss, sd.loss(), 1e-12 * Math.max(1, Math.abs(refLoss)), "loss");
        for (int i = 0; i < specs.size(); i++) {
            int head = c.headOf(specs.get(i).name());
            if (!tr[i] || (head >= 0 && !active[head])) {
                assertNull(sd.gradients()[i], "frozen or inactive " + specs.get(i).name() + " must not be computed");
                continue;
            }
            double err = GradientCheck.relativeError(ref[i], sd.gradients()[i]);
            assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
        }
        if (c.hasCerebellum()) {
            double ablated = GradientCheck.loss(c, p, batch, h0, false);
            assertEquals(ablated, engine.loss(c, p, batch, h0, false), 1e-12 * Math.max(1, Math.abs(ablated)), "ablated loss");
        }
    }

    @Test
    void theEnginesAgreeOnAMultiHeadStepInFloat() {
        ModelConfig c = Fixtures.smallCbRnn().withInputSize(2).withNumHeads(2);
        Model m = Model.create(c, 3);
        Set<Module> learning = EnumSet.of(Module.CEREBELLUM, Module.READOUT);
        try (SameDiffEngine sd = SameDiffEngine.create(); FastEngine fast = FastEngine.create(2)) {
            for (boolean[] active : List.of(new boolean[]{true, true}, new boolean[]{false, true})) {
                MultiHeadBatch batch = GradientCheck.randomHeadBatch(c, 11, 8, 4, active);
                float[] h0 = m.initialState(8, new Rng(5));
                float[][] a = nans(m), b = nans(m);
                MultiHeadResult ra = fast.gradients(m, batch, h0, learning, a);
                MultiHeadResult rb = sd.gradients(m, batch, h0, learning, b);
                assertEquals(ra.loss(), rb.loss(), 1e-5 * ra.loss());
                for (int k = 0; k < 2; k++) {
                    if (!active[k]) {
                        assertNull(rb.head(k));
                        continue;
                    }
                    assertEquals(ra.head(k).loss(), rb.head(k).loss(), 1e-5 * ra.head(k).loss());
                    assertEquals(ra.head(k).correct(), rb.head(k).correct());
                }
                boolean[] tr = Engine.learningTensors(m, batch, learning);
                for (int i = 0; i < a.length; i++) {
                    String n = m.parameters().spec(i).name();
                    if (!tr[i]) {
                        for (float v : b[i]) assertTrue(Float.isNaN(v), n + " must be left untouched");
                        continue;
                    }
                    double err = GradientCheck.relativeError(GradientCheck.toDouble(a[i]), GradientCheck.toDouble(b[i]));
                    assertTrue(err < 1e-4, n + ": " + err);
                }
                MultiHeadResult ea = fast.evaluate(m, batch, h0, true), eb = sd.evaluate(m, batch, h0, true);
                assertEquals(ea.loss(), eb.loss(), 1e-5 * ea.loss());
            }
        }
    }

    @Test
    void aSingleHeadModelRunsAsAMultiHeadBatchUnchanged() {
        ModelConfig c = Fixtures.tinyCbRnn();
        double[][] p = GradientCheck.randomParams(c, 41, 0.6);
        Batch batch = GradientCheck.randomBatch(c, 7, 3, 42);
        double[] h0 = GradientCheck.randomState(c, 3, 43);
        SameDiffEngine.Gradients single = engine.lossAndGradients(c, p, batch, h0, null);
        SameDiffEngine.Gradients multi = engine.lossAndGradients(c, p, MultiHeadBatch.single(batch, 1, 0), h0, null);
        assertEquals(single.loss(), multi.loss());
        assertEquals(single.correct(), multi.correct());
        for (int i = 0; i < p.length; i++) assertArrayEquals(single.gradients()[i], multi.gradients()[i]);
        Model m = Model.create(c, 1);
        float[] h = m.initialState(3, new Rng(1));
        try (SameDiffEngine sd = SameDiffEngine.create()) {
            StepResult r = sd.evaluate(m, batch, h);
            assertEquals(r, sd.evaluate(m, MultiHeadBatch.single(batch, 1, 0), h, true).head(0));
        }
    }

    private static float[][] nans(Model m) {
        float[][] g = new float[m.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new float[m.parameters().get(i).length];
            Arrays.fill(g[i], Float.NaN);
        }
        return g;
    }
}
