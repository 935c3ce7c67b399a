package org.cbrnn.experiment;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cbrnn.util.Check;

/**
 * What a worker on another machine needs to train one run of a sweep into the sweep's store: the store's absolute
 * path (which must name the same directory on every machine: a shared file system), its branching settings and the
 * engine threads per run. Plain, serializable data; built by {@link RunStore#portable(int)}.
 *
 * <p>{@link #run} behaves as a run of a local {@link Sweep} (finished runs load, unfinished ones resume from their
 * checkpoint, a failure is captured in the run's {@code FAILED} file and returned), with one difference: if another
 * attempt of the same run holds its lock (an executor that a cluster manager declared lost but that still writes),
 * it waits for that lock to be released or to become stale instead of skipping the run.
 *
 * @param storeRoot      absolute path of the store
 * @param saveStates     whether runs save states at branch points
 * @param branch         whether new runs may start from another run's saved prefix
 * @param stateEvery     a state every this many epochs
 * @param prefixSources  absolute paths of other stores whose saved states new runs may start from
 * @param threadsPerRun  batch-slice threads of the engine per run
 */
public record PortableRun(String storeRoot, boolean saveStates, boolean branch, int stateEvery, List<String> prefixSources, int threadsPerRun)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PortableRun {
        Check.notNull("storeRoot", storeRoot);
        Check.notNull("prefixSources", prefixSources);
        Check.inRange("stateEvery", stateEvery, 1, 1_000_000);
        Check.inRange("threadsPerRun", threadsPerRun, 1, 256);
        if (!Path.of(storeRoot).isAbsolute()) throw new IllegalArgumentException("storeRoot must be an absolute path, got '" + storeRoot + "'");
        prefixSources = List.copyOf(prefixSources);
    }

    /** Opens the store this describes. */
    public RunStore open() {
        RunStore s = RunStore.at(Path.of(storeRoot)).withBranching(saveStates, branch).withStateEvery(stateEvery);
        return s.withPrefixSources(prefixSources.stream().map(Path::of).toArray(Path[]::new));
    }

    /**
     * Trains (or loads, or resumes) {@code spec} in the store; never throws for a failing run (the result is failed).
     * While a live attempt of the same run holds its lock, retries every second for at most {@code lockWait}; after
     * that the result is failed with a message naming the holder, and the run directory is left to that holder.
     */
    public RunResult run(RunSpec spec, Duration lockWait) {
        Check.notNull("spec", spec);
        Check.notNull("lockWait", lockWait);
        RunStore store = open();
        long until = System.nanoTime() + lockWait.toNanos();
        while (true) {
            try {
                return Sweep.runOne(store, spec, null, threadsPerRun, null, true);
            } catch (RunLock.RunLockedException locked) {
                if (System.nanoTime() > until || Thread.currentThread().isInterrupted()) return Sweep.runOne(store, spec, null, threadsPerRun, null, false);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Sweep.runOne(store, spec, null, threadsPerRun, null, false);
                }
            }
        }
    }
}
