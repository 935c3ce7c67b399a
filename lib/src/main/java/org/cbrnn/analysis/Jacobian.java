package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The one-step Jacobian of the Elman core with the in-loop cerebellum (docs/protocol.md §9.8), in double:
 * <pre>
 *   J_t = ∂h_t/∂h_{t−1} = (1 − α) I + α·diag(φ'(z_t))·(W_hh + ∂c_t/∂h_{t−1})
 *   ∂c_t/∂h_{t−1} = W_dcn · diag(1[p_t &gt; 0]) · W_pc · diag(1[g_t &gt; 0]) · W_gc[:, hidden columns]
 * </pre>
 * split into the <b>intrinsic</b> term (1 − α) I + α diag(φ') W_hh and the <b>cerebellar</b> term
 * α diag(φ') ∂c/∂h (zero for a model without a cerebellum or a cerebellum that does not read h, and with the
 * cerebellum removed). Both terms are evaluated at the same z_t, the pre-activation of the network as it runs
 * (with the cerebellum, unless it is removed), so they sum to J exactly.
 *
 * <p><b>Memory directions.</b> {@link #memory} asks how the network carries one input bit, the "sample" at step s,
 * forward in time. For each step t ≥ s, m_t is the unit vector along mean(h_t | x_s = 1) − mean(h_t | x_s = 0) over the
 * sequences of a batch. For each sequence and k = 1..K (with J_{s+k} taken along that sequence's own trajectory):
 * <ul>
 *   <li>gain ‖J_{s+k} m_{s+k−1}‖ and preservation cos(J_{s+k} m_{s+k−1}, m_{s+k}), with the full J and with the
 *       intrinsic term alone;</li>
 *   <li>propagation: v_0 = m_s, v_k = J_{s+k} v_{k−1} (Jacobian-vector products, never forming J), reported as
 *       log‖v_k‖ and cos(v_k, m_{s+k}); again with the full J and with the intrinsic term alone along the same
 *       trajectory.</li>
 * </ul>
 * A gain near 1 with preservation near 1 is a direction the dynamics hold; the difference between the full and the
 * intrinsic columns is what the cerebellar term adds. The sample step s comes from the task: N-DMS must hold its first
 * bit ({@link #DMS_SAMPLE}, s = 0), N-parity the first bit of the window of the last N ({@link #PARITY_WINDOW}, s = T − N).
 */
public final class Jacobian {
    /** Sample step of N-DMS: the first bit, held to the end. */
    public static final IntBinaryOperator DMS_SAMPLE = (steps, level) -> 0;
    /** Sample step of N-parity: the first bit of the window of the last N bits. */
    public static final IntBinaryOperator PARITY_WINDOW = (steps, level) -> Math.max(0, steps - level);

    private final int H, I, G, P, U;
    private final boolean cb, readsHidden, readsInput;
    private final double alpha, slope;
    private final double[] win, bin, whh, bhh, wgc, bgc, wpc, bpc, wdcn, bdcn;

    /** The Jacobian of {@code model}'s current weights (copied). Supports what {@link ActivityRecorder} supports. */
    public Jacobian(Model model) {
        Check.notNull("model", model);
        ModelConfig cfg = model.config();
        new ActivityRecorder(model); // the same support checks, with the same messages
        H = cfg.hiddenSize();
        I = cfg.inputSize();
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
        wgc = cb ? d(p.get("gc.weight")) : null;
        bgc = cb ? d(p.get("gc.bias")) : null;
        wpc = cb ? d(p.get("pc.weight")) : null;
        bpc = cb ? d(p.get("pc.bias")) : null;
        wdcn = cb ? d(p.get("dcn.weight")) : null;
        bdcn = cb ? d(p.get("dcn.bias")) : null;
    }

    /** Hidden size H (J is H x H). */
    public int size() {
        return H;
    }

    /**
     * The forward step at (h_{t−1}, x_t) with what the Jacobian needs.
     *
     * @param next    h_t
     * @param phiPrime φ'(z_t) per unit (1 or the leak slope)
     * @param gcMask   1[g_t &gt; 0] (null without a cerebellum)
     * @param pcMask   1[p_t &gt; 0] (null without a cerebellum)
     * @param cbActive whether the cerebellar term is present (a cerebellum that reads h and is not removed)
     */
    public record Point(double[] next, double[] phiPrime, boolean[] gcMask, boolean[] pcMask, boolean cbActive) {
        public Point {
            Check.notNull("next", next);
            Check.notNull("phiPrime", phiPrime);
            if (cbActive && (gcMask == null || pcMask == null)) throw new IllegalArgumentException("gcMask and pcMask are needed when cbActive");
        }
    }

    /** The step h_{t−1} → h_t with input x_t, with or without the cerebellum. */
    public Point step(double[] hPrev, double[] x, boolean cerebellumEnabled) {
        Check.notNull("hPrev", hPrev);
        Check.notNull("x", x);
        if (hPrev.length != H) throw new IllegalArgumentException("hPrev must have H = " + H + " values, got " + hPrev.length);
        if (x.length != I) throw new IllegalArgumentException("x must have the model's " + I + " inputs, got " + x.length);
        double[] z = new double[H];
        boolean[] gm = null, pm = null;
        boolean on = cb && cerebellumEnabled;
        if (cb) {
            double[] u = new double[U];
            int k = 0;
            if (readsHidden) for (int j = 0; j < H; j++) u[k++] = hPrev[j];
            if (readsInput) for (int i = 0; i < I; i++) u[k++] = x[i];
            double[] g = new double[G], pc = new double[P];
            gm = new boolean[G];
            pm = new boolean[P];
            for (int r = 0; r < G; r++) {
                double s = bgc[r];
                for (int j = 0; j < U; j++) s += wgc[r * U + j] * u[j];
                gm[r] = s > 0;
                g[r] = Math.max(s, 0);
            }
            for (int r = 0; r < P; r++) {
                double s = bpc[r];
                for (int j = 0; j < G; j++) s += wpc[r * G + j] * g[j];
                pm[r] = s > 0;
                pc[r] = Math.max(s, 0);
            }
            if (on) {
                for (int r = 0; r < H; r++) {
                    double s = bdcn[r];
                    for (int j = 0; j < P; j++) s += wdcn[r * P + j] * pc[j];
                    z[r] = s;
                }
            }
        }
        double[] next = new double[H], dphi = new double[H];
        for (int r = 0; r < H; r++) {
            double s = z[r] + bin[r] + bhh[r];
            for (int i = 0; i < I; i++) s += win[r * I + i] * x[i];
            for (int j = 0; j < H; j++) s += whh[r * H + j] * hPrev[j];
            dphi[r] = s > 0 ? 1 : slope;
            next[r] = (1 - alpha) * hPrev[r] + alpha * (s > 0 ? s : slope * s);
        }
        return new Point(next, dphi, gm, pm, on && readsHidden);
    }

    /** The two terms of J at one point, H x H row-major ({@code [row * H + col]}). */
    public record Terms(int size, double[] intrinsic, double[] cerebellar) {
        public Terms {
            Check.notNull("intrinsic", intrinsic);
            Check.notNull("cerebellar", cerebellar);
        }

        /** intrinsic + cerebellar. */
        public double[] full() {
            double[] f = intrinsic.clone();
            for (int i = 0; i < f.length; i++) f[i] += cerebellar[i];
            return f;
        }
    }

    /** The intrinsic and cerebellar terms of J at {@code point} (as matrices; {@link #jvp} avoids forming them). */
    public Terms terms(Point point) {
        Check.notNull("point", point);
        double[] in = new double[H * H], cbt = new double[H * H];
        double[] dphi = point.phiPrime();
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < H; c++) in[r * H + c] = alpha * dphi[r] * whh[r * H + c];
            in[r * H + r] += 1 - alpha;
        }
        if (point.cbActive()) {
            // A = W_gc[:, :H] masked by GC (G x H), then B = W_pc masked by PC times A (P x H), then W_dcn B (H x H)
            double[] a = new double[G * H];
            for (int r = 0; r < G; r++) if (point.gcMask()[r]) for (int c = 0; c < H; c++) a[r * H + c] = wgc[r * U + c];
            double[] b = new double[P * H];
            for (int r = 0; r < P; r++) {
                if (!point.pcMask()[r]) continue;
                for (int j = 0; j < G; j++) {
                    double w = wpc[r * G + j];
                    if (w == 0 || !point.gcMask()[j]) continue;
                    for (int c = 0; c < H; c++) b[r * H + c] += w * a[j * H + c];
                }
            }
            for (int r = 0; r < H; r++) {
                double sc = alpha * dphi[r];
                for (int j = 0; j < P; j++) {
                    double w = wdcn[r * P + j] * sc;
                    if (w == 0) continue;
                    for (int c = 0; c < H; c++) cbt[r * H + c] += w * b[j * H + c];
                }
            }
        }
        return new Terms(H, in, cbt);
    }

    /**
     * J v at {@code point}, without forming J: {@code out[0]} the intrinsic term's product, {@code out[1]} the
     * cerebellar term's (their sum is J v).
     */
    public double[][] jvp(Point point, double[] v) {
        Check.notNull("point", point);
        Check.notNull("v", v);
        if (v.length != H) throw new IllegalArgumentException("v must have H = " + H + " values, got " + v.length);
        double[] in = new double[H], cbv = new double[H];
        double[] dphi = point.phiPrime();
        for (int r = 0; r < H; r++) {
            double s = 0;
            for (int c = 0; c < H; c++) s += whh[r * H + c] * v[c];
            in[r] = (1 - alpha) * v[r] + alpha * dphi[r] * s;
        }
        if (point.cbActive()) {
            double[] a = new double[G], b = new double[P];
            for (int r = 0; r < G; r++) {
                if (!point.gcMask()[r]) continue;
                double s = 0;
                for (int c = 0; c < H; c++) s += wgc[r * U + c] * v[c];
                a[r] = s;
            }
            for (int r = 0; r < P; r++) {
                if (!point.pcMask()[r]) continue;
                double s = 0;
                for (int j = 0; j < G; j++) s += wpc[r * G + j] * a[j];
                b[r] = s;
            }
            for (int r = 0; r < H; r++) {
                double s = 0;
                for (int j = 0; j < P; j++) s += wdcn[r * P + j] * b[j];
                cbv[r] = alpha * dphi[r] * s;
            }
        }
        return new double[][]{in, cbv};
    }

    /**
     * The memory-direction measures k steps after the sample, averaged over sequences (and over batches).
     *
     * @param cbShare mean ‖cerebellar term · m‖ / ‖intrinsic term · m‖ for the one-step products
     */
    public record MemoryPoint(int level, int k, int sequences, double gainFull, double gainIntrinsic, double cosFull,
                              double cosIntrinsic, double logNormFull, double logNormIntrinsic, double propagatedCosFull,
                              double propagatedCosIntrinsic, double cbShare) {}

    /**
     * The memory-direction analysis of {@code model} at {@code level}: {@code batches} batches of {@code batchSize}
     * sequences drawn at the level ({@code Rng.of(seed, "jacobian-N<level>")}), the sample step from
     * {@code sampleStep(T, N)}, up to {@code maxSteps} steps after it (fewer if the sequence ends first). The network
     * runs intact.
     */
    public static List<MemoryPoint> memory(Model model, Task task, int level, IntBinaryOperator sampleStep, int maxSteps,
                                           int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.notNull("sampleStep", sampleStep);
        Check.inRange("level", level, task.minLevel(), task.maxLevel());
        Check.positive("maxSteps", maxSteps);
        Check.positive("batches", batches);
        if (batchSize < 4) throw new IllegalArgumentException("batchSize must be at least 4 (both values of the sample bit are needed), got " + batchSize);
        Jacobian jac = new Jacobian(model);
        ActivityRecorder rec = new ActivityRecorder(model);
        int H = jac.H, I = jac.I;
        Rng rng = Rng.of(seed, "jacobian-N" + level);
        int K = maxSteps;
        double[][] acc = new double[K + 1][11];
        for (int bi = 0; bi < batches; bi++) {
            Batch batch = task.sample(level, batchSize, rng);
            float[] h0 = model.initialState(batchSize, rng);
            int T = batch.steps(), B = batch.batchSize();
            int s = sampleStep.applyAsInt(T, level);
            if (s < 0 || s >= T) throw new IllegalArgumentException("sample step " + s + " outside the sequence [0, " + T + ")");
            var hid = rec.record(batch, h0, true).trace(ActivityRecorder.Population.HIDDEN);
            float[] in = batch.inputs();
            boolean[] bit = new boolean[B];
            int ones = 0;
            for (int b = 0; b < B; b++) {
                bit[b] = in[(s * B + b) * I] > 0.5f;
                if (bit[b]) ones++;
            }
            if (ones == 0 || ones == B) continue; // the direction is not defined on this batch
            int kMax = Math.min(K, T - 1 - s);
            double[][] m = new double[kMax + 1][];
            for (int k = 0; k <= kMax; k++) m[k] = direction(hid, s + k, bit, H);
            double[][] vf = new double[B][], vi = new double[B][];
            for (int b = 0; b < B; b++) {
                vf[b] = m[0].clone();
                vi[b] = m[0].clone();
            }
            double[] hPrev = new double[H], x = new double[I];
            for (int k = 1; k <= kMax; k++) {
                int t = s + k;
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < H; j++) hPrev[j] = hid.get(t - 1, b, j);
                    for (int i = 0; i < I; i++) x[i] = in[(t * B + b) * I + i];
                    Point pt = jac.step(hPrev, x, true);
                    double[][] one = jac.jvp(pt, m[k - 1]);
                    double[] full = add(one[0], one[1]);
                    double ni = norm(one[0]);
                    double[] a = acc[k];
                    a[0] += norm(full);
                    a[1] += ni;
                    a[2] += cos(full, m[k]);
                    a[3] += cos(one[0], m[k]);
                    double[][] pf = jac.jvp(pt, vf[b]);
                    vf[b] = add(pf[0], pf[1]);
                    vi[b] = jac.jvp(pt, vi[b])[0];
                    a[4] += Math.log(norm(vf[b]));
                    a[5] += Math.log(norm(vi[b]));
                    a[6] += cos(vf[b], m[k]);
                    a[7] += cos(vi[b], m[k]);
                    a[8] += ni > 0 ? norm(one[1]) / ni : 0;
                    a[10] += 1;
                }
            }
        }
        List<MemoryPoint> out = new ArrayList<>();
        for (int k = 1; k <= K; k++) {
            double[] a = acc[k];
            double n = a[10];
            if (n == 0) break;
            out.add(new MemoryPoint(level, k, (int) n, a[0] / n, a[1] / n, a[2] / n, a[3] / n, a[4] / n, a[5] / n, a[6] / n, a[7] / n, a[8] / n));
        }
        return out;
    }

    /** {@link #memory} at every level of one network. */
    public static List<MemoryPoint> acrossLevels(Map<Integer, Model> network, Task task, IntBinaryOperator sampleStep, int maxSteps,
                                                 int batches, int batchSize, long seed) {
        Check.notNull("network", network);
        Check.notNull("task", task);
        Check.notNull("sampleStep", sampleStep);
        List<MemoryPoint> out = new ArrayList<>();
        new java.util.TreeMap<>(network).forEach((level, mdl) -> out.addAll(memory(mdl, task, level, sampleStep, maxSteps, batches, batchSize, seed)));
        return out;
    }

    /** The sample step of a task by name: {@link #DMS_SAMPLE} for "dms", {@link #PARITY_WINDOW} for "parity". */
    public static IntBinaryOperator sampleStepOf(String task) {
        Check.notNull("task", task);
        return switch (task) {
            case "dms" -> DMS_SAMPLE;
            case "parity" -> PARITY_WINDOW;
            default -> throw new IllegalArgumentException("no memory sample step defined for task '" + task + "'; known: dms (first bit), parity (first bit of the window)");
        };
    }

    /** Columns N, k, sequences, gain_full, gain_intrinsic, cos_full, cos_intrinsic, log_norm_full, log_norm_intrinsic, prop_cos_full, prop_cos_intrinsic, cb_share. */
    public static Table memoryTable(List<MemoryPoint> points) {
        Check.notNull("points", points);
        IntColumn n = IntColumn.create("N"), k = IntColumn.create("k"), seqs = IntColumn.create("sequences");
        String[] names = {"gain_full", "gain_intrinsic", "cos_full", "cos_intrinsic", "log_norm_full", "log_norm_intrinsic",
                "prop_cos_full", "prop_cos_intrinsic", "cb_share"};
        DoubleColumn[] c = java.util.Arrays.stream(names).map(DoubleColumn::create).toArray(DoubleColumn[]::new);
        for (MemoryPoint p : points) {
            n.append(p.level());
            k.append(p.k());
            seqs.append(p.sequences());
            double[] v = {p.gainFull(), p.gainIntrinsic(), p.cosFull(), p.cosIntrinsic(), p.logNormFull(), p.logNormIntrinsic(),
                    p.propagatedCosFull(), p.propagatedCosIntrinsic(), p.cbShare()};
            for (int i = 0; i < v.length; i++) c[i].append(v[i]);
        }
        Table t = Table.create("jacobian memory", n, k, seqs);
        t.addColumns(c);
        return t;
    }

    private static double[] direction(ActivityRecorder.Trace hid, int t, boolean[] bit, int H) {
        double[] d = new double[H];
        int n1 = 0, n0 = 0;
        for (boolean v : bit) if (v) n1++; else n0++;
        for (int b = 0; b < bit.length; b++) {
            double w = bit[b] ? 1.0 / n1 : -1.0 / n0;
            for (int j = 0; j < H; j++) d[j] += w * hid.get(t, b, j);
        }
        double nd = norm(d);
        if (nd > 0) for (int j = 0; j < H; j++) d[j] /= nd;
        return d;
    }

    private static double[] add(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < o.length; i++) o[i] = a[i] + b[i];
        return o;
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    static double cos(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        double n = norm(a) * norm(b);
        return n > 0 ? s / n : 0;
    }

    private static double[] d(float[] a) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i];
        return o;
    }
}
