package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.util.Check;

/**
 * Runs many {@link RunSpec}s through a {@link RunStore} on a {@link SweepExecutor}. Each run gets its own engine, so
 * runs are independent and each is reproducible on its own. Finished runs are loaded, not redone; interrupted ones
 * resume from their checkpoint; a run that fails is recorded (its {@code FAILED} file and a failed result) and the
 * others go on.
 *
 * <pre>{@code
 * List<RunResult> results = Sweep.of(SweepGrid.builder().tasks("parity").conditions("cbrnn", "rnn202").seedRange(1, 3).build())
 *         .listeners(spec -> new ProgressBar(spec.id()))
 *         .run(RunStore.at(Path.of("runs")));
 * }</pre>
 */
public final class Sweep {
    private final List<RunSpec> specs;
    private SweepExecutor executor = LocalExecutor.perCore();
    private int threadsPerRun = 1;
    private Function<RunSpec, Engine> engines;
    private Function<RunSpec, TrainingListener> listeners = s -> null;
    private Consumer<RunResult> onRunEnd = r -> {};

    private Sweep(List<RunSpec> specs) {
        if (specs.isEmpty()) throw new IllegalArgumentException("specs must not be empty");
        this.specs = List.copyOf(specs);
        long distinct = specs.stream().map(RunSpec::id).distinct().count();
        if (distinct != specs.size()) throw new IllegalArgumentException("specs must be distinct: " + (specs.size() - distinct) + " repeated");
    }

    public static Sweep of(List<RunSpec> specs) {
        Check.notNull("specs", specs);
        return new Sweep(specs);
    }

    /** The specs of a grid. */
    public static Sweep of(SweepGrid grid) {
        Check.notNull("grid", grid);
        return new Sweep(grid.specs());
    }

    public List<RunSpec> specs() {
        return specs;
    }

    /** How many runs train at once on this machine (default: one per core). */
    public Sweep parallelRuns(int n) {
        this.executor = LocalExecutor.of(n);
        return this;
    }

    /** Where the runs execute (default {@link LocalExecutor#perCore()}). */
    public Sweep executor(SweepExecutor executor) {
        this.executor = Check.notNull("executor", executor);
        return this;
    }

    /** Batch-slice threads inside each run's fast engine (default 1; runs are the coarser, better-scaling grain). */
    public Sweep threadsPerRun(int n) {
        this.threadsPerRun = Check.inRange("threadsPerRun", n, 1, 256);
        return this;
    }

    /** A custom engine per run (closed by the sweep when the run ends). */
    public Sweep engines(Function<RunSpec, Engine> engines) {
        this.engines = Check.notNull("engines", engines);
        return this;
    }

    /** A listener per run (e.g. a progress line); may return null. */
    public Sweep listeners(Function<RunSpec, TrainingListener> listeners) {
        this.listeners = Check.notNull("listeners", listeners);
        return this;
    }

    /** Called once per run as it ends: complete, interrupted, failed or loaded from the store. */
    public Sweep onRunEnd(Consumer<RunResult> onRunEnd) {
        this.onRunEnd = Check.notNull("onRunEnd", onRunEnd);
        return this;
    }

    public SweepExecutor executor() {
        return executor;
    }

    /**
     * Runs everything; returns results in spec order, leaving out runs that neither failed nor finished an epoch. If
     * the calling thread is interrupted, running runs stop at their next step (keeping their checkpoints), queued runs
     * are not started, and the stored progress of every run is returned.
     */
    public List<RunResult> run(RunStore store) {
        Check.notNull("store", store);
        // Two phases, so runs that share a prefix with another run of the sweep find its saved states: first the
        // runs whose core never freezes (the trunks freeze-timing runs branch from), longest budget first, then the rest.
        List<RunSpec> trunks = new ArrayList<>(), branches = new ArrayList<>();
        for (RunSpec s : specs) (isTrunk(s) ? trunks : branches).add(s);
        Comparator<RunSpec> longestFirst = Comparator.comparingInt((RunSpec s) -> -s.training().maxEpochs());
        trunks.sort(longestFirst);
        Map<String, RunResult> byId = new HashMap<>();
        for (List<RunSpec> phase : List.of(trunks, branches)) {
            if (phase.isEmpty() || Thread.currentThread().isInterrupted()) continue;
            List<RunResult> raw = executor.execute(phase, new SweepJob(store, engines, threadsPerRun, listeners, onRunEnd));
            for (int i = 0; i < raw.size(); i++) if (raw.get(i) != null) byId.put(phase.get(i).id(), raw.get(i));
        }
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RunResult r = byId.get(specs.get(i).id());
            if (r == null) r = store.load(specs.get(i)).orElse(null);
            if (r != null && (r.failed() || !r.records().isEmpty())) out.add(r);
        }
        return out;
    }

    /** A run whose core never freezes: other runs of a sweep may start from its saved prefix, so it runs first. */
    static boolean isTrunk(RunSpec s) {
        return s.schedule().freeze().kind() == org.cbrnn.train.FreezePoint.Kind.NEVER;
    }

    /**
     * One run, its failure captured rather than thrown ({@link SweepJob} here, {@link PortableRun} on a worker). With
     * {@code lockedThrows}, a run locked by a live writer throws {@link RunLock.RunLockedException} (the caller waits)
     * instead of returning a failed "skipped" result.
     */
    static RunResult runOne(RunStore store, RunSpec spec, Function<RunSpec, Engine> engines, int threadsPerRun, TrainingListener l,
                            boolean lockedThrows) {
        Engine e = null;
        RunResult result;
        try {
            e = engines != null ? engines.apply(spec) : FastEngine.create(threadsPerRun);
            result = l == null ? store.run(spec, e) : store.run(spec, e, l);
        } catch (RunLock.RunLockedException locked) {
            if (lockedThrows) throw locked;
            // another process is writing this run: leave its directory alone (no FAILED file) and report it
            List<org.cbrnn.train.EpochRecord> sofar;
            try {
                sofar = store.load(spec).map(RunResult::records).orElse(List.of());
            } catch (RuntimeException again) {
                sofar = List.of();
            }
            result = RunResult.failed(spec, sofar, "skipped: " + locked.getMessage());
        } catch (RuntimeException | Error ex) {
            // the store records failures it meets while holding the run's lock; errors before that are recorded here
            if (!(ex instanceof RunStore.RunFailedException) && !(ex instanceof RunStore.CorruptRunException)) store.recordFailure(spec, ex);
            List<org.cbrnn.train.EpochRecord> sofar;
            try {
                sofar = store.load(spec).map(RunResult::records).orElse(List.of());
            } catch (RuntimeException again) {
                sofar = List.of();
            }
            result = RunResult.failed(spec, sofar, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        } finally {
            if (e != null) e.close();
        }
        return result;
    }
}
