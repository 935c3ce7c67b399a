package org.cbrnn.engine;

import java.util.Set;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.util.Check;

/**
 * The only place that computes. An engine takes a model's weights, a batch and the initial state and returns the loss,
 * the accuracy and (for training) the gradients of the learning modules. It never updates weights: the trainer owns
 * the optimiser, so every engine follows the same optimisation semantics.
 *
 * <p>Implementations: {@link org.cbrnn.engine.fast.FastEngine} (hand-written BPTT on float arrays, Vector API GEMM,
 * batch split over threads) and the SameDiff engine of the {@code cbrnn-dl4j} module.
 */
public interface Engine extends AutoCloseable {

    /** Short name for logs and tables. */
    String name();

    /**
     * Forward and backward pass for one batch.
     *
     * @param initialState h_0, {@code batchSize * config.stateSize()} values, batch-major
     * @param trainable    modules whose gradients are wanted; the others are not computed
     * @param gradients    output, shaped like the model's parameters; tensors of trainable modules are overwritten,
     *                     the others are left untouched
     */
    StepResult gradients(Model model, Batch batch, float[] initialState, Set<Module> trainable, float[][] gradients);

    /** Forward pass only; with {@code cerebellumEnabled = false} the CB output is zeroed (post-hoc ablation). */
    StepResult evaluate(Model model, Batch batch, float[] initialState, boolean cerebellumEnabled);

    /** Forward pass with the model intact. */
    default StepResult evaluate(Model model, Batch batch, float[] initialState) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("initialState", initialState);
        return evaluate(model, batch, initialState, true);
    }

    /**
     * Forward and backward pass for a model with several readout heads: the loss is the sum over the batch's active
     * (labelled) heads of their mean cross-entropies. Gradients are computed for the tensors that
     * {@link #learningTensors(Model, MultiHeadBatch, Set)} selects (the trainable modules' tensors, less the inactive
     * heads'); the other tensors of {@code gradients} are left untouched. A single-head model may also be run this way
     * (with its one head labelled), with the same result as {@link #gradients(Model, Batch, float[], Set, float[][])}.
     *
     * @throws UnsupportedOperationException if this engine has no multi-head support (both engines of the kit have)
     */
    default MultiHeadResult gradients(Model model, MultiHeadBatch batch, float[] initialState, Set<Module> trainable, float[][] gradients) {
        throw new UnsupportedOperationException("engine " + name() + " does not run multi-head batches");
    }

    /** Forward pass of a multi-head batch: the active heads' losses and accuracies. */
    default MultiHeadResult evaluate(Model model, MultiHeadBatch batch, float[] initialState, boolean cerebellumEnabled) {
        throw new UnsupportedOperationException("engine " + name() + " does not run multi-head batches");
    }

    /**
     * The tensors that learn from {@code batch}, in spec order: those of the {@code trainable} modules, except the
     * tensors of heads the batch leaves unlabelled. Give the same mask to the optimiser
     * ({@link org.cbrnn.train.Sgd#step}) so that inactive heads are skipped entirely, momentum buffers included, as
     * PyTorch skips parameters without a gradient.
     */
    static boolean[] learningTensors(Model model, MultiHeadBatch batch, Set<Module> trainable) {
        Check.notNull("model", model);
        Check.notNull("batch", batch);
        Check.notNull("trainable", trainable);
        EngineChecks.heads(model.config(), batch);
        java.util.List<ParamSpec> specs = model.parameters().specs();
        boolean[] l = new boolean[specs.size()];
        for (int i = 0; i < l.length; i++) {
            int head = model.config().headOf(specs.get(i).name());
            l[i] = trainable.contains(specs.get(i).module()) && (head < 0 || batch.active(head));
        }
        return l;
    }

    /** Releases worker threads or native memory. */
    @Override
    void close();
}
