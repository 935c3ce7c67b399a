package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every architecture's hand-written BPTT against central finite differences, in double precision. */
class GradientFiniteDifferenceTest {

    /** Small versions of every architecture and CB input mode (shared with the dl4j oracle tests). */
    static List<ModelConfig> smallConfigs() {
        return GradientCheck.smallConfigs();
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (ModelConfig c : smallConfigs()) {
            a.add(Arguments.of(c, java.util.EnumSet.allOf(Module.class)));
            if (c.hasCerebellum()) {
                a.add(Arguments.of(c, java.util.EnumSet.of(Module.CEREBELLUM, Module.READOUT)));
                a.add(Arguments.of(c, java.util.EnumSet.of(Module.CORE, Module.READOUT)));
            }
        }
        return a.stream();
    }

    /** The GRU's CB rescaling treats ||n_pre|| as a constant (PyTorch: no_grad), so its gradient is not the loss's. */
    static boolean detachedNorm(ModelConfig c) {
        return c.cell() == ModelConfig.Cell.GRU && c.coupling() == ModelConfig.Coupling.CEREBELLAR_BIAS && c.cbMaxRatio() > 0;
    }

    /**
     * Central differences of the surrogate loss in which ||n_pre|| of every (step, sequence) is frozen at its value
     * for the unperturbed parameters: the function whose gradient the detached-norm backward pass computes.
     */
    static double[] numericDetachedNorm(ModelConfig c, double[][] p, Batch batch, double[] h0, int i, double eps) {
        double[] x = GradientCheck.toDouble(batch.inputs());
        int B = batch.batchSize(), T = batch.steps();
        GruNetwork<double[]> ref = new GruNetwork<>(c, DoubleOps.INSTANCE);
        ref.run(p, ref.prepare(p), x, batch.labels(), h0, T, B, 0, B, null, new boolean[p.length], true);
        double[] norms = ref.referenceNorms().clone();
        GruNetwork<double[]> net = new GruNetwork<>(c, DoubleOps.INSTANCE);
        net.frozenReferenceNorms = norms;
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

    @Test
    void smallRatioRescalesAndFrozenNormsReproduceTheLoss() {
        ModelConfig c = Fixtures.tinyGruCb().withCbMaxRatio(0.05);
        double[][] p = GradientCheck.randomParams(c, 11, 0.6);
        Batch batch = GradientCheck.randomBatch(c, 6, 3, 12);
        double[] h0 = GradientCheck.randomState(c, 3, 13);
        double rescaled = GradientCheck.loss(c, p, batch, h0, true);
        double unscaled = GradientCheck.loss(c.withCbMaxRatio(0), p, batch, h0, true);
        assertTrue(Math.abs(rescaled - unscaled) > 1e-6, "ratio 0.05 must change the loss");
        double[] zero = GradientCheck.numeric(c, p, batch, h0, 0, 1e-6);
        double[] frozen = numericDetachedNorm(c, p, batch, h0, 0, 1e-6);
        assertTrue(GradientCheck.relativeError(zero, frozen) > 1e-4, "the detached norm must matter for xz.weight");
    }

    @ParameterizedTest(name = "{0} learning {1}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(ModelConfig c, java.util.Set<Module> learning) {
        double[][] p = GradientCheck.randomParams(c, 11, 0.6);
        Batch batch = GradientCheck.randomBatch(c, 6, 3, 12);
        double[] h0 = GradientCheck.randomState(c, 3, 13);
        List<ParamSpec> specs = c.parameterSpecs();
        boolean[] tr = new boolean[specs.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = learning.contains(specs.get(i).module());
        double[][] g = GradientCheck.analytic(c, p, batch, h0, tr, 1);
        double[][] g2 = GradientCheck.analytic(c, p, batch, h0, tr, 2);
        for (int i = 0; i < specs.size(); i++) {
            if (!tr[i]) {
                for (double v : g[i]) assertEquals(0.0, v, "frozen " + specs.get(i).name() + " must get no gradient");
                continue;
            }
            double[] num = detachedNorm(c) ? numericDetachedNorm(c, p, batch, h0, i, 1e-6)
                    : GradientCheck.numeric(c, p, batch, h0, i, 1e-6);
            double err = GradientCheck.relativeError(g[i], num);
            assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
            assertTrue(GradientCheck.relativeError(g[i], g2[i]) < 1e-12, specs.get(i).name() + " differs between 1 and 2 slices");
        }
    }
}
