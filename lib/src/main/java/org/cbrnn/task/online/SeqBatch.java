package org.cbrnn.task.online;

import org.cbrnn.util.Check;

/**
 * One batch of an online task: inputs and targets at every step, and which steps carry feedback (a loss term).
 * Arrays are time-major: element {@code (t, b, j)} of {@code inputs} is {@code inputs[(t * batch + b) * inputSize + j]}.
 *
 * @param steps      sequence length T
 * @param batch      sequences B
 * @param inputSize  input width I
 * @param outputSize output width O
 * @param inputs     T x B x I
 * @param targets    T x B x O (drawing tasks; zeros for classification)
 * @param feedback   per step: does the loss see this step
 * @param labels     per sequence: the class (classification), or the cue index (drawing), for analyses
 */
public record SeqBatch(int steps, int batch, int inputSize, int outputSize, float[] inputs, float[] targets, boolean[] feedback,
                       int[] labels) {
    public SeqBatch {
        Check.positive("steps", steps);
        Check.positive("batch", batch);
        Check.positive("inputSize", inputSize);
        Check.positive("outputSize", outputSize);
        if (inputs.length != steps * batch * inputSize) throw new IllegalArgumentException("inputs must have T*B*I = "
                + steps * batch * inputSize + " values, got " + inputs.length);
        if (targets.length != steps * batch * outputSize) throw new IllegalArgumentException("targets must have T*B*O = "
                + steps * batch * outputSize + " values, got " + targets.length);
        if (feedback.length != steps) throw new IllegalArgumentException("feedback must have T = " + steps + " entries, got " + feedback.length);
        if (labels.length != batch) throw new IllegalArgumentException("labels must have B = " + batch + " entries, got " + labels.length);
    }

    /** Target component {@code o} of sequence {@code b} at step {@code t}. */
    public float target(int t, int b, int o) {
        return targets[(t * batch + b) * outputSize + o];
    }

    /** Input component {@code j} of sequence {@code b} at step {@code t}. */
    public float input(int t, int b, int j) {
        return inputs[(t * batch + b) * inputSize + j];
    }

    /** Number of steps with feedback. */
    public int feedbackSteps() {
        int n = 0;
        for (boolean f : feedback) if (f) n++;
        return n;
    }
}
