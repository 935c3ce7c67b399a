package org.cbrnn.dl4j;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.cbrnn.model.ModelConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * What a {@link CellDefinition} sees while its graph is built: the SameDiff instance, the parameter variables by spec
 * name, the build-time flags and a few helpers for the ops every cell of the kit uses. One context per unrolled graph.
 *
 * <p>Shapes: activations are {@code [B, width]}; a weight {@code name.weight} is {@code [out, in]} (PyTorch's layout)
 * and a vector parameter not named {@code *.weight} (a bias {@code name.bias}, a
 * gain) is a row {@code [1, out]} that broadcasts over the batch, so {@link #linear(String, SDVariable)} is
 * {@code in · Wᵀ + b}.
 */
public final class CellContext {
    private final SameDiff sd;
    private final ModelConfig config;
    private final Map<String, SDVariable> params;
    private final boolean cerebellumEnabled;
    private final int batchSize;
    private final DataType dataType;
    private final Map<String, SDVariable> memo = new HashMap<>();
    private int step = -1;

    CellContext(SameDiff sd, ModelConfig config, Map<String, SDVariable> params, boolean cerebellumEnabled, int batchSize,
                DataType dataType) {
        this.sd = sd;
        this.config = config;
        this.params = params;
        this.cerebellumEnabled = cerebellumEnabled;
        this.batchSize = batchSize;
        this.dataType = dataType;
    }

    /** The graph under construction (for any op SameDiff has). */
    public SameDiff sd() {
        return sd;
    }

    /** The host configuration of the cell. */
    public ModelConfig config() {
        return config;
    }

    /** False when the graph is built for the post-hoc ablation: drop the cerebellar contribution. */
    public boolean cerebellumEnabled() {
        return cerebellumEnabled;
    }

    public int batchSize() {
        return batchSize;
    }

    /** FLOAT or DOUBLE: the type of every parameter, placeholder and constant of the graph. */
    public DataType dataType() {
        return dataType;
    }

    /** The time step being built (0-based, counted in the padded graph), or -1 outside {@link CellDefinition#step}. */
    public int step() {
        return step;
    }

    void setStep(int t) {
        step = t;
    }

    /** The parameter called {@code name} (a spec name such as {@code "gc.weight"}). */
    public SDVariable param(String name) {
        SDVariable v = params.get(name);
        if (v == null) throw new IllegalArgumentException("no parameter '" + name + "'; the cell's parameters are " + params.keySet());
        return v;
    }

    /** True if the cell's layout has a parameter called {@code name}. */
    public boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /**
     * A value computed once per graph (not once per step) and reused by every step, e.g. a masked weight matrix or the
     * sum of two biases. {@code key} names it within this graph.
     */
    public SDVariable once(String key, Supplier<SDVariable> compute) {
        SDVariable v = memo.get(key);
        if (v == null) {
            v = compute.get();
            memo.put(key, v);
        }
        return v;
    }

    /** {@code in · Wᵀ} for a weight [out, in]. */
    public SDVariable matmulT(SDVariable in, SDVariable weight) {
        return sd.mmul(in, weight, false, true, false);
    }

    /** {@code in · W_prefixᵀ + b_prefix}, with the parameters {@code prefix.weight} and {@code prefix.bias}. */
    public SDVariable linear(String prefix, SDVariable in) {
        return matmulT(in, param(prefix + ".weight")).add(param(prefix + ".bias"));
    }

    /** A constant of the graph's data type. */
    public SDVariable constant(INDArray value) {
        return sd.constant(value.castTo(dataType));
    }

    /** ReLU. */
    public SDVariable relu(SDVariable z) {
        return sd.nn.relu(z, 0.0);
    }

    /**
     * LeakyReLU with the host's slope. In DOUBLE graphs it is written {@code max(z, slope * z)} (slope in [0, 1]):
     * ND4J 1.0.0-M2.1's native leaky_relu back-propagates with a float slope (0.01f), a 2e-8 relative error that
     * would show up in an oracle comparison. FLOAT graphs use the native op (one op instead of two).
     */
    public SDVariable leakyRelu(SDVariable z) {
        if (dataType == DataType.FLOAT) return sd.nn.leakyRelu(z, config.leakSlope());
        return sd.math.max(z, z.mul(config.leakSlope()));
    }

    /** alpha = 1 / tau of the host. */
    public double alpha() {
        return config.alpha();
    }

    /** The leaky integration of the kit's Elman cells: {@code (1 - alpha) h + alpha LeakyReLU(z)}. */
    public SDVariable leakyIntegrate(SDVariable h, SDVariable z) {
        double a = config.alpha();
        return h.mul(1.0 - a).add(leakyRelu(z).mul(a));
    }

    /** The value of {@code x} treated as a constant when differentiating (PyTorch's {@code detach} / no_grad). */
    public SDVariable stopGradient(SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }

    /**
     * What the host's cerebellar module reads, per {@link ModelConfig#cbInput()}: {@code [h; x]}, {@code h} or
     * {@code x}.
     */
    public SDVariable cbInput(SDVariable h, SDVariable x) {
        return switch (config.cbInput()) {
            case HIDDEN_AND_INPUT -> sd.concat(1, h, x);
            case HIDDEN -> h;
            case INPUT -> x;
        };
    }

    /**
     * The paper's feedforward cerebellar module on {@code u}: {@code W_dcn ReLU(W_pc ReLU(W_gc u + b_gc) + b_pc) + b_dcn}
     * with the parameters {@code gc.*}, {@code pc.*}, {@code dcn.*}.
     */
    public SDVariable cerebellum(SDVariable u) {
        SDVariable g = relu(linear("gc", u));
        SDVariable p = relu(linear("pc", g));
        return linear("dcn", p);
    }
}
