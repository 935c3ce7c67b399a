package org.cbrnn.engine.fast;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.cbrnn.model.ParamSpec;

/**
 * GRU core with LeakyReLU candidate, optionally with the feedforward cerebellar bias on the candidate (docs/protocol.md §2.8):
 * <pre>
 *   z     = sigmoid(W_xz x + b_xz + W_hz h + b_hz)
 *   r     = sigmoid(W_xr x + b_xr + W_hr h + b_hr)
 *   n_pre = W_xn x + b_xn + W_hn (r * h) + b_hn
 *   c     = W_dcn ReLU(W_pc ReLU(W_gc u + b_gc) + b_pc) + b_dcn,   u = [h; x] (or one of the two)
 *   s     = min(1, rho ||n_pre|| / (||c|| + 1e-8))  per sequence   (rho = cbMaxRatio > 0; s = 1 when rho = 0)
 *   n     = LeakyReLU(n_pre + s c)
 *   h'    = (1 - z) * h + z * n
 *   logits = W_o h_T + b_o
 * </pre>
 * ||n_pre|| is a constant for differentiation (PyTorch computes it under no_grad); s depends on c through ||c|| when
 * s < 1 (the gradient of min(1, v) is taken as 1 for v < 1 and 0 otherwise). Weight gradients are single GEMMs over
 * all T*b rows after the time loop.
 */
final class GruNetwork<A> extends Network<A> {
    private static final double EPS = 1e-8;

    private final boolean hasCb, cbHidden, cbInputBit;
    private final int G, P, U;
    private final double slope, ratio;
    private final int iWxz, iBxz, iWxr, iBxr, iWxn, iBxn, iWhz, iBhz, iWhr, iBhr, iWhn, iBhn;
    private final int iWgc, iBgc, iWpc, iBpc, iWdcn, iBdcn;

    // workspace (grown on demand); per-step blocks of b*H unless noted
    private A X, Hs, Zs, Rs, Ns, Ds, RHs, Cs, Gs, Ps;
    private A dh, dZs, dRs, dNs, dCs, dGs, dPs, dRH, tmp, dU, dot;
    private double[] scl, cnorm, nnorm; // per (t, row): rescale factor s, ||c||, ||n_pre||
    private boolean[] active;            // per (t, row): s = v < 1, so s depends on ||c||

    /**
     * Test hook (finite differences of the detached-norm surrogate): when non-null, ||n_pre|| of step t, row r of
     * this worker is read from index {@code t*b + r} instead of being computed.
     */
    double[] frozenReferenceNorms;

    /** ||n_pre|| per (t, row), index {@code t*b + r}, of the last forward pass with rescaling (test hook). */
    double[] referenceNorms() {
        return nnorm;
    }

    GruNetwork(ModelConfig c, Ops<A> ops) {
        super(c, ops);
        if (c.cell() != ModelConfig.Cell.GRU) throw new IllegalArgumentException("GruNetwork needs a GRU core, got " + c.cell());
        if (c.coupling() != Coupling.NONE && c.coupling() != Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("GRU coupling must be NONE or CEREBELLAR_BIAS, got " + c.coupling());
        }
        hasCb = c.coupling() == Coupling.CEREBELLAR_BIAS;
        cbHidden = c.cbInput().readsHidden();
        cbInputBit = c.cbInput().readsInput();
        G = c.granuleSize();
        P = c.purkinjeSize();
        U = c.cbInputWidth();
        slope = c.leakSlope();
        ratio = c.cbMaxRatio();
        List<ParamSpec> s = c.parameterSpecs();
        iWxz = idx(s, "xz.weight");
        iBxz = idx(s, "xz.bias");
        iWxr = idx(s, "xr.weight");
        iBxr = idx(s, "xr.bias");
        iWxn = idx(s, "xn.weight");
        iBxn = idx(s, "xn.bias");
        iWhz = idx(s, "hz.weight");
        iBhz = idx(s, "hz.bias");
        iWhr = idx(s, "hr.weight");
        iBhr = idx(s, "hr.bias");
        iWhn = idx(s, "hn.weight");
        iBhn = idx(s, "hn.bias");
        iWgc = hasCb ? idx(s, "gc.weight") : -1;
        iBgc = hasCb ? idx(s, "gc.bias") : -1;
        iWpc = hasCb ? idx(s, "pc.weight") : -1;
        iBpc = hasCb ? idx(s, "pc.bias") : -1;
        iWdcn = hasCb ? idx(s, "dcn.weight") : -1;
        iBdcn = hasCb ? idx(s, "dcn.bias") : -1;
    }

    /** Transposed copies: [WxzT, WxrT, WxnT, WhzT, WhrT, WhnT, WgcT, WpcT, WdcnT, the heads' WoT (Object[K])]. */
    @Override
    public Object prepare(A[] p) {
        Object[] t = new Object[10];
        t[0] = transposed(p[iWxz], H, I);
        t[1] = transposed(p[iWxr], H, I);
        t[2] = transposed(p[iWxn], H, I);
        t[3] = transposed(p[iWhz], H, H);
        t[4] = transposed(p[iWhr], H, H);
        t[5] = transposed(p[iWhn], H, H);
        if (hasCb) {
            t[6] = transposed(p[iWgc], G, U);
            t[7] = transposed(p[iWpc], P, G);
            t[8] = transposed(p[iWdcn], H, P);
        }
        t[9] = transposedHeads(p);
        return t;
    }

    @SuppressWarnings("unchecked")
    @Override
    public double[] run(A[] p, Object prepared, A inputs, int[][] labels, A h0, int T, int B, int b0, int b1,
                        A[] grads, boolean[] tr, boolean cbEnabled) {
        Object[] pt = (Object[]) prepared;
        A WxzT = (A) pt[0], WxrT = (A) pt[1], WxnT = (A) pt[2], WhzT = (A) pt[3], WhrT = (A) pt[4], WhnT = (A) pt[5];
        A WgcT = (A) pt[6], WpcT = (A) pt[7], WdcnT = (A) pt[8];
        Object[] WoT = (Object[]) pt[9];
        final int b = b1 - b0, bH = b * H, rows = T * b;
        final boolean cb = hasCb && cbEnabled;
        final boolean rescale = cb && ratio > 0;
        final boolean backward = grads != null;

        X = ensure(X, rows * I);
        Hs = ensure(Hs, (T + 1) * bH);
        Zs = ensure(Zs, rows * H);
        Rs = ensure(Rs, rows * H);
        Ns = ensure(Ns, rows * H);
        Ds = ensure(Ds, rows * H);
        RHs = ensure(RHs, rows * H);
        if (cb) {
            Cs = ensure(Cs, rows * H);
            Gs = ensure(Gs, rows * G);
            Ps = ensure(Ps, rows * P);
            if (rescale && (scl == null || scl.length < rows)) {
                scl = new double[rows];
                cnorm = new double[rows];
                nnorm = new double[rows];
                active = new boolean[rows];
            }
        }

        for (int t = 0; t < T; t++) ops.copy(inputs, (t * B + b0) * I, X, t * b * I, b * I);
        if (config.stateSize() != H) throw new IllegalStateException("state size mismatch");
        ops.copy(h0, b0 * H, Hs, 0, bH);

        // ---------------------------------------------------------------- forward
        // input parts of all time steps at once (both biases folded in)
        ops.setRows2(Zs, 0, rows, H, p[iBxz], p[iBhz]);
        ops.gemm(rows, H, I, X, 0, I, 1, WxzT, 0, H, Zs, 0, H, true);
        ops.setRows2(Rs, 0, rows, H, p[iBxr], p[iBhr]);
        ops.gemm(rows, H, I, X, 0, I, 1, WxrT, 0, H, Rs, 0, H, true);
        ops.setRows2(Ns, 0, rows, H, p[iBxn], p[iBhn]);
        ops.gemm(rows, H, I, X, 0, I, 1, WxnT, 0, H, Ns, 0, H, true);
        for (int t = 0; t < T; t++) {
            int o = t * bH, hn = o + bH, xt = t * b * I;
            ops.gemm(b, H, H, Hs, o, H, 1, WhzT, 0, H, Zs, o, H, true);
            ops.sigmoidInPlace(Zs, o, bH);
            ops.gemm(b, H, H, Hs, o, H, 1, WhrT, 0, H, Rs, o, H, true);
            ops.sigmoidInPlace(Rs, o, bH);
            ops.mul(Rs, o, Hs, o, RHs, o, bH);
            ops.gemm(b, H, H, RHs, o, H, 1, WhnT, 0, H, Ns, o, H, true); // n_pre
            if (cb) {
                cerebellum(p, WgcT, WpcT, WdcnT, o, xt, b, t * b * G, t * b * P);
                if (rescale) {
                    for (int r = 0; r < b; r++) {
                        int ro = o + r * H, k = t * b + r;
                        double nn = frozenReferenceNorms != null ? frozenReferenceNorms[k] : Math.sqrt(ops.sumSquares(Ns, ro, H));
                        double cn = Math.sqrt(ops.sumSquares(Cs, ro, H));
                        double v = ratio * nn / (cn + EPS);
                        double s = Math.min(1.0, v);
                        nnorm[k] = nn;
                        scl[k] = s;
                        cnorm[k] = cn;
                        active[k] = v < 1.0;
                        ops.axpy(s, Cs, ro, Ns, ro, H);
                    }
                } else {
                    ops.axpy(1.0, Cs, o, Ns, o, bH);
                }
            }
            ops.leakyReluInPlace(Ns, o, bH, slope); // n (its sign is the pre-activation's, so it also gives the mask)
            // h' = h + z (n - h); keep D = n - h for the backward pass
            ops.copy(Ns, o, Ds, o, bH);
            ops.axpy(-1.0, Hs, o, Ds, o, bH);
            ops.copy(Hs, o, Hs, hn, bH);
            ops.mulAdd(Zs, o, Ds, o, Hs, hn, bH);
        }
        int hT = T * bH;
        double[] lc = heads(p, WoT, Hs, hT, b, B, b0, labels, backward);
        if (!backward) return lc;

        // ---------------------------------------------------------------- backward
        boolean gCore = tr[iWxz] || tr[iBxz] || tr[iWxr] || tr[iBxr] || tr[iWxn] || tr[iBxn]
                || tr[iWhz] || tr[iBhz] || tr[iWhr] || tr[iBhr] || tr[iWhn] || tr[iBhn];
        boolean gCb = cb && (tr[iWgc] || tr[iBgc] || tr[iWpc] || tr[iBpc] || tr[iWdcn] || tr[iBdcn]);
        headGradients(grads, tr, Hs, hT, b, labels);
        if (!gCore && !gCb) return lc;

        dh = ensure(dh, bH);
        headsBackward(p, dh, b, labels);
        dZs = ensure(dZs, rows * H);
        dRs = ensure(dRs, rows * H);
        dNs = ensure(dNs, rows * H);
        dRH = ensure(dRH, bH);
        tmp = ensure(tmp, bH);
        if (cb) {
            dCs = ensure(dCs, rows * H);
            dPs = ensure(dPs, rows * P);
            dGs = ensure(dGs, rows * G);
            if (cbHidden) dU = ensure(dU, b * U);
            if (rescale) dot = ensure(dot, 1);
        }
        for (int t = T - 1; t >= 0; t--) {
            int o = t * bH;
            // h' = h + z (n - h): dz = dh' (n - h), dn = dh' z, direct dh = dh' (1 - z)
            ops.mul(dh, 0, Ds, o, dZs, o, bH);
            ops.mul(dh, 0, Zs, o, dNs, o, bH);
            ops.axpy(-1.0, dNs, o, dh, 0, bH);
            ops.leakyReluMask(Ns, o, dNs, o, bH, slope); // d n_pre (= d of the LeakyReLU input)
            if (cb) {
                if (rescale) {
                    for (int r = 0; r < b; r++) {
                        int ro = o + r * H, k = t * b + r;
                        double s = scl[k];
                        ops.fill(dCs, ro, H, 0);
                        ops.axpy(s, dNs, ro, dCs, ro, H);
                        if (active[k] && cnorm[k] > 0) {
                            // s = rho ||n_pre|| / (||c|| + eps): ds/dc = -s / (||c|| + eps) * c / ||c||
                            ops.gemm(1, 1, H, dNs, ro, H, 1, Cs, ro, 1, dot, 0, 1, false);
                            double ds = ops.get(dot, 0);
                            double coef = -ds * s / ((cnorm[k] + EPS) * cnorm[k]);
                            ops.axpy(coef, Cs, ro, dCs, ro, H);
                        }
                    }
                } else {
                    ops.copy(dNs, o, dCs, o, bH);
                }
                if (t > 0 || gCb) cerebellumBackward(p, o, b, t * b * P, t * b * G, t > 0);
            }
            // n_pre = ... + W_hn (r h): d(rh) = W_hn^T dn_pre ; dr = d(rh) h ; dh += d(rh) r
            ops.gemm(b, H, H, dNs, o, H, 1, p[iWhn], 0, H, dRH, 0, H, false);
            ops.mul(dRH, 0, Hs, o, dRs, o, bH);
            if (t > 0) ops.mulAdd(dRH, 0, Rs, o, dh, 0, bH);
            // through the sigmoids: d *= y (1 - y) = d y - (d y) y
            sigmoidBackward(Zs, dZs, o, bH);
            sigmoidBackward(Rs, dRs, o, bH);
            if (t > 0) {
                ops.gemm(b, H, H, dZs, o, H, 1, p[iWhz], 0, H, dh, 0, H, true);
                ops.gemm(b, H, H, dRs, o, H, 1, p[iWhr], 0, H, dh, 0, H, true);
            }
        }
        if (gCore) {
            gateGrads(grads, tr, dZs, Hs, iWxz, iBxz, iWhz, iBhz, rows);
            gateGrads(grads, tr, dRs, Hs, iWxr, iBxr, iWhr, iBhr, rows);
            gateGrads(grads, tr, dNs, RHs, iWxn, iBxn, iWhn, iBhn, rows);
        }
        if (gCb) {
            if (tr[iWdcn]) ops.gemm(H, P, rows, dCs, 0, 1, H, Ps, 0, P, grads[iWdcn], 0, P, true);
            if (tr[iBdcn]) ops.colSumAdd(dCs, 0, rows, H, grads[iBdcn], 0);
            if (tr[iWpc]) ops.gemm(P, G, rows, dPs, 0, 1, P, Gs, 0, G, grads[iWpc], 0, G, true);
            if (tr[iBpc]) ops.colSumAdd(dPs, 0, rows, P, grads[iBpc], 0);
            if (tr[iWgc]) {
                if (cbHidden) ops.gemm(G, H, rows, dGs, 0, 1, G, Hs, 0, H, grads[iWgc], 0, U, true);
                if (cbInputBit) ops.gemm(G, I, rows, dGs, 0, 1, G, X, 0, I, grads[iWgc], cbHidden ? H : 0, U, true);
            }
            if (tr[iBgc]) ops.colSumAdd(dGs, 0, rows, G, grads[iBgc], 0);
        }
        return lc;
    }

    /** d (n values at off) *= y (1 - y), with y the sigmoid output; uses {@code tmp}. */
    private void sigmoidBackward(A y, A d, int off, int n) {
        ops.mul(d, off, y, off, d, off, n);
        ops.mul(d, off, y, off, tmp, 0, n);
        ops.axpy(-1.0, tmp, 0, d, off, n);
    }

    /** Gradients of one gate's input and hidden Linear layers from its pre-activation gradient over all rows. */
    private void gateGrads(A[] gr, boolean[] tr, A dPre, A hin, int iWx, int iBx, int iWh, int iBh, int rows) {
        if (tr[iWx]) ops.gemm(H, I, rows, dPre, 0, 1, H, X, 0, I, gr[iWx], 0, I, true);
        if (tr[iBx]) ops.colSumAdd(dPre, 0, rows, H, gr[iBx], 0);
        if (tr[iWh]) ops.gemm(H, H, rows, dPre, 0, 1, H, hin, 0, H, gr[iWh], 0, H, true);
        if (tr[iBh]) ops.colSumAdd(dPre, 0, rows, H, gr[iBh], 0);
    }

    /** Cs[o..] = CB(u) for b rows with u = [Hs[o..]; X[xOff..]]; keeps the GC and PC activations. */
    private void cerebellum(A[] p, A WgcT, A WpcT, A WdcnT, int o, int xOff, int b, int gOff, int pOff) {
        ops.setRows(Gs, gOff, b, G, p[iBgc], 0);
        if (cbHidden) ops.gemm(b, G, H, Hs, o, H, 1, WgcT, 0, G, Gs, gOff, G, true);
        if (cbInputBit) ops.gemm(b, G, I, X, xOff, I, 1, WgcT, (cbHidden ? H : 0) * G, G, Gs, gOff, G, true);
        ops.reluInPlace(Gs, gOff, b * G);
        ops.setRows(Ps, pOff, b, P, p[iBpc], 0);
        ops.gemm(b, P, G, Gs, gOff, G, 1, WpcT, 0, P, Ps, pOff, P, true);
        ops.reluInPlace(Ps, pOff, b * P);
        ops.setRows(Cs, o, b, H, p[iBdcn], 0);
        ops.gemm(b, H, P, Ps, pOff, P, 1, WdcnT, 0, H, Cs, o, H, true);
    }

    /** From dCs[o..] to dP, dG and (if toHidden) dh += the hidden part of W_gc^T dg. */
    private void cerebellumBackward(A[] p, int o, int b, int pOff, int gOff, boolean toHidden) {
        ops.gemm(b, P, H, dCs, o, H, 1, p[iWdcn], 0, P, dPs, pOff, P, false);
        ops.reluMask(Ps, pOff, dPs, pOff, b * P);
        ops.gemm(b, G, P, dPs, pOff, P, 1, p[iWpc], 0, G, dGs, gOff, G, false);
        ops.reluMask(Gs, gOff, dGs, gOff, b * G);
        if (toHidden && cbHidden) {
            ops.gemm(b, U, G, dGs, gOff, G, 1, p[iWgc], 0, U, dU, 0, U, false);
            for (int r = 0; r < b; r++) ops.axpy(1.0, dU, r * U, dh, r * H, H);
        }
    }
}
