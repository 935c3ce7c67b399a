package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.CbInput;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every architecture's hand-written BPTT against central finite differences, in double precision. */
class GradientFiniteDifferenceTest {

    /** Small versions of every architecture and CB input mode. */
    static List<ModelConfig> smallConfigs() {
        ModelConfig cb = ModelConfig.cbRnn().withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4);
        List<ModelConfig> l = new ArrayList<>();
        for (CbInput in : CbInput.values()) l.add(cb.withCbInput(in));
        l.add(ModelConfig.elman(6));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM).withCbInput(CbInput.HIDDEN));
        l.add(cb.withInputSize(2).withNumClasses(3));
        return l;
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
            double[] num = GradientCheck.numeric(c, p, batch, h0, i, 1e-6);
            double err = GradientCheck.relativeError(g[i], num);
            assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
            assertTrue(GradientCheck.relativeError(g[i], g2[i]) < 1e-12, specs.get(i).name() + " differs between 1 and 2 slices");
        }
    }
}
