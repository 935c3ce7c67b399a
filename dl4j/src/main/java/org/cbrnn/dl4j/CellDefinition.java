package org.cbrnn.dl4j;

import java.util.List;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The extension point for prototyping a new cell or cerebellar module without writing backprop: write the per-step
 * SameDiff ops and (optionally) the parameter specs; {@link SameDiffEngine} unrolls the step over the sequence,
 * differentiates it, and the kit's {@link org.cbrnn.train.Trainer} trains it with its tasks, curriculum, freezing
 * schedules, SGD, clipping and records.
 *
 * <pre>{@code
 * CellDefinition cell = new SparseGranuleCell(ModelConfig.cbRnn(), 4, 7);     // the worked example
 * Model model = cell.createModel(1);
 * try (SameDiffEngine engine = SameDiffEngine.builder().cell(cell).build()) {
 *     Trainer t = Trainer.builder(model, TaskRegistry.of("parity")).engine(engine).build();
 *     t.run();
 * }
 * }</pre>
 *
 * <h2>What a definition provides</h2>
 * <ul>
 *   <li>{@link #config()}: the host {@link ModelConfig}. It gives the sizes the rest of the kit reads (input size, number
 *       of classes, hidden size, tau, LeakyReLU slope, and {@link ModelConfig#stateSize()}, the width of the random
 *       initial state the trainer draws), and the {@link Model} is created with it.</li>
 *   <li>{@link #parameterSpecs()}: the parameter tensors, in order, each with its {@link org.cbrnn.model.Module} tag
 *       (what the freezing schedules act on) and {@link org.cbrnn.model.Init}. Default: the host's layout. A layout
 *       that differs from the host's gives a custom-layout {@link Model} ({@link Model#withLayout}), which only the
 *       SameDiff engine runs.</li>
 *   <li>{@link #stateWidths()}: how the carried state splits into components (default: one component of width
 *       {@code config().stateSize()}); the widths must add up to {@code config().stateSize()}.</li>
 *   <li>{@link #step}: one time step, from the previous state components and the input {@code x_t} ([B, I]) to the
 *       new state components. Parameters come from {@link CellContext#param(String)} by spec name.</li>
 *   <li>{@link #logits}: the readout from the final state (default: the linear {@code head} on component 0).</li>
 * </ul>
 *
 * <h2>What the engine does</h2>
 * Creates one SameDiff variable per parameter (weights {@code [rows, cols]} as in the spec; vectors not named
 * {@code *.weight}, such as biases, as rows {@code [1, rows]}),
 * placeholders for the inputs and h_0, unrolls {@link #step} over T steps, adds the loss (mean cross-entropy over the
 * batch from the final step's logits), differentiates, copies the model's weights in at every call, and returns the
 * gradients of the learning modules only. Variable-length batches are left-padded to a length bucket with a hold mask
 * that keeps every state component unchanged during padding, so the step must be a pure function of its inputs.
 * Graphs are cached per (definition, length bucket, batch size, cerebellum on/off): make a definition a record or
 * reuse one instance, so that equal definitions hit the cache.
 *
 * <p>{@link CellContext#cerebellumEnabled()} is false for the post-hoc ablation ({@code Engine.evaluate(..., false)}):
 * a definition should then drop its cerebellar contribution.
 */
public interface CellDefinition {

    /** A short name for logs and engine names. */
    String name();

    /** The host configuration: sizes, constants and the initial-state width (see the class documentation). */
    ModelConfig config();

    /** Parameter tensors in order; default: the host's layout. */
    default List<ParamSpec> parameterSpecs() {
        return config().parameterSpecs();
    }

    /** Widths of the state components (they add up to {@code config().stateSize()}). */
    default int[] stateWidths() {
        return new int[]{config().stateSize()};
    }

    /**
     * One time step.
     *
     * @param c     the graph under construction, with parameters and helpers
     * @param state the previous state components, each [B, width]
     * @param x     the input at this step, [B, I]
     * @return the new state components, same widths and order
     */
    SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x);

    /**
     * What the readout heads read, [B, width], from the final state and the last input. Default: state component 0.
     * A model with several heads applies each linear head {@code head<k>} to it (computed once for all heads).
     */
    default SDVariable readoutInput(CellContext c, SDVariable[] finalState, SDVariable lastX) {
        return finalState[0];
    }

    /**
     * The logits [B, C] of a single-head model from the final state and the last input. Default: {@code head.weight} /
     * {@code head.bias} on state component 0.
     */
    default SDVariable logits(CellContext c, SDVariable[] finalState, SDVariable lastX) {
        return c.linear("head", finalState[0]);
    }

    /**
     * A freshly initialised model for this cell; the weights are a function of {@code seed} alone. The default works
     * when {@link #parameterSpecs()} equals the host's layout (it is then {@code Model.create(config(), seed)});
     * otherwise it needs a {@code Model} constructor with explicit specs, which {@code cbrnn-lib} does not have yet.
     */
    default Model createModel(long seed) {
        if (parameterSpecs().equals(config().parameterSpecs())) return Model.create(config(), seed);
        // a layout of its own: the weights are drawn from the definition's specs with the same seed stream as Model.create
        return Model.withLayout(config(), org.cbrnn.model.Parameters.initialise(parameterSpecs(), org.cbrnn.util.Rng.of(seed, "init")));
    }
}
