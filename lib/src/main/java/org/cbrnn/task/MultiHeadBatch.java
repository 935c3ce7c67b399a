package org.cbrnn.task;

import java.util.Arrays;
import org.cbrnn.util.Check;

/**
 * A batch for a model with several readout heads: one set of input sequences and, for each head, the labels it is
 * scored against, or {@code null} for a head that takes no part (docs/protocol.md §2.11). The loss is the sum over the
 * labelled ("active") heads of each head's mean cross-entropy; unlabelled heads are not computed and get no gradient.
 *
 * <pre>{@code
 * Batch x = dms.sample(5, 64, rng);                                     // one shared sequence set
 * int[] parity = ...;                                                   // labels of the same sequences for parity
 * MultiHeadBatch both = MultiHeadBatch.of(x, x.labels(), parity);       // multitask: both heads learn
 * MultiHeadBatch same = MultiHeadBatch.shared(x, dms, parityTask);       // the same, labelled by the tasks
 * MultiHeadBatch one = MultiHeadBatch.single(x, 2, 0);                  // task switching: only head 0 is active
 * }</pre>
 *
 * @param inputs the sequences (their inputs, length, batch size, input size, level and classes); its own
 *               {@code labels} are not read, the heads' are
 * @param labels one entry per head of the model: the class of each sequence for that head, or null if inactive
 * @throws IllegalArgumentException if no head is labelled, or a head's labels do not have one class in
 *                                  {@code [0, inputs.numClasses())} per sequence
 */
public record MultiHeadBatch(Batch inputs, int[][] labels) {
    public MultiHeadBatch {
        Check.notNull("inputs", inputs);
        Check.notNull("labels", labels);
        Check.positive("labels.length (heads)", labels.length);
        int active = 0;
        for (int k = 0; k < labels.length; k++) {
            int[] y = labels[k];
            if (y == null) continue;
            active++;
            if (y.length != inputs.batchSize()) {
                throw new IllegalArgumentException("labels[" + k + "] must have batchSize = " + inputs.batchSize() + " entries, got " + y.length);
            }
            for (int b = 0; b < y.length; b++) {
                if (y[b] < 0 || y[b] >= inputs.numClasses()) {
                    throw new IllegalArgumentException("labels[" + k + "][" + b + "] must be in [0, " + (inputs.numClasses() - 1) + "], got " + y[b]);
                }
            }
        }
        if (active == 0) throw new IllegalArgumentException("at least one head must have labels, got none of " + labels.length);
    }

    /** Every head labelled, head k by {@code labelsPerHead[k]} (null entries for inactive heads are allowed). */
    public static MultiHeadBatch of(Batch inputs, int[]... labelsPerHead) {
        Check.notNull("inputs", inputs);
        Check.notNull("labelsPerHead", labelsPerHead);
        return new MultiHeadBatch(inputs, labelsPerHead.clone());
    }

    /** Only head {@code head} of {@code numHeads} is active, scored against {@code inputs}' own labels. */
    public static MultiHeadBatch single(Batch inputs, int numHeads, int head) {
        Check.notNull("inputs", inputs);
        Check.positive("numHeads", numHeads);
        Check.inRange("head", head, 0, numHeads - 1);
        int[][] y = new int[numHeads][];
        y[head] = inputs.labels();
        return new MultiHeadBatch(inputs, y);
    }

    /**
     * One shared set of sequences scored by several tasks at the batch's level: head k is labelled by
     * {@code headTasks[k].label} of each sequence's channel 0, or inactive where {@code headTasks[k]} is null. This is
     * the multitask input of the paper (one sequence, a DMS head and a parity head, no task cue).
     */
    public static MultiHeadBatch shared(Batch inputs, Task... headTasks) {
        Check.notNull("inputs", inputs);
        Check.notNull("headTasks", headTasks);
        int[][] y = new int[headTasks.length][];
        for (int k = 0; k < y.length; k++) {
            Task t = headTasks[k];
            if (t == null) continue;
            if (t.numClasses() > inputs.numClasses()) {
                throw new IllegalArgumentException("task " + t.name() + " of head " + k + " has " + t.numClasses() + " classes, the batch "
                        + inputs.numClasses());
            }
            y[k] = new int[inputs.batchSize()];
            for (int b = 0; b < y[k].length; b++) y[k][b] = t.label(inputs.sequence(b), inputs.level());
        }
        return new MultiHeadBatch(inputs, y);
    }

    /** Number of heads (of the model this batch is for). */
    public int numHeads() {
        return labels.length;
    }

    /** True if head {@code k} is labelled (takes part in the loss and gets gradients). */
    public boolean active(int k) {
        Check.inRange("k", k, 0, labels.length - 1);
        return labels[k] != null;
    }

    /** The labelled heads, ascending. */
    public int[] activeHeads() {
        return java.util.stream.IntStream.range(0, labels.length).filter(k -> labels[k] != null).toArray();
    }

    @Override
    public String toString() {
        return "MultiHeadBatch[" + inputs + ", active heads " + Arrays.toString(activeHeads()) + " of " + labels.length + "]";
    }
}
