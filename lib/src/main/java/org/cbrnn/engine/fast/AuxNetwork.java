package org.cbrnn.engine.fast;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.cbrnn.model.ParamSpec;

/**
 * Leaky Elman core whose in-loop bias comes from the recurrent auxiliary control (docs/protocol.md §2.7):
 * <pre>
 *   u_t  = [h_{t-1}; x_t]  (or one of the two, per cbInput)
 *   y_t  = W_a u_t + b_a + W_aa h2_{t-1} + b_aa
 *   h2_t = (1-a) h2_{t-1} + a LeakyReLU(y_t)          (first, from the previous states)
 *   c_t  = W_ao h2_t + b_ao                           (from the NEW aux state)
 *   z_t  = W_in x_t + b_in + W_hh h_{t-1} + b_hh + c_t
 *   h_t  = (1-a) h_{t-1} + a LeakyReLU(z_t)
 *   logits = W_o h_T + b_o
 * </pre>
 * The state is {@code [h; h2]} per sequence ({@code stateSize = H + A}). With the cerebellum disabled, c_t = 0 (the
 * auxiliary module is then not run at all since nothing reads it). Weight gradients are single GEMMs over all T*b rows.
 */
final class AuxNetwork<A> extends Network<A> {
    private final boolean cbHidden, cbInputBit;
    private final int Aux, U, S;
    private final double alpha, slope;
    private final int iWin, iBin, iWhh, iBhh, iWa, iBa, iWaa, iBaa, iWao, iBao;

    // workspace (grown on demand)
    private A X, Hs, Zs, H2s, Ys, dZs, dYs, dh, dh2, dU;

    AuxNetwork(ModelConfig c, Ops<A> ops) {
        super(c, ops);
        if (c.coupling() != Coupling.RECURRENT_AUX || c.cell() != ModelConfig.Cell.ELMAN) {
            throw new IllegalArgumentException("AuxNetwork needs an Elman core with coupling RECURRENT_AUX, got " + c.cell() + "/" + c.coupling());
        }
        cbHidden = c.cbInput().readsHidden();
        cbInputBit = c.cbInput().readsInput();
        Aux = c.auxSize();
        U = c.cbInputWidth();
        S = c.stateSize();
        alpha = c.alpha();
        slope = c.leakSlope();
        List<ParamSpec> s = c.parameterSpecs();
        iWin = idx(s, "inp.weight");
        iBin = idx(s, "inp.bias");
        iWhh = idx(s, "hh.weight");
        iBhh = idx(s, "hh.bias");
        iWa = idx(s, "aux.in.weight");
        iBa = idx(s, "aux.in.bias");
        iWaa = idx(s, "aux.rec.weight");
        iBaa = idx(s, "aux.rec.bias");
        iWao = idx(s, "aux.out.weight");
        iBao = idx(s, "aux.out.bias");
    }

    /** Transposed copies: [WinT, WhhT, WaT, WaaT, WaoT, the heads' WoT (Object[K])]. */
    @Override
    public Object prepare(A[] p) {
        Object[] t = new Object[6];
        t[0] = transposed(p[iWin], H, I);
        t[1] = transposed(p[iWhh], H, H);
        t[2] = transposed(p[iWa], Aux, U);
        t[3] = transposed(p[iWaa], Aux, Aux);
        t[4] = transposed(p[iWao], H, Aux);
        t[5] = transposedHeads(p);
        return t;
    }

    @SuppressWarnings("unchecked")
    @Override
    public double[] run(A[] p, Object prepared, A inputs, int[][] labels, A h0, int T, int B, int b0, int b1,
                        A[] grads, boolean[] tr, boolean cbEnabled) {
        Object[] pt = (Object[]) prepared;
        A WinT = (A) pt[0], WhhT = (A) pt[1], WaT = (A) pt[2], WaaT = (A) pt[3], WaoT = (A) pt[4];
        Object[] WoT = (Object[]) pt[5];
        final int b = b1 - b0, bH = b * H, bA = b * Aux;
        final boolean backward = grads != null;

        X = ensure(X, T * b * I);
        Hs = ensure(Hs, (T + 1) * bH);
        Zs = ensure(Zs, T * bH);
        if (cbEnabled) {
            H2s = ensure(H2s, (T + 1) * bA);
            Ys = ensure(Ys, T * bA);
        }

        for (int t = 0; t < T; t++) ops.copy(inputs, (t * B + b0) * I, X, t * b * I, b * I);
        for (int r = 0; r < b; r++) {
            ops.copy(h0, (b0 + r) * S, Hs, r * H, H);
            if (cbEnabled) ops.copy(h0, (b0 + r) * S + H, H2s, r * Aux, Aux);
        }

        // ---------------------------------------------------------------- forward
        for (int t = 0; t < T; t++) {
            int hp = t * bH, zt = t * bH, xt = t * b * I, ap = t * bA;
            if (cbEnabled) {
                // aux state first, from h_{t-1}, x_t and h2_{t-1}
                ops.setRows2(Ys, ap, b, Aux, p[iBa], p[iBaa]);
                if (cbHidden) ops.gemm(b, Aux, H, Hs, hp, H, 1, WaT, 0, Aux, Ys, ap, Aux, true);
                if (cbInputBit) ops.gemm(b, Aux, I, X, xt, I, 1, WaT, (cbHidden ? H : 0) * Aux, Aux, Ys, ap, Aux, true);
                ops.gemm(b, Aux, Aux, H2s, ap, Aux, 1, WaaT, 0, Aux, Ys, ap, Aux, true);
                ops.leakyIntegrate(H2s, ap, Ys, ap, H2s, ap + bA, bA, alpha, slope);
                // z_t = b_in + b_hh + b_ao + ... (bias rows, then three products)
                ops.setRows2(Zs, zt, b, H, p[iBin], p[iBhh]);
                for (int r = 0; r < b; r++) ops.axpy(1.0, p[iBao], 0, Zs, zt + r * H, H);
                ops.gemm(b, H, Aux, H2s, ap + bA, Aux, 1, WaoT, 0, H, Zs, zt, H, true);
            } else {
                ops.setRows2(Zs, zt, b, H, p[iBin], p[iBhh]);
            }
            ops.gemm(b, H, I, X, xt, I, 1, WinT, 0, H, Zs, zt, H, true);
            ops.gemm(b, H, H, Hs, hp, H, 1, WhhT, 0, H, Zs, zt, H, true);
            ops.leakyIntegrate(Hs, hp, Zs, zt, Hs, hp + bH, bH, alpha, slope);
        }
        int hT = T * bH;
        double[] lc = heads(p, WoT, Hs, hT, b, B, b0, labels, backward);
        if (!backward) return lc;

        // ---------------------------------------------------------------- backward
        boolean gCore = tr[iWhh] || tr[iWin] || tr[iBin] || tr[iBhh];
        boolean gAux = cbEnabled && (tr[iWa] || tr[iBa] || tr[iWaa] || tr[iBaa] || tr[iWao] || tr[iBao]);
        headGradients(grads, tr, Hs, hT, b, labels);
        if (!gCore && !gAux) return lc;

        dh = ensure(dh, bH);
        headsBackward(p, dh, b, labels);
        dZs = ensure(dZs, T * bH);
        // the aux chain is needed for its own gradients, or to carry dh through h_{t-1} -> u_t -> h2_t -> c_t
        boolean auxChain = cbEnabled && (gAux || cbHidden);
        if (auxChain) {
            dYs = ensure(dYs, T * bA);
            dh2 = ensure(dh2, bA);
            ops.fill(dh2, 0, bA, 0);
            if (cbHidden) dU = ensure(dU, b * U);
        }
        for (int t = T - 1; t >= 0; t--) {
            int zt = t * bH, ap = t * bA;
            ops.leakyIntegrateBackward(dh, 0, Zs, zt, dZs, zt, bH, alpha, slope);
            // dh_{t-1} = (1-a) dh_t + W_hh^T dz (+ the aux path below)
            ops.scale(dh, 0, bH, 1 - alpha);
            if (t > 0) ops.gemm(b, H, H, dZs, zt, H, 1, p[iWhh], 0, H, dh, 0, H, true);
            if (auxChain && (t > 0 || gAux)) {
                // dh2_t += W_ao^T dz_t ; dy_t = dh2_t a LeakyReLU'(y_t)
                ops.gemm(b, Aux, H, dZs, zt, H, 1, p[iWao], 0, Aux, dh2, 0, Aux, true);
                ops.leakyIntegrateBackward(dh2, 0, Ys, ap, dYs, ap, bA, alpha, slope);
                if (t > 0) {
                    // dh2_{t-1} = (1-a) dh2_t + W_aa^T dy_t ; dh_{t-1} += hidden part of W_a^T dy_t
                    ops.scale(dh2, 0, bA, 1 - alpha);
                    ops.gemm(b, Aux, Aux, dYs, ap, Aux, 1, p[iWaa], 0, Aux, dh2, 0, Aux, true);
                    if (cbHidden) {
                        ops.gemm(b, U, Aux, dYs, ap, Aux, 1, p[iWa], 0, U, dU, 0, U, false);
                        for (int r = 0; r < b; r++) ops.axpy(1.0, dU, r * U, dh, r * H, H);
                    }
                }
            }
        }
        int rows = T * b;
        if (gCore) {
            if (tr[iWhh]) ops.gemm(H, H, rows, dZs, 0, 1, H, Hs, 0, H, grads[iWhh], 0, H, true);
            if (tr[iWin]) ops.gemm(H, I, rows, dZs, 0, 1, H, X, 0, I, grads[iWin], 0, I, true);
            if (tr[iBin]) ops.colSumAdd(dZs, 0, rows, H, grads[iBin], 0);
            if (tr[iBhh]) ops.colSumAdd(dZs, 0, rows, H, grads[iBhh], 0);
        }
        if (gAux) {
            if (tr[iWao]) ops.gemm(H, Aux, rows, dZs, 0, 1, H, H2s, bA, Aux, grads[iWao], 0, Aux, true);
            if (tr[iBao]) ops.colSumAdd(dZs, 0, rows, H, grads[iBao], 0);
            if (tr[iWaa]) ops.gemm(Aux, Aux, rows, dYs, 0, 1, Aux, H2s, 0, Aux, grads[iWaa], 0, Aux, true);
            if (tr[iBaa]) ops.colSumAdd(dYs, 0, rows, Aux, grads[iBaa], 0);
            if (tr[iWa]) {
                if (cbHidden) ops.gemm(Aux, H, rows, dYs, 0, 1, Aux, Hs, 0, H, grads[iWa], 0, U, true);
                if (cbInputBit) ops.gemm(Aux, I, rows, dYs, 0, 1, Aux, X, 0, I, grads[iWa], cbHidden ? H : 0, U, true);
            }
            if (tr[iBa]) ops.colSumAdd(dYs, 0, rows, Aux, grads[iBa], 0);
        }
        return lc;
    }
}
