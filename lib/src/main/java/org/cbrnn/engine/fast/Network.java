package org.cbrnn.engine.fast;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.util.Check;

/**
 * A hand-written forward pass and BPTT for one architecture, written once against {@link Ops} so the same code runs in
 * float (fast path) and double (gradient checks). One instance per worker thread: it owns its workspace.
 *
 * <p>Conventions: the batch is time-major ({@code [T][B][I]}); a worker handles the batch rows {@code [b0, b1)}; the
 * loss is the mean cross-entropy over the whole batch, so each worker scales by {@code 1/B} and the engine adds the
 * workers' partial sums in a fixed order.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
public abstract class Network<A> {
    protected final ModelConfig config;
    protected final Ops<A> ops;
    protected final int H, I, C;
    /** Readout heads K, and the spec indices of each head's weight and bias. */
    protected final int K;
    protected final int[] iWo, iBo;
    // readout workspace: head k's logits and their gradient at offset k*b*C
    private A logits, dlogits;

    protected Network(ModelConfig config, Ops<A> ops) {
        this.config = config;
        this.ops = ops;
        this.H = config.hiddenSize();
        this.I = config.inputSize();
        this.C = config.numClasses();
        this.K = config.numHeads();
        List<ParamSpec> s = config.parameterSpecs();
        iWo = new int[K];
        iBo = new int[K];
        for (int k = 0; k < K; k++) {
            iWo[k] = idx(s, config.headName(k) + ".weight");
            iBo[k] = idx(s, config.headName(k) + ".bias");
        }
    }

    /** The network for {@code config}'s architecture. */
    public static <A> Network<A> create(ModelConfig config, Ops<A> ops) {
        Check.notNull("config", config);
        Check.notNull("ops", ops);
        if (config.cell() == ModelConfig.Cell.GRU) return new GruNetwork<>(config, ops);
        if (config.coupling() == ModelConfig.Coupling.RECURRENT_AUX) return new AuxNetwork<>(config, ops);
        return new ElmanNetwork<>(config, ops);
    }

    /**
     * Per-batch, read-only derived weights shared by all workers (transposed copies so every product in the hot
     * loop is a plain row-major GEMM).
     */
    public abstract Object prepare(A[] params);

    /**
     * Runs rows [b0, b1) of a batch.
     *
     * @param inputs    the whole batch's inputs, time-major, {@code T*B*I}
     * @param labels    the whole batch's labels, per head ({@code labels[k]}; null for a head that takes no part)
     * @param h0        the whole batch's initial state, batch-major, {@code B*stateSize}
     * @param grads     worker-local gradient accumulators in spec order (zeroed by the caller), or null for no backward
     * @param trainable which tensors need gradients (spec order)
     * @param cbEnabled false zeroes the cerebellar output (ablation)
     * @return {sum of per-sequence losses over the rows and labelled heads, number correct summed over those heads,
     *         then for each head k: its loss sum, its number correct} (loss = sum over heads of each head's mean CE)
     */
    public abstract double[] run(A[] params, Object prepared, A inputs, int[][] labels, A h0, int T, int B, int b0, int b1,
                                 A[] grads, boolean[] trainable, boolean cbEnabled);

    /**
     * A loss read from the core's state at every step, for callers that put their own readout on the core (the
     * online tasks of docs/ccrnn.md §8.4). It sees the states of the worker's rows and returns the gradient of its
     * loss with respect to each of them; the core back-propagates those gradients through time.
     *
     * @param <A> the array type of the network
     */
    @FunctionalInterface
    public interface StateLoss<A> {
        /**
         * @param states  h_0 .. h_T of the rows: (T+1) x b x H, time-major, h_t at offset {@code t*b*H} (read only)
         * @param T       steps
         * @param b       rows
         * @param dStates null for a forward pass only; otherwise T x b x H, zeroed by the core: write dL/dh_t at
         *                offset {@code (t-1)*b*H} for t = 1..T
         * @return the caller's statistics, returned unchanged by
         *         {@link #runStates(Object[], Object, Object, Object, int, int, int, int, StateLoss, Object[], boolean[], boolean)}
         */
        double[] apply(A states, int T, int b, A dStates);
    }

    /**
     * Runs rows [b0, b1) of a batch with a per-step loss on the core's states instead of the readout heads: forward,
     * then {@code loss}, then (when {@code grads} is non-null) back-propagation through time of the gradients the loss
     * returned for every state. The heads' tensors are left to the loss (the core neither reads nor writes them).
     * Arguments as in {@link #run(Object[], Object, Object, int[][], Object, int, int, int, int, Object[], boolean[], boolean)}.
     *
     * @return what {@code loss} returned
     * @throws UnsupportedOperationException for a core that does not implement it (only the leaky Elman core does, with
     *                                       or without the in-loop cerebellum)
     */
    public double[] runStates(A[] params, Object prepared, A inputs, A h0, int T, int B, int b0, int b1, StateLoss<A> loss,
                              A[] grads, boolean[] trainable, boolean cbEnabled) {
        throw new UnsupportedOperationException("a per-step state loss is implemented for the leaky Elman core only (coupling NONE or "
                + "CEREBELLAR_BIAS), not for " + config.label());
    }

    /**
     * {@link #run(Object[], Object, Object, int[][], Object, int, int, int, int, Object[], boolean[], boolean)} for a
     * single-head model, whose one head is scored against {@code labels}.
     */
    public final double[] run(A[] params, Object prepared, A inputs, int[] labels, A h0, int T, int B, int b0, int b1,
                              A[] grads, boolean[] trainable, boolean cbEnabled) {
        if (K != 1) throw new IllegalArgumentException("model has " + K + " heads: give the labels of each head");
        return run(params, prepared, inputs, new int[][]{labels}, h0, T, B, b0, b1, grads, trainable, cbEnabled);
    }

    /** Transposed copies (H x C) of every head's weight, in head order. */
    protected Object[] transposedHeads(A[] p) {
        Object[] t = new Object[K];
        for (int k = 0; k < K; k++) t[k] = transposed(p[iWo[k]], C, H);
        return t;
    }

    /**
     * The labelled heads' logits from rows [0, b) of {@code in} at {@code inOff} (b x H), their cross-entropies against
     * {@code labels[k][b0 + r]} and, when {@code backward}, their gradients (softmax - onehot) / B, kept for
     * {@link #headGradients} and {@link #headsBackward}. Unlabelled heads are not computed.
     *
     * @param WoT the heads' transposed weights ({@link #transposedHeads})
     * @return {sum of losses over heads and rows, sum of correct over heads, then per head k: loss sum, correct}
     */
    @SuppressWarnings("unchecked")
    protected double[] heads(A[] p, Object[] WoT, A in, int inOff, int b, int B, int b0, int[][] labels, boolean backward) {
        logits = ensure(logits, K * b * C);
        if (backward) dlogits = ensure(dlogits, K * b * C);
        double[] r = new double[2 + 2 * K];
        for (int k = 0; k < K; k++) {
            if (labels[k] == null) continue;
            int o = k * b * C;
            ops.setRows(logits, o, b, C, p[iBo[k]], 0);
            ops.gemm(b, C, H, in, inOff, H, 1, (A) WoT[k], 0, C, logits, o, C, true);
            double[] lc = crossEntropy(logits, o, b, labels[k], b0, backward ? dlogits : null, 1.0 / B);
            r[0] += lc[0];
            r[1] += lc[1];
            r[2 + 2 * k] = lc[0];
            r[3 + 2 * k] = lc[1];
        }
        return r;
    }

    /** The labelled, trainable heads' weight and bias gradients from the last {@link #heads} (accumulated into grads). */
    protected void headGradients(A[] grads, boolean[] tr, A in, int inOff, int b, int[][] labels) {
        for (int k = 0; k < K; k++) {
            if (labels[k] == null) continue;
            int o = k * b * C;
            if (tr[iWo[k]]) ops.gemm(C, H, b, dlogits, o, 1, C, in, inOff, H, grads[iWo[k]], 0, H, true);
            if (tr[iBo[k]]) ops.colSumAdd(dlogits, o, b, C, grads[iBo[k]], 0);
        }
    }

    /** dIn = sum over the labelled heads of W_k^T dlogits_k (b x H, overwritten) from the last {@link #heads}. */
    protected void headsBackward(A[] p, A dIn, int b, int[][] labels) {
        boolean first = true;
        for (int k = 0; k < K; k++) {
            if (labels[k] == null) continue;
            ops.gemm(b, H, C, dlogits, k * b * C, C, 1, p[iWo[k]], 0, H, dIn, 0, H, !first);
            first = false;
        }
    }

    /** Index of the tensor called {@code name} in spec order. */
    protected static int idx(List<ParamSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) if (specs.get(i).name().equals(name)) return i;
        throw new IllegalStateException("no parameter " + name);
    }

    /** A transposed copy (cols x rows) of the row-major rows x cols weight {@code w}. */
    protected A transposed(A w, int rows, int cols) {
        A t = ops.alloc(rows * cols);
        ops.transpose(w, 0, rows, cols, t, 0);
        return t;
    }

    /** Grows {@code a} to at least {@code n} elements. */
    protected A ensure(A a, int n) {
        return (a == null || ops.length(a) < n) ? ops.alloc(Math.max(n, 1)) : a;
    }

    /**
     * Softmax cross-entropy on rows [0, rows) of {@code logits} (row-major, C wide) against labels[b0 + r]; writes
     * (softmax - onehot) * scale into {@code dlogits} when it is non-null. Computed in double for stability.
     *
     * @return {sum of losses, number correct}
     */
    protected double[] crossEntropy(A logits, int rows, int[] labels, int b0, A dlogits, double scale) {
        return crossEntropy(logits, 0, rows, labels, b0, dlogits, scale);
    }

    /** As {@link #crossEntropy(Object, int, int[], int, Object, double)} on the rows starting at {@code off}. */
    protected double[] crossEntropy(A logits, int off, int rows, int[] labels, int b0, A dlogits, double scale) {
        double loss = 0;
        int correct = 0;
        double[] p = new double[C];
        for (int r = 0; r < rows; r++) {
            int o = off + r * C;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < C; c++) {
                double v = ops.get(logits, o + c);
                if (v > max) {
                    max = v;
                    arg = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < C; c++) {
                p[c] = Math.exp(ops.get(logits, o + c) - max);
                sum += p[c];
            }
            int y = labels[b0 + r];
            loss += Math.log(sum) + max - ops.get(logits, o + y);
            if (arg == y && !Double.isNaN(max)) correct++;
            if (dlogits != null) {
                for (int c = 0; c < C; c++) ops.set(dlogits, o + c, (p[c] / sum - (c == y ? 1 : 0)) * scale);
            }
        }
        return new double[]{loss, correct};
    }
}
