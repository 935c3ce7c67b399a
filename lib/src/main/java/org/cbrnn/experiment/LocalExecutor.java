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
import org.cbrnn.util.Check;

/** Runs a sweep's jobs on a fixed pool of local threads, {@code parallelRuns} at a time. */
public final class LocalExecutor implements SweepExecutor {
    private final int parallelRuns;

    private LocalExecutor(int parallelRuns) {
        this.parallelRuns = Check.inRange("parallelRuns", parallelRuns, 1, 256);
    }

    /** {@code parallelRuns} jobs at a time. */
    public static LocalExecutor of(int parallelRuns) {
        return new LocalExecutor(parallelRuns);
    }

    /** One job per available core: with single-threaded engines inside, runs are the grain that scales best. */
    public static LocalExecutor perCore() {
        return new LocalExecutor(Runtime.getRuntime().availableProcessors());
    }

    public int parallelRuns() {
        return parallelRuns;
    }

    @Override
    public String describe() {
        return "local, " + parallelRuns + " run" + (parallelRuns == 1 ? "" : "s") + " at a time";
    }

    @Override
    public List<RunResult> execute(List<RunSpec> specs, Function<RunSpec, RunResult> job) {
        Check.notNull("specs", specs);
        Check.notNull("job", job);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelRuns, Math.max(1, specs.size())), r -> {
            Thread t = new Thread(r, "cbrnn-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<RunResult>> futures = new ArrayList<>();
        for (RunSpec spec : specs) futures.add(pool.submit(() -> job.apply(spec)));
        pool.shutdown();
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (InterruptedException ie) {
                pool.shutdownNow(); // interrupts the running trainers; they stop at their next step
                try {
                    pool.awaitTermination(120, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                    // keep stopping
                }
                for (int j = i; j < futures.size(); j++) {
                    Future<RunResult> f = futures.get(j);
                    out.add(f.isDone() && !f.isCancelled() ? resultOrNull(f) : null);
                }
                Thread.currentThread().interrupt();
                return out;
            } catch (CancellationException | ExecutionException e) {
                out.add(null); // jobs capture their own failures; this only happens if the job itself is broken
            }
        }
        return out;
    }

    private static RunResult resultOrNull(Future<RunResult> f) {
        try {
            return f.get(0, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }
}
