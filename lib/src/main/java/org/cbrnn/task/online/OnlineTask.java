package org.cbrnn.task.online;

import org.cbrnn.util.Rng;

/**
 * A task whose network answers at every step (drawing) or at the last step (classification), the tasks of the ccRNN
 * study (docs/ccrnn.md §3). Unlike {@code org.cbrnn.task.Task} (binary labels, curriculum levels), targets are real
 * vectors or class indices and the sequence length is fixed.
 */
public interface OnlineTask {
    /** How the loss reads the output. */
    enum Loss {
        /** squared error on the steps marked as feedback (drawing tasks) */
        MSE_FEEDBACK,
        /** softmax cross-entropy on the last step only (classification) */
        CROSS_ENTROPY_LAST
    }

    /** Short name, e.g. {@code line-drawing}. */
    String name();

    int steps();

    int inputSize();

    int outputSize();

    Loss loss();

    /** {@code batch} fresh sequences drawn with {@code rng} (same generator state, same batch). */
    SeqBatch sample(int batch, Rng rng);
}
