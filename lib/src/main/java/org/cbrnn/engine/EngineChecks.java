package org.cbrnn.engine;

import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.util.Check;

/**
 * The argument checks every {@link Engine} runs before it computes anything, in one place so that all engines refuse
 * the same misuse with the same message: the argument, the expected shape and the actual one. Without them a wrong
 * buffer is found (if at all) halfway through a step, after part of the output was written.
 */
public final class EngineChecks {
    private EngineChecks() {}

    /** The checks of {@link Engine#evaluate(Model, Batch, float[], boolean)}: non-null arguments, batch and h_0 shapes. */
    public static void evaluate(Model model, Batch batch, float[] initialState) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        batch(model.config(), batch);
        initialState(model.config(), batch, initialState.length);
    }

    /**
     * The checks of {@link Engine#gradients(Model, Batch, float[], Set, float[][])}: those of
     * {@link #evaluate(Model, Batch, float[])}, a non-null {@code trainable}, and a gradient buffer shaped like the
     * model's parameters (one array per tensor, each of the tensor's size).
     */
    public static void gradients(Model model, Batch batch, float[] initialState, Set<Module> trainable, float[][] gradients) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        Check.notNull("trainable", trainable);
        Check.notNull("gradients", gradients);
        batch(model.config(), batch);
        initialState(model.config(), batch, initialState.length);
        List<ParamSpec> specs = model.parameters().specs();
        tensors("gradients", specs, gradients.length, i -> gradients[i] == null ? -1 : gradients[i].length);
    }

    /** The checks of {@link Engine#evaluate(Model, MultiHeadBatch, float[], boolean)}: those of a batch, and the heads. */
    public static void evaluate(Model model, MultiHeadBatch batch, float[] initialState) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        heads(model.config(), batch);
        initialState(model.config(), batch.inputs(), initialState.length);
    }

    /** The checks of {@link Engine#gradients(Model, MultiHeadBatch, float[], Set, float[][])}. */
    public static void gradients(Model model, MultiHeadBatch batch, float[] initialState, Set<Module> trainable, float[][] gradients) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        Check.notNull("trainable", trainable);
        Check.notNull("gradients", gradients);
        heads(model.config(), batch);
        initialState(model.config(), batch.inputs(), initialState.length);
        List<ParamSpec> specs = model.parameters().specs();
        tensors("gradients", specs, gradients.length, i -> gradients[i] == null ? -1 : gradients[i].length);
    }

    /** A multi-head batch fits a model of {@code config}: its inputs fit, and it has one entry per head of the model. */
    public static void heads(ModelConfig config, MultiHeadBatch batch) {
        Check.notNull("config", config);
        Check.notNull("batch", batch);
        inputs(config, batch.inputs());
        if (batch.numHeads() != config.numHeads()) {
            throw new IllegalArgumentException("batch must have labels for the model's " + config.numHeads() + " heads (null for an "
                    + "inactive head), got " + batch.numHeads());
        }
    }

    /**
     * The batch fits a single-head model of {@code config}: same input channels, no more classes than the readout has.
     * A model with several heads needs a {@link MultiHeadBatch} saying which heads are scored against which labels.
     */
    public static void batch(ModelConfig config, Batch batch) {
        Check.notNull("config", config);
        Check.notNull("batch", batch);
        if (config.numHeads() != 1) {
            throw new IllegalArgumentException("model has " + config.numHeads() + " readout heads: give a MultiHeadBatch with the "
                    + "labels of each head, not a Batch");
        }
        inputs(config, batch);
    }

    /** The batch's inputs and classes fit a model of {@code config}, whatever its heads. */
    private static void inputs(ModelConfig config, Batch batch) {
        if (batch.inputSize() != config.inputSize()) {
            throw new IllegalArgumentException("batch.inputSize must be the model's inputSize " + config.inputSize() + ", got "
                    + batch.inputSize());
        }
        if (batch.numClasses() > config.numClasses()) {
            throw new IllegalArgumentException("batch.numClasses must be at most the model's numClasses " + config.numClasses()
                    + ", got " + batch.numClasses());
        }
    }

    /** h_0 has {@code batchSize * stateSize} values for this batch and a model of {@code config}. */
    public static void initialState(ModelConfig config, Batch batch, int length) {
        Check.notNull("config", config);
        Check.notNull("batch", batch);
        long want = (long) batch.batchSize() * config.stateSize();
        if (length != want) {
            throw new IllegalArgumentException("initialState must have batchSize x stateSize = " + batch.batchSize() + " x "
                    + config.stateSize() + " = " + want + " values, got " + length);
        }
    }

    /** {@code arrays} (parameters or gradients, double precision) has one array per spec, each of the spec's size. */
    public static void tensors(String name, List<ParamSpec> specs, double[][] arrays) {
        Check.notNull("name", name);
        Check.notNull(name, arrays);
        tensors(name, specs, arrays.length, i -> arrays[i] == null ? -1 : arrays[i].length);
    }

    /** {@code arrays} (parameters or gradients, float precision) has one array per spec, each of the spec's size. */
    public static void tensors(String name, List<ParamSpec> specs, float[][] arrays) {
        Check.notNull("name", name);
        Check.notNull(name, arrays);
        tensors(name, specs, arrays.length, i -> arrays[i] == null ? -1 : arrays[i].length);
    }

    /** {@code lengthOf(i)} is the length of array i, or -1 if it is null. */
    private static void tensors(String name, List<ParamSpec> specs, int count, IntUnaryOperator lengthOf) {
        Check.notNull("specs", specs);
        if (count != specs.size()) {
            throw new IllegalArgumentException(name + " must have " + specs.size() + " arrays (one per parameter tensor), got " + count);
        }
        for (int i = 0; i < count; i++) {
            ParamSpec s = specs.get(i);
            int len = lengthOf.applyAsInt(i);
            if (len == s.size()) continue;
            String want = name + "[" + i + "] (" + s.name() + ", " + s.rows() + " x " + s.cols() + ")";
            if (len < 0) throw new IllegalArgumentException(want + " must not be null");
            throw new IllegalArgumentException(want + " must have " + s.size() + " values, got " + len);
        }
    }
}
