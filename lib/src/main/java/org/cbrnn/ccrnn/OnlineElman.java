package org.cbrnn.ccrnn;

import java.util.List;
import org.cbrnn.engine.fast.Network;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The kit's CB-RNN (or the plain leaky Elman RNN) on the ccRNN study's drawing tasks (docs/ccrnn.md §8.4): the core and
 * in-loop cerebellum of docs/protocol.md §2.2-§2.3, run by the fast engine's {@code ElmanNetwork}, with the model's
 * single readout head read at <em>every</em> step as a linear (x, y) output,
 * <pre>
 *   y_t = W_o h_t + b_o,   t = 1..T
 * </pre>
 * and the per-step squared error of docs/ccrnn.md §4.1 at the feedback steps as the loss, back-propagated through the
 * whole sequence (full BPTT; the core receives dL/dh_t at every step through {@link Network#runStates}).
 *
 * <p>The parameters are exactly the {@link ModelConfig}'s tensors in {@link ModelConfig#parameterSpecs()} order, drawn
 * by {@link Model#create(ModelConfig, long)} (the kit's CB-RNN initialisation, docs/protocol.md §2.5); the head's
 * C = O classes are the O output coordinates. The initial state is the CB-RNN's h_0 = 0.1 U(0,1), a fresh draw per
 * sequence ({@link #initialState}).
 *
 * <p>Not thread-safe (it owns its workspace); one network per thread.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
public final class OnlineElman<A> {
    private final ModelConfig config;
    private final Ops<A> ops;
    private final Model model;
    private final Network<A> net;
    private final A[] params;
    private final boolean[] trainable;
    private final int iWo, iBo, H, O;
    private A Y, dY, woT;

    private OnlineElman(Ops<A> ops, ModelConfig config, long seed) {
        this.ops = Check.notNull("ops", ops);
        this.config = check(config);
        this.model = Model.create(config, seed);
        this.net = Network.create(config, ops);
        List<ParamSpec> specs = config.parameterSpecs();
        this.params = CcNetwork.arrayOf(ops, specs.size());
        for (int i = 0; i < params.length; i++) {
            params[i] = ops.alloc(specs.get(i).size());
            ops.load(model.parameters().get(i), params[i]);
        }
        this.trainable = new boolean[specs.size()];
        java.util.Arrays.fill(trainable, true);
        this.iWo = index(specs, config.headName(0) + ".weight");
        this.iBo = index(specs, config.headName(0) + ".bias");
        this.H = config.hiddenSize();
        this.O = config.numClasses();
    }

    private static ModelConfig check(ModelConfig c) {
        Check.notNull("model", c);
        if (c.cell() != ModelConfig.Cell.ELMAN
                || (c.coupling() != ModelConfig.Coupling.NONE && c.coupling() != ModelConfig.Coupling.CEREBELLAR_BIAS)) {
            throw new IllegalArgumentException("model must be a leaky Elman core with coupling NONE or CEREBELLAR_BIAS, got "
                    + c.cell() + "/" + c.coupling());
        }
        if (c.numHeads() != 1) throw new IllegalArgumentException("model must have one readout head (the per-step output), got " + c.numHeads());
        return c;
    }

    private static int index(List<ParamSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) if (specs.get(i).name().equals(name)) return i;
        throw new IllegalStateException("no tensor " + name);
    }

    /** A network of {@code model}'s architecture initialised from {@code seed} as the kit initialises every CB-RNN. */
    public static <A> OnlineElman<A> create(Ops<A> ops, ModelConfig model, long seed) {
        return new OnlineElman<>(ops, model, seed);
    }

    /**
     * The kit's CB-RNN (docs/protocol.md §2.1: H 64, GC 256, PC 64, the cerebellum reads [h_{t-1}; x_t], tau 1.5) with the
     * task's input width and one readout of the task's output width.
     */
    public static ModelConfig cbRnn(OnlineTask task) {
        Check.notNull("task", task);
        return ModelConfig.cbRnn().withInputSize(task.inputSize()).withNumClasses(task.outputSize());
    }

    /** The plain leaky Elman RNN whose parameter count is closest to {@link #cbRnn(OnlineTask)}'s (docs/protocol.md §2.10). */
    public static ModelConfig matchedRnn(OnlineTask task) {
        return ModelConfig.matchedElman(cbRnn(task));
    }

    public ModelConfig config() {
        return config;
    }

    public Ops<A> ops() {
        return ops;
    }

    /** The tensors, in {@link #params()} order. */
    public List<ParamSpec> specs() {
        return config.parameterSpecs();
    }

    /** The live parameter arrays (the optimiser updates them in place). */
    public A[] params() {
        return params;
    }

    /** Zeroed gradient arrays shaped like {@link #params()}. */
    public A[] newGradients() {
        A[] g = CcNetwork.arrayOf(ops, params.length);
        for (int i = 0; i < g.length; i++) g[i] = ops.alloc(ops.length(params[i]));
        return g;
    }

    /** A fresh initial state for {@code batch} sequences: h_0 = 0.1 U(0,1) per unit (docs/protocol.md §2.2), batch-major. */
    public A initialState(int batch, Rng rng) {
        A h = ops.alloc(Check.positive("batch", batch) * config.stateSize());
        ops.load(model.initialState(batch, rng), h);
        return h;
    }

    private void checkBatch(SeqBatch batch, A h0) {
        Check.notNull("batch", batch);
        Check.notNull("h0", h0);
        if (batch.inputSize() != config.inputSize() || batch.outputSize() != O) {
            throw new IllegalArgumentException("batch has input/output widths " + batch.inputSize() + "/" + batch.outputSize()
                    + ", network " + config.inputSize() + "/" + O);
        }
        if (ops.length(h0) != batch.batch() * H) {
            throw new IllegalArgumentException("h0 must have batch * H = " + batch.batch() * H + " values, got " + ops.length(h0));
        }
    }

    /**
     * One training batch: forward, the loss of docs/ccrnn.md §4.1 (the squared error over the feedback steps, averaged
     * over sequences, feedback steps and outputs), and its gradient by full BPTT, written (not added) into
     * {@code grads}; no parameter changes.
     *
     * @return the training-curve value (summed squared error over feedback steps / (B T)); no cerebellar loss (0)
     */
    public CcNetwork.BatchStats trainBatch(SeqBatch batch, OnlineTask.Loss loss, A h0, A[] grads) {
        checkBatch(batch, h0);
        Check.notNull("grads", grads);
        if (loss != OnlineTask.Loss.MSE_FEEDBACK) {
            throw new IllegalArgumentException("loss must be MSE_FEEDBACK (the drawing tasks); the CB-RNN conditions do not implement " + loss);
        }
        if (grads.length != params.length) throw new IllegalArgumentException("grads must hold " + params.length + " tensors, got " + grads.length);
        for (A g : grads) ops.fill(g, 0, ops.length(g), 0);
        int T = batch.steps(), B = batch.batch();
        A in = ops.alloc(T * B * config.inputSize());
        ops.load(batch.inputs(), in);
        double[] s = net.runStates(params, net.prepare(params), in, h0, T, B, 0, B, (st, t, b, dSt) -> readout(st, t, b, dSt, batch, grads),
                grads, trainable, true);
        return new CcNetwork.BatchStats(s[0] / ((double) B * T), 0);
    }

    /** The outputs at every step, T x B x O (time-major), from initial state {@code h0}. */
    public double[] outputs(SeqBatch batch, A h0) {
        checkBatch(batch, h0);
        int T = batch.steps(), B = batch.batch();
        A in = ops.alloc(T * B * config.inputSize());
        ops.load(batch.inputs(), in);
        net.runStates(params, net.prepare(params), in, h0, T, B, 0, B, (st, t, b, dSt) -> readout(st, t, b, null, batch, null), null, trainable, true);
        double[] y = new double[T * B * O];
        for (int i = 0; i < y.length; i++) y[i] = ops.get(Y, i);
        return y;
    }

    /**
     * The per-step readout on h_1..h_T and, when {@code dStates} is non-null, the loss's gradients: dL/dy_t at the
     * feedback steps, the head's weight and bias gradients, and dL/dh_t = W_o^T dL/dy_t for the core.
     *
     * @return {summed squared error over the feedback steps}
     */
    private double[] readout(A states, int T, int b, A dStates, SeqBatch batch, A[] grads) {
        int bH = b * H;
        if (Y == null || ops.length(Y) < T * b * O) {
            Y = ops.alloc(T * b * O);
            dY = ops.alloc(T * b * O);
        }
        // y_t = h_t W_o^T + b_o: W_o is stored O x H; its transpose is refreshed every pass (the optimiser moves it)
        if (woT == null) woT = ops.alloc(H * O);
        ops.transpose(params[iWo], 0, O, H, woT, 0);
        for (int t = 0; t < T; t++) {
            ops.setRows(Y, t * b * O, b, O, params[iBo], 0);
            ops.gemm(b, O, H, states, (t + 1) * bH, H, 1, woT, 0, O, Y, t * b * O, O, true);
        }
        if (dStates == null) return new double[] {Double.NaN};
        int nf = batch.feedbackSteps();
        double norm = 2.0 / ((double) b * nf * O), sse = 0;
        ops.fill(dY, 0, T * b * O, 0);
        float[] tg = batch.targets();
        for (int t = 0; t < T; t++) {
            if (!batch.feedback()[t]) continue;
            for (int i = t * b * O, e = i + b * O; i < e; i++) {
                double d = ops.get(Y, i) - tg[i];
                sse += d * d;
                ops.set(dY, i, norm * d);
            }
            // dL/dh_t = dL/dy_t W_o (b x O times O x H)
            ops.gemm(b, H, O, dY, t * b * O, O, 1, params[iWo], 0, H, dStates, t * bH, H, false);
        }
        // head gradients over all T*b rows: dW_o = dY^T [h_1..h_T], db_o = column sums of dY
        ops.gemm(O, H, T * b, dY, 0, 1, O, states, bH, H, grads[iWo], 0, H, true);
        ops.colSumAdd(dY, 0, T * b, O, grads[iBo], 0);
        return new double[] {sse};
    }
}
