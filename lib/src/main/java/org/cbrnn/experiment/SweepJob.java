package org.cbrnn.experiment;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cbrnn.engine.Engine;
import org.cbrnn.train.TrainingListener;

/**
 * The job a {@link Sweep} hands to its {@link SweepExecutor}: {@link #apply} trains one run here (with the sweep's
 * listener and end callback). An executor that trains elsewhere ships {@link #portable()} with the spec and reports
 * back through {@link #listener} (the epochs it sees in the shared store) and {@link #ended} (the run's result), so
 * that progress and summaries are those of a local sweep.
 */
public final class SweepJob implements Function<RunSpec, RunResult> {
    private final RunStore store;
    private final Function<RunSpec, Engine> engines;
    private final int threadsPerRun;
    private final Function<RunSpec, TrainingListener> listeners;
    private final Consumer<RunResult> onRunEnd;

    SweepJob(RunStore store, Function<RunSpec, Engine> engines, int threadsPerRun, Function<RunSpec, TrainingListener> listeners,
             Consumer<RunResult> onRunEnd) {
        this.store = store;
        this.engines = engines;
        this.threadsPerRun = threadsPerRun;
        this.listeners = listeners;
        this.onRunEnd = onRunEnd;
    }

    /** Trains {@code spec} in this JVM; a failure is captured as a failed result. */
    @Override
    public RunResult apply(RunSpec spec) {
        org.cbrnn.util.Check.notNull("spec", spec);
        RunResult r = Sweep.runOne(store, spec, engines, threadsPerRun, listeners.apply(spec), false);
        onRunEnd.accept(r);
        return r;
    }

    /** The store the runs are written to. */
    public RunStore store() {
        return store;
    }

    /**
     * What a worker needs to train the runs elsewhere, or empty when the sweep has custom engines (an engine factory
     * is code of this JVM) or its store a custom task registry.
     */
    public Optional<PortableRun> portable() {
        if (engines != null) return Optional.empty();
        try {
            return Optional.of(store.portable(threadsPerRun));
        } catch (IllegalStateException custom) {
            return Optional.empty();
        }
    }

    /** Why {@link #portable()} is empty (for an executor's error message), or null. */
    public String notPortableReason() {
        if (engines != null) return "the sweep has custom engines (Sweep.engines), which cannot be shipped to workers";
        try {
            store.portable(threadsPerRun);
            return null;
        } catch (IllegalStateException custom) {
            return custom.getMessage();
        }
    }

    /** The sweep's listener of {@code spec} (may be null): a remote executor feeds it the epochs it reads from the store. */
    public TrainingListener listener(RunSpec spec) {
        org.cbrnn.util.Check.notNull("spec", spec);
        return listeners.apply(spec);
    }

    /** Tells the sweep that a run trained elsewhere ended (as {@link #apply} does for a local run). */
    public void ended(RunResult result) {
        org.cbrnn.util.Check.notNull("result", result);
        onRunEnd.accept(result);
    }
}
