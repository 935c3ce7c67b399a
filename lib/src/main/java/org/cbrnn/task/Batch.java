package org.cbrnn.task;

import java.util.Arrays;
import org.cbrnn.util.Check;

/**
 * One batch of sequences that share a length.
 *
 * @param inputs     time-major inputs, {@code inputs[(t * batchSize + b) * inputSize + i]}, t in [0, steps)
 * @param labels     class of each sequence, read from the network's final state
 * @param steps      sequence length T (shared by the whole batch, as in the paper's sampler)
 * @param batchSize  number of sequences B
 * @param inputSize  input channels I
 * @param level      the difficulty N the batch was drawn for
 * @param numClasses number of classes C
 * @throws IllegalArgumentException if a size is below 1 (below 2 for {@code numClasses}, below 0 for {@code level}),
 *                                  the arrays do not have the declared sizes, or a label is not a class
 */
public record Batch(float[] inputs, int[] labels, int steps, int batchSize, int inputSize, int level, int numClasses) {
    public Batch {
        Check.notNull("inputs", inputs);
        Check.notNull("labels", labels);
        Check.positive("steps", steps);
        Check.positive("batchSize", batchSize);
        Check.positive("inputSize", inputSize);
        Check.nonNegative("level", level);
        Check.inRange("numClasses", numClasses, 2, Integer.MAX_VALUE);
        // long: a product that overflows int must be refused, not wrap round to a length that happens to match
        long want = (long) steps * batchSize * inputSize;
        if (inputs.length != want) {
            throw new IllegalArgumentException("inputs must have steps x batchSize x inputSize = " + steps + " x " + batchSize
                    + " x " + inputSize + " = " + want + " values, got " + inputs.length);
        }
        if (labels.length != batchSize) {
            throw new IllegalArgumentException("labels must have batchSize = " + batchSize + " entries, got " + labels.length);
        }
        for (int b = 0; b < labels.length; b++) {
            int y = labels[b];
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException("labels[" + b + "] must be in [0, " + (numClasses - 1) + "], got " + y);
            }
        }
    }

    /** Input channel {@code i} of sequence {@code b} at time {@code t}. */
    public float input(int t, int b, int i) {
        return inputs[(t * batchSize + b) * inputSize + i];
    }

    /** Channel 0 of sequence {@code b} as an array over time (handy for plotting and for tests). */
    public float[] sequence(int b) {
        float[] s = new float[steps];
        for (int t = 0; t < steps; t++) s[t] = input(t, b, 0);
        return s;
    }

    @Override
    public String toString() {
        return "Batch[level=" + level + ", steps=" + steps + ", batchSize=" + batchSize + ", inputSize=" + inputSize
                + ", labels=" + Arrays.toString(Arrays.copyOf(labels, Math.min(8, labels.length))) + (labels.length > 8 ? "...]" : "]");
    }
}
