package org.cbrnn.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;

/**
 * Terminal progress for a sweep: an overall bar over all epochs of all runs, a line per run every few seconds and one
 * when a run ends (done, interrupted or failed), with elapsed time and an ETA. Lines, not carriage returns, because
 * several runs report at once and logs of headless sweeps must stay readable.
 */
final class SweepProgress {
    private static final long EVERY_NANOS = 10_000_000_000L;
    private final PrintStream out;
    private final int total;
    private final long start = System.nanoTime();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger epochsDone = new AtomicInteger();
    private final AtomicInteger epochsThisSession = new AtomicInteger();
    private final int epochsTotal;
    /** Epochs of each run already counted in {@link #epochsDone}. */
    private final java.util.Map<String, Integer> counted = new java.util.concurrent.ConcurrentHashMap<>();

    SweepProgress(List<RunSpec> specs, PrintStream out) {
        this.out = out;
        this.total = specs.size();
        this.epochsTotal = specs.stream().mapToInt(s -> s.training().maxEpochs()).sum();
    }

    TrainingListener listenerFor(RunSpec spec) {
        String name = name(spec);
        return new TrainingListener() {
            long last = 0;
            boolean first = true;

            @Override
            public void onEpoch(EpochRecord r) {
                if (first) epochsDone.addAndGet(r.epoch() - 1); // epochs restored from a checkpoint
                first = false;
                epochsDone.incrementAndGet();
                counted.put(spec.id(), r.epoch());
                epochsThisSession.incrementAndGet();
                long now = System.nanoTime();
                if (now - last > EVERY_NANOS || r.epoch() == 1) {
                    last = now;
                    print(String.format(Locale.ROOT, "%s %-34s epoch %4d/%d  N=%-3d eval %5.1f%%", bar(), name, r.epoch(),
                            spec.training().maxEpochs(), r.level(), r.evalAccuracy()));
                }
            }
        };
    }

    /** Called by the sweep when a run ends, however it ended (including runs loaded finished from the store). */
    void runEnded(RunResult r) {
        int e = ended.incrementAndGet();
        // a finished run counts as its whole budget (also when it stopped early at its target or was loaded finished)
        int target = r.complete() ? r.spec().training().maxEpochs() : r.records().size();
        epochsDone.addAndGet(Math.max(target - counted.getOrDefault(r.spec().id(), 0), 0));
        String how = r.failed() ? "FAILED: " + r.error() : r.complete() ? r.stop().name().toLowerCase(Locale.ROOT) : "interrupted";
        print(String.format(Locale.ROOT, "%s %-34s %s after %d epochs, final N=%d  [%d/%d runs ended]", bar(), name(r.spec()), how,
                r.records().size(), r.records().isEmpty() ? 0 : r.records().get(r.records().size() - 1).level(), e, total));
    }

    private static String name(RunSpec spec) {
        return spec.task() + " " + spec.condition() + " s" + spec.seed();
    }

    private String bar() {
        int done = Math.min(epochsDone.get(), epochsTotal);
        double frac = epochsTotal == 0 ? 1 : done / (double) epochsTotal;
        int w = 20, fill = (int) Math.round(frac * w);
        double secs = (System.nanoTime() - start) / 1e9;
        int session = Math.max(epochsThisSession.get(), 1);
        double rem = secs / session * Math.max(epochsTotal - done, 0);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %s ETA %s |", "#".repeat(fill), "-".repeat(w - fill), 100 * frac, fmt(secs),
                epochsThisSession.get() == 0 ? "?" : fmt(rem));
    }

    private static String fmt(double s) {
        return s < 90 ? String.format(Locale.ROOT, "%.0fs", s) : s < 5400 ? String.format(Locale.ROOT, "%.1fmin", s / 60)
                : String.format(Locale.ROOT, "%.1fh", s / 3600);
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    void finish() {
        print(String.format(Locale.ROOT, "sweep ended after %s (%d epochs trained in this session)", fmt((System.nanoTime() - start) / 1e9),
                epochsThisSession.get()));
    }
}
