package org.cbrnn.engine;

import java.util.Set;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
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

    /** Releases worker threads or native memory. */
    @Override
    void close();
}
