package org.cbrnn.task;

import java.util.Arrays;

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
 */
public record Batch(float[] inputs, int[] labels, int steps, int batchSize, int inputSize, int level, int numClasses) {
    public Batch {
        if (inputs.length != steps * batchSize * inputSize) {
            throw new IllegalArgumentException("inputs has " + inputs.length + " values, expected steps*batchSize*inputSize = "
                    + steps * batchSize * inputSize);
        }
        if (labels.length != batchSize) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected batchSize = " + batchSize);
        }
        for (int y : labels) {
            if (y < 0 || y >= numClasses) throw new IllegalArgumentException("label " + y + " outside [0, " + (numClasses - 1) + "]");
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
