package org.cbrnn.engine.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single precision with a register-blocked GEMM on the JDK Vector API: 4 rows x 2 vectors of C are kept in registers
 * while the k loop streams rows of B, and k is blocked so a panel of B stays in L2 for the large weight-gradient
 * products. Loaded only when {@code jdk.incubator.vector} is present (see {@link Kernels}).
 */
final class FloatVectorOps extends FloatOps {
    static final FloatVectorOps INSTANCE = new FloatVectorOps();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int KC = 256;

    private FloatVectorOps() {}

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        if (k == 0) return;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            int aO = aOff + p0 * acs, bO = bOff + p0 * ldb;
            int i = 0;
            for (; i + 4 <= m; i += 4) rows4(n, kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc);
            for (; i < m; i++) rows1(n, kc, a, aO + i * ars, acs, b, bO, ldb, c, cOff + i * ldc);
        }
    }

    /** C[0..4, :] += A[0..4, 0..kc] * B[0..kc, :]. */
    private static void rows4(int n, int kc, float[] a, int aO, int ars, int acs, float[] b, int bO, int ldb,
                              float[] c, int cO, int ldc) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            int ap = aO, bp = bO + j;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ap + ars]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ap + 2 * ars]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ap + 3 * ars]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            addTo(c, cO + j, c00, c01);
            addTo(c, cO + ldc + j, c10, c11);
            addTo(c, cO + 2 * ldc + j, c20, c21);
            addTo(c, cO + 3 * ldc + j, c30, c31);
        }
        for (; j + L <= n; j += L) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            int ap = aO, bp = bO + j;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[ap + ars]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(b0, c3);
            }
            c0.add(FloatVector.fromArray(S, c, cO + j)).intoArray(c, cO + j);
            c1.add(FloatVector.fromArray(S, c, cO + ldc + j)).intoArray(c, cO + ldc + j);
            c2.add(FloatVector.fromArray(S, c, cO + 2 * ldc + j)).intoArray(c, cO + 2 * ldc + j);
            c3.add(FloatVector.fromArray(S, c, cO + 3 * ldc + j)).intoArray(c, cO + 3 * ldc + j);
        }
        if (j < n && n >= L) {
            // Column tail (e.g. H = 202 = 12 x 16 + 10): recompute the last full-width window [n-L, n) in vector
            // registers and add only its new lanes. Wastes a few lanes but avoids 16x slower scalar columns.
            int w = n - L;
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            int ap = aO, bp = bO + w;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[ap + ars]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(b0, c3);
            }
            float[] tmp = new float[4 * L];
            c0.intoArray(tmp, 0);
            c1.intoArray(tmp, L);
            c2.intoArray(tmp, 2 * L);
            c3.intoArray(tmp, 3 * L);
            for (int r = 0; r < 4; r++) {
                for (int col = j; col < n; col++) c[cO + r * ldc + col] += tmp[r * L + col - w];
            }
        } else if (j < n) {
            for (int r = 0; r < 4; r++) scalarRow(n, j, kc, a, aO + r * ars, acs, b, bO, ldb, c, cO + r * ldc);
        }
    }

    private static void rows1(int n, int kc, float[] a, int aO, int acs, float[] b, int bO, int ldb, float[] c, int cO) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector acc = FloatVector.zero(S);
            int ap = aO, bp = bO + j;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), acc);
            }
            acc.add(FloatVector.fromArray(S, c, cO + j)).intoArray(c, cO + j);
        }
        if (j < n && n >= L) {
            int w = n - L; // same overlapping-window tail as rows4
            FloatVector acc = FloatVector.zero(S);
            int ap = aO, bp = bO + w;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), acc);
            }
            float[] tmp = new float[L];
            acc.intoArray(tmp, 0);
            for (int col = j; col < n; col++) c[cO + col] += tmp[col - w];
        } else if (j < n) {
            scalarRow(n, j, kc, a, aO, acs, b, bO, ldb, c, cO);
        }
    }

    private static void scalarRow(int n, int j0, int kc, float[] a, int aO, int acs, float[] b, int bO, int ldb, float[] c, int cO) {
        for (int j = j0; j < n; j++) {
            float s = 0f;
            for (int p = 0, ap = aO, bp = bO + j; p < kc; p++, ap += acs, bp += ldb) s = Math.fma(a[ap], b[bp], s);
            c[cO + j] += s;
        }
    }

    private static void addTo(float[] c, int off, FloatVector v0, FloatVector v1) {
        v0.add(FloatVector.fromArray(S, c, off)).intoArray(c, off);
        v1.add(FloatVector.fromArray(S, c, off + L)).intoArray(c, off + L);
    }

    @Override
    public void axpy(double a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector av = FloatVector.broadcast(S, (float) a);
        int i = 0;
        for (; i + L <= n; i += L) {
            av.fma(FloatVector.fromArray(S, x, xo + i), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        float af = (float) a;
        for (; i < n; i++) y[yo + i] = Math.fma(af, x[xo + i], y[yo + i]);
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        // double accumulation keeps the global-norm clip insensitive to summation order
        return super.sumSquares(x, off, n);
    }

    static String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit (" + L + " floats)";
    }

    @SuppressWarnings("unused")
    private static float hsum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}
