package org.cbrnn.analysis;

import java.util.EnumMap;
import java.util.Map;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;
import org.cbrnn.util.Check;

/**
 * Runs a model forward (docs/protocol.md §9.2) and records the activity of each population at every step, in double precision, from the
 * model equations of docs/protocol.md §2.2-2.3:
 * <pre>
 *   g_t = ReLU(W_gc u_t + b_gc),  p_t = ReLU(W_pc g_t + b_pc),  c_t = W_dcn p_t + b_dcn,   u_t = [h_{t-1}; x_t]
 *   h_t = (1 - α) h_{t-1} + α LeakyReLU(W_in x_t + b_in + W_hh h_{t-1} + b_hh + c_t)
 *   logits = W_o h_T + b_o
 * </pre>
 * It is a separate, plain forward pass (the fast engine keeps no per-step activity it could hand out and runs in
 * float); its agreement with the engine is tested on the loss and the predictions. Supported: the Elman core without a
 * cerebellum ({@code NONE}) and with the in-loop cerebellum ({@code CEREBELLAR_BIAS}, any {@code CbInput}). The GRU,
 * the recurrent auxiliary control and the readout topology are refused with an explanation.
 *
 * <p>With {@code cerebellumEnabled = false} c_t is zero at every step (the ablation of
 * {@link org.cbrnn.engine.Engine#evaluate(Model, Batch, float[], boolean)}); the GC and PC activity is still computed
 * and recorded, since it is what the cerebellum would see.
 */
public final class ActivityRecorder {
    private final ModelConfig cfg;
    private final int H, I, G, P, U, C;
    private final boolean cb, readsHidden, readsInput;
    private final double alpha, slope;
    private final double[] win, bin, whh, bhh, wgc, bgc, wpc, bpc, wdcn, bdcn, wo, bo;

    /** The recorded populations. */
    public enum Population {
        /** The core's state h_t (H units). */
        HIDDEN,
        /** Granule cells g_t (G units). */
        GRANULE,
        /** Purkinje cells p_t (P units). */
        PURKINJE,
        /** The cerebellar output c_t added to the core's pre-activation (H units). */
        CB_OUTPUT
    }

    /** Receives each step's activity; arrays are batch-major ({@code [b * width + unit]}) and reused between calls. */
    public interface StepListener {
        /**
         * @param t          0-based step
         * @param hidden     h_t, B x H
         * @param granule    g_t, B x G (null without a cerebellum)
         * @param purkinje   p_t, B x P (null without a cerebellum)
         * @param cbOutput   c_t, B x H (null without a cerebellum; zeros when it is disabled)
         */
        void onStep(int t, double[] hidden, double[] granule, double[] purkinje, double[] cbOutput);
    }

    /**
     * One population's activity: {@code values[(t * batchSize + b) * width + unit]}, t in [0, steps).
     */
    public record Trace(int steps, int batchSize, int width, double[] values) {
        public Trace {
            Check.notNull("values", values);
            Check.positive("steps", steps);
            Check.positive("batchSize", batchSize);
            Check.positive("width", width);
            if (values.length != (long) steps * batchSize * width) {
                throw new IllegalArgumentException("values must have steps x batchSize x width = " + ((long) steps * batchSize * width) + " entries, got " + values.length);
            }
        }

        public double get(int t, int b, int unit) {
            return values[(t * batchSize + b) * width + unit];
        }

        /** The activity at the last step, {@code [b * width + unit]}. */
        public double[] last() {
            double[] out = new double[batchSize * width];
            System.arraycopy(values, (steps - 1) * batchSize * width, out, 0, out.length);
            return out;
        }
    }

    /**
     * A recorded forward pass.
     *
     * @param traces  per population, every step (only {@link Population#HIDDEN} without a cerebellum)
     * @param logits  B x C, from the final state
     * @param loss    mean cross-entropy over the batch
     * @param correct number of sequences whose arg-max logit is the label
     */
    public record Recording(Map<Population, Trace> traces, double[] logits, double loss, int correct) {
        public Recording {
            Check.notNull("traces", traces);
            Check.notNull("logits", logits);
            traces = Map.copyOf(traces);
        }

        /** The trace of {@code p}; an {@link IllegalArgumentException} if the model has no such population. */
        public Trace trace(Population p) {
            Check.notNull("p", p);
            Trace t = traces.get(p);
            if (t == null) throw new IllegalArgumentException("no " + p + " activity recorded (the model has no cerebellum)");
            return t;
        }

        /** Final states h_T, B x H. */
        public double[] finalHidden() {
            return trace(Population.HIDDEN).last();
        }
    }

    /** A recorder for {@code model}'s current weights (copied: later weight changes are not seen). */
    public ActivityRecorder(Model model) {
        Check.notNull("model", model);
        cfg = model.config();
        if (cfg.cell() != ModelConfig.Cell.ELMAN) throw new IllegalArgumentException("the recorder supports the Elman core only, got " + cfg.label());
        if (cfg.coupling() != ModelConfig.Coupling.NONE && cfg.coupling() != ModelConfig.Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("the recorder supports coupling NONE and CEREBELLAR_BIAS only, got " + cfg.coupling());
        }
        if (!model.hasConfigLayout()) throw new IllegalArgumentException("model has a custom parameter layout");
        H = cfg.hiddenSize();
        I = cfg.inputSize();
        C = cfg.numClasses();
        cb = cfg.coupling() == ModelConfig.Coupling.CEREBELLAR_BIAS;
        G = cfg.granuleSize();
        P = cfg.purkinjeSize();
        U = cfg.cbInputWidth();
        readsHidden = cfg.cbInput().readsHidden();
        readsInput = cfg.cbInput().readsInput();
        alpha = cfg.alpha();
        slope = cfg.leakSlope();
        var p = model.parameters();
        win = d(p.get("inp.weight"));
        bin = d(p.get("inp.bias"));
        whh = d(p.get("hh.weight"));
        bhh = d(p.get("hh.bias"));
        wo = d(p.get("head.weight"));
        bo = d(p.get("head.bias"));
        wgc = cb ? d(p.get("gc.weight")) : null;
        bgc = cb ? d(p.get("gc.bias")) : null;
        wpc = cb ? d(p.get("pc.weight")) : null;
        bpc = cb ? d(p.get("pc.bias")) : null;
        wdcn = cb ? d(p.get("dcn.weight")) : null;
        bdcn = cb ? d(p.get("dcn.bias")) : null;
    }

    /** True when the model has the cerebellar populations (GC, PC, CB output). */
    public boolean hasCerebellum() {
        return cb;
    }

    /** Width of population {@code p} (0 if the model lacks it). */
    public int width(Population p) {
        Check.notNull("p", p);
        return switch (p) {
            case HIDDEN -> H;
            case GRANULE -> cb ? G : 0;
            case PURKINJE -> cb ? P : 0;
            case CB_OUTPUT -> cb ? H : 0;
        };
    }

    /** Records every population at every step of {@code batch}. */
    public Recording record(Batch batch, float[] initialState, boolean cerebellumEnabled) {
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        int T = batch.steps(), B = batch.batchSize();
        Map<Population, double[]> buf = new EnumMap<>(Population.class);
        for (Population p : Population.values()) if (width(p) > 0) buf.put(p, new double[T * B * width(p)]);
        double[] hT = new double[B * H];
        run(batch.inputs(), T, B, batch.inputSize(), initialState, cerebellumEnabled, (t, h, g, pc, c) -> {
            System.arraycopy(h, 0, buf.get(Population.HIDDEN), t * B * H, B * H);
            if (g != null) {
                System.arraycopy(g, 0, buf.get(Population.GRANULE), t * B * G, B * G);
                System.arraycopy(pc, 0, buf.get(Population.PURKINJE), t * B * P, B * P);
                System.arraycopy(c, 0, buf.get(Population.CB_OUTPUT), t * B * H, B * H);
            }
            if (t == T - 1) System.arraycopy(h, 0, hT, 0, B * H);
        });
        Map<Population, Trace> traces = new EnumMap<>(Population.class);
        buf.forEach((p, v) -> traces.put(p, new Trace(T, B, width(p), v)));
        double[] logits = logits(hT, B);
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < B; b++) {
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < C; k++) if (logits[b * C + k] > max) { max = logits[b * C + k]; arg = k; }
            double s = 0;
            for (int k = 0; k < C; k++) s += Math.exp(logits[b * C + k] - max);
            int y = batch.labels()[b];
            loss += Math.log(s) + max - logits[b * C + y];
            if (arg == y) correct++;
        }
        return new Recording(traces, logits, loss / B, correct);
    }

    /** The logits W_o h + b_o for B final states (B x H in, B x C out). */
    public double[] logits(double[] finalHidden, int batchSize) {
        Check.notNull("finalHidden", finalHidden);
        if (finalHidden.length != batchSize * H) throw new IllegalArgumentException("finalHidden must have batchSize x H = " + batchSize * H + " values, got " + finalHidden.length);
        double[] out = new double[batchSize * C];
        for (int b = 0; b < batchSize; b++) {
            for (int k = 0; k < C; k++) {
                double s = bo[k];
                for (int j = 0; j < H; j++) s += wo[k * H + j] * finalHidden[b * H + j];
                out[b * C + k] = s;
            }
        }
        return out;
    }

    /**
     * Runs the forward pass on time-major inputs ({@code [(t * B + b) * inputSize + i]}) and hands each step's activity
     * to {@code listener} without keeping it: for long simulations (the timescale analysis).
     */
    public void run(float[] inputs, int steps, int batchSize, int inputSize, float[] initialState, boolean cerebellumEnabled, StepListener listener) {
        Check.notNull("inputs", inputs);
        Check.notNull("initialState", initialState);
        Check.notNull("listener", listener);
        Check.positive("steps", steps);
        Check.positive("batchSize", batchSize);
        if (inputSize != I) throw new IllegalArgumentException("inputSize must be the model's " + I + ", got " + inputSize);
        if (inputs.length != (long) steps * batchSize * I) throw new IllegalArgumentException("inputs must have steps x batchSize x inputSize = " + ((long) steps * batchSize * I) + " values, got " + inputs.length);
        if (initialState.length != batchSize * H) throw new IllegalArgumentException("initialState must have batchSize x H = " + batchSize * H + " values, got " + initialState.length);
        final int B = batchSize;
        double[] h = new double[B * H], hn = new double[B * H];
        for (int i = 0; i < h.length; i++) h[i] = initialState[i];
        double[] g = cb ? new double[B * G] : null, pc = cb ? new double[B * P] : null, c = cb ? new double[B * H] : null;
        double[] u = new double[Math.max(U, 1)];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < B; b++) {
                int xo = (t * B + b) * I, ho = b * H;
                if (cb) {
                    int k = 0;
                    if (readsHidden) for (int j = 0; j < H; j++) u[k++] = h[ho + j];
                    if (readsInput) for (int i = 0; i < I; i++) u[k++] = inputs[xo + i];
                    for (int r = 0; r < G; r++) {
                        double s = bgc[r];
                        for (int j = 0; j < U; j++) s += wgc[r * U + j] * u[j];
                        g[b * G + r] = Math.max(s, 0);
                    }
                    for (int r = 0; r < P; r++) {
                        double s = bpc[r];
                        for (int j = 0; j < G; j++) s += wpc[r * G + j] * g[b * G + j];
                        pc[b * P + r] = Math.max(s, 0);
                    }
                    for (int r = 0; r < H; r++) {
                        double s = 0;
                        if (cerebellumEnabled) {
                            s = bdcn[r];
                            for (int j = 0; j < P; j++) s += wdcn[r * P + j] * pc[b * P + j];
                        }
                        c[b * H + r] = s;
                    }
                }
                for (int r = 0; r < H; r++) {
                    double z = bin[r] + bhh[r];
                    for (int i = 0; i < I; i++) z += win[r * I + i] * inputs[xo + i];
                    for (int j = 0; j < H; j++) z += whh[r * H + j] * h[ho + j];
                    if (cb) z += c[b * H + r];
                    double phi = z > 0 ? z : slope * z;
                    hn[ho + r] = (1 - alpha) * h[ho + r] + alpha * phi;
                }
            }
            double[] tmp = h;
            h = hn;
            hn = tmp;
            listener.onStep(t, h, g, pc, c);
        }
    }

    private static double[] d(float[] a) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i];
        return o;
    }
}
