package org.cbrnn.ccrnn;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The ccRNN: an LSTM cortex with a linear readout at every step and, optionally, a cerebellar synthesiser that predicts
 * the gradient of the future loss with respect to the cortical state [h; c] at truncation boundaries
 * (docs/ccrnn.md §1). Forward and truncated backward are written by hand against the fast engine's {@link Ops}
 * kernels, once for any precision: {@code float[]} for training, {@code double[]} for the finite-difference checks.
 *
 * <p>Parameters (row-major, input x output, i.e. {@code y = x W + b}): cortex {@code Wx} (I x 4H), {@code Wh}
 * (H x 4H), {@code b} (4H), gate blocks in the order input, forget, cell, output; readout {@code Wo} (H x O),
 * {@code bo} (O); cerebellum, per hidden layer l, {@code W_l} (in x G), {@code b_l} (G), then {@code Wp} (G x 2H),
 * {@code bp} (2H).
 *
 * <p>Not thread-safe (it owns its workspace); one network per thread.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
public final class CcNetwork<A> {
    /** Which module a parameter belongs to. */
    public enum Part { CORTEX, CEREBELLUM }

    /** One parameter tensor's name, shape and module. */
    public record Tensor(String name, int rows, int cols, Part part) {
        public int size() {
            return rows * cols;
        }
    }

    /**
     * What one training batch measured.
     *
     * @param curve          the training curve value (docs/ccrnn.md §4.1): summed squared error over feedback steps / (B T),
     *                       or the cross-entropy for classification
     * @param cerebellarLoss sum over windows, sequences and units of (prediction - target)^2 (0 without a trained module)
     */
    public record BatchStats(double curve, double cerebellarLoss) {}

    final Ops<A> ops;
    final int I, H, O, G, L;
    final boolean hasCb;
    private final List<Tensor> tensors;
    private final A[] params;
    static final int WX = 0, WH = 1, B = 2, WO = 3, BO = 4, CB0 = 5;

    // workspace
    private int wsT = -1, wsB = -1;
    private A X, Hs, Cs, Gt, TC, Y, dZ, dY, dh, dc, dtmp, Zs, Out, Tgt, dOut, dAct, dAct2;
    private A[] acts;
    private A WhT, WoT;
    private A[] cbT;
    /** predictions at the K+1 boundaries and the K bootstrapped targets of the last training batch (tests) */
    int lastWindows;

    @SuppressWarnings("unchecked")
    private CcNetwork(Ops<A> ops, int inputs, int outputs, CcConfig c) {
        this.ops = ops;
        this.I = Check.positive("inputs", inputs);
        this.O = Check.positive("outputs", outputs);
        this.H = c.hidden();
        this.G = c.granule();
        this.L = c.depth();
        this.hasCb = c.cerebellum();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("cortex.Wx", I, 4 * H, Part.CORTEX));
        t.add(new Tensor("cortex.Wh", H, 4 * H, Part.CORTEX));
        t.add(new Tensor("cortex.b", 1, 4 * H, Part.CORTEX));
        t.add(new Tensor("readout.W", H, O, Part.CORTEX));
        t.add(new Tensor("readout.b", 1, O, Part.CORTEX));
        if (hasCb) {
            for (int l = 0; l < L; l++) {
                t.add(new Tensor("cb.gc" + l + ".W", l == 0 ? 2 * H : G, G, Part.CEREBELLUM));
                t.add(new Tensor("cb.gc" + l + ".b", 1, G, Part.CEREBELLUM));
            }
            t.add(new Tensor("cb.out.W", G, 2 * H, Part.CEREBELLUM));
            t.add(new Tensor("cb.out.b", 1, 2 * H, Part.CEREBELLUM));
        }
        this.tensors = List.copyOf(t);
        this.params = arrayOf(ops, tensors.size());
        for (int i = 0; i < params.length; i++) params[i] = ops.alloc(tensors.get(i).size());
        this.cbT = arrayOf(ops, hasCb ? L + 1 : 0);
    }

    /**
     * A network initialised as PyTorch initialises its modules (docs/ccrnn.md §1.4): LSTM weights U(-1/sqrt(H), 1/sqrt(H)),
     * the single gate bias the sum of two such draws (PyTorch has two bias vectors), linear layers U(-1/sqrt(fan_in),
     * 1/sqrt(fan_in)) for weights and bias, and the cerebellum's output layer zero (weights and bias). The cortex and
     * the cerebellum draw from separate streams of {@code seed}, so a cRNN and a ccRNN of one seed share their cortex.
     */
    public static <A> CcNetwork<A> create(Ops<A> ops, OnlineTask task, CcConfig c, long seed) {
        Check.notNull("task", task);
        return create(ops, task.inputSize(), task.outputSize(), c, seed);
    }

    /** As {@link #create(Ops, OnlineTask, CcConfig, long)} for explicit input and output widths. */
    public static <A> CcNetwork<A> create(Ops<A> ops, int inputs, int outputs, CcConfig c, long seed) {
        Check.notNull("ops", ops);
        Check.notNull("config", c);
        CcNetwork<A> n = new CcNetwork<>(ops, inputs, outputs, c);
        Rng cortex = Rng.of(seed, "ccrnn-cortex");
        double k = 1 / Math.sqrt(n.H);
        n.uniform(WX, cortex, k);
        n.uniform(WH, cortex, k);
        A b = n.params[B];
        for (int i = 0; i < 4 * n.H; i++) n.ops.set(b, i, (2 * cortex.nextDouble() - 1) * k + (2 * cortex.nextDouble() - 1) * k);
        n.uniform(WO, cortex, k);
        n.uniform(BO, cortex, k);
        if (n.hasCb) {
            Rng cb = Rng.of(seed, "ccrnn-cerebellum");
            for (int l = 0; l < n.L; l++) {
                double kl = 1 / Math.sqrt(l == 0 ? 2 * n.H : n.G);
                n.uniform(CB0 + 2 * l, cb, kl);
                n.uniform(CB0 + 2 * l + 1, cb, kl);
            }
            // the output layer starts at zero, so the first predictions are exactly 0
        }
        return n;
    }

    /** A typed array of n tensors (A[] must be a real float[][] or double[][] for callers that name the type). */
    @SuppressWarnings("unchecked")
    static <A> A[] arrayOf(Ops<A> ops, int n) {
        return (A[]) java.lang.reflect.Array.newInstance(ops.alloc(0).getClass(), n);
    }

    private void uniform(int idx, Rng rng, double bound) {
        A p = params[idx];
        for (int i = 0, n = ops.length(p); i < n; i++) ops.set(p, i, (2 * rng.nextDouble() - 1) * bound);
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    /** The live parameter arrays, in {@link #tensors()} order (the optimiser updates them in place). */
    public A[] params() {
        return params;
    }

    /** Zeroed gradient arrays shaped like {@link #params()}. */
    @SuppressWarnings("unchecked")
    public A[] newGradients() {
        A[] g = arrayOf(ops, params.length);
        for (int i = 0; i < g.length; i++) g[i] = ops.alloc(ops.length(params[i]));
        return g;
    }

    public Ops<A> ops() {
        return ops;
    }

    public int hidden() {
        return H;
    }

    public boolean hasCerebellum() {
        return hasCb;
    }

    /** Number of truncation windows K = ceil(T / tau) for a sequence of T steps. */
    public static int windows(int T, int tau) {
        return (T + tau - 1) / tau;
    }

    private void ensure(int T, int Bn) {
        if (T == wsT && Bn == wsB) return;
        int K = windows(T, 1); // upper bound on windows for any tau
        X = ops.alloc(T * Bn * I);
        Hs = ops.alloc((T + 1) * Bn * H);
        Cs = ops.alloc((T + 1) * Bn * H);
        Gt = ops.alloc(T * Bn * 4 * H);
        TC = ops.alloc(T * Bn * H);
        Y = ops.alloc(T * Bn * O);
        dZ = ops.alloc(T * Bn * 4 * H);
        dY = ops.alloc(T * Bn * O);
        dh = ops.alloc(Bn * H);
        dc = ops.alloc(Bn * H);
        dtmp = ops.alloc(Bn * H);
        if (hasCb) {
            int R = (K + 1) * Bn;
            Zs = ops.alloc(R * 2 * H);
            Out = ops.alloc(R * 2 * H);
            Tgt = ops.alloc(K * Bn * 2 * H);
            dOut = ops.alloc(K * Bn * 2 * H);
            dAct = ops.alloc(K * Bn * G);
            dAct2 = ops.alloc(K * Bn * G);
            A[] a = arrayOf(ops, L);
            for (int l = 0; l < L; l++) a[l] = ops.alloc(R * G);
            acts = a;
        }
        wsT = T;
        wsB = Bn;
    }

    /** Runs the cortex over the whole batch (no truncation in the forward pass: truncation only cuts gradients). */
    private void forward(SeqBatch batch) {
        int T = batch.steps(), Bn = batch.batch();
        if (batch.inputSize() != I || batch.outputSize() != O) {
            throw new IllegalArgumentException("batch has input/output widths " + batch.inputSize() + "/" + batch.outputSize()
                    + ", network " + I + "/" + O);
        }
        ensure(T, Bn);
        ops.load(batch.inputs(), X);
        ops.fill(Hs, 0, Bn * H, 0);
        ops.fill(Cs, 0, Bn * H, 0);
        final int H4 = 4 * H, bH = Bn * H;
        for (int t = 0; t < T; t++) {
            int gOff = t * Bn * H4;
            ops.setRows(Gt, gOff, Bn, H4, params[B], 0);
            ops.gemm(Bn, H4, I, X, t * Bn * I, I, 1, params[WX], 0, H4, Gt, gOff, H4, true);
            ops.gemm(Bn, H4, H, Hs, t * bH, H, 1, params[WH], 0, H4, Gt, gOff, H4, true);
            for (int r = 0; r < Bn; r++) {
                int row = gOff + r * H4, prev = t * bH + r * H, next = prev + bH;
                for (int j = 0; j < H; j++) {
                    double ig = sigmoid(ops.get(Gt, row + j));
                    double fg = sigmoid(ops.get(Gt, row + H + j));
                    double gg = Math.tanh(ops.get(Gt, row + 2 * H + j));
                    double og = sigmoid(ops.get(Gt, row + 3 * H + j));
                    ops.set(Gt, row + j, ig);
                    ops.set(Gt, row + H + j, fg);
                    ops.set(Gt, row + 2 * H + j, gg);
                    ops.set(Gt, row + 3 * H + j, og);
                    double c = fg * ops.get(Cs, prev + j) + ig * gg;
                    ops.set(Cs, next + j, c);
                    double tc = Math.tanh(ops.get(Cs, next + j)); // read back: the stored precision
                    ops.set(TC, t * bH + r * H + j, tc);
                    ops.set(Hs, next + j, og * ops.get(TC, t * bH + r * H + j));
                }
            }
            ops.setRows(Y, t * Bn * O, Bn, O, params[BO], 0);
            ops.gemm(Bn, O, H, Hs, (t + 1) * bH, H, 1, params[WO], 0, O, Y, t * Bn * O, O, true);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The outputs at every step, T x B x O (time-major), computed in evaluation mode (no module, no truncation). */
    public double[] outputs(SeqBatch batch) {
        Check.notNull("batch", batch);
        forward(batch);
        double[] y = new double[batch.steps() * batch.batch() * O];
        for (int i = 0; i < y.length; i++) y[i] = ops.get(Y, i);
        return y;
    }

    /** The cortical states [h_t; c_t] after every step t = 1..T, as T x B x 2H (time-major), of the last forward pass. */
    public double[] states(SeqBatch batch) {
        forward(batch);
        int T = batch.steps(), Bn = batch.batch();
        double[] s = new double[T * Bn * 2 * H];
        for (int t = 0; t < T; t++) for (int r = 0; r < Bn; r++) for (int j = 0; j < H; j++) {
            int src = (t + 1) * Bn * H + r * H + j, dst = (t * Bn + r) * 2 * H;
            s[dst + j] = ops.get(Hs, src);
            s[dst + H + j] = ops.get(Cs, src);
        }
        return s;
    }

    /**
     * One training batch: forward over the whole sequence, then, window by window, the truncated backward pass of the
     * window's loss plus the injected prediction (scale {@code sgScale}) at the window's end state, and the cerebellar
     * update towards the bootstrapped target at the window's start state (docs/ccrnn.md §2.1). Gradients are
     * written (not added) into {@code grads}; no parameter changes.
     *
     * @param tau       truncation window (>= T: one window, full BPTT)
     * @param inject    whether the module's predictions are injected (the module is queried)
     * @param trainCb   whether the module's gradient is computed (its entries in {@code grads} stay zero otherwise)
     * @param sgScale   the synthetic-gradient scale (0.1)
     */
    public BatchStats trainBatch(SeqBatch batch, OnlineTask.Loss loss, int tau, boolean inject, boolean trainCb, double sgScale, A[] grads) {
        Check.notNull("batch", batch);
        Check.notNull("loss", loss);
        Check.positive("tau", tau);
        Check.notNull("grads", grads);
        if ((inject || trainCb) && !hasCb) throw new IllegalArgumentException("inject/trainCb need a network with a cerebellum");
        if (trainCb && !inject) throw new IllegalArgumentException("trainCb needs inject (a module that learns is also queried)");
        forward(batch);
        for (A g : grads) ops.fill(g, 0, ops.length(g), 0);
        final int T = batch.steps(), Bn = batch.batch(), H4 = 4 * H, bH = Bn * H, H2 = 2 * H;
        final int K = windows(T, Math.min(tau, T));
        final int win = Math.min(tau, T);
        lastWindows = K;
        prepareTransposes(inject || trainCb);
        if (inject) cerebellumForward(T, Bn, K, win);

        double sse = 0, ce = 0;
        ops.fill(dY, 0, T * Bn * O, 0);
        for (int k = 0; k < K; k++) {
            int s = k * win, e = Math.min(s + win, T);
            if (inject) {
                int row0 = (k + 1) * Bn; // prediction at the window's end state
                for (int r = 0; r < Bn; r++) for (int j = 0; j < H; j++) {
                    ops.set(dh, r * H + j, sgScale * ops.get(Out, (row0 + r) * H2 + j));
                    ops.set(dc, r * H + j, sgScale * ops.get(Out, (row0 + r) * H2 + H + j));
                }
            } else {
                ops.fill(dh, 0, bH, 0);
                ops.fill(dc, 0, bH, 0);
            }
            int nk = 0;
            for (int t = s; t < e; t++) if (batch.feedback()[t]) nk++;
            for (int t = e - 1; t >= s; t--) {
                int yOff = t * Bn * O;
                if (loss == OnlineTask.Loss.MSE_FEEDBACK && batch.feedback()[t]) {
                    double norm = 2.0 / ((double) Bn * nk * O);
                    for (int i = 0; i < Bn * O; i++) {
                        double d = ops.get(Y, yOff + i) - batch.targets()[yOff + i];
                        sse += d * d;
                        ops.set(dY, yOff + i, norm * d);
                    }
                } else if (loss == OnlineTask.Loss.CROSS_ENTROPY_LAST && t == T - 1) {
                    ce += softmaxGrad(yOff, Bn, batch.labels());
                }
                ops.gemm(Bn, H, O, dY, yOff, O, 1, WoT, 0, H, dh, 0, H, true);
                int gOff = t * Bn * H4;
                for (int r = 0; r < Bn; r++) {
                    int row = gOff + r * H4, st = t * bH + r * H;
                    for (int j = 0; j < H; j++) {
                        double ig = ops.get(Gt, row + j), fg = ops.get(Gt, row + H + j);
                        double gg = ops.get(Gt, row + 2 * H + j), og = ops.get(Gt, row + 3 * H + j);
                        double tc = ops.get(TC, st + j), dhv = ops.get(dh, r * H + j);
                        double dcv = ops.get(dc, r * H + j) + dhv * og * (1 - tc * tc);
                        double cPrev = ops.get(Cs, st + j);
                        ops.set(dZ, row + j, dcv * gg * ig * (1 - ig));
                        ops.set(dZ, row + H + j, dcv * cPrev * fg * (1 - fg));
                        ops.set(dZ, row + 2 * H + j, dcv * ig * (1 - gg * gg));
                        ops.set(dZ, row + 3 * H + j, dhv * tc * og * (1 - og));
                        ops.set(dc, r * H + j, dcv * fg);
                    }
                }
                ops.gemm(Bn, H, H4, dZ, gOff, H4, 1, WhT, 0, H, dh, 0, H, false);
            }
            if (inject) { // the observed feedback at the window's start state: the module's target there
                for (int r = 0; r < Bn; r++) for (int j = 0; j < H; j++) {
                    ops.set(Tgt, (k * Bn + r) * H2 + j, ops.get(dh, r * H + j));
                    ops.set(Tgt, (k * Bn + r) * H2 + H + j, ops.get(dc, r * H + j));
                }
            }
        }
        // cortex weight gradients: one product over all T*B rows (the windows tile the sequence)
        int rows = T * Bn;
        ops.gemm(I, H4, rows, X, 0, 1, I, dZ, 0, H4, grads[WX], 0, H4, false);
        ops.gemm(H, H4, rows, Hs, 0, 1, H, dZ, 0, H4, grads[WH], 0, H4, false);
        ops.colSumAdd(dZ, 0, rows, H4, grads[B], 0);
        ops.gemm(H, O, rows, Hs, bH, 1, H, dY, 0, O, grads[WO], 0, O, false);
        ops.colSumAdd(dY, 0, rows, O, grads[BO], 0);

        double cbLoss = trainCb ? cerebellumBackward(K, Bn, grads) : 0;
        double curve = loss == OnlineTask.Loss.MSE_FEEDBACK ? sse / ((double) Bn * T) : ce / Bn;
        return new BatchStats(curve, cbLoss);
    }

    /** dY at the last step for softmax cross-entropy averaged over the batch; returns the summed loss. */
    private double softmaxGrad(int yOff, int Bn, int[] labels) {
        double total = 0;
        for (int r = 0; r < Bn; r++) {
            int o0 = yOff + r * O;
            double m = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < O; o++) m = Math.max(m, ops.get(Y, o0 + o));
            double z = 0;
            for (int o = 0; o < O; o++) z += Math.exp(ops.get(Y, o0 + o) - m);
            int lab = labels[r];
            if (lab < 0 || lab >= O) throw new IllegalArgumentException("label must be in [0, " + (O - 1) + "], got " + lab);
            total += -(ops.get(Y, o0 + lab) - m - Math.log(z));
            for (int o = 0; o < O; o++) {
                double p = Math.exp(ops.get(Y, o0 + o) - m) / z;
                ops.set(dY, o0 + o, (p - (o == lab ? 1 : 0)) / Bn);
            }
        }
        return total;
    }

    private void prepareTransposes(boolean cb) {
        if (WhT == null) {
            WhT = ops.alloc(4 * H * H);
            WoT = ops.alloc(O * H);
        }
        ops.transpose(params[WH], 0, H, 4 * H, WhT, 0);
        ops.transpose(params[WO], 0, H, O, WoT, 0);
        if (cb) {
            for (int l = 1; l <= L; l++) {
                int idx = l < L ? CB0 + 2 * l : CB0 + 2 * L;
                Tensor t = tensors.get(idx);
                if (cbT[l - 1] == null) cbT[l - 1] = ops.alloc(t.size());
                ops.transpose(params[idx], 0, t.rows(), t.cols(), cbT[l - 1], 0);
            }
        }
    }

    /** Predictions at the K + 1 boundary states (starts of windows 0..K-1, and the state after the last step). */
    private void cerebellumForward(int T, int Bn, int K, int win) {
        final int H2 = 2 * H, bH = Bn * H;
        for (int k = 0; k <= K; k++) {
            int step = k < K ? k * win : T;
            for (int r = 0; r < Bn; r++) {
                ops.copy(Hs, step * bH + r * H, Zs, (k * Bn + r) * H2, H);
                ops.copy(Cs, step * bH + r * H, Zs, (k * Bn + r) * H2 + H, H);
            }
        }
        int R = (K + 1) * Bn;
        A in = Zs;
        int inW = H2;
        for (int l = 0; l < L; l++) {
            ops.setRows(acts[l], 0, R, G, params[CB0 + 2 * l + 1], 0);
            ops.gemm(R, G, inW, in, 0, inW, 1, params[CB0 + 2 * l], 0, G, acts[l], 0, G, true);
            ops.reluInPlace(acts[l], 0, R * G);
            in = acts[l];
            inW = G;
        }
        ops.setRows(Out, 0, R, H2, params[CB0 + 2 * L + 1], 0);
        ops.gemm(R, H2, G, acts[L - 1], 0, G, 1, params[CB0 + 2 * L], 0, H2, Out, 0, H2, true);
    }

    /** Gradient of the summed squared error between predictions and bootstrapped targets at the K window starts. */
    private double cerebellumBackward(int K, int Bn, A[] grads) {
        final int H2 = 2 * H, R = K * Bn;
        double loss = 0;
        for (int i = 0; i < R * H2; i++) {
            double d = ops.get(Out, i) - ops.get(Tgt, i);
            loss += d * d;
            ops.set(dOut, i, 2 * d);
        }
        int wOut = CB0 + 2 * L;
        ops.gemm(G, H2, R, acts[L - 1], 0, 1, G, dOut, 0, H2, grads[wOut], 0, H2, false);
        ops.colSumAdd(dOut, 0, R, H2, grads[wOut + 1], 0);
        // dAct = dOut * Wp^T, through the ReLU
        ops.gemm(R, G, H2, dOut, 0, H2, 1, cbT[L - 1], 0, G, dAct, 0, G, false);
        for (int l = L - 1; l >= 0; l--) {
            ops.reluMask(acts[l], 0, dAct, 0, R * G);
            A in = l == 0 ? Zs : acts[l - 1];
            int inW = l == 0 ? H2 : G;
            ops.gemm(inW, G, R, in, 0, 1, inW, dAct, 0, G, grads[CB0 + 2 * l], 0, G, false);
            ops.colSumAdd(dAct, 0, R, G, grads[CB0 + 2 * l + 1], 0);
            if (l > 0) {
                ops.gemm(R, G, G, dAct, 0, G, 1, cbT[l - 1], 0, G, dAct2, 0, G, false);
                A sw = dAct;
                dAct = dAct2;
                dAct2 = sw;
            }
        }
        return loss;
    }

    /** The module's predictions at the boundaries of the last training batch with injection, (K+1) x B x 2H (tests). */
    double[] lastPredictions(int Bn) {
        double[] p = new double[(lastWindows + 1) * Bn * 2 * H];
        for (int i = 0; i < p.length; i++) p[i] = ops.get(Out, i);
        return p;
    }

    /** The bootstrapped targets at the K window starts of the last training batch with injection, K x B x 2H (tests). */
    double[] lastTargets(int Bn) {
        double[] p = new double[lastWindows * Bn * 2 * H];
        for (int i = 0; i < p.length; i++) p[i] = ops.get(Tgt, i);
        return p;
    }
}
