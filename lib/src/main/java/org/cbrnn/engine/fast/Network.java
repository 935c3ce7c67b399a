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

    protected Network(ModelConfig config, Ops<A> ops) {
        this.config = config;
        this.ops = ops;
        this.H = config.hiddenSize();
        this.I = config.inputSize();
        this.C = config.numClasses();
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
     * @param labels    the whole batch's labels
     * @param h0        the whole batch's initial state, batch-major, {@code B*stateSize}
     * @param grads     worker-local gradient accumulators in spec order (zeroed by the caller), or null for no backward
     * @param trainable which tensors need gradients (spec order)
     * @param cbEnabled false zeroes the cerebellar output (ablation)
     * @return {sum of per-sequence losses over the rows, number correct}
     */
    public abstract double[] run(A[] params, Object prepared, A inputs, int[] labels, A h0, int T, int B, int b0, int b1,
                                 A[] grads, boolean[] trainable, boolean cbEnabled);

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
        double loss = 0;
        int correct = 0;
        double[] p = new double[C];
        for (int r = 0; r < rows; r++) {
            int o = r * C;
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
