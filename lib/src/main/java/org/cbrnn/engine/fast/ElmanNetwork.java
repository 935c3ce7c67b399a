package org.cbrnn.engine.fast;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.cbrnn.model.ParamSpec;

/**
 * Leaky Elman core, optionally with the feedforward cerebellar module, in either topology (docs/protocol.md §2.2-2.6, §2.9):
 * <pre>
 *   a_t = W_in x_t + b_in + W_hh h_{t-1} + b_hh
 *   c_t = W_dcn ReLU(W_pc ReLU(W_gc u_t + b_gc) + b_pc) + b_dcn,   u_t = [h_{t-1}; x_t] (or one of the two)
 *   h_t = (1-a) h_{t-1} + a LeakyReLU(a_t + c_t)                    (CEREBELLAR_BIAS: c_t inside the loop)
 *   logits = W_o h_T + b_o                                          (NONE, CEREBELLAR_BIAS)
 *   logits = W_o c(u_T') + b_o, u_T' = [h_T; x_T]                   (READOUT_CEREBELLUM)
 * </pre>
 * Weight gradients are accumulated after the time loop as single GEMMs over all T*b rows.
 */
final class ElmanNetwork<A> extends Network<A> {
    private final boolean inLoop, atReadout, cbHidden, cbInputBit;
    private final int G, P, U;
    private final double alpha, slope;
    private final int iWin, iBin, iWhh, iBhh, iBgc, iWpc, iBpc, iWdcn, iBdcn;

    // workspace (grown on demand)
    private A X, Hs, Zs, Gs, Ps, dZs, dPs, dGs, dh, D1, dD1, dInj;

    ElmanNetwork(ModelConfig c, Ops<A> ops) {
        super(c, ops);
        inLoop = c.coupling() == Coupling.CEREBELLAR_BIAS;
        atReadout = c.coupling() == Coupling.READOUT_CEREBELLUM;
        if (c.coupling() == Coupling.RECURRENT_AUX) throw new IllegalArgumentException("use AuxNetwork");
        if (c.cbMaxRatio() > 0) throw new IllegalArgumentException("cbMaxRatio is supported for the GRU core only");
        cbHidden = c.cbInput().readsHidden();
        cbInputBit = c.cbInput().readsInput();
        G = c.granuleSize();
        P = c.purkinjeSize();
        U = c.cbInputWidth();
        alpha = c.alpha();
        slope = c.leakSlope();
        List<ParamSpec> s = c.parameterSpecs();
        iWin = idx(s, "inp.weight");
        iBin = idx(s, "inp.bias");
        iWhh = idx(s, "hh.weight");
        iBhh = idx(s, "hh.bias");
        boolean cb = inLoop || atReadout;
        iBgc = cb ? idx(s, "gc.bias") : -1;
        iWpc = cb ? idx(s, "pc.weight") : -1;
        iBpc = cb ? idx(s, "pc.bias") : -1;
        iWdcn = cb ? idx(s, "dcn.weight") : -1;
        iBdcn = cb ? idx(s, "dcn.bias") : -1;
    }

    private int wgc() {
        return iBgc - 1; // gc.weight precedes gc.bias in spec order
    }

    /**
     * The weights as the step's products read them, prepared once per batch and shared read-only by the workers:
     * transposed for the forward ({@code x W^T}), as given for the backward ({@code dz W}), each a
     * {@link Ops.PreparedB} so a kernel that packs B does it here rather than in each of the T steps. The CB fields
     * are null without a cerebellum, {@code gcX}/{@code gcH} where the granule layer does not read that part.
     */
    private record Prepared<A>(Ops.PreparedB<A> inT, Ops.PreparedB<A> hhT, Ops.PreparedB<A> gcHT, Ops.PreparedB<A> gcXT,
                               Ops.PreparedB<A> pcT, Ops.PreparedB<A> dcnT, Object[] woT,
                               Ops.PreparedB<A> hh, Ops.PreparedB<A> dcn, Ops.PreparedB<A> pc, Ops.PreparedB<A> gcH) {}

    @Override
    public Object prepare(A[] p) {
        A inT = transposed(p[iWin], H, I), hhT = transposed(p[iWhh], H, H);
        Ops.PreparedB<A> gcHT = null, gcXT = null, pcT = null, dcnT = null, dcn = null, pc = null, gcH = null;
        if (inLoop || atReadout) {
            A gcT = transposed(p[wgc()], G, U);
            if (cbHidden) gcHT = ops.prepareB(gcT, 0, G, H, G);
            if (cbInputBit) gcXT = ops.prepareB(gcT, (cbHidden ? H : 0) * G, G, I, G);
            pcT = ops.prepareB(transposed(p[iWpc], P, G), 0, P, G, P);
            dcnT = ops.prepareB(transposed(p[iWdcn], H, P), 0, H, P, H);
            dcn = ops.prepareB(p[iWdcn], 0, P, H, P);
            pc = ops.prepareB(p[iWpc], 0, G, P, G);
            if (cbHidden) gcH = ops.prepareB(p[wgc()], 0, U, G, H); // the hidden columns of W_gc only
        }
        return new Prepared<>(ops.prepareB(inT, 0, H, I, H), ops.prepareB(hhT, 0, H, H, H), gcHT, gcXT, pcT, dcnT,
                transposedHeads(p), ops.prepareB(p[iWhh], 0, H, H, H), dcn, pc, gcH);
    }

    @Override
    public double[] run(A[] p, Object prepared, A inputs, int[][] labels, A h0, int T, int B, int b0, int b1,
                        A[] grads, boolean[] tr, boolean cbEnabled) {
        return run(p, prepared, inputs, labels, null, h0, T, B, b0, b1, grads, tr, cbEnabled);
    }

    /** The same core with a per-step loss on h_1..h_T in place of the heads (docs/ccrnn.md §8.4). */
    @Override
    public double[] runStates(A[] p, Object prepared, A inputs, A h0, int T, int B, int b0, int b1, StateLoss<A> loss,
                              A[] grads, boolean[] tr, boolean cbEnabled) {
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        if (atReadout) throw new UnsupportedOperationException("a per-step state loss needs the cerebellum inside the loop or none, not "
                + config.label() + " (its readout is the cerebellum)");
        return run(p, prepared, inputs, null, loss, h0, T, B, b0, b1, grads, tr, cbEnabled);
    }

    /**
     * One forward/backward: scored by the heads against {@code labels} (the CB-RNN's last-step readout), or, when
     * {@code stateLoss} is non-null, by it at every step; its state gradients are then injected at each step of the
     * backward loop, which is otherwise the same.
     */
    @SuppressWarnings("unchecked")
    private double[] run(A[] p, Object prepared, A inputs, int[][] labels, StateLoss<A> stateLoss, A h0, int T, int B, int b0, int b1,
                         A[] grads, boolean[] tr, boolean cbEnabled) {
        Prepared<A> w = (Prepared<A>) prepared;
        Object[] WoT = w.woT();
        final int b = b1 - b0, bH = b * H;
        final boolean cbLoop = inLoop && cbEnabled;
        final boolean backward = grads != null;

        X = ensure(X, T * b * I);
        Hs = ensure(Hs, (T + 1) * bH);
        Zs = ensure(Zs, T * bH);
        if (inLoop) {
            Gs = ensure(Gs, T * b * G);
            Ps = ensure(Ps, T * b * P);
        }

        // contiguous copy of this worker's rows of the input, and of h_0
        for (int t = 0; t < T; t++) ops.copy(inputs, (t * B + b0) * I, X, t * b * I, b * I);
        ops.copy(h0, b0 * config.stateSize(), Hs, 0, bH);
        if (config.stateSize() != H) throw new IllegalStateException("state size mismatch");

        // ---------------------------------------------------------------- forward
        for (int t = 0; t < T; t++) {
            int hp = t * bH, zt = t * bH, xt = t * b * I;
            ops.setRows2(Zs, zt, b, H, p[iBin], p[iBhh]);
            ops.gemm(b, H, I, X, xt, I, 1, w.inT(), Zs, zt, H, true);
            ops.gemm(b, H, H, Hs, hp, H, 1, w.hhT(), Zs, zt, H, true);
            if (cbLoop) cerebellum(p, w, Hs, hp, xt, b, Gs, t * b * G, Ps, t * b * P, Zs, zt, true);
            ops.leakyIntegrate(Hs, hp, Zs, zt, Hs, hp + bH, bH, alpha, slope);
        }
        int hT = T * bH;
        A readIn = Hs;
        int readOff = hT;
        if (atReadout) {
            D1 = ensure(D1, bH);
            Gs = ensure(Gs, b * G);
            Ps = ensure(Ps, b * P);
            if (cbEnabled) {
                cerebellum(p, w, Hs, hT, (T - 1) * b * I, b, Gs, 0, Ps, 0, D1, 0, false);
            } else {
                ops.fill(D1, 0, bH, 0);
            }
            readIn = D1;
            readOff = 0;
        }
        double[] lc;
        if (stateLoss != null) {
            if (backward) {
                dInj = ensure(dInj, T * bH);
                ops.fill(dInj, 0, T * bH, 0);
            }
            lc = stateLoss.apply(Hs, T, b, backward ? dInj : null);
        } else {
            lc = heads(p, WoT, readIn, readOff, b, B, b0, labels, backward);
        }
        if (!backward) return lc;

        // ---------------------------------------------------------------- backward
        boolean gCore = tr[iWhh] || tr[iWin] || tr[iBin] || tr[iBhh];
        boolean gCb = (inLoop || atReadout) && (tr[iWdcn] || tr[iBdcn] || tr[iWpc] || tr[iBpc] || tr[wgc()] || tr[iBgc]);
        dh = ensure(dh, bH);
        if (stateLoss != null) {
            ops.fill(dh, 0, bH, 0); // the state gradients enter step by step in the loop below
        } else if (atReadout) {
            headGradients(grads, tr, readIn, readOff, b, labels);
            dD1 = ensure(dD1, bH);
            headsBackward(p, dD1, b, labels);
            ops.fill(dh, 0, bH, 0);
            if (cbEnabled && (gCb || gCore)) {
                dPs = ensure(dPs, b * P);
                dGs = ensure(dGs, b * G);
                cerebellumBackward(w, dD1, 0, b, Ps, 0, Gs, 0, dPs, 0, dGs, 0, dh);
                if (gCb) {
                    cbWeightGrads(grads, tr, dD1, dPs, dGs, Ps, Gs, Hs, hT, X, (T - 1) * b * I, b);
                }
            }
        } else {
            headGradients(grads, tr, readIn, readOff, b, labels);
            headsBackward(p, dh, b, labels);
        }
        boolean needLoop = gCore || (inLoop && gCb && cbEnabled);
        if (!needLoop) return lc;

        dZs = ensure(dZs, T * bH);
        if (cbLoop) {
            dPs = ensure(dPs, T * b * P);
            dGs = ensure(dGs, T * b * G);
        }
        for (int t = T - 1; t >= 0; t--) {
            int zt = t * bH, hp = t * bH;
            if (stateLoss != null) ops.axpy(1.0, dInj, t * bH, dh, 0, bH); // dL/dh_{t+1} of the step loss
            ops.leakyIntegrateBackward(dh, 0, Zs, zt, dZs, zt, bH, alpha, slope);
            // dh_{t-1} = (1-a) dh_t + W_hh^T dz (+ CB path)
            ops.scale(dh, 0, bH, 1 - alpha);
            if (t > 0) ops.gemm(b, H, H, dZs, zt, H, 1, w.hh(), dh, 0, H, true);
            if (cbLoop && (t > 0 || gCb)) {
                cerebellumBackward(w, dZs, zt, b, Ps, t * b * P, Gs, t * b * G, dPs, t * b * P, dGs, t * b * G, t > 0 ? dh : null);
            }
        }
        int rows = T * b;
        if (gCore) {
            if (tr[iWhh]) ops.gemm(H, H, rows, dZs, 0, 1, H, Hs, 0, H, grads[iWhh], 0, H, true);
            if (tr[iWin]) ops.gemm(H, I, rows, dZs, 0, 1, H, X, 0, I, grads[iWin], 0, I, true);
            if (tr[iBin] && tr[iBhh] && positiveZeros(grads[iBin], H) && positiveZeros(grads[iBhh], H)) {
                // both bias gradients are the same column sum of dZ: from +0 it is the same sum bit for bit, so one pass
                // over the B*T rows (which do not fit in L2) and a copy
                ops.colSumAdd(dZs, 0, rows, H, grads[iBin], 0);
                ops.copy(grads[iBin], 0, grads[iBhh], 0, H);
            } else {
                if (tr[iBin]) ops.colSumAdd(dZs, 0, rows, H, grads[iBin], 0);
                if (tr[iBhh]) ops.colSumAdd(dZs, 0, rows, H, grads[iBhh], 0);
            }
        }
        if (cbLoop && gCb) cbWeightGrads(grads, tr, dZs, dPs, dGs, Ps, Gs, Hs, 0, X, 0, rows);
        return lc;
    }

    /** Whether the first n values are all +0 (not -0: -0 + x and +0 + x differ when x is -0). */
    private boolean positiveZeros(A x, int n) {
        for (int i = 0; i < n; i++) if (Double.doubleToRawLongBits(ops.get(x, i)) != 0L) return false;
        return true;
    }

    /**
     * out (+)= CB(u) for b rows with u = [Hs[hOff..]; X[xOff..]]; keeps the GC and PC activations.
     */
    private void cerebellum(A[] p, Prepared<A> w, A hsrc, int hOff, int xOff, int b,
                            A g, int gOff, A pc, int pOff, A out, int outOff, boolean accumulate) {
        ops.setRows(g, gOff, b, G, p[iBgc], 0);
        if (cbHidden) ops.gemm(b, G, H, hsrc, hOff, H, 1, w.gcHT(), g, gOff, G, true);
        if (cbInputBit) ops.gemm(b, G, I, X, xOff, I, 1, w.gcXT(), g, gOff, G, true);
        ops.reluInPlace(g, gOff, b * G);
        ops.setRows(pc, pOff, b, P, p[iBpc], 0);
        ops.gemm(b, P, G, g, gOff, G, 1, w.pcT(), pc, pOff, P, true);
        ops.reluInPlace(pc, pOff, b * P);
        if (accumulate) {
            // out += W_dcn p + b_dcn
            ops.gemm(b, H, P, pc, pOff, P, 1, w.dcnT(), out, outOff, H, true);
            ops.addRows(out, outOff, b, H, p[iBdcn]);
        } else {
            ops.setRows(out, outOff, b, H, p[iBdcn], 0);
            ops.gemm(b, H, P, pc, pOff, P, 1, w.dcnT(), out, outOff, H, true);
        }
    }

    /** From dc (b x H) to dP, dG, and (if dhOut != null) dh_prev += the hidden part of W_gc^T dg. */
    private void cerebellumBackward(Prepared<A> w, A dc, int dcOff, int b, A pc, int pOff, A g, int gOff,
                                    A dP, int dpOff, A dG, int dgOff, A dhOut) {
        ops.gemm(b, P, H, dc, dcOff, H, 1, w.dcn(), dP, dpOff, P, false);
        ops.reluMask(pc, pOff, dP, dpOff, b * P);
        ops.gemm(b, G, P, dP, dpOff, P, 1, w.pc(), dG, dgOff, G, false);
        ops.reluMask(g, gOff, dG, dgOff, b * G);
        if (dhOut != null && cbHidden) {
            // dh_prev += (W_gc^T dg) restricted to the hidden columns of W_gc (the input column is not needed)
            ops.gemm(b, H, G, dG, dgOff, G, 1, w.gcH(), dhOut, 0, H, true);
        }
    }

    /** CB weight gradients over {@code rows} stacked rows (all time steps at once). */
    private void cbWeightGrads(A[] gr, boolean[] tr, A dC, A dP, A dG, A pc, A g, A hsrc, int hOff, A x, int xOff, int rows) {
        if (tr[iWdcn]) ops.gemm(H, P, rows, dC, 0, 1, H, pc, 0, P, gr[iWdcn], 0, P, true);
        if (tr[iBdcn]) ops.colSumAdd(dC, 0, rows, H, gr[iBdcn], 0);
        if (tr[iWpc]) ops.gemm(P, G, rows, dP, 0, 1, P, g, 0, G, gr[iWpc], 0, G, true);
        if (tr[iBpc]) ops.colSumAdd(dP, 0, rows, P, gr[iBpc], 0);
        if (tr[wgc()]) {
            if (cbHidden) ops.gemm(G, H, rows, dG, 0, 1, G, hsrc, hOff, H, gr[wgc()], 0, U, true);
            if (cbInputBit) ops.gemm(G, I, rows, dG, 0, 1, G, x, xOff, I, gr[wgc()], cbHidden ? H : 0, U, true);
        }
        if (tr[iBgc]) ops.colSumAdd(dG, 0, rows, G, gr[iBgc], 0);
    }
}
