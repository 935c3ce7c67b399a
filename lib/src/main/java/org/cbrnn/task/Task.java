package org.cbrnn.task;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * A temporal classification task with a difficulty level N.
 *
 * <p>To add a task, implement {@link #name()}, {@link #label(float[], int)} and, if needed, the length rule or the
 * bit sampler; then add it to a {@link TaskRegistry}. The default sampler is the paper's: one length per batch drawn
 * uniformly from {@link #minLength(int)}..{@link #maxLength(int)}, i.i.d. balanced bits on one input channel.
 */
public interface Task {

    /** Registry key, e.g. {@code "parity"}. */
    String name();

    /** One line for listings. */
    String description();

    /**
     * The class of one sequence of bits (channel 0 over time, length = {@code bits.length}) at level {@code level}.
     * This is the task's definition; the sampler and the tests both use it.
     */
    int label(float[] bits, int level);

    /** Lowest meaningful level. */
    default int minLevel() {
        return 2;
    }

    /** Highest level the sampler accepts (guards against accidental huge sequences). */
    default int maxLevel() {
        return 1000;
    }

    default int numClasses() {
        return 2;
    }

    default int inputSize() {
        return 1;
    }

    /** Shortest sequence at level N: N + 2 (docs/protocol.md §3.1). */
    default int minLength(int level) {
        return level + 2;
    }

    /** Longest sequence at level N: 4N + 1 (docs/protocol.md §3.1). */
    default int maxLength(int level) {
        return 4 * level + 1;
    }

    /** Draws one batch: one length for the whole batch, then i.i.d. balanced bits, then the labels. */
    default Batch sample(int level, int batchSize, Rng rng) {
        Check.notNull("rng", rng);
        Check.inRange("level", level, minLevel(), maxLevel());
        Check.positive("batchSize", batchSize);
        int steps = rng.nextIntInclusive(minLength(level), maxLength(level));
        return sample(level, batchSize, steps, rng);
    }

    /** Draws one batch of a given length (used for fixed-length analyses). */
    default Batch sample(int level, int batchSize, int steps, Rng rng) {
        Check.notNull("rng", rng);
        Check.inRange("level", level, minLevel(), maxLevel());
        Check.positive("batchSize", batchSize);
        Check.inRange("steps", steps, level, 1_000_000);
        float[] inputs = new float[steps * batchSize];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batchSize; b++) inputs[t * batchSize + b] = rng.nextBit() ? 1f : 0f;
        }
        int[] labels = new int[batchSize];
        float[] seq = new float[steps];
        for (int b = 0; b < batchSize; b++) {
            for (int t = 0; t < steps; t++) seq[t] = inputs[t * batchSize + b];
            labels[b] = label(seq, level);
        }
        return new Batch(inputs, labels, steps, batchSize, 1, level, numClasses());
    }
}
