package org.cbrnn.dl4j;

import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Leaky Elman core whose in-loop bias comes from the recurrent auxiliary control (docs/protocol.md §2.7; the same equations as
 * {@code org.cbrnn.engine.fast.AuxNetwork}). State components: {@code [h (H), h2 (A)]}.
 * <pre>
 *   u_t  = [h_{t-1}; x_t]  (or one of the two)
 *   h2_t = (1-a) h2_{t-1} + a LeakyReLU(W_a u_t + b_a + W_aa h2_{t-1} + b_aa)
 *   c_t  = W_ao h2_t + b_ao                            (from the new aux state)
 *   h_t  = (1-a) h_{t-1} + a LeakyReLU(W_in x_t + b_in + W_hh h_{t-1} + b_hh + c_t)
 *   logits = W_o h_T + b_o
 * </pre>
 * Without the cerebellum, c_t = 0 and the aux state is held.
 */
public record AuxCell(ModelConfig config) implements CellDefinition {

    public AuxCell {
        if (config.cell() != ModelConfig.Cell.ELMAN || config.coupling() != Coupling.RECURRENT_AUX) {
            throw new IllegalArgumentException("AuxCell needs an Elman core with coupling RECURRENT_AUX, got "
                    + config.cell() + "/" + config.coupling());
        }
    }

    @Override
    public String name() {
        return config.label();
    }

    @Override
    public int[] stateWidths() {
        return new int[]{config.hiddenSize(), config.auxSize()};
    }

    @Override
    public SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x) {
        SDVariable h = state[0], h2 = state[1];
        SDVariable bias = c.once("core.bias", () -> c.param("inp.bias").add(c.param("hh.bias")));
        SDVariable z = c.matmulT(x, c.param("inp.weight")).add(c.matmulT(h, c.param("hh.weight"))).add(bias);
        SDVariable h2n = h2;
        if (c.cerebellumEnabled()) {
            SDVariable auxBias = c.once("aux.bias", () -> c.param("aux.in.bias").add(c.param("aux.rec.bias")));
            SDVariable y = c.matmulT(c.cbInput(h, x), c.param("aux.in.weight"))
                    .add(c.matmulT(h2, c.param("aux.rec.weight"))).add(auxBias);
            h2n = c.leakyIntegrate(h2, y);
            z = z.add(c.linear("aux.out", h2n));
        }
        return new SDVariable[]{c.leakyIntegrate(h, z), h2n};
    }
}
