package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The hand-written truncated backward pass against central finite differences in double, on an independent plain-loop
 * reference of the windowed objective (docs/ccrnn.md §2.1): the cortex gradient with the injected prediction, the
 * bootstrapped targets (the observed feedback at each window start) and the cerebellum's gradient.
 */
class CcGradientTest {
    static final double SG = 0.1;

    /** A random task: I = 2 inputs, O outputs, T = 5 steps, feedback at steps 0, 1, 3 (the window [4, 5) has none). */
    static OnlineTask randomTask(int O, OnlineTask.Loss loss) {
        return new OnlineTask() {
            public String name() { return "random"; }
            public int steps() { return 5; }
            public int inputSize() { return 2; }
            public int outputSize() { return O; }
            public Loss loss() { return loss; }
            public SeqBatch sample(int B, Rng rng) {
                float[] in = new float[5 * B * 2], tg = new float[5 * B * O];
                for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
                for (int i = 0; i < tg.length; i++) tg[i] = (float) rng.nextGaussian();
                int[] lab = new int[B];
                for (int b = 0; b < B; b++) lab[b] = rng.nextInt(O);
                return new SeqBatch(5, B, 2, O, in, tg, new boolean[] {true, true, false, true, false}, lab);
            }
        };
    }

    static CcConfig tiny(boolean cb) {
        return CcConfig.lineDrawing().withHidden(3).withGranule(5).withDepth(2).withCerebellum(cb);
    }

    /** A ccRNN whose cerebellar output layer is random (zero would make the injection and bootstrap vanish). */
    static CcNetwork<double[]> netWithLiveCerebellum(OnlineTask task, CcConfig c, long seed) {
        CcNetwork<double[]> n = CcNetwork.create(Kernels.doubles(), task, c, seed);
        Rng r = new Rng(99);
        for (int i = 0; i < n.params().length; i++) for (int j = 0; j < n.params()[i].length; j++) n.params()[i][j] += 0.3 * r.nextGaussian();
        return n;
    }

    // ---- the reference: plain loops over an explicit parameter list ----

    /** Runs steps [s, e) from state (h, c); returns outputs (per step, row, o) and writes the end state into h, c. */
    static double[][][] lstm(double[][] p, int H, int O, SeqBatch b, int s, int e, double[][] h, double[][] c) {
        int I = b.inputSize(), B = b.batch();
        double[][][] y = new double[e - s][B][O];
        for (int t = s; t < e; t++) for (int r = 0; r < B; r++) {
            double[] z = new double[4 * H];
            for (int q = 0; q < 4 * H; q++) {
                double v = p[2][q];
                for (int i = 0; i < I; i++) v += b.input(t, r, i) * p[0][i * 4 * H + q];
                for (int j = 0; j < H; j++) v += h[r][j] * p[1][j * 4 * H + q];
                z[q] = v;
            }
            double[] hn = new double[H];
            for (int j = 0; j < H; j++) {
                double ig = 1 / (1 + Math.exp(-z[j])), fg = 1 / (1 + Math.exp(-z[H + j])), gg = Math.tanh(z[2 * H + j]),
                        og = 1 / (1 + Math.exp(-z[3 * H + j]));
                c[r][j] = fg * c[r][j] + ig * gg;
                hn[j] = og * Math.tanh(c[r][j]);
            }
            h[r] = hn;
            for (int o = 0; o < O; o++) {
                double v = p[4][o];
                for (int j = 0; j < H; j++) v += h[r][j] * p[3][j * O + o];
                y[t - s][r][o] = v;
            }
        }
        return y;
    }

    /** The window's loss (the spec's per-window mean) from its outputs. */
    static double windowLoss(OnlineTask.Loss loss, SeqBatch b, int s, int e, double[][][] y) {
        int B = b.batch(), O = b.outputSize(), T = b.steps();
        if (loss == OnlineTask.Loss.MSE_FEEDBACK) {
            int nk = 0;
            double sse = 0;
            for (int t = s; t < e; t++) if (b.feedback()[t]) {
                nk++;
                for (int r = 0; r < B; r++) for (int o = 0; o < O; o++) sse += Math.pow(y[t - s][r][o] - b.target(t, r, o), 2);
            }
            return nk == 0 ? 0 : sse / (B * nk * O);
        }
        if (e != T) return 0;
        double ce = 0;
        for (int r = 0; r < B; r++) {
            double[] v = y[T - 1 - s][r];
            double m = java.util.Arrays.stream(v).max().orElseThrow(), z = 0;
            for (double x : v) z += Math.exp(x - m);
            ce += -(v[b.labels()[r]] - m - Math.log(z));
        }
        return ce / B;
    }

    /** The state [h; c] at the start of every window and at T, from the unperturbed network: [k][row][2H]. */
    static double[][][] boundaryStates(double[][] p, int H, int O, SeqBatch b, int tau) {
        int T = b.steps(), K = CcNetwork.windows(T, tau);
        double[][] h = new double[b.batch()][H], c = new double[b.batch()][H];
        double[][][] s = new double[K + 1][b.batch()][2 * H];
        for (int k = 0; k <= K; k++) {
            for (int r = 0; r < b.batch(); r++) for (int j = 0; j < H; j++) {
                s[k][r][j] = h[r][j];
                s[k][r][H + j] = c[r][j];
            }
            if (k < K) lstm(p, H, O, b, k * tau, Math.min((k + 1) * tau, T), h, c);
        }
        return s;
    }

    /** Window k's surrogate: its loss plus sg * <prediction at its end, end state>, from a given start state. */
    static double windowObjective(double[][] p, int H, int O, OnlineTask.Loss loss, SeqBatch b, int tau, int k, double[][] start,
                                  double[][] predEnd) {
        int T = b.steps(), B = b.batch();
        double[][] h = new double[B][H], c = new double[B][H];
        for (int r = 0; r < B; r++) for (int j = 0; j < H; j++) {
            h[r][j] = start[r][j];
            c[r][j] = start[r][H + j];
        }
        int s = k * tau, e = Math.min(s + tau, T);
        double v = windowLoss(loss, b, s, e, lstm(p, H, O, b, s, e, h, c));
        if (predEnd != null) for (int r = 0; r < B; r++) for (int j = 0; j < H; j++) {
            v += SG * (predEnd[r][j] * h[r][j] + predEnd[r][H + j] * c[r][j]);
        }
        return v;
    }

    static double[] synth(double[][] p, int H, int G, int L, double[] z) {
        double[] a = z;
        for (int l = 0; l < L; l++) {
            double[] W = p[5 + 2 * l], bias = p[6 + 2 * l], n = new double[G];
            for (int q = 0; q < G; q++) {
                double v = bias[q];
                for (int i = 0; i < a.length; i++) v += a[i] * W[i * G + q];
                n[q] = Math.max(0, v);
            }
            a = n;
        }
        double[] W = p[5 + 2 * L], bias = p[6 + 2 * L], out = new double[2 * H];
        for (int q = 0; q < 2 * H; q++) {
            double v = bias[q];
            for (int i = 0; i < G; i++) v += a[i] * W[i * 2 * H + q];
            out[q] = v;
        }
        return out;
    }

    static double[][] reshape(double[] flat, int k, int B, int W) {
        double[][] m = new double[B][W];
        for (int r = 0; r < B; r++) System.arraycopy(flat, (k * B + r) * W, m[r], 0, W);
        return m;
    }

    static double fd(double[] x, int j, java.util.function.DoubleSupplier f) {
        double eps = 1e-6, old = x[j];
        x[j] = old + eps;
        double up = f.getAsDouble();
        x[j] = old - eps;
        double down = f.getAsDouble();
        x[j] = old;
        return (up - down) / (2 * eps);
    }

    static void close(double expected, double actual, String what) {
        double tol = 1e-7 + 1e-6 * Math.abs(expected);
        assertTrue(Math.abs(expected - actual) <= tol, what + ": finite difference " + expected + " vs analytic " + actual);
    }

    private void checkCortex(OnlineTask task, int tau, boolean inject) {
        CcConfig c = tiny(inject);
        CcNetwork<double[]> net = inject ? netWithLiveCerebellum(task, c, 3) : CcNetwork.create(Kernels.doubles(), task, c, 3);
        SeqBatch b = task.sample(2, new Rng(5));
        double[][] g = net.newGradients();
        net.trainBatch(b, task.loss(), tau, inject, inject, SG, g);
        int H = 3, O = task.outputSize(), T = b.steps(), K = CcNetwork.windows(T, Math.min(tau, T)), win = Math.min(tau, T);
        double[][] p = net.params();
        double[][][] states = boundaryStates(p, H, O, b, win);
        double[] preds = inject ? net.lastPredictions(2) : null;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < p[i].length; j++) {
                double numeric = fd(p[i], j, () -> {
                    double v = 0;
                    for (int k = 0; k < K; k++) v += windowObjective(p, H, O, task.loss(), b, win, k, states[k], preds == null ? null : reshape(preds, k + 1, 2, 2 * H));
                    return v;
                });
                close(numeric, g[i][j], net.tensors().get(i).name() + "[" + j + "] tau=" + tau + " inject=" + inject);
            }
        }
    }

    @Test
    void cortexGradientWithInjectedPredictionMatchesFiniteDifferences() {
        checkCortex(randomTask(2, OnlineTask.Loss.MSE_FEEDBACK), 2, true);
        checkCortex(randomTask(2, OnlineTask.Loss.MSE_FEEDBACK), 1, true);
    }

    @Test
    void truncatedCortexGradientWithoutCerebellumMatchesFiniteDifferences() {
        checkCortex(randomTask(2, OnlineTask.Loss.MSE_FEEDBACK), 2, false);
    }

    @Test
    void crossEntropyOnTheLastStepMatchesFiniteDifferences() {
        checkCortex(randomTask(3, OnlineTask.Loss.CROSS_ENTROPY_LAST), 2, true);
        checkCortex(randomTask(3, OnlineTask.Loss.CROSS_ENTROPY_LAST), 5, false);
    }

    @Test
    void bootstrappedTargetsAreTheObservedFeedbackAtWindowStarts() {
        OnlineTask task = randomTask(2, OnlineTask.Loss.MSE_FEEDBACK);
        CcNetwork<double[]> net = netWithLiveCerebellum(task, tiny(true), 4);
        SeqBatch b = task.sample(2, new Rng(6));
        net.trainBatch(b, task.loss(), 2, true, true, SG, net.newGradients());
        int H = 3, K = 3;
        double[][] p = net.params();
        double[][][] states = boundaryStates(p, H, 2, b, 2);
        double[] preds = net.lastPredictions(2), targets = net.lastTargets(2);
        for (int k = 0; k < K; k++) {
            final int kk = k;
            double[][] pe = reshape(preds, k + 1, 2, 2 * H);
            for (int r = 0; r < 2; r++) for (int j = 0; j < 2 * H; j++) {
                double numeric = fd(states[k][r], j, () -> windowObjective(p, H, 2, task.loss(), b, 2, kk, states[kk], pe));
                close(numeric, targets[(k * 2 + r) * 2 * H + j], "target k=" + k + " row " + r + " unit " + j);
            }
        }
        // the predictions are the module's outputs at [h; c] of each boundary
        for (int k = 0; k <= K; k++) for (int r = 0; r < 2; r++) {
            assertArrayEquals(synth(p, H, 5, 2, states[k][r]), java.util.Arrays.copyOfRange(preds, (k * 2 + r) * 2 * H, (k * 2 + r + 1) * 2 * H),
                    1e-12, "prediction at boundary " + k);
        }
    }

    @Test
    void cerebellumGradientMatchesFiniteDifferencesOfTheBootstrappedLoss() {
        OnlineTask task = randomTask(2, OnlineTask.Loss.MSE_FEEDBACK);
        CcNetwork<double[]> net = netWithLiveCerebellum(task, tiny(true), 7);
        SeqBatch b = task.sample(2, new Rng(8));
        double[][] g = net.newGradients();
        CcNetwork.BatchStats st = net.trainBatch(b, task.loss(), 2, true, true, SG, g);
        int H = 3, K = 3;
        double[][] p = net.params();
        double[][][] states = boundaryStates(p, H, 2, b, 2);
        double[] targets = net.lastTargets(2);
        java.util.function.DoubleSupplier loss = () -> {
            double v = 0;
            for (int k = 0; k < K; k++) for (int r = 0; r < 2; r++) {
                double[] out = synth(p, H, 5, 2, states[k][r]);
                for (int j = 0; j < 2 * H; j++) v += Math.pow(out[j] - targets[(k * 2 + r) * 2 * H + j], 2);
            }
            return v;
        };
        close(loss.getAsDouble(), st.cerebellarLoss(), "cerebellar loss");
        for (int i = 5; i < p.length; i++) for (int j = 0; j < p[i].length; j++) {
            close(fd(p[i], j, loss), g[i][j], net.tensors().get(i).name() + "[" + j + "]");
        }
    }

    @Test
    void tauEqualToTWithoutCerebellumIsFullBptt() {
        OnlineTask task = randomTask(2, OnlineTask.Loss.MSE_FEEDBACK);
        CcNetwork<double[]> net = CcNetwork.create(Kernels.doubles(), task, tiny(false), 11);
        SeqBatch b = task.sample(3, new Rng(12));
        double[][] gT = net.newGradients(), gLong = net.newGradients();
        net.trainBatch(b, task.loss(), 5, false, false, SG, gT);
        net.trainBatch(b, task.loss(), 1000, false, false, SG, gLong);
        for (int i = 0; i < gT.length; i++) assertArrayEquals(gT[i], gLong[i], 0.0, "tau = T and tau > T are the same single window");
        // the full-sequence loss (mean over all feedback steps) by finite differences: full BPTT
        double[][] p = net.params();
        for (int i = 0; i < p.length; i++) for (int j = 0; j < p[i].length; j++) {
            double numeric = fd(p[i], j, () -> {
                double[][] h = new double[3][3], c = new double[3][3];
                return windowLoss(task.loss(), b, 0, 5, lstm(p, 3, 2, b, 0, 5, h, c));
            });
            close(numeric, gT[i][j], "full BPTT " + net.tensors().get(i).name() + "[" + j + "]");
        }
    }

    @Test
    void onTheFirstBatchCcRnnAndCRnnCortexGradientsAreEqual() {
        OnlineTask task = randomTask(2, OnlineTask.Loss.MSE_FEEDBACK);
        CcNetwork<double[]> cc = CcNetwork.create(Kernels.doubles(), task, tiny(true), 21);
        CcNetwork<double[]> c = CcNetwork.create(Kernels.doubles(), task, tiny(false), 21);
        for (int i = 0; i < 5; i++) assertArrayEquals(c.params()[i], cc.params()[i], 0.0, "same seed, same cortex");
        SeqBatch b = task.sample(2, new Rng(22));
        double[][] gc = c.newGradients(), gcc = cc.newGradients();
        c.trainBatch(b, task.loss(), 2, false, false, SG, gc);
        cc.trainBatch(b, task.loss(), 2, true, true, SG, gcc);
        for (int i = 0; i < 5; i++) assertArrayEquals(gc[i], gcc[i], 0.0, "zero-initialised module injects exactly 0");
        // the module's output layer is zero, weight and bias
        List<CcNetwork.Tensor> t = cc.tensors();
        for (double v : cc.params()[t.size() - 1]) assertEquals(0.0, v);
        for (double v : cc.params()[t.size() - 2]) assertEquals(0.0, v);
    }
}
