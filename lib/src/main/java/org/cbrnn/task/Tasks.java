package org.cbrnn.task;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/** Decorators that change how a task's batches are presented without writing a new task class. */
public final class Tasks {
    private Tasks() {}

    /**
     * {@code task} with {@code transform} applied to every batch it draws. The name is {@code task.name() + "+" +
     * transform.name()} (e.g. {@code "dms+pulse3"}), the input size is the transform's; levels, lengths, labels and
     * classes are the task's.
     */
    public static Task withInputs(Task task, InputTransform transform) {
        Check.notNull("task", task);
        Check.notNull("transform", transform);
        return new Transformed(task, transform);
    }

    /**
     * {@code task} with the switch-pulse channel of the task-switching experiment: 1.0 for the first {@code steps} steps
     * of every sequence, then 0, appended after the task's own channels (docs/protocol.md §3.6; the paper uses
     * {@code steps = 3}, giving I = 2).
     */
    public static Task withPulseChannel(Task task, int steps) {
        Check.notNull("task", task);
        return withInputs(task, InputTransform.pulse(steps));
    }

    /** A task whose batches are passed through a transform; everything else is the wrapped task's. */
    record Transformed(Task task, InputTransform transform) implements Task {
        @Override
        public String name() {
            return task.name() + "+" + transform.name();
        }

        @Override
        public String description() {
            return task.description() + " (inputs: " + transform.name() + ")";
        }

        @Override
        public int label(float[] bits, int level) {
            return task.label(bits, level);
        }

        @Override
        public int minLevel() {
            return task.minLevel();
        }

        @Override
        public int maxLevel() {
            return task.maxLevel();
        }

        @Override
        public int numClasses() {
            return task.numClasses();
        }

        @Override
        public int inputSize() {
            return transform.outputChannels(task.inputSize());
        }

        @Override
        public int minLength(int level) {
            return task.minLength(level);
        }

        @Override
        public int maxLength(int level) {
            return task.maxLength(level);
        }

        @Override
        public Batch sample(int level, int batchSize, Rng rng) {
            return checked(transform.apply(task.sample(level, batchSize, rng)));
        }

        @Override
        public Batch sample(int level, int batchSize, int steps, Rng rng) {
            return checked(transform.apply(task.sample(level, batchSize, steps, rng)));
        }

        private Batch checked(Batch b) {
            if (b.inputSize() != inputSize()) {
                throw new IllegalStateException("transform " + transform.name() + " gave " + b.inputSize() + " channels, declared "
                        + inputSize());
            }
            return b;
        }
    }
}
