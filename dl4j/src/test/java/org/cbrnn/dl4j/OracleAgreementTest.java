package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SameDiff autodiff (double) against the fast engine's hand-written BPTT in double ({@code GradientCheck.analytic}) for
 * every architecture, with all modules learning and with the core or the cerebellum frozen.
 */
class OracleAgreementTest {
    private static SameDiffEngine engine;
    private static final Map<String, Double> worst = new TreeMap<>();

    @BeforeAll
    static void setUp() {
        engine = SameDiffEngine.builder().doublePrecision().maxGraphs(4).build();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        StringBuilder sb = new StringBuilder("SameDiff(double) vs fast BPTT(double), max relative error per tensor:\n");
        worst.forEach((k, v) -> sb.append(String.format("  %-40s %.2e%n", k, v)));
        System.err.print(sb);
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (ModelConfig c : SmallConfigs.all()) {
            a.add(Arguments.of(c, EnumSet.allOf(Module.class)));
            if (c.hasCerebellum()) {
                a.add(Arguments.of(c, EnumSet.of(Module.CEREBELLUM, Module.READOUT)));
                a.add(Arguments.of(c, EnumSet.of(Module.CORE, Module.READOUT)));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} learning {1}")
    @MethodSource("cases")
    void gradientsAgreeWithHandWrittenBptt(ModelConfig c, Set<Module> learning) {
        double[][] p = GradientCheck.randomParams(c, 11, 0.6);
        Batch batch = GradientCheck.randomBatch(c, 6, 3, 12);
        double[] h0 = GradientCheck.randomState(c, 3, 13);
        List<ParamSpec> specs = c.parameterSpecs();
        boolean[] tr = new boolean[specs.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = learning.contains(specs.get(i).module());

        double[][] ref = GradientCheck.analytic(c, p, batch, h0, tr, 1);
        double refLoss = GradientCheck.loss(c, p, batch, h0, true);
        SameDiffEngine.Gradients sd = engine.lossAndGradients(c, p, batch, h0, tr);

        assertEquals(refLoss, sd.loss(), 1e-12 * Math.max(1, Math.abs(refLoss)), "loss");
        double max = 0;
        for (int i = 0; i < specs.size(); i++) {
            if (!tr[i]) {
                assertNull(sd.gradients()[i], "frozen " + specs.get(i).name() + " must not be computed");
                continue;
            }
            double err = GradientCheck.relativeError(ref[i], sd.gradients()[i]);
            max = Math.max(max, err);
            assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
        }
        synchronized (worst) {
            worst.merge(SmallConfigs.id(c), max, Math::max);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void ablationZeroesTheCerebellum(ModelConfig c) {
        double[][] p = GradientCheck.randomParams(c, 21, 0.6);
        Batch batch = GradientCheck.randomBatch(c, 5, 3, 22);
        double[] h0 = GradientCheck.randomState(c, 3, 23);
        for (boolean cb : new boolean[]{true, false}) {
            double ref = GradientCheck.loss(c, p, batch, h0, cb);
            assertEquals(ref, engine.loss(c, p, batch, h0, cb), 1e-12 * Math.max(1, Math.abs(ref)), "cerebellumEnabled=" + cb);
        }
    }

    static Stream<ModelConfig> configs() {
        return SmallConfigs.all().stream().filter(ModelConfig::hasCerebellum);
    }

    @Test
    void paddedGraphsAreExact() {
        // the same batches through one graph per length and through quarter-octave buckets with a hold mask
        try (SameDiffEngine exact = SameDiffEngine.builder().doublePrecision().lengthBuckets(LengthBuckets.exact()).build();
             SameDiffEngine padded = SameDiffEngine.builder().doublePrecision().build()) {
            List<ModelConfig> cfgs = List.of(Fixtures.tinyCbRnn(), Fixtures.tinyAuxControl(), Fixtures.tinyGruCb().withCbMaxRatio(0.05));
            for (ModelConfig c : cfgs) {
                double[][] p = GradientCheck.randomParams(c, 31, 0.6);
                for (int T : new int[]{9, 13, 17, 18}) {
                    assertTrue(padded.graph(SameDiffEngine.cellFor(c), T, 3, true).steps() > T, "T=" + T + " is padded");
                    Batch batch = GradientCheck.randomBatch(c, T, 3, 32 + T);
                    double[] h0 = GradientCheck.randomState(c, 3, 33);
                    SameDiffEngine.Gradients a = exact.lossAndGradients(c, p, batch, h0, null);
                    SameDiffEngine.Gradients b = padded.lossAndGradients(c, p, batch, h0, null);
                    assertEquals(a.loss(), b.loss(), 1e-14 * Math.abs(a.loss()), c.label() + " T=" + T);
                    for (int i = 0; i < p.length; i++) {
                        double err = GradientCheck.relativeError(a.gradients()[i], b.gradients()[i]);
                        assertTrue(err < 1e-13, c.label() + " T=" + T + " " + c.parameterSpecs().get(i).name() + ": " + err);
                    }
                }
            }
        }
    }
}
