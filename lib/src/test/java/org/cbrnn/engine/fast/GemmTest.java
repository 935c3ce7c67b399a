package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The vector GEMM (its 8- and 6-row blocks at every strip width, the row and column tails, transposed A, k blocking,
 * offsets, B read in place and packed) against the double reference, at whatever width the JVM runs it (CI runs it at
 * 512 and 256 bits).
 */
class GemmTest {
    @Test
    void vectorAndScalarGemmMatchTheDoubleReference() {
        assertTrue(Kernels.vectorApiAvailable(), "tests run with --add-modules jdk.incubator.vector");
        // scripts/test.sh reruns the kernel tests at a narrower width and says which one it expects
        String expectBits = System.getProperty("cbrnn.test.simd.bits");
        if (expectBits != null) assertTrue(Kernels.describe().contains(expectBits + "-bit"), "expected " + expectBits + "-bit kernels, got " + Kernels.describe());
        Ops<float[]> vec = Kernels.bestFloat(), sca = Kernels.scalarFloat();
        Rng rng = new Rng(1);
        int[] ns = {1, 3, 8, 15, 16, 17, 31, 33, 48, 64, 65, 80, 96, 202};
        int[] ms = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 33};
        int[] ks = {1, 5, 64, 300};
        int cases = 0;
        // ldb = n + 1 makes the narrower widths pack B; ldb = n (with n a multiple of the strip, m and k small) reads it in place
        for (int n : ns) for (int m : ms) for (int k : ks) for (boolean transA : new boolean[]{false, true}) for (boolean acc : new boolean[]{false, true})
        for (int bPad : new int[]{1, 0}) {
            int lda = transA ? m + 2 : k + 3, ldb = n + bPad, ldc = n + 5, aOff = 3, bOff = 2, cOff = 4;
            float[] a = rand(rng, aOff + (transA ? k * lda : m * lda)), b = rand(rng, bOff + k * ldb), c0 = rand(rng, cOff + m * ldc);
            int ars = transA ? 1 : lda, acs = transA ? lda : 1;
            double[] ref = new double[c0.length];
            for (int i = 0; i < c0.length; i++) ref[i] = c0[i];
            DoubleOps.INSTANCE.gemm(m, n, k, toD(a), aOff, ars, acs, toD(b), bOff, ldb, ref, cOff, ldc, acc);
            for (Ops<float[]> ops : java.util.List.of(vec, sca)) {
                float[] c = c0.clone();
                ops.gemm(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, acc);
                for (int i = 0; i < c.length; i++) {
                    boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
                    double expect = inside ? ref[i] : c0[i];
                    assertEquals(expect, c[i], 1e-4 * Math.sqrt(k) + 1e-5 * Math.abs(expect),
                            "m=" + m + " n=" + n + " k=" + k + " ldb=" + ldb + " transA=" + transA + " acc=" + acc + " at " + i + " (" + ops.getClass().getSimpleName() + ")");
                }
            }
            cases++;
        }
        assertEquals(ns.length * ms.length * ks.length * 8, cases);
    }

    /**
     * Where B is read (in place or packed, chosen by the shape and ldb) must not change a single bit of C: the same
     * products laid out with ldb = n and ldb = n + 1 agree exactly, so results stay a function of (width, thread count).
     */
    @Test
    void theWayBIsReadDoesNotChangeResults() {
        Ops<float[]> vec = Kernels.bestFloat();
        Rng rng = new Rng(2);
        int cases = 0;
        for (int n : new int[]{16, 32, 64, 256}) for (int m : new int[]{1, 5, 6, 13, 64, 130}) for (int k : new int[]{1, 64, 256, 300})
        for (boolean transA : new boolean[]{false, true}) {
            int lda = transA ? m : k;
            float[] a = rand(rng, m * k), dense = rand(rng, k * n), padded = new float[k * (n + 1)], c0 = rand(rng, m * n);
            for (int p = 0; p < k; p++) System.arraycopy(dense, p * n, padded, p * (n + 1), n);
            int ars = transA ? 1 : lda, acs = transA ? lda : 1;
            float[] c1 = c0.clone(), c2 = c0.clone();
            vec.gemm(m, n, k, a, 0, ars, acs, dense, 0, n, c1, 0, n, true);
            vec.gemm(m, n, k, a, 0, ars, acs, padded, 0, n + 1, c2, 0, n, true);
            org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2, "m=" + m + " n=" + n + " k=" + k + " transA=" + transA);
            cases++;
        }
        assertEquals(4 * 6 * 4 * 2, cases);
    }

    /**
     * A B prepared once ({@link Ops#prepareB}, packed at the narrower widths) gives the plain GEMM's C bit for bit, for
     * the models' shapes and the edges (partial strips, leftover rows, k over one block, offsets, a leading dimension
     * wider than n as for the hidden columns of W_gc), in every engine's Ops; a prepared B of another shape is refused.
     */
    @Test
    void aPreparedBGivesThePlainProductBitForBit() {
        Rng rng = new Rng(3);
        int cases = 0;
        for (Ops<float[]> ops : java.util.List.of(Kernels.bestFloat(), Kernels.scalarFloat()))
        for (int[] mnk : new int[][]{{64, 64, 64}, {64, 256, 64}, {64, 64, 256}, {64, 202, 202}, {32, 256, 64}, {64, 64, 1},
                                     {13, 17, 5}, {6, 16, 300}, {130, 48, 520}, {5, 8, 3}})
        for (boolean transA : new boolean[]{false, true}) for (boolean acc : new boolean[]{false, true}) for (int ldPad : new int[]{0, 1}) {
            int m = mnk[0], n = mnk[1], k = mnk[2], ldb = n + ldPad, bOff = 7, lda = transA ? m + 1 : k + 2;
            float[] a = rand(rng, 3 + (transA ? k : m) * lda), b = rand(rng, bOff + k * ldb), c0 = rand(rng, m * n);
            int ars = transA ? 1 : lda, acs = transA ? lda : 1;
            float[] plain = c0.clone(), prepared = c0.clone();
            ops.gemm(m, n, k, a, 3, ars, acs, b, bOff, ldb, plain, 0, n, acc);
            Ops.PreparedB<float[]> pb = ops.prepareB(b, bOff, ldb, k, n);
            ops.gemm(m, n, k, a, 3, ars, acs, pb, prepared, 0, n, acc);
            org.junit.jupiter.api.Assertions.assertArrayEquals(plain, prepared,
                    ops.getClass().getSimpleName() + " m=" + m + " n=" + n + " k=" + k + " ldb=" + ldb + " transA=" + transA + " acc=" + acc);
            cases++;
        }
        assertEquals(2 * 10 * 8, cases);
        Ops.PreparedB<float[]> pb = Kernels.bestFloat().prepareB(new float[64 * 64], 0, 64, 64, 64);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Kernels.bestFloat().gemm(8, 64, 32, new float[8 * 32], 0, 32, 1, pb, new float[8 * 64], 0, 64, true));
        assertTrue(e.getMessage().contains("64 x 64") && e.getMessage().contains("32 x 64"), e.getMessage());
    }

    /**
     * At 256 and 128 bits every element of C is C plus one fused multiply-add per k, in ascending k, whatever path the
     * shape takes (B in place, packed or prepared, A packed, edge blocks, the transposed product of long weight
     * gradients): the vector GEMM equals that scalar chain bit for bit. (At 512 bits the remainder rows sum apart and
     * add to C, so the check is skipped there.)
     */
    @Test
    void atTheNarrowerWidthsEveryElementIsOneFmaChainInAscendingK() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Simd.WIDE, "512-bit kernels: remainder rows are summed apart");
        Ops<float[]> vec = Kernels.bestFloat();
        Rng rng = new Rng(4);
        int cases = 0;
        // m x n x k, A transposed: the models' forward/BPTT products and weight gradients over B*T = 3840 rows (B64 T60)
        for (int[] s : new int[][]{{64, 64, 64, 0}, {64, 256, 65, 0}, {64, 64, 256, 0}, {64, 202, 202, 0}, {32, 256, 64, 0},
                                   {256, 64, 3840, 1}, {64, 256, 3840, 1}, {64, 64, 3840, 1}, {202, 202, 3840, 1}, {256, 8, 600, 1},
                                   {130, 16, 300, 1}, {200, 100, 513, 1}, {7, 9, 11, 0}, {13, 17, 300, 1}})
        for (boolean acc : new boolean[]{false, true}) {
            int m = s[0], n = s[1], k = s[2];
            boolean transA = s[3] == 1;
            int ars = transA ? 1 : k, acs = transA ? m : 1;
            float[] a = rand(rng, m * k), b = rand(rng, k * n), c0 = rand(rng, m * n), c = c0.clone();
            vec.gemm(m, n, k, a, 0, ars, acs, b, 0, n, c, 0, n, acc);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                float e = acc ? c0[i * n + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float x = a[i * ars + p * acs], y = b[p * n + j];
                    e = Simd.FMA ? Math.fma(x, y, e) : e + x * y;
                }
                if (Float.floatToRawIntBits(e) != Float.floatToRawIntBits(c[i * n + j])) {
                    org.junit.jupiter.api.Assertions.fail("m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " acc=" + acc
                            + " C[" + i + "," + j + "] = " + c[i * n + j] + ", the FMA chain gives " + e);
                }
            }
            cases++;
        }
        assertEquals(28, cases);
    }

    @Test
    void at512BitsTheFullBlocksOfFourVectorsWideProductsAreOneFmaChainInAscendingK() {
        // n = 4L takes 6 x 4 blocks over the rows 8-row blocks would take: the same arithmetic, C + one FMA per k
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.WIDE, "the 512-bit kernels' path");
        Ops<float[]> vec = Kernels.bestFloat();
        Rng rng = new Rng(5);
        int n = 4 * GemmKernels.L, cases = 0;
        for (int m : new int[]{8, 16, 24, 32, 40, 48, 64, 256})
        for (int k : new int[]{1, 64, 256, 300, 600})
        for (boolean transA : new boolean[]{false, true})
        for (boolean acc : new boolean[]{false, true}) {
            int ars = transA ? 1 : k, acs = transA ? m : 1;
            float[] a = rand(rng, m * k), b = rand(rng, k * n), c0 = rand(rng, m * n), c = c0.clone();
            vec.gemm(m, n, k, a, 0, ars, acs, b, 0, n, c, 0, n, acc);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                float e = acc ? c0[i * n + j] : 0f;
                for (int p = 0; p < k; p++) e = Math.fma(a[i * ars + p * acs], b[p * n + j], e);
                if (Float.floatToRawIntBits(e) != Float.floatToRawIntBits(c[i * n + j])) {
                    org.junit.jupiter.api.Assertions.fail("m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " acc=" + acc
                            + " C[" + i + "," + j + "] = " + c[i * n + j] + ", the FMA chain gives " + e);
                }
            }
            cases++;
        }
        assertEquals(160, cases);
    }

    private static float[] rand(Rng r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) (2 * r.nextDouble() - 1);
        return f;
    }

    private static double[] toD(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
