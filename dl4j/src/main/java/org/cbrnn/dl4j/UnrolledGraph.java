package org.cbrnn.dl4j;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One {@link CellDefinition} unrolled over a fixed number of steps for a fixed batch size, with its loss and (created on
 * first use) its gradient function. Built and cached by {@link SameDiffEngine}; public so tests and power users can
 * reach the SameDiff instance (e.g. for DL4J's {@code GradCheckUtil}).
 *
 * <p>Graph layout: one variable per parameter (named {@code p<i>_<spec name>}; see {@link #shapeOf} for
 * the shapes), placeholders {@code h0} [B, S], {@code x_<t>} [B, I] per step,
 * {@code y} [B, C] (one-hot labels), and for the first {@link #padSlots()} steps {@code keep_<t>} / {@code hold_<t>}
 * [1, 1]; outputs {@code logits} and {@code loss} = -sum(y * logSoftmax(logits)) / B.
 *
 * <p>A model with K &gt; 1 heads has, per head k, the output {@code logits_<k>}, the placeholder {@code y_<k>} and the
 * head's loss {@code loss_<k>} = -sum(y_k * logSoftmax(logits_k)) / B; {@code loss} is their sum. An inactive head's
 * {@code y_<k>} is all zeros, which makes its loss and its gradient exactly zero.
 *
 * <p>Padding: a batch of T < {@link #steps()} steps is left-padded with L - T zero inputs, and every state component
 * is held during the padding: {@code s_t = keep_t * step(s_{t-1}, x_t) + hold_t * s_{t-1}} with (keep, hold) = (0, 1)
 * on padded steps and (1, 0) on real ones. Multiplying by exact 0 and 1 leaves the values and the gradients of the
 * real steps unchanged (as long as the padded steps' candidates are finite).
 */
public final class UnrolledGraph {
    static final String LOSS = "loss", LOGITS = "logits", H0 = "h0", Y = "y";
    private static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());

    private final CellDefinition cell;
    private final SameDiff sd;
    private final DataType dataType;
    private final int steps, batchSize, padSlots, inputSize, numClasses, stateSize, numHeads;
    private final boolean cerebellumEnabled;
    private final List<ParamSpec> specs;
    private final String[] varNames;
    private final INDArray[] paramArrays;
    private final INDArray zeroInput, one, zero;
    private boolean gradFunction;

    private UnrolledGraph(CellDefinition cell, DataType dataType, int steps, int batchSize, int padSlots, boolean cerebellumEnabled) {
        this.cell = cell;
        this.dataType = dataType;
        this.steps = steps;
        this.batchSize = batchSize;
        this.padSlots = padSlots;
        this.cerebellumEnabled = cerebellumEnabled;
        ModelConfig cfg = cell.config();
        this.inputSize = cfg.inputSize();
        this.numClasses = cfg.numClasses();
        this.stateSize = cfg.stateSize();
        this.numHeads = cfg.numHeads();
        this.specs = List.copyOf(cell.parameterSpecs());
        int[] widths = cell.stateWidths();
        int sum = 0;
        for (int w : widths) sum += w;
        if (sum != stateSize) {
            throw new IllegalArgumentException("cell '" + cell.name() + "': state widths add up to " + sum
                    + " but config().stateSize() is " + stateSize);
        }

        sd = SameDiff.create();
        varNames = new String[specs.size()];
        paramArrays = new INDArray[specs.size()];
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            ParamSpec s = specs.get(i);
            if (params.containsKey(s.name())) throw new IllegalArgumentException("duplicate parameter name '" + s.name() + "'");
            varNames[i] = "p" + i + "_" + s.name().replaceAll("[^A-Za-z0-9_]", "_");
            SDVariable v = sd.var(varNames[i], Nd4j.zeros(dataType, shapeOf(s)));
            params.put(s.name(), v);
            paramArrays[i] = sd.getArrForVarName(varNames[i]);
        }
        CellContext ctx = new CellContext(sd, cfg, Collections.unmodifiableMap(params), cerebellumEnabled, batchSize, dataType);

        SDVariable h0 = sd.placeHolder(H0, dataType, batchSize, stateSize);
        SDVariable[] state = new SDVariable[widths.length];
        if (widths.length == 1) {
            state[0] = h0;
        } else {
            int off = 0;
            for (int k = 0; k < widths.length; k++) {
                state[k] = h0.get(SDIndex.all(), SDIndex.interval(off, off + widths[k]));
                off += widths[k];
            }
        }
        SDVariable x = null;
        for (int t = 0; t < steps; t++) {
            ctx.setStep(t);
            x = sd.placeHolder(inputName(t), dataType, batchSize, inputSize);
            SDVariable[] next = cell.step(ctx, state, x);
            if (next == null || next.length != state.length) {
                throw new IllegalStateException("cell '" + cell.name() + "' returned " + (next == null ? "null" : next.length + " state components")
                        + ", expected " + state.length);
            }
            if (t < padSlots) {
                SDVariable keep = sd.placeHolder("keep_" + t, dataType, 1, 1);
                SDVariable hold = sd.placeHolder("hold_" + t, dataType, 1, 1);
                for (int k = 0; k < next.length; k++) next[k] = next[k].mul(keep).add(state[k].mul(hold));
            }
            state = next;
        }
        ctx.setStep(-1);
        SDVariable loss;
        if (numHeads == 1) {
            SDVariable logits = sd.identity(LOGITS, cell.logits(ctx, state, x));
            SDVariable y = sd.placeHolder(Y, dataType, batchSize, numClasses);
            loss = sd.nn.logSoftmax(logits).mul(y).sum().mul(-1.0 / batchSize);
        } else {
            // every head reads the same readout input (computed once), the loss sums the heads' mean cross-entropies
            SDVariable in = cell.readoutInput(ctx, state, x);
            loss = null;
            for (int k = 0; k < numHeads; k++) {
                SDVariable logits = sd.identity(LOGITS + "_" + k, ctx.linear(cfg.headName(k), in));
                SDVariable y = sd.placeHolder(Y + "_" + k, dataType, batchSize, numClasses);
                SDVariable lk = sd.identity(LOSS + "_" + k, sd.nn.logSoftmax(logits).mul(y).sum().mul(-1.0 / batchSize));
                loss = loss == null ? lk : loss.add(lk);
            }
        }
        loss.rename(LOSS);
        sd.setLossVariables(LOSS);

        zeroInput = Nd4j.zeros(dataType, batchSize, inputSize);
        one = Nd4j.ones(dataType, 1, 1);
        zero = Nd4j.zeros(dataType, 1, 1);
    }

    static UnrolledGraph build(CellDefinition cell, DataType dataType, int steps, int batchSize, int padSlots, boolean cerebellumEnabled) {
        if (steps < 1 || batchSize < 1) throw new IllegalArgumentException("steps and batchSize must be >= 1");
        if (padSlots < 0 || padSlots >= steps) throw new IllegalArgumentException("padSlots must be in [0, steps), got " + padSlots);
        return new UnrolledGraph(cell, dataType, steps, batchSize, padSlots, cerebellumEnabled);
    }

    /**
     * Shape of a parameter's variable: a vector (cols == 1) whose name does not end in {@code .weight} (a bias, a gain)
     * is a row {@code [1, rows]} that broadcasts over the batch; everything else is {@code [rows, cols]}.
     */
    static long[] shapeOf(ParamSpec s) {
        return s.cols() == 1 && !s.name().endsWith(".weight") ? new long[]{1, s.rows()} : new long[]{s.rows(), s.cols()};
    }

    static String inputName(int t) {
        return "x_" + t;
    }

    // ---------------------------------------------------------------- accessors

    /** The SameDiff instance (its loss variable is {@code "loss"}). */
    public SameDiff sameDiff() {
        return sd;
    }

    public CellDefinition cell() {
        return cell;
    }

    /** Unrolled length L (the longest batch this graph runs). */
    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of leading steps that carry a hold mask; batches of {@code steps() - padSlots()} to {@code steps()} steps fit. */
    public int padSlots() {
        return padSlots;
    }

    /** Shortest batch this graph accepts. */
    public int minSteps() {
        return steps - padSlots;
    }

    public boolean cerebellumEnabled() {
        return cerebellumEnabled;
    }

    public DataType dataType() {
        return dataType;
    }

    /** SameDiff variable name of parameter {@code i} (spec order). */
    public String variableName(int i) {
        return varNames[i];
    }

    /** Number of ops in the forward graph (a size measure). */
    public int opCount() {
        return sd.ops().length;
    }

    // ---------------------------------------------------------------- data in

    /** Copies parameter values (spec order) into the graph's variables. */
    public void setParameters(float[][] p) {
        checkParamCount(p.length);
        for (int i = 0; i < p.length; i++) {
            checkLength(i, p[i].length);
            paramArrays[i].assign(Nd4j.create(p[i], shapeOf(specs.get(i)), dataType));
        }
    }

    /** Copies parameter values (spec order) into the graph's variables. */
    public void setParameters(double[][] p) {
        checkParamCount(p.length);
        for (int i = 0; i < p.length; i++) {
            checkLength(i, p[i].length);
            paramArrays[i].assign(Nd4j.create(p[i], shapeOf(specs.get(i)), dataType));
        }
    }

    private void checkParamCount(int n) {
        if (n != specs.size()) throw new IllegalArgumentException("expected " + specs.size() + " parameter tensors, got " + n);
    }

    private void checkLength(int i, int n) {
        if (n != specs.get(i).size()) {
            throw new IllegalArgumentException(specs.get(i).name() + " has " + n + " values, expected " + specs.get(i).size());
        }
    }

    /** The placeholder values for {@code batch} and its initial state (batch-major, {@code B * stateSize}). */
    public Map<String, INDArray> placeholders(Batch batch, float[] h0) {
        double[] d = new double[h0.length];
        for (int i = 0; i < d.length; i++) d[i] = h0[i];
        return placeholders(batch, d);
    }

    /** The placeholder values for {@code batch} and its initial state (batch-major, {@code B * stateSize}). */
    public Map<String, INDArray> placeholders(Batch batch, double[] h0) {
        if (numHeads != 1) throw new IllegalArgumentException("graph has " + numHeads + " heads: give a MultiHeadBatch");
        Map<String, INDArray> ph = inputPlaceholders(batch, h0);
        ph.put(Y, oneHot(batch.labels()));
        return ph;
    }

    /** The placeholder values for a multi-head batch (inactive heads get all-zero targets) and its initial state. */
    public Map<String, INDArray> placeholders(MultiHeadBatch batch, float[] h0) {
        double[] d = new double[h0.length];
        for (int i = 0; i < d.length; i++) d[i] = h0[i];
        return placeholders(batch, d);
    }

    /** The placeholder values for a multi-head batch (inactive heads get all-zero targets) and its initial state. */
    public Map<String, INDArray> placeholders(MultiHeadBatch batch, double[] h0) {
        if (batch.numHeads() != numHeads) {
            throw new IllegalArgumentException("graph has " + numHeads + " heads, batch has labels for " + batch.numHeads());
        }
        Map<String, INDArray> ph = inputPlaceholders(batch.inputs(), h0);
        if (numHeads == 1) {
            ph.put(Y, oneHot(batch.labels()[0]));
        } else {
            for (int k = 0; k < numHeads; k++) {
                int[] y = batch.labels()[k];
                ph.put(Y + "_" + k, y == null ? Nd4j.zeros(dataType, batchSize, numClasses) : oneHot(y));
            }
        }
        return ph;
    }

    private INDArray oneHot(int[] labels) {
        double[] y = new double[batchSize * numClasses];
        for (int b = 0; b < batchSize; b++) {
            if (labels[b] >= numClasses) throw new IllegalArgumentException("label " + labels[b] + " >= numClasses " + numClasses);
            y[b * numClasses + labels[b]] = 1;
        }
        return Nd4j.create(y, new long[]{batchSize, numClasses}, dataType);
    }

    private Map<String, INDArray> inputPlaceholders(Batch batch, double[] h0) {
        int T = batch.steps(), B = batchSize, I = inputSize;
        if (batch.batchSize() != B) throw new IllegalArgumentException("graph is built for batch size " + B + ", got " + batch.batchSize());
        if (batch.inputSize() != I) throw new IllegalArgumentException("batch inputSize " + batch.inputSize() + " does not match the cell's " + I);
        if (T > steps || T < minSteps()) {
            throw new IllegalArgumentException("graph of " + steps + " steps takes batches of " + minSteps() + ".." + steps + " steps, got " + T);
        }
        if (h0.length != B * stateSize) {
            throw new IllegalArgumentException("initialState must have batchSize*stateSize = " + B * stateSize + " values, got " + h0.length);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(H0, Nd4j.create(h0, new long[]{B, stateSize}, dataType));
        int pad = steps - T;
        float[] in = batch.inputs();
        double[] buf = new double[B * I];
        for (int t = 0; t < steps; t++) {
            if (t < pad) {
                ph.put(inputName(t), zeroInput);
            } else {
                int off = (t - pad) * B * I;
                for (int j = 0; j < buf.length; j++) buf[j] = in[off + j];
                ph.put(inputName(t), Nd4j.create(buf, new long[]{B, I}, dataType));
            }
            if (t < padSlots) {
                ph.put("keep_" + t, t < pad ? zero : one);
                ph.put("hold_" + t, t < pad ? one : zero);
            }
        }
        return ph;
    }

    // ---------------------------------------------------------------- execution

    /** Creates the gradient function if it does not exist yet (silencing SameDiff's per-op println). */
    public void ensureGradFunction() {
        if (gradFunction) return;
        synchronized (UnrolledGraph.class) {
            PrintStream out = System.out;
            System.setOut(NULL_OUT);
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
        gradFunction = true;
    }

    /** Loss, accuracy against {@code labels} and (for {@code want[i]}) gradients; {@code want == null}: forward only. */
    Result run(Map<String, INDArray> placeholders, int[] labels, boolean[] want) {
        return run(placeholders, new int[][]{labels}, want);
    }

    /**
     * Loss, each head's loss and accuracy against {@code labels[k]} (null: inactive, not scored) and (for
     * {@code want[i]}) gradients; {@code want == null}: forward only.
     */
    Result run(Map<String, INDArray> placeholders, int[][] labels, boolean[] want) {
        if (labels.length != numHeads) throw new IllegalArgumentException("expected labels for " + numHeads + " heads, got " + labels.length);
        List<String> gradVars = new ArrayList<>();
        if (want != null) for (int i = 0; i < want.length; i++) if (want[i]) gradVars.add(varNames[i]);
        List<String> outputs = new ArrayList<>(List.of(LOSS));
        if (numHeads == 1) {
            outputs.add(LOGITS);
        } else {
            for (int k = 0; k < numHeads; k++) {
                outputs.add(LOGITS + "_" + k);
                outputs.add(LOSS + "_" + k);
            }
        }
        Map<String, INDArray> outs;
        Map<String, INDArray> grads = Map.of();
        if (gradVars.isEmpty()) {
            outs = sd.output(placeholders, outputs.toArray(String[]::new));
        } else {
            ensureGradFunction();
            OutAndGrad og = sd.calculateGradientsAndOutputs(placeholders, outputs, gradVars);
            outs = og.getOutputs();
            grads = og.getGradients();
        }
        double loss = outs.get(LOSS).getDouble(0);
        double[] headLoss = new double[numHeads];
        int[] headCorrect = new int[numHeads];
        int correct = 0;
        for (int k = 0; k < numHeads; k++) {
            if (labels[k] == null) continue;
            String suffix = numHeads == 1 ? "" : "_" + k;
            headLoss[k] = numHeads == 1 ? loss : outs.get(LOSS + suffix).getDouble(0);
            headCorrect[k] = correct(flat(outs.get(LOGITS + suffix)), labels[k]);
            correct += headCorrect[k];
        }
        double[][] g = new double[specs.size()][];
        for (int i = 0; i < specs.size(); i++) {
            if (want == null || !want[i]) continue;
            INDArray a = grads.get(varNames[i]);
            if (a == null) throw new IllegalStateException("SameDiff returned no gradient for " + specs.get(i).name());
            g[i] = flat(a);
        }
        dropSessions();
        return new Result(loss, correct, g, headLoss, headCorrect);
    }

    /** Sequences whose first maximal logit is the label (rows with a NaN count as wrong). */
    private int correct(double[] logits, int[] labels) {
        int n = 0;
        for (int b = 0; b < batchSize; b++) {
            int arg = 0;
            boolean nan = false;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                double v = logits[b * numClasses + c];
                if (Double.isNaN(v)) nan = true;
                if (v > max) {
                    max = v;
                    arg = c;
                }
            }
            if (!nan && arg == labels[b]) n++;
        }
        return n;
    }

    /**
     * Frees native memory now rather than at the next full garbage collection: the sessions' arrays (in the graph and
     * in its gradient function) and the parameter arrays. The graph must not
     * be used afterwards; the engine calls this when it evicts a graph or closes.
     */
    /**
     * Forgets SameDiff's execution sessions, which otherwise keep the last call's activations of every cached graph
     * (measured: 30-40 % less resident memory over a curriculum run, no measurable cost per call).
     */
    private void dropSessions() {
        List<SameDiff> all = new ArrayList<>();
        all.add(sd);
        if (gradFunction) {
            SameDiff grad = sd.getFunction("grad");
            if (grad != null) all.add(grad);
        }
        for (SameDiff s : all) {
            for (InferenceSession session : s.getSessions().values()) {
                if (session.getMmgr() != null) session.getMmgr().close();
            }
            s.getSessions().clear();
        }
    }

    void release() {
        dropSessions();
        for (INDArray a : paramArrays) if (a.closeable()) a.close();
    }

    static double[] flat(INDArray a) {
        return a.reshape(a.length()).toDoubleVector();
    }

    /**
     * Loss (summed over the heads), number correct (summed over the scored heads), gradients (null where not
     * requested), each head's loss and number correct (0 for unscored heads), in double.
     */
    record Result(double loss, int correct, double[][] gradients, double[] headLosses, int[] headCorrect) {}
}
