package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CB-RNN and plain-RNN per-step-loss gradient of {@link OnlineElman} (docs/ccrnn.md §8.4) against SameDiff's
 * autodiff in double: the leaky Elman core, the GC -> PC -> DCN module inside the loop, the readout at every step and
 * the squared error at the feedback steps, written as a graph from the equations (docs/protocol.md §2.2-2.3), every
 * tensor a variable.
 */
class OnlineElmanSameDiffOracleTest {
    static final int T = 7, I = 2, O = 2, B = 3;
    static final boolean[] FEEDBACK = {true, false, true, false, true, true, false};

    static OnlineTask task() {
        return new OnlineTask() {
            public String name() { return "random"; }
            public int steps() { return T; }
            public int inputSize() { return I; }
            public int outputSize() { return O; }
            public Loss loss() { return Loss.MSE_FEEDBACK; }
            public SeqBatch sample(int b, Rng rng) {
                float[] in = new float[T * b * I], tg = new float[T * b * O];
                for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
                for (int i = 0; i < tg.length; i++) tg[i] = (float) rng.nextGaussian();
                return new SeqBatch(T, b, I, O, in, tg, FEEDBACK.clone(), new int[b]);
            }
        };
    }

    static INDArray matrix(double[] v, int rows, int cols) {
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /** The objective as a SameDiff graph; returns d(loss)/d(tensor) by the kit's tensor names. */
    static Map<String, INDArray> sameDiffGradients(OnlineElman<double[]> net, SeqBatch b, double[] h0) {
        ModelConfig m = net.config();
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = new HashMap<>();
        List<ParamSpec> specs = net.specs();
        for (int i = 0; i < specs.size(); i++) {
            ParamSpec s = specs.get(i);
            // weights out x in as stored; biases as 1 x out rows that broadcast over the batch
            v.put(s.name(), s.isBias() ? sd.var(s.name(), matrix(net.params()[i], 1, s.rows())) : sd.var(s.name(), matrix(net.params()[i], s.rows(), s.cols())));
        }
        int H = m.hiddenSize();
        double a = m.alpha(), slope = m.leakSlope();
        SDVariable h = sd.constant("h0", matrix(h0, B, H));
        int nf = 0;
        for (boolean f : FEEDBACK) if (f) nf++;
        List<SDVariable> terms = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            double[] x = new double[B * I], y = new double[B * O];
            for (int r = 0; r < B; r++) {
                for (int i = 0; i < I; i++) x[r * I + i] = b.input(t, r, i);
                for (int o = 0; o < O; o++) y[r * O + o] = b.target(t, r, o);
            }
            SDVariable xt = sd.constant("x_" + t, matrix(x, B, I));
            SDVariable z = sd.mmul(xt, v.get("inp.weight"), false, true, false).add(v.get("inp.bias"))
                    .add(sd.mmul(h, v.get("hh.weight"), false, true, false)).add(v.get("hh.bias"));
            if (m.coupling() == ModelConfig.Coupling.CEREBELLAR_BIAS) {
                SDVariable u = switch (m.cbInput()) {
                    case HIDDEN_AND_INPUT -> sd.concat(1, h, xt);
                    case HIDDEN -> h;
                    case INPUT -> xt;
                };
                SDVariable g = sd.nn.relu(sd.mmul(u, v.get("gc.weight"), false, true, false).add(v.get("gc.bias")), 0.0);
                SDVariable p = sd.nn.relu(sd.mmul(g, v.get("pc.weight"), false, true, false).add(v.get("pc.bias")), 0.0);
                z = z.add(sd.mmul(p, v.get("dcn.weight"), false, true, false).add(v.get("dcn.bias")));
            }
            // LeakyReLU as max(z, slope z) in double (the native op back-propagates with a float slope)
            h = h.mul(1 - a).add(sd.math.max(z, z.mul(slope)).mul(a));
            if (FEEDBACK[t]) {
                SDVariable d = sd.mmul(h, v.get("head.weight"), false, true, false).add(v.get("head.bias")).sub(sd.constant("y_" + t, matrix(y, B, O)));
                terms.add(d.mul(d).sum().mul(1.0 / (B * nf * O)));
            }
        }
        SDVariable total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) total = total.add(terms.get(i));
        total.rename("total");
        sd.setLossVariables("total");
        return sd.calculateGradients(new HashMap<>(), specs.stream().map(ParamSpec::name).toList());
    }

    static void assertClose(double[] kit, INDArray oracle, String what) {
        double[] o = oracle.dup().data().asDouble();
        assertEquals(kit.length, o.length, what);
        for (int i = 0; i < o.length; i++) {
            assertTrue(Math.abs(kit[i] - o[i]) <= 1e-12 + 1e-9 * Math.abs(o[i]), what + "[" + i + "]: kit " + kit[i] + ", SameDiff " + o[i]);
        }
    }

    void check(ModelConfig m) {
        OnlineElman<double[]> net = OnlineElman.create(Kernels.doubles(), m, 21);
        Rng r = new Rng(22);
        for (int i = 0; i < net.params().length; i++) { // a live cerebellum: its initial weights are tiny
            double s = net.specs().get(i).module() == Module.CEREBELLUM ? 0.5 : 0.2;
            for (int j = 0; j < net.params()[i].length; j++) net.params()[i][j] += s * r.nextGaussian();
        }
        SeqBatch b = task().sample(B, new Rng(23));
        double[] h0 = net.initialState(B, new Rng(24));
        double[][] g = net.newGradients();
        net.trainBatch(b, OnlineTask.Loss.MSE_FEEDBACK, h0, g);
        Map<String, INDArray> sg = sameDiffGradients(net, b, h0);
        for (int i = 0; i < g.length; i++) {
            String name = net.specs().get(i).name();
            assertClose(g[i], sg.get(name), m.label() + " " + name);
            assertTrue(java.util.Arrays.stream(g[i]).anyMatch(x -> Math.abs(x) > 1e-6), m.label() + " " + name + " has a gradient");
        }
    }

    @Test
    void cbRnnPerStepLossGradientMatchesSameDiff() {
        check(ModelConfig.cbRnn().withInputSize(I).withNumClasses(O).withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4));
    }

    @Test
    void cbRnnReadingTheStateOnlyMatchesSameDiff() {
        check(ModelConfig.cbRnn().withInputSize(I).withNumClasses(O).withHiddenSize(4).withGranuleSize(6).withPurkinjeSize(3)
                .withCbInput(ModelConfig.CbInput.HIDDEN));
    }

    @Test
    void plainRnnPerStepLossGradientMatchesSameDiff() {
        check(ModelConfig.elman(6).withInputSize(I).withNumClasses(O));
    }
}
