package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.util.Check;

/**
 * Runs many {@link RunSpec}s through a {@link RunStore}, several at a time. Each run gets its own engine, so runs are
 * independent and each is reproducible on its own; finished runs are loaded, not redone.
 *
 * <pre>{@code
 * List<RunResult> results = Sweep.of(specs).parallelRuns(2).threadsPerRun(1)
 *         .listeners(spec -> new ProgressBar(spec.id())).run(RunStore.at(Path.of("runs")));
 * }</pre>
 */
public final class Sweep {
    private final List<RunSpec> specs;
    private int parallelRuns = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private int threadsPerRun = 1;
    private Function<RunSpec, Engine> engines;
    private Function<RunSpec, TrainingListener> listeners = s -> null;

    private Sweep(List<RunSpec> specs) {
        if (specs.isEmpty()) throw new IllegalArgumentException("specs must not be empty");
        this.specs = List.copyOf(specs);
    }

    public static Sweep of(List<RunSpec> specs) {
        return new Sweep(specs);
    }

    /** How many runs train at once (default: min(2, cores)). */
    public Sweep parallelRuns(int n) {
        this.parallelRuns = Check.inRange("parallelRuns", n, 1, 256);
        return this;
    }

    /** Batch-slice threads inside each run's fast engine (default 1; runs are the coarser, better-scaling grain). */
    public Sweep threadsPerRun(int n) {
        this.threadsPerRun = Check.inRange("threadsPerRun", n, 1, 256);
        return this;
    }

    /** A custom engine per run (closed by the sweep when the run ends). */
    public Sweep engines(Function<RunSpec, Engine> f) {
        this.engines = f;
        return this;
    }

    /** A listener per run (e.g. a progress line); may return null. */
    public Sweep listeners(Function<RunSpec, TrainingListener> f) {
        this.listeners = Check.notNull("listeners", f);
        return this;
    }

    /**
     * Runs everything; returns results in spec order. If the calling thread is interrupted, running runs stop at their
     * next step (keeping their checkpoints), queued runs are not started, and the results so far are returned.
     */
    public List<RunResult> run(RunStore store) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelRuns, r -> {
            Thread t = new Thread(r, "cbrnn-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<RunResult>> futures = new ArrayList<>();
        for (RunSpec spec : specs) {
            futures.add(pool.submit(() -> {
                Engine e = engines != null ? engines.apply(spec) : FastEngine.create(threadsPerRun);
                try {
                    TrainingListener l = listeners.apply(spec);
                    return l == null ? store.run(spec, e) : store.run(spec, e, l);
                } finally {
                    e.close();
                }
            }));
        }
        pool.shutdown();
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (InterruptedException ie) {
                // stop the running trainers (they roll back to their last finished epoch), then collect what is stored
                pool.shutdownNow();
                try {
                    pool.awaitTermination(120, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                    // keep stopping
                }
                for (int j = i; j < specs.size(); j++) store.load(specs.get(j)).ifPresent(out::add);
                Thread.currentThread().interrupt();
                return out;
            } catch (CancellationException ce) {
                store.load(specs.get(i)).ifPresent(out::add);
            } catch (ExecutionException ee) {
                pool.shutdownNow();
                throw new IllegalStateException("run " + specs.get(i).id() + " failed: " + ee.getCause(), ee.getCause());
            }
        }
        return out;
    }
}
