package org.cbrnn.task.online;

import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * A CB-RNN task ({@link Task}: N-parity, N-DMS, ...) at one level N, seen as an online classification task of the ccRNN
 * study (docs/ccrnn.md §8): the wrapped task's own sampler draws the batch (one length per batch, uniform on
 * N + 2 .. 4N + 1, i.i.d. balanced bits) and its own labels; the loss is softmax cross-entropy on the last step only,
 * so every window before the last gets only cerebellar feedback. Inputs keep the CB-RNN layout (time-major, one
 * channel), and the targets are zeros, as for {@link SeqImages}.
 *
 * <p>{@link #steps()} is the longest sequence of the level, {@code task.maxLength(N)}: each batch carries its own length
 * in {@link SeqBatch#steps()}, which is what the ccRNN network and trainer read.
 */
public final class BitSequences implements OnlineTask {
    private final Task task;
    private final int level;

    /** {@code task} at level {@code level} (in the task's {@code minLevel()..maxLevel()}). */
    public BitSequences(Task task, int level) {
        this.task = Check.notNull("task", task);
        this.level = Check.inRange("level", level, task.minLevel(), task.maxLevel());
    }

    public Task task() {
        return task;
    }

    public int level() {
        return level;
    }

    /** The same task one level up (the curriculum's advance). */
    public BitSequences next() {
        return new BitSequences(task, level + 1);
    }

    @Override public String name() { return task.name() + "-" + level; }
    @Override public int steps() { return task.maxLength(level); }
    @Override public int inputSize() { return task.inputSize(); }
    @Override public int outputSize() { return task.numClasses(); }
    @Override public Loss loss() { return Loss.CROSS_ENTROPY_LAST; }

    @Override
    public SeqBatch sample(int batch, Rng rng) {
        Check.positive("batch", batch);
        Check.notNull("rng", rng);
        return of(task.sample(level, batch, rng));
    }

    /** A CB-RNN batch as a ccRNN batch: same inputs and labels, feedback on the last step only, zero targets. */
    public static SeqBatch of(Batch b) {
        Check.notNull("batch", b);
        int T = b.steps();
        boolean[] fb = new boolean[T];
        fb[T - 1] = true;
        return new SeqBatch(T, b.batchSize(), b.inputSize(), b.numClasses(), b.inputs().clone(), new float[T * b.batchSize() * b.numClasses()], fb,
                b.labels().clone());
    }
}
