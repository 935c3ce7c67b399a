package org.cbrnn.dl4j;

import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * GRU core with a LeakyReLU candidate, optionally with the feedforward cerebellar bias on the candidate and its
 * rescaling (docs/protocol.md §2.8; the same equations as {@code org.cbrnn.engine.fast.GruNetwork}):
 * <pre>
 *   z     = sigmoid(W_xz x + b_xz + W_hz h + b_hz)
 *   r     = sigmoid(W_xr x + b_xr + W_hr h + b_hr)
 *   n_pre = W_xn x + b_xn + W_hn (r * h) + b_hn
 *   c     = W_dcn ReLU(W_pc ReLU(W_gc u + b_gc) + b_pc) + b_dcn,   u = [h; x] (or one of the two)
 *   s     = min(1, rho ||n_pre|| / (||c|| + 1e-8))   per sequence, rho = cbMaxRatio > 0 (s = 1 when rho = 0)
 *   n     = LeakyReLU(n_pre + s c)
 *   h'    = h + z (n - h)
 *   logits = W_o h_T + b_o
 * </pre>
 * ||n_pre|| is a constant for differentiation (a stop-gradient, as PyTorch's no_grad); s depends on c through ||c||
 * where it is below 1. min(1, v) is written {@code 1 - ReLU(1 - v)}, whose derivative is 1 for v < 1 and 0 otherwise,
 * as in the hand-written BPTT.
 */
public record GruCell(ModelConfig config) implements CellDefinition {
    private static final double EPS = 1e-8;

    public GruCell {
        if (config.cell() != ModelConfig.Cell.GRU) throw new IllegalArgumentException("GruCell needs a GRU core, got " + config.cell());
        if (config.coupling() != Coupling.NONE && config.coupling() != Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("GRU coupling must be NONE or CEREBELLAR_BIAS, got " + config.coupling());
        }
    }

    @Override
    public String name() {
        return config.label() + (config.cbMaxRatio() > 0 ? " rho" + config.cbMaxRatio() : "");
    }

    @Override
    public SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x) {
        SDVariable h = state[0];
        SDVariable zb = c.once("z.bias", () -> c.param("xz.bias").add(c.param("hz.bias")));
        SDVariable rb = c.once("r.bias", () -> c.param("xr.bias").add(c.param("hr.bias")));
        SDVariable nb = c.once("n.bias", () -> c.param("xn.bias").add(c.param("hn.bias")));
        SDVariable z = c.sd().nn.sigmoid(c.matmulT(x, c.param("xz.weight")).add(c.matmulT(h, c.param("hz.weight"))).add(zb));
        SDVariable r = c.sd().nn.sigmoid(c.matmulT(x, c.param("xr.weight")).add(c.matmulT(h, c.param("hr.weight"))).add(rb));
        SDVariable nPre = c.matmulT(x, c.param("xn.weight")).add(c.matmulT(r.mul(h), c.param("hn.weight"))).add(nb);
        if (config.coupling() == Coupling.CEREBELLAR_BIAS && c.cerebellumEnabled()) {
            SDVariable cb = c.cerebellum(c.cbInput(h, x));
            if (config.cbMaxRatio() > 0) {
                SDVariable nNorm = c.stopGradient(nPre).norm2(true, 1);        // [B, 1], a constant for autodiff
                SDVariable cNorm = cb.norm2(true, 1);                           // [B, 1]
                SDVariable v = nNorm.mul(config.cbMaxRatio()).div(cNorm.add(EPS));
                SDVariable s = c.relu(v.rsub(1.0)).rsub(1.0);                   // min(1, v)
                cb = cb.mul(s);
            }
            nPre = nPre.add(cb);
        }
        SDVariable n = c.leakyRelu(nPre);
        return new SDVariable[]{h.add(z.mul(n.sub(h)))};
    }
}
