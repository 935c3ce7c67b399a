package org.cbrnn.engine.fast;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.model.ModelConfig.CbInput;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;

/**
 * Double-precision helpers shared by gradient tests (also used by the DL4J module through the test-jar): random
 * parameters with O(1) pre-activations (so finite differences rarely straddle a ReLU kink), analytic gradients from a
 * {@link Network}, central finite differences, and a per-tensor relative error.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** Small versions of every architecture, CB input mode, I/C variant and GRU rescaling regime. */
    public static List<ModelConfig> smallConfigs() {
        ModelConfig cb = Fixtures.tinyCbRnn();
        List<ModelConfig> l = new ArrayList<>();
        for (CbInput in : CbInput.values()) l.add(cb.withCbInput(in));
        l.add(ModelConfig.elman(6));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM).withCbInput(CbInput.HIDDEN));
        l.add(cb.withInputSize(2).withNumClasses(3));
        ModelConfig aux = Fixtures.tinyAuxControl();
        for (CbInput in : CbInput.values()) l.add(aux.withCbInput(in));
        l.add(aux.withInputSize(2).withNumClasses(3));
        l.add(ModelConfig.gru(5));
        l.add(ModelConfig.gru(5).withInputSize(2).withNumClasses(3));
        ModelConfig gruCb = Fixtures.tinyGruCb();
        // 1.0: no row rescaled for these weights; 0.7: some rows; 0.05: every row; 0: rescaling off
        for (double ratio : new double[]{1.0, 0.7, 0.05, 0.0}) l.add(gruCb.withCbMaxRatio(ratio));
        l.add(gruCb.withCbMaxRatio(0.05).withCbInput(CbInput.HIDDEN));
        l.add(gruCb.withCbMaxRatio(0.05).withCbInput(CbInput.INPUT));
        l.add(gruCb.withInputSize(2).withNumClasses(3));
        return l;
    }

    /**
     * Small multi-head versions (K = 2 and K = 5) of every architecture, with the GRU's rescaling active, and with two
     * input channels and three classes.
     */
    public static List<ModelConfig> multiHeadConfigs() {
        ModelConfig cb = Fixtures.tinyCbRnn();
        List<ModelConfig> l = new ArrayList<>();
        for (int k : new int[]{2, 5}) {
            l.add(cb.withNumHeads(k));
            l.add(cb.withInputSize(2).withNumClasses(3).withNumHeads(k));
        }
        l.add(ModelConfig.elman(6).withNumHeads(2));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM).withNumHeads(5));
        l.add(Fixtures.tinyAuxControl().withNumHeads(2));
        l.add(ModelConfig.gru(5).withNumHeads(5));
        l.add(Fixtures.tinyGruCb().withCbMaxRatio(0.05).withNumHeads(2));
        return l;
    }

    /**
     * Which heads a multi-head check labels: every head, and a proper subset (heads 1, 3, ... for K > 2, head 1 for K
     * = 2), so that inactive heads are exercised too.
     */
    public static List<boolean[]> activeSets(int numHeads) {
        boolean[] all = new boolean[numHeads], some = new boolean[numHeads];
        java.util.Arrays.fill(all, true);
        for (int k = 1; k < numHeads; k += 2) some[k] = true;
        return List.of(all, some);
    }

    /** {@link #randomBatch}'s inputs with independent random labels for each active head (null for the others). */
    public static MultiHeadBatch randomHeadBatch(ModelConfig c, int T, int B, long seed, boolean[] active) {
        Batch x = randomBatch(c.withNumHeads(1), T, B, seed);
        Rng rng = new Rng(seed + 1000);
        int[][] y = new int[c.numHeads()][];
        for (int k = 0; k < y.length; k++) {
            if (!active[k]) continue;
            y[k] = new int[B];
            for (int b = 0; b < B; b++) y[k][b] = rng.nextInt(c.numClasses());
        }
        return new MultiHeadBatch(x, y);
    }

    /** Random parameters, U(-scale, scale), in spec order. */
    public static double[][] randomParams(ModelConfig c, long seed, double scale) {
        Rng rng = new Rng(seed);
        List<ParamSpec> specs = c.parameterSpecs();
        double[][] p = new double[specs.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[specs.get(i).size()];
            for (int j = 0; j < p[i].length; j++) p[i][j] = (2 * rng.nextDouble() - 1) * scale;
        }
        return p;
    }

    /** Random binary inputs (or uniform for multi-channel models), random labels, random h0. */
    public static Batch randomBatch(ModelConfig c, int T, int B, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[T * B * c.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextBit() ? 1f : 0f;
        int[] y = new int[B];
        for (int b = 0; b < B; b++) y[b] = rng.nextInt(c.numClasses());
        return new Batch(x, y, T, B, c.inputSize(), 2, c.numClasses());
    }

    public static double[] randomState(ModelConfig c, int B, long seed) {
        Rng rng = new Rng(seed);
        double[] h = new double[B * c.stateSize()];
        for (int i = 0; i < h.length; i++) h[i] = 0.1 * rng.nextDouble();
        return h;
    }

    /** Mean loss for double parameters (one worker over the whole batch). */
    public static double loss(ModelConfig c, double[][] p, Batch batch, double[] h0, boolean cbEnabled) {
        return loss(c, p, MultiHeadBatch.single(batch, 1, 0), h0, cbEnabled);
    }

    /** The summed mean losses of the active heads for double parameters (one worker over the whole batch). */
    public static double loss(ModelConfig c, double[][] p, MultiHeadBatch batch, double[] h0, boolean cbEnabled) {
        Network<double[]> net = Network.create(c, DoubleOps.INSTANCE);
        Batch in = batch.inputs();
        double[] x = toDouble(in.inputs());
        double[] r = net.run(p, net.prepare(p), x, batch.labels(), h0, in.steps(), in.batchSize(), 0, in.batchSize(),
                null, new boolean[p.length], cbEnabled);
        return r[0] / in.batchSize();
    }

    /** Analytic gradients of the mean loss in double, computed in {@code slices} batch slices and summed in order. */
    public static double[][] analytic(ModelConfig c, double[][] p, Batch batch, double[] h0, boolean[] trainable, int slices) {
        return analytic(c, p, MultiHeadBatch.single(batch, 1, 0), h0, trainable, slices);
    }

    /** Analytic gradients of the summed loss of the active heads, in double, in {@code slices} slices summed in order. */
    public static double[][] analytic(ModelConfig c, double[][] p, MultiHeadBatch batch, double[] h0, boolean[] trainable, int slices) {
        double[][] g = new double[p.length][];
        for (int i = 0; i < p.length; i++) g[i] = new double[p[i].length];
        Batch in = batch.inputs();
        double[] x = toDouble(in.inputs());
        int B = in.batchSize();
        for (int s = 0; s < slices; s++) {
            Network<double[]> net = Network.create(c, DoubleOps.INSTANCE);
            int b0 = B * s / slices, b1 = B * (s + 1) / slices;
            net.run(p, net.prepare(p), x, batch.labels(), h0, in.steps(), B, b0, b1, g, trainable, true);
        }
        return g;
    }

    /** Central differences of the mean loss for tensor {@code i}. */
    public static double[] numeric(ModelConfig c, double[][] p, Batch batch, double[] h0, int i, double eps) {
        return numeric(c, p, MultiHeadBatch.single(batch, 1, 0), h0, i, eps);
    }

    /** Central differences of the summed loss of the active heads for tensor {@code i}. */
    public static double[] numeric(ModelConfig c, double[][] p, MultiHeadBatch batch, double[] h0, int i, double eps) {
        double[] g = new double[p[i].length];
        for (int j = 0; j < g.length; j++) {
            double keep = p[i][j];
            p[i][j] = keep + eps;
            double up = loss(c, p, batch, h0, true);
            p[i][j] = keep - eps;
            double down = loss(c, p, batch, h0, true);
            p[i][j] = keep;
            g[j] = (up - down) / (2 * eps);
        }
        return g;
    }

    /** ||a - b|| / max(||a|| + ||b||, 1e-12). */
    public static double relativeError(double[] a, double[] b) {
        double num = 0, na = 0, nb = 0;
        for (int j = 0; j < a.length; j++) {
            num += (a[j] - b[j]) * (a[j] - b[j]);
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(na) + Math.sqrt(nb), 1e-12);
    }

    public static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
