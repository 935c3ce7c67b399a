package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ccRNN's hand-written gradients against SameDiff's autodiff in double (docs/ccrnn.md §5): the LSTM + readout
 * full-BPTT gradient, and the truncated windows with the injected prediction, each window's start state a variable
 * of the graph so that autodiff also yields the bootstrapped targets.
 */
class CcSameDiffOracleTest {
    static final int H = 4, I = 2, O = 2, T = 6, B = 3;

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
                return new SeqBatch(T, b, I, O, in, tg, new boolean[] {true, false, true, true, false, false}, new int[b]);
            }
        };
    }

    static INDArray matrix(double[] v, int rows, int cols) {
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /**
     * The windowed surrogate in SameDiff: for each window, the start state is a variable holding the forward pass's
     * value; the window's mean squared error on its feedback steps plus sg * <prediction, end state>.
     */
    static Map<String, INDArray> sameDiffGradients(CcNetwork<double[]> net, SeqBatch b, int tau, double[] preds, double sg, double[] states) {
        SameDiff sd = SameDiff.create();
        double[][] p = net.params();
        SDVariable wx = sd.var("Wx", matrix(p[0], I, 4 * H)), wh = sd.var("Wh", matrix(p[1], H, 4 * H)), bias = sd.var("b", matrix(p[2], 1, 4 * H));
        SDVariable wo = sd.var("Wo", matrix(p[3], H, O)), bo = sd.var("bo", matrix(p[4], 1, O));
        int K = CcNetwork.windows(T, tau);
        List<SDVariable> terms = new ArrayList<>();
        for (int k = 0; k < K; k++) {
            int s = k * tau, e = Math.min(s + tau, T);
            double[] h0 = new double[B * H], c0 = new double[B * H];
            if (s > 0) for (int r = 0; r < B; r++) for (int j = 0; j < H; j++) {
                h0[r * H + j] = states[((s - 1) * B + r) * 2 * H + j];
                c0[r * H + j] = states[((s - 1) * B + r) * 2 * H + H + j];
            }
            SDVariable h = sd.var("h_start_" + k, matrix(h0, B, H)), c = sd.var("c_start_" + k, matrix(c0, B, H));
            int nk = 0;
            for (int t = s; t < e; t++) if (b.feedback()[t]) nk++;
            for (int t = s; t < e; t++) {
                double[] x = new double[B * I], y = new double[B * O];
                for (int r = 0; r < B; r++) {
                    for (int i = 0; i < I; i++) x[r * I + i] = b.input(t, r, i);
                    for (int o = 0; o < O; o++) y[r * O + o] = b.target(t, r, o);
                }
                SDVariable z = sd.constant("x_" + t, matrix(x, B, I)).mmul(wx).add(h.mmul(wh)).add(bias);
                SDVariable ig = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(0, H)));
                SDVariable fg = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(H, 2 * H)));
                SDVariable gg = sd.math.tanh(z.get(SDIndex.all(), SDIndex.interval(2 * H, 3 * H)));
                SDVariable og = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(3 * H, 4 * H)));
                c = fg.mul(c).add(ig.mul(gg));
                h = og.mul(sd.math.tanh(c));
                if (b.feedback()[t]) {
                    SDVariable d = h.mmul(wo).add(bo).sub(sd.constant("y_" + t, matrix(y, B, O)));
                    terms.add(d.mul(d).sum().mul(1.0 / (B * nk * O)));
                }
            }
            if (preds != null) {
                double[] ph = new double[B * H], pc = new double[B * H];
                for (int r = 0; r < B; r++) for (int j = 0; j < H; j++) {
                    ph[r * H + j] = preds[((k + 1) * B + r) * 2 * H + j];
                    pc[r * H + j] = preds[((k + 1) * B + r) * 2 * H + H + j];
                }
                terms.add(h.mul(sd.constant("ph_" + k, matrix(ph, B, H))).sum().add(c.mul(sd.constant("pc_" + k, matrix(pc, B, H))).sum()).mul(sg));
            }
        }
        SDVariable total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) total = total.add(terms.get(i));
        total.rename("total");
        sd.setLossVariables("total");
        List<String> vars = new ArrayList<>(List.of("Wx", "Wh", "b", "Wo", "bo"));
        for (int k = 0; k < K; k++) {
            vars.add("h_start_" + k);
            vars.add("c_start_" + k);
        }
        return sd.calculateGradients(new HashMap<>(), vars);
    }

    static void assertClose(double[] expected, INDArray actual, String what) {
        double[] a = actual.dup().data().asDouble();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(expected[i] - a[i]) <= 1e-10 + 1e-9 * Math.abs(a[i]), what + "[" + i + "]: kit " + expected[i] + ", SameDiff " + a[i]);
        }
    }

    @Test
    void fullBpttLstmAndReadoutGradientMatchSameDiff() {
        OnlineTask task = task();
        CcNetwork<double[]> net = CcNetwork.create(Kernels.doubles(), task, CcConfig.lineDrawing().withHidden(H), 3);
        SeqBatch b = task.sample(B, new Rng(4));
        double[][] g = net.newGradients();
        net.trainBatch(b, task.loss(), T, false, false, 0.1, g);
        Map<String, INDArray> sg = sameDiffGradients(net, b, T, null, 0.1, null);
        String[] names = {"Wx", "Wh", "b", "Wo", "bo"};
        for (int i = 0; i < 5; i++) assertClose(g[i], sg.get(names[i]), names[i]);
    }

    @Test
    void truncatedWindowsWithInjectedPredictionAndTheirTargetsMatchSameDiff() {
        OnlineTask task = task();
        CcNetwork<double[]> net = CcNetwork.create(Kernels.doubles(), task, CcConfig.lineDrawing().withHidden(H).withGranule(6).withCerebellum(true), 5);
        Rng r = new Rng(6);
        for (double[] p : net.params()) for (int j = 0; j < p.length; j++) p[j] += 0.3 * r.nextGaussian(); // a live module
        SeqBatch b = task.sample(B, new Rng(7));
        double[][] g = net.newGradients();
        net.trainBatch(b, task.loss(), 2, true, true, 0.1, g);
        double[] preds = net.lastPredictions(B), targets = net.lastTargets(B), states = net.states(b);
        Map<String, INDArray> sg = sameDiffGradients(net, b, 2, preds, 0.1, states);
        String[] names = {"Wx", "Wh", "b", "Wo", "bo"};
        for (int i = 0; i < 5; i++) assertClose(g[i], sg.get(names[i]), names[i]);
        for (int k = 0; k < 3; k++) {
            double[] th = new double[B * H], tc = new double[B * H];
            for (int row = 0; row < B; row++) for (int j = 0; j < H; j++) {
                th[row * H + j] = targets[(k * B + row) * 2 * H + j];
                tc[row * H + j] = targets[(k * B + row) * 2 * H + H + j];
            }
            assertClose(th, sg.get("h_start_" + k), "target h, window " + k);
            assertClose(tc, sg.get("c_start_" + k), "target c, window " + k);
        }
    }
}
