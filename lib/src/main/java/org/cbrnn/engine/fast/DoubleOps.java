package org.cbrnn.engine.fast;

/** Scalar double-precision kernels: the reference the float paths and the finite-difference checks are held to. */
public final class DoubleOps implements Ops<double[]> {
    public static final DoubleOps INSTANCE = new DoubleOps();

    private DoubleOps() {}

    @Override public double[] alloc(int n) { return new double[n]; }
    @Override public int length(double[] a) { return a.length; }
    @Override public double get(double[] a, int i) { return a[i]; }
    @Override public void set(double[] a, int i, double v) { a[i] = v; }

    @Override
    public void load(float[] src, double[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = src[i];
    }

    @Override
    public float[] toFloat(double[] src) {
        float[] f = new float[src.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) src[i];
        return f;
    }

    @Override public void fill(double[] a, int off, int n, double v) { java.util.Arrays.fill(a, off, off + n, v); }
    @Override public void copy(double[] s, int so, double[] d, int dOff, int n) { System.arraycopy(s, so, d, dOff, n); }

    @Override
    public void gemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double av = a[aOff + i * ars + p * acs];
                if (av == 0.0) continue;
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    @Override
    public void setRows(double[] c, int cOff, int rows, int cols, double[] bias, int bo) {
        for (int r = 0; r < rows; r++) System.arraycopy(bias, bo, c, cOff + r * cols, cols);
    }

    @Override
    public void setRows2(double[] c, int cOff, int rows, int cols, double[] b1, double[] b2) {
        if (rows <= 0) return;
        for (int j = 0; j < cols; j++) c[cOff + j] = b1[j] + b2[j];
        for (int r = 1; r < rows; r++) System.arraycopy(c, cOff, c, cOff + r * cols, cols);
    }

    @Override
    public void addRows(double[] c, int cOff, int rows, int cols, double[] bias) {
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) c[cOff + r * cols + j] += bias[j];
    }

    @Override
    public void colSumAdd(double[] s, int so, int rows, int cols, double[] d, int dOff) {
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) d[dOff + j] += s[so + r * cols + j];
    }

    @Override
    public void reluInPlace(double[] x, int off, int n) {
        for (int i = off; i < off + n; i++) if (x[i] < 0) x[i] = 0;
    }

    @Override
    public void reluMask(double[] post, int po, double[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) if (!(post[po + i] > 0)) d[dOff + i] = 0;
    }

    @Override
    public void leakyIntegrate(double[] hp, int hpo, double[] z, int zo, double[] h, int ho, int n, double alpha, double slope) {
        double keep = 1 - alpha;
        for (int i = 0; i < n; i++) {
            double zi = z[zo + i];
            h[ho + i] = keep * hp[hpo + i] + alpha * (zi > 0 ? zi : slope * zi);
        }
    }

    @Override
    public void leakyIntegrateBackward(double[] dh, int dho, double[] z, int zo, double[] dz, int dzo, int n, double alpha, double slope) {
        for (int i = 0; i < n; i++) dz[dzo + i] = dh[dho + i] * alpha * (z[zo + i] > 0 ? 1.0 : slope);
    }

    @Override
    public void leakyReluInPlace(double[] x, int off, int n, double slope) {
        for (int i = off; i < off + n; i++) if (!(x[i] > 0)) x[i] *= slope;
    }

    @Override
    public void leakyReluMask(double[] pre, int po, double[] d, int dOff, int n, double slope) {
        for (int i = 0; i < n; i++) if (!(pre[po + i] > 0)) d[dOff + i] *= slope;
    }

    @Override
    public void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += a * x[xo + i];
    }

    @Override
    public void scale(double[] y, int off, int n, double a) {
        for (int i = off; i < off + n; i++) y[i] *= a;
    }

    @Override
    public void sigmoidInPlace(double[] x, int off, int n) {
        for (int i = off; i < off + n; i++) x[i] = 1.0 / (1.0 + Math.exp(-x[i]));
    }

    @Override
    public void mul(double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] * y[yo + i];
    }

    @Override
    public void mulAdd(double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] += x[xo + i] * y[yo + i];
    }

    @Override
    public double sumSquares(double[] x, int off, int n) {
        double s = 0;
        for (int i = off; i < off + n; i++) s += x[i] * x[i];
        return s;
    }
}
