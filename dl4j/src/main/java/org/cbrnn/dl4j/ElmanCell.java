package org.cbrnn.dl4j;

import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The kit's leaky Elman core in SameDiff, with the feedforward cerebellar module in either topology or none (docs/protocol.md §2.2-2.3, §2.9;
 * the same equations as {@code org.cbrnn.engine.fast.ElmanNetwork}):
 * <pre>
 *   a_t = W_in x_t + b_in + W_hh h_{t-1} + b_hh
 *   c_t = W_dcn ReLU(W_pc ReLU(W_gc u_t + b_gc) + b_pc) + b_dcn,   u_t = [h_{t-1}; x_t] (or one of the two)
 *   h_t = (1-a) h_{t-1} + a LeakyReLU(a_t + c_t)        CEREBELLAR_BIAS (c_t = 0 without the cerebellum)
 *   logits = W_o h_T + b_o                               NONE, CEREBELLAR_BIAS
 *   logits = W_o c(u_T) + b_o,  u_T = [h_T; x_T]         READOUT_CEREBELLUM (c = 0 without the cerebellum)
 * </pre>
 */
public record ElmanCell(ModelConfig config) implements CellDefinition {

    public ElmanCell {
        if (config.cell() != ModelConfig.Cell.ELMAN || config.coupling() == Coupling.RECURRENT_AUX) {
            throw new IllegalArgumentException("ElmanCell needs an Elman core without the recurrent aux control, got "
                    + config.cell() + "/" + config.coupling());
        }
        if (config.cbMaxRatio() > 0) throw new IllegalArgumentException("cbMaxRatio is supported for the GRU core only");
    }

    @Override
    public String name() {
        return config.label();
    }

    @Override
    public SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x) {
        SDVariable h = state[0];
        SDVariable bias = c.once("core.bias", () -> c.param("inp.bias").add(c.param("hh.bias")));
        SDVariable z = c.matmulT(x, c.param("inp.weight")).add(c.matmulT(h, c.param("hh.weight"))).add(bias);
        if (config.coupling() == Coupling.CEREBELLAR_BIAS && c.cerebellumEnabled()) {
            z = z.add(c.cerebellum(c.cbInput(h, x)));
        }
        return new SDVariable[]{c.leakyIntegrate(h, z)};
    }

    /** h_T, or for READOUT_CEREBELLUM the cerebellum's output on [h_T; x_T] (zero without the cerebellum). */
    @Override
    public SDVariable readoutInput(CellContext c, SDVariable[] finalState, SDVariable lastX) {
        if (config.coupling() != Coupling.READOUT_CEREBELLUM) return finalState[0];
        return c.cerebellumEnabled() ? c.cerebellum(c.cbInput(finalState[0], lastX)) : c.sd().zerosLike(finalState[0]);
    }

    @Override
    public SDVariable logits(CellContext c, SDVariable[] finalState, SDVariable lastX) {
        return c.linear("head", readoutInput(c, finalState, lastX));
    }
}
