package org.cbrnn.engine.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single precision with a register-blocked GEMM on the JDK Vector API, the block chosen for the register file of the
 * vector width ({@link Simd}): 8 rows x 3 vectors of C (24 accumulators) at 512 bits (6 x 4 where n is four vectors),
 * where AVX-512 has 32 vector
 * registers, and 6 rows x 2 vectors (12) at 256 and 128 bits, where AVX2 and SSE have 16. The accumulators stay in
 * registers while the k loop broadcasts A and streams rows of B ({@link GemmKernels}); k is blocked so a panel of B
 * stays in L2 for the large weight-gradient products. At 512 bits B is read in place and rows left over (m not a
 * multiple of the block) take a 4-row and a 1-row kernel; at the narrower widths B is packed per k block (and A where
 * that pays, see {@link #packedGemm}), so the k loop runs without bounds checks on the packed operands. What was
 * measured and what lost: docs/performance.md. Loaded only when {@code jdk.incubator.vector} is present (see
 * {@link Kernels}).
 */
final class FloatVectorOps extends FloatOps {
    static final FloatVectorOps INSTANCE = new FloatVectorOps();
    private static final VectorSpecies<Float> S = Simd.SPECIES;
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
        if (n == 1 && ars == 1 && m >= L) {
            // one output column with a transposed A (e.g. the input-weight gradient, I = 1): an axpy per k
            singleColumnTransposed(m, k, a, aOff, acs, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (!Simd.WIDE && ars == 1 && acs != 1 && k > KC && m >= PACK_A_MIN_N && n >= L && n < PACK_A_MIN_N) {
            // a weight gradient with the long side on m (e.g. W_gc's, 256 x 64 over B*T rows): computed as
            // C^T = B^T A^T, which puts the long side on n, where A is packed and the strips of B are reused
            transposedProduct(m, n, k, a, aOff, acs, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (!Simd.WIDE && n >= L) {
            // Both paths give every element of C the same arithmetic; which one runs is a matter of speed only.
            if (m < PACK_B_MIN_M && k <= KC && n % NR == 0 && ldb % L == 0) directGemm(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
            else packedGemm(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, null);
            return;
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            int aO = aOff + p0 * acs, bO = bOff + p0 * ldb;
            int i = 0;
            if (n == 4 * L && Simd.WIDE) {
                // four vectors wide (n = 64 at 512 bits: the CB-RNN's hidden layer): 6 x 4 blocks (24 accumulators)
                // over the rows block8 would take, then their 4 or 2 left-over rows; each element still starts from C
                // and gets one FMA per k in ascending order, as under block8
                int rows8 = m / 8 * 8;
                for (; i + 6 <= rows8; i += 6) GemmKernels.k6x4(kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc);
                if (i + 4 <= rows8) { GemmKernels.k4x4(kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc); i += 4; }
                if (i + 2 <= rows8) { GemmKernels.k2x4(kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc); i += 2; }
            } else if (n >= L && Simd.WIDE) for (; i + 8 <= m; i += 8) block8(n, kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc);
            for (; i + 4 <= m; i += 4) rows4(n, 0, kc, a, aO + i * ars, ars, acs, b, bO, ldb, c, cOff + i * ldc, ldc);
            for (; i < m; i++) rows1(n, kc, a, aO + i * ars, acs, b, bO, ldb, c, cOff + i * ldc);
        }
    }

    /**
     * At the narrower widths, B packed once into the strips {@link #packedGemm} reads (one k block after another, block
     * p0 at {@code p0 * strips * NR}); at 512 bits, or n below one vector, B is read in place and nothing is copied.
     */
    @Override
    public PreparedB<float[]> prepareB(float[] b, int bOff, int ldb, int k, int n) {
        if (Simd.WIDE || n < L || k == 0) return new PreparedB<>(b, bOff, ldb, k, n, null);
        int strips = (n + NR - 1) / NR;
        float[] pb = new float[k * strips * NR];
        for (int p0 = 0; p0 < k; p0 += KC) packB(Math.min(KC, k - p0), n, b, bOff + p0 * ldb, ldb, pb, p0 * strips * NR);
        return new PreparedB<>(b, bOff, ldb, k, n, pb);
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, PreparedB<float[]> b,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (b.packed() == null || b.k() != k || b.n() != n) {
            super.gemm(m, n, k, a, aOff, ars, acs, b, c, cOff, ldc, accumulate);
            return;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        // the packed strips take the place of packedGemm's per-call packing; the arithmetic per element is unchanged
        packedGemm(m, n, k, a, aOff, ars, acs, b.b(), b.bOff(), b.ldb(), c, cOff, ldc, b.packed());
    }

    /** Rows of a packed block (narrower widths). */
    private static final int MR = 6;
    /** Columns of a packed strip of B (two vectors). */
    private static final int NR = 2 * L;
    /**
     * Rows of C from which B is packed when k fits one block and n is a multiple of the strip: packing costs one copy
     * of B, repaid over m / MR row blocks (measured on an AVX2 EPYC: in place won at m = 32 and 64, packed at m = 256;
     * for long k, the weight gradients, packed won at m = 64 too, as the packed panel is read in order).
     */
    private static final int PACK_B_MIN_M = 128;
    /** Columns of C from which A is packed (transposed A: n = 64 measured faster in place, n = 256 packed). */
    private static final int PACK_A_MIN_N = 128;
    /**
     * Per-thread packing buffers: B's k-block in strips, one row block of A, one edge block of C, a copy of C^T. A cache of
     * allocations only: every call overwrites what it reads, so nothing carries from one call to the next.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] b = new float[0];
        float[] t = new float[0];
        final float[] a = new float[MR * KC + Math.max(0, L - MR)];
        final float[] c = new float[MR * NR];
    }

    /**
     * The narrower widths' GEMM (v3): per k block, B is packed into strips of NR columns (p-major, the last strip padded
     * with zeros), each block of MR rows of A is read in place or packed (p-major), and an MR x NR block of C is
     * updated by one kernel whose packed operands have constant strides (so C2 removes their bounds checks). Blocks on
     * the edge of C (fewer rows or columns) run the same kernel on a copy of their part of C, so every element of C
     * gets the same arithmetic: C plus one FMA per k in ascending order, per k block.
     */
    private static void packedGemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc, float[] prepacked) {
        Scratch sc = SCRATCH.get();
        int strips = (n + NR - 1) / NR;
        int need = Math.min(KC, k) * strips * NR;
        if (prepacked == null && sc.b.length < need) sc.b = new float[need];
        float[] pb = prepacked != null ? prepacked : sc.b, pa = sc.a, tc = sc.c;
        // A is packed when it is reused over many strips of B (n >= PACK_A_MIN_N), transposed (the weight gradients: its
        // MR values per k are adjacent) or stored by rows (the per-time-step products). Read in place, the kernel
        // bounds-checks each of its MR broadcasts per k: 72-74 GFLOP/s against 93-96 packed at 256 bits on an Intel Xeon
        // (docs/performance.md §9); below PACK_A_MIN_N the copy costs what it saves.
        boolean packAll = (ars == 1 || acs == 1) && n >= PACK_A_MIN_N;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0), panel = kc * NR, base = prepacked != null ? p0 * strips * NR : 0;
            if (prepacked == null) packB(kc, n, b, bOff + p0 * ldb, ldb, pb, 0);
            for (int i = 0; i < m; i += MR) {
                int mr = Math.min(MR, m - i), aO = aOff + i * ars + p0 * acs;
                boolean packed = packAll || mr < MR;
                if (packed) packA(kc, mr, a, aO, ars, acs, pa);
                for (int s = 0, j = 0; s < strips; s++, j += NR) {
                    int nc = Math.min(NR, n - j), cO = cOff + i * ldc + j;
                    boolean edge = mr < MR || nc < NR;
                    if (edge) {
                        for (int r = 0; r < mr; r++) System.arraycopy(c, cO + r * ldc, tc, r * NR, nc);
                        if (packed) GemmKernels.p6x2(kc, pa, pb, base + s * panel, tc, 0, NR);
                        else GemmKernels.s6x2(kc, a, aO, ars, acs, pb, base + s * panel, tc, 0, NR);
                        for (int r = 0; r < mr; r++) System.arraycopy(tc, r * NR, c, cO + r * ldc, nc);
                    } else if (packed) {
                        GemmKernels.p6x2(kc, pa, pb, base + s * panel, c, cO, ldc);
                    } else {
                        GemmKernels.s6x2(kc, a, aO, ars, acs, pb, base + s * panel, c, cO, ldc);
                    }
                }
            }
        }
    }

    /**
     * C (m x n) += A B for a transposed A ({@code a[aOff + i + p * acs]}), as C^T (n x m) += B^T A^T through a scratch
     * copy of C^T: each element still gets C plus one FMA per k in ascending order (a product's two factors commute),
     * so the result is the direct product's bit for bit.
     */
    private static void transposedProduct(int m, int n, int k, float[] a, int aOff, int acs, float[] b, int bOff, int ldb,
                                          float[] c, int cOff, int ldc) {
        Scratch sc = SCRATCH.get();
        if (sc.t.length < m * n) sc.t = new float[m * n];
        float[] ct = sc.t;
        for (int i = 0; i < m; i++) for (int j = 0, src = cOff + i * ldc; j < n; j++) ct[j * m + i] = c[src + j];
        packedGemm(n, m, k, b, bOff, 1, ldb, a, aOff, acs, ct, 0, m, null);
        for (int i = 0; i < m; i++) for (int j = 0, dst = cOff + i * ldc; j < n; j++) c[dst + j] = ct[j * m + i];
    }

    /**
     * The narrower widths' GEMM with B read in place (n a multiple of NR): full MR x NR blocks straight on C; the last
     * rows (m not a multiple of MR) through a zero-padded copy of their rows of A and a copy of their part of C.
     */
    private static void directGemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc) {
        Scratch sc = SCRATCH.get();
        float[] pa = sc.a, tc = sc.c;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0), bO = bOff + p0 * ldb;
            for (int i = 0; i < m; i += MR) {
                int mr = Math.min(MR, m - i), aO = aOff + i * ars + p0 * acs, cO = cOff + i * ldc;
                if (mr == MR) {
                    for (int j = 0; j < n; j += NR) GemmKernels.k6x2(kc, a, aO, ars, acs, b, bO + j, ldb, c, cO + j, ldc);
                    continue;
                }
                for (int r = 0; r < MR; r++) {
                    for (int p = 0; p < kc; p++) pa[r * kc + p] = r < mr ? a[aO + r * ars + p * acs] : 0f;
                }
                for (int j = 0; j < n; j += NR) {
                    for (int r = 0; r < mr; r++) System.arraycopy(c, cO + r * ldc + j, tc, r * NR, NR);
                    GemmKernels.k6x2(kc, pa, 0, kc, 1, b, bO + j, ldb, tc, 0, NR);
                    for (int r = 0; r < mr; r++) System.arraycopy(tc, r * NR, c, cO + r * ldc + j, NR);
                }
            }
        }
    }

    /**
     * pb[d0 + s * kc * NR + p * NR + q] = B[p, s * NR + q] for p < kc, zero for columns past n. The full strips are
     * written one after the other (the writes in order) with vector copies: 2.2x faster than one arraycopy per strip
     * row once C2 has compiled this (202 x 3840 x 202ᵀ, the RNN-202 weight gradient: 155 against 340 us per call at
     * 256 bits; docs/performance.md §12). Run by C1, before that, the vector copies are slower (they allocate), for the
     * first few calls of a run only.
     */
    private static void packB(int kc, int n, float[] b, int bO, int ldb, float[] pb, int d0) {
        int full = n / NR, rest = n - full * NR, panel = kc * NR;
        for (int s = 0; s < full; s++) {
            for (int p = 0, src = bO + s * NR, d = d0 + s * panel; p < kc; p++, src += ldb, d += NR) {
                FloatVector.fromArray(S, b, src).intoArray(pb, d);
                FloatVector.fromArray(S, b, src + L).intoArray(pb, d + L);
            }
        }
        if (rest > 0) {
            for (int p = 0, src = bO + full * NR, d = d0 + full * panel; p < kc; p++, src += ldb, d += NR) {
                System.arraycopy(b, src, pb, d, rest);
                java.util.Arrays.fill(pb, d + rest, d + NR, 0f);
            }
        }
    }

    /**
     * pa[p * MR + r] = A[r, p] for r < mr, zero for rows past mr. {@code pa} has L - MR floats of slack past MR * KC
     * for the transposed case's overlapping vector copies.
     */
    private static void packA(int kc, int mr, float[] a, int aO, int ars, int acs, float[] pa) {
        if (acs == 1 && mr == MR) {
            // A stored by rows: six rows read side by side, pa written in order (C2 removes the checks of all indices);
            // 1.5x faster than one row after the other (writes six apart)
            int s0 = aO, s1 = aO + ars, s2 = aO + 2 * ars, s3 = aO + 3 * ars, s4 = aO + 4 * ars, s5 = aO + 5 * ars;
            for (int p = 0, d = 0; p < kc; p++, d += MR) {
                pa[d] = a[s0 + p];
                pa[d + 1] = a[s1 + p];
                pa[d + 2] = a[s2 + p];
                pa[d + 3] = a[s3 + p];
                pa[d + 4] = a[s4 + p];
                pa[d + 5] = a[s5 + p];
            }
            return;
        }
        if (ars == 1 && mr == MR) {
            // transposed A: the MR values of one k are adjacent. At 256 bits (L = 8 > MR) one vector copy of L values
            // per k, each overwriting the L - MR slack values the next k's copy rewrites (and the last ones landing in
            // pa's slack); at 128 bits two copies at 0 and MR - L. 4.5x faster than six scalar moves at 256 bits
            // (150 against 700 us for the 202 x 3840 x 202ᵀ weight gradient). A is read L - MR values past its
            // block, so the last block of an array that ends there takes the scalar moves.
            if (L >= MR && aO + (kc - 1) * acs + L <= a.length) {
                for (int p = 0, src = aO, d = 0; p < kc; p++, src += acs, d += MR) FloatVector.fromArray(S, a, src).intoArray(pa, d);
                return;
            }
            if (L < MR && 2 * L >= MR) {
                for (int p = 0, src = aO, d = 0; p < kc; p++, src += acs, d += MR) {
                    FloatVector.fromArray(S, a, src).intoArray(pa, d);
                    FloatVector.fromArray(S, a, src + MR - L).intoArray(pa, d + MR - L);
                }
                return;
            }
            for (int p = 0, src = aO, d = 0; p < kc; p++, src += acs, d += MR) {
                pa[d] = a[src];
                pa[d + 1] = a[src + 1];
                pa[d + 2] = a[src + 2];
                pa[d + 3] = a[src + 3];
                pa[d + 4] = a[src + 4];
                pa[d + 5] = a[src + 5];
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = aO + p * acs, d = p * MR, r = 0;
            for (; r < mr; r++) pa[d + r] = a[src + r * ars];
            for (; r < MR; r++) pa[d + r] = 0f;
        }
    }

    /**
     * Eight rows of C (n >= L): strips of 3 vectors, the last strips of 2 when 3s would leave a single vector (n = 4L:
     * 2 + 2, measured faster than 3 + 1), then the partial window.
     */
    private static void block8(int n, int kc, float[] a, int aO, int ars, int acs, float[] b, int bO, int ldb, float[] c, int cO, int ldc) {
        int nv = n / L, j = 0;
        while (nv > 0) {
            if (nv >= 3 && nv != 4) {
                GemmKernels.k8x3(kc, a, aO, ars, acs, b, bO + j, ldb, c, cO + j, ldc);
                j += 3 * L;
                nv -= 3;
            } else if (nv >= 2) {
                GemmKernels.k8x2(kc, a, aO, ars, acs, b, bO + j, ldb, c, cO + j, ldc);
                j += 2 * L;
                nv -= 2;
            } else {
                GemmKernels.k8x1(kc, a, aO, ars, acs, b, bO + j, ldb, c, cO + j, ldc);
                j += L;
                nv -= 1;
            }
        }
        if (j < n) GemmKernels.tail8(kc, a, aO, ars, acs, b, bO + n - L, ldb, c, cO + n - L, ldc, j - (n - L));
    }

    /** C[i, 0] += sum_p A[p, i] * B[p, 0] for contiguous A rows: vectorised over i. */
    private static void singleColumnTransposed(int m, int k, float[] a, int aOff, int acs, float[] b, int bOff, int ldb,
                                               float[] c, int cOff, int ldc) {
        float[] acc = new float[m];
        for (int p = 0; p < k; p++) {
            float bv = b[bOff + p * ldb];
            if (bv == 0f) continue;
            FloatVector x = FloatVector.broadcast(S, bv);
            int ap = aOff + p * acs, i = 0;
            for (; i + L <= m; i += L) fma(x, FloatVector.fromArray(S, a, ap + i), FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
            for (; i < m; i++) acc[i] = Math.fma(bv, a[ap + i], acc[i]);
        }
        for (int i = 0; i < m; i++) c[cOff + i * ldc] += acc[i];
    }

    /** C[0..4, j0..n] += A[0..4, 0..kc] * B[0..kc, j0..n]. */
    private static void rows4(int n, int j0, int kc, float[] a, int aO, int ars, int acs, float[] b, int bO, int ldb,
                              float[] c, int cO, int ldc) {
        int j = j0;
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
                c00 = fma(x, b0, c00);
                c01 = fma(x, b1, c01);
                x = FloatVector.broadcast(S, a[ap + ars]);
                c10 = fma(x, b0, c10);
                c11 = fma(x, b1, c11);
                x = FloatVector.broadcast(S, a[ap + 2 * ars]);
                c20 = fma(x, b0, c20);
                c21 = fma(x, b1, c21);
                x = FloatVector.broadcast(S, a[ap + 3 * ars]);
                c30 = fma(x, b0, c30);
                c31 = fma(x, b1, c31);
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
                c0 = fma(FloatVector.broadcast(S, a[ap]), b0, c0);
                c1 = fma(FloatVector.broadcast(S, a[ap + ars]), b0, c1);
                c2 = fma(FloatVector.broadcast(S, a[ap + 2 * ars]), b0, c2);
                c3 = fma(FloatVector.broadcast(S, a[ap + 3 * ars]), b0, c3);
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
                c0 = fma(FloatVector.broadcast(S, a[ap]), b0, c0);
                c1 = fma(FloatVector.broadcast(S, a[ap + ars]), b0, c1);
                c2 = fma(FloatVector.broadcast(S, a[ap + 2 * ars]), b0, c2);
                c3 = fma(FloatVector.broadcast(S, a[ap + 3 * ars]), b0, c3);
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
                acc = fma(FloatVector.broadcast(S, a[ap]), FloatVector.fromArray(S, b, bp), acc);
            }
            acc.add(FloatVector.fromArray(S, c, cO + j)).intoArray(c, cO + j);
        }
        if (j < n && n >= L) {
            int w = n - L; // same overlapping-window tail as rows4
            FloatVector acc = FloatVector.zero(S);
            int ap = aO, bp = bO + w;
            for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
                acc = fma(FloatVector.broadcast(S, a[ap]), FloatVector.fromArray(S, b, bp), acc);
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

    /** x * y + z, fused where the hardware can ({@link Simd#FMA}). */
    private static FloatVector fma(FloatVector x, FloatVector y, FloatVector z) {
        return Simd.FMA ? x.fma(y, z) : x.mul(y).add(z);
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
            fma(av, FloatVector.fromArray(S, x, xo + i), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        float af = (float) a;
        for (; i < n; i++) y[yo + i] = Math.fma(af, x[xo + i], y[yo + i]);
    }

    @Override
    public void addRows(float[] c, int cOff, int rows, int cols, float[] bias) {
        // one call for all rows (the CB's output bias was added by one axpy call per row); the same x + y per element
        for (int r = 0, o = cOff; r < rows; r++, o += cols) {
            int j = 0;
            for (; j + L <= cols; j += L) FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, bias, j)).intoArray(c, o + j);
            for (; j < cols; j++) c[o + j] += bias[j];
        }
    }

    @Override
    public void reluInPlace(float[] x, int off, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, off + i).max(zero).intoArray(x, off + i);
        for (; i < n; i++) if (x[off + i] < 0) x[off + i] = 0;
    }

    @Override
    public void reluMask(float[] post, int po, float[] d, int dOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            var dead = FloatVector.fromArray(S, post, po + i).compare(VectorOperators.LE, 0f);
            FloatVector.fromArray(S, d, dOff + i).blend(zero, dead).intoArray(d, dOff + i);
        }
        for (; i < n; i++) if (!(post[po + i] > 0)) d[dOff + i] = 0;
    }

    @Override
    public void leakyIntegrate(float[] hp, int hpo, float[] z, int zo, float[] h, int ho, int n, double alpha, double slope) {
        float keep = (float) (1 - alpha), a = (float) alpha, sl = (float) slope;
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, zo + i);
            FloatVector act = zv.blend(zv.mul(sl), zv.compare(VectorOperators.LE, 0f));
            FloatVector.fromArray(S, hp, hpo + i).mul(keep).add(act.mul(a)).intoArray(h, ho + i);
        }
        for (; i < n; i++) {
            float zi = z[zo + i];
            h[ho + i] = keep * hp[hpo + i] + a * (zi > 0 ? zi : sl * zi);
        }
    }

    @Override
    public void leakyIntegrateBackward(float[] dh, int dho, float[] z, int zo, float[] dz, int dzo, int n, double alpha, double slope) {
        float a = (float) alpha, as = (float) (alpha * slope);
        FloatVector va = FloatVector.broadcast(S, a), vas = FloatVector.broadcast(S, as);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector g = va.blend(vas, FloatVector.fromArray(S, z, zo + i).compare(VectorOperators.LE, 0f));
            FloatVector.fromArray(S, dh, dho + i).mul(g).intoArray(dz, dzo + i);
        }
        for (; i < n; i++) dz[dzo + i] = dh[dho + i] * (z[zo + i] > 0 ? a : as);
    }

    @Override
    public void colSumAdd(float[] s, int so, int rows, int cols, float[] d, int dOff) {
        // Four vectors of columns at a time down the rows: four independent accumulators, and each row's cache lines
        // read by one pass instead of one per vector (a bias gradient's rows, B*T of them, do not fit in L2). The sum
        // of each column is still d, then the rows in order, so the result is unchanged bit for bit.
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            int o = dOff + j;
            FloatVector a0 = FloatVector.fromArray(S, d, o), a1 = FloatVector.fromArray(S, d, o + L),
                    a2 = FloatVector.fromArray(S, d, o + 2 * L), a3 = FloatVector.fromArray(S, d, o + 3 * L);
            for (int r = 0, src = so + j; r < rows; r++, src += cols) {
                a0 = a0.add(FloatVector.fromArray(S, s, src));
                a1 = a1.add(FloatVector.fromArray(S, s, src + L));
                a2 = a2.add(FloatVector.fromArray(S, s, src + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, s, src + 3 * L));
            }
            a0.intoArray(d, o);
            a1.intoArray(d, o + L);
            a2.intoArray(d, o + 2 * L);
            a3.intoArray(d, o + 3 * L);
        }
        for (; j + L <= cols; j += L) {
            FloatVector acc = FloatVector.fromArray(S, d, dOff + j);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(S, s, so + r * cols + j));
            acc.intoArray(d, dOff + j);
        }
        for (; j < cols; j++) {
            float acc = d[dOff + j];
            for (int r = 0; r < rows; r++) acc += s[so + r * cols + j];
            d[dOff + j] = acc;
        }
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        // double accumulation keeps the global-norm clip insensitive to summation order
        return super.sumSquares(x, off, n);
    }

    int bits() {
        return S.vectorBitSize();
    }

    /** The kernel identity: version, width, register block, and whether the width was forced. */
    String describeVector() {
        return "Vector API " + Kernels.kernelVersion(S.vectorBitSize()) + ", " + S.vectorBitSize() + "-bit (" + L + " floats), "
                + (Simd.WIDE ? "8x3 blocks" : "6x2 packed blocks") + (Simd.FMA ? "" : ", no FMA") + (Simd.forced() ? " (forced by -D" + Kernels.SIMD_BITS_PROPERTY + ")" : "");
    }

    @SuppressWarnings("unused")
    private static float hsum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}
