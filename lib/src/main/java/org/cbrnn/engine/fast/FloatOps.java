package org.cbrnn.engine.fast;

/** Scalar single-precision kernels: the fallback when the Vector API module is absent, and the base of the vector path. */
public class FloatOps implements Ops<float[]> {
    public static final FloatOps INSTANCE = new FloatOps();

    protected FloatOps() {}

    @Override public float[] alloc(int n) { return new float[n]; }
    @Override public int length(float[] a) { return a.length; }
    @Override public double get(float[] a, int i) { return a[i]; }
    @Override public void set(float[] a, int i, double v) { a[i] = (float) v; }

    @Override
    public void load(float[] src, float[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
    }

    @Override
    public float[] toFloat(float[] src) {
        return src.clone();
    }

    @Override public void fill(float[] a, int off, int n, double v) { java.util.Arrays.fill(a, off, off + n, (float) v); }
    @Override public void copy(float[] s, int so, float[] d, int dOff, int n) { System.arraycopy(s, so, d, dOff, n); }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * ars + p * acs];
                if (av == 0f) continue;
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    @Override
    public void setRows(float[] c, int cOff, int rows, int cols, float[] bias, int bo) {
        for (int r = 0; r < rows; r++) System.arraycopy(bias, bo, c, cOff + r * cols, cols);
    }

    @Override
    public void setRows2(float[] c, int cOff, int rows, int cols, float[] b1, float[] b2) {
        if (rows <= 0) return;
        for (int j = 0; j < cols; j++) c[cOff + j] = b1[j] + b2[j];
        // the other rows are copies of the first: one sum per column rather than per element
        for (int r = 1; r < rows; r++) System.arraycopy(c, cOff, c, cOff + r * cols, cols);
    }

    @Override
    public void addRows(float[] c, int cOff, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) c[cOff + r * cols + j] += bias[j];
    }

    @Override
    public void colSumAdd(float[] s, int so, int rows, int cols, float[] d, int dOff) {
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) d[dOff + j] += s[so + r * cols + j];
    }

    @Override
    public void reluInPlace(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) if (x[i] < 0) x[i] = 0;
    }

    @Override
    public void reluMask(float[] post, int po, float[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) if (!(post[po + i] > 0)) d[dOff + i] = 0;
    }

    @Override
    public void leakyIntegrate(float[] hp, int hpo, float[] z, int zo, float[] h, int ho, int n, double alpha, double slope) {
        float keep = (float) (1 - alpha), a = (float) alpha, s = (float) slope;
        for (int i = 0; i < n; i++) {
            float zi = z[zo + i];
            h[ho + i] = keep * hp[hpo + i] + a * (zi > 0 ? zi : s * zi);
        }
    }

    @Override
    public void leakyIntegrateBackward(float[] dh, int dho, float[] z, int zo, float[] dz, int dzo, int n, double alpha, double slope) {
        float a = (float) alpha, as = (float) (alpha * slope);
        for (int i = 0; i < n; i++) dz[dzo + i] = dh[dho + i] * (z[zo + i] > 0 ? a : as);
    }

    @Override
    public void leakyReluInPlace(float[] x, int off, int n, double slope) {
        float s = (float) slope;
        for (int i = off; i < off + n; i++) if (!(x[i] > 0)) x[i] *= s;
    }

    @Override
    public void leakyReluMask(float[] pre, int po, float[] d, int dOff, int n, double slope) {
        float s = (float) slope;
        for (int i = 0; i < n; i++) if (!(pre[po + i] > 0)) d[dOff + i] *= s;
    }

    @Override
    public void axpy(double a, float[] x, int xo, float[] y, int yo, int n) {
        float af = (float) a;
        for (int i = 0; i < n; i++) y[yo + i] += af * x[xo + i];
    }

    @Override
    public void scale(float[] y, int off, int n, double a) {
        float af = (float) a;
        for (int i = off; i < off + n; i++) y[i] *= af;
    }

    @Override
    public void sigmoidInPlace(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) x[i] = 1f / (1f + exp(-x[i]));
    }

    /**
     * exp in pure float arithmetic (Cody-Waite range reduction to 2^k * e^r, |r| <= ln2/2, degree-6 polynomial):
     * relative error below 3e-7, about 10x cheaper than {@link Math#exp}, and bit-reproducible on every JVM because it
     * uses only IEEE float operations.
     */
    static float exp(float x) {
        if (x > 88.3f) return Float.POSITIVE_INFINITY;
        if (x < -87.3f) return 0f;
        if (x != x) return x;
        float k = Math.round(x * 1.44269504f);
        float r = x - k * 0.693145752f;      // ln2 high part
        r = r - k * 1.42860677e-6f;          // ln2 low part
        float p = 1.0f / 720;
        p = p * r + 1.0f / 120;
        p = p * r + 1.0f / 24;
        p = p * r + 1.0f / 6;
        p = p * r + 0.5f;
        p = p * r + 1.0f;
        p = p * r + 1.0f;
        // p * 2^k (k in [-126, 127] here, so the exponent add cannot overflow the biased field)
        return p * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    @Override
    public void mul(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] * y[yo + i];
    }

    @Override
    public void mulAdd(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] += x[xo + i] * y[yo + i];
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        double s = 0;
        for (int i = off; i < off + n; i++) s += (double) x[i] * x[i];
        return s;
    }
}
