package org.cbrnn.dl4j;

import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.Coupling;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Worked example of a {@link CellDefinition}: the CB-RNN with a <b>sparse granule layer</b> of fixed random
 * connectivity. Each of the G granule cells receives exactly {@code inputsPerGranule} (k) of the U inputs the
 * cerebellar module reads, chosen uniformly without replacement, independently per granule cell, from a stream seeded by
 * {@code maskSeed}. The choice is a constant 0/1 mask M [G, U]; everything else is the paper's CB-RNN:
 * <pre>
 *   u_t = [h_{t-1}; x_t]   (or h_{t-1} or x_t, per config.cbInput())
 *   g_t = ReLU((W_gc ⊙ M) u_t + b_gc)                     the only change: W_gc is masked
 *   c_t = W_dcn ReLU(W_pc g_t + b_pc) + b_dcn
 *   h_t = (1-a) h_{t-1} + a LeakyReLU(W_in x_t + b_in + W_hh h_{t-1} + b_hh + c_t)
 *   logits = W_o h_T + b_o
 * </pre>
 * Biologically, a cerebellar granule cell has about four dendrites, each contacted by one mossy fibre, so the GC layer
 * is a sparse random expansion of its inputs rather than the dense one of the paper's model. With the default U = 65
 * and k = 4, about 6 % of the granule cells see the input bit directly.
 *
 * <p><b>Parameters.</b> The layout is the host's ({@code config.parameterSpecs()}), so models are ordinary
 * {@link Model}s and every part of the kit (trainer, schedules, records, saving) works unchanged. The masked-out entries
 * of {@code gc.weight} stay in the tensor but never reach the output: their gradient is exactly zero, so SGD (with
 * momentum and clipping) leaves them where they are. {@link #createModel(long)} sets them to zero, so a saved model
 * shows the structure; {@link #effectiveParameterCount()} counts only the connections that exist.
 *
 * <p><b>Writing a variant like this one</b> takes the {@link #step} below: read the parameters by spec name from the
 * {@link CellContext}, compute constants once per graph with {@link CellContext#once}, and return the new state.
 *
 * @param config           host configuration: an Elman core with coupling {@code CEREBELLAR_BIAS}
 * @param inputsPerGranule k, inputs per granule cell, in [1, config.cbInputWidth()]
 * @param maskSeed         seed of the connectivity
 */
public record SparseGranuleCell(ModelConfig config, int inputsPerGranule, long maskSeed) implements CellDefinition {

    public SparseGranuleCell {
        if (config.cell() != ModelConfig.Cell.ELMAN || config.coupling() != Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("SparseGranuleCell needs an Elman core with coupling CEREBELLAR_BIAS, got "
                    + config.cell() + "/" + config.coupling());
        }
        Check.inRange("inputsPerGranule", inputsPerGranule, 1, config.cbInputWidth());
    }

    /** The paper's CB-RNN (H64, GC256, PC64, [h; x]) with 4 inputs per granule cell. */
    public static SparseGranuleCell paperSized(long maskSeed) {
        return new SparseGranuleCell(ModelConfig.cbRnn(), 4, maskSeed);
    }

    @Override
    public String name() {
        return "sparse-GC k" + inputsPerGranule + " " + config.label();
    }

    /** The connectivity M, row-major [G][U]: 1 where a granule cell receives an input, else 0. */
    public float[] mask() {
        int G = config.granuleSize(), U = config.cbInputWidth(), k = inputsPerGranule;
        float[] m = new float[G * U];
        Rng rng = new Rng(maskSeed);
        int[] cols = new int[U];
        for (int g = 0; g < G; g++) {
            for (int j = 0; j < U; j++) cols[j] = j;
            for (int j = 0; j < k; j++) { // partial Fisher-Yates: the first k of a random permutation
                int r = j + rng.nextInt(U - j);
                int tmp = cols[j];
                cols[j] = cols[r];
                cols[r] = tmp;
                m[g * U + cols[j]] = 1f;
            }
        }
        return m;
    }

    /** Parameters that influence the output: the host's count minus the absent GC connections. */
    public int effectiveParameterCount() {
        return config.parameterCount() - config.granuleSize() * (config.cbInputWidth() - inputsPerGranule);
    }

    @Override
    public SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x) {
        SDVariable h = state[0];
        SDVariable coreBias = c.once("core.bias", () -> c.param("inp.bias").add(c.param("hh.bias")));
        SDVariable wGc = c.once("gc.masked", () -> c.param("gc.weight").mul(c.constant(
                Nd4j.create(mask(), new long[]{config.granuleSize(), config.cbInputWidth()}, c.dataType()))));
        SDVariable z = c.matmulT(x, c.param("inp.weight")).add(c.matmulT(h, c.param("hh.weight"))).add(coreBias);
        if (c.cerebellumEnabled()) {
            SDVariable g = c.relu(c.matmulT(c.cbInput(h, x), wGc).add(c.param("gc.bias")));
            SDVariable p = c.relu(c.linear("pc", g));
            z = z.add(c.linear("dcn", p));
        }
        return new SDVariable[]{c.leakyIntegrate(h, z)};
    }

    /** A CB-RNN initialised as {@code Model.create(config, seed)}, with the absent GC connections set to zero. */
    @Override
    public Model createModel(long seed) {
        Model m = Model.create(config, seed);
        float[] w = m.parameters().get("gc.weight");
        float[] mask = mask();
        for (int i = 0; i < w.length; i++) w[i] *= mask[i];
        return m;
    }
}
