package org.cbrnn.task;

import org.cbrnn.util.Check;

/**
 * A change to the input channels of every batch a task draws, applied after the task has drawn its bits and labels, so
 * that it never changes what the task is: the labels are still computed from channel 0, and a transformed task draws
 * the same bits and labels as the plain one from the same random stream. Apply one to a task with
 * {@link Tasks#withInputs(Task, InputTransform)}.
 *
 * <p>{@link #pulse(int)} is the switch-pulse channel of the authors' task-switching runs (docs/protocol.md §3.6).
 */
public interface InputTransform {

    /** A short name, added to the transformed task's name (e.g. {@code "pulse3"}). */
    String name();

    /** Channels of the transformed batch for a batch of {@code inputChannels} channels. */
    int outputChannels(int inputChannels);

    /** The transformed batch: same length, sequences, labels, level and classes; {@link #outputChannels} channels. */
    Batch apply(Batch batch);

    /**
     * Appends one channel that is 1.0 for the first {@code steps} time steps of every sequence and 0 afterwards (all
     * of a sequence shorter than {@code steps}): the authors' switch pulse with {@code steps = 3}, which turns the
     * paper's one-bit input into I = 2 (channel 0 the bits, channel 1 the pulse).
     */
    static InputTransform pulse(int steps) {
        Check.positive("steps", steps);
        return new Pulse(steps);
    }

    /** The channel of {@link #pulse(int)}. */
    record Pulse(int steps) implements InputTransform {
        public Pulse {
            Check.positive("steps", steps);
        }

        @Override
        public String name() {
            return "pulse" + steps;
        }

        @Override
        public int outputChannels(int inputChannels) {
            Check.positive("inputChannels", inputChannels);
            return inputChannels + 1;
        }

        @Override
        public Batch apply(Batch batch) {
            Check.notNull("batch", batch);
            int T = batch.steps(), B = batch.batchSize(), I = batch.inputSize(), O = I + 1;
            float[] in = batch.inputs(), out = new float[T * B * O];
            for (int t = 0; t < T; t++) {
                float pulse = t < steps ? 1f : 0f;
                for (int b = 0; b < B; b++) {
                    System.arraycopy(in, (t * B + b) * I, out, (t * B + b) * O, I);
                    out[(t * B + b) * O + I] = pulse;
                }
            }
            return new Batch(out, batch.labels(), T, B, O, batch.level(), batch.numClasses());
        }
    }
}
