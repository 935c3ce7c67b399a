package org.cbrnn.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;

/** Terminal progress for a sweep: one line per run every few seconds and when a run ends, with an overall ETA. */
final class SweepProgress {
    private final PrintStream out;
    private final int total;
    private final long start = System.nanoTime();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger epochsDone = new AtomicInteger();
    private final int epochsTotal;

    SweepProgress(List<RunSpec> specs, PrintStream out) {
        this.out = out;
        this.total = specs.size();
        this.epochsTotal = specs.stream().mapToInt(s -> s.training().maxEpochs()).sum();
    }

    TrainingListener listenerFor(RunSpec spec) {
        String name = spec.task() + " " + spec.condition() + " s" + spec.seed();
        return new TrainingListener() {
            long last = 0;

            @Override
            public void onEpoch(EpochRecord r) {
                epochsDone.incrementAndGet();
                long now = System.nanoTime();
                if (now - last > 5_000_000_000L || r.epoch() == 1) {
                    last = now;
                    print(String.format("%-32s epoch %4d/%d  N=%-3d eval %5.1f%%  %s", name, r.epoch(), spec.training().maxEpochs(),
                            r.level(), r.evalAccuracy(), eta()));
                }
            }

            @Override
            public void onFinish(TrainingResult res) {
                int f = finished.incrementAndGet();
                int extra = spec.training().maxEpochs() - res.records().size();
                if (res.stop() != TrainingResult.StopReason.INTERRUPTED && extra > 0) epochsDone.addAndGet(extra);
                print(String.format("%-32s %s after %d epochs, final N=%d  [%d/%d runs]", name,
                        res.stop().name().toLowerCase(java.util.Locale.ROOT), res.records().size(), res.finalLevel(), f, total));
            }
        };
    }

    private String eta() {
        double secs = (System.nanoTime() - start) / 1e9;
        int done = Math.max(epochsDone.get(), 1);
        double rem = secs / done * Math.max(epochsTotal - done, 0);
        return String.format("elapsed %s, ~%s left (epochs get longer as N grows)", fmt(secs), fmt(rem));
    }

    private static String fmt(double s) {
        return s < 90 ? String.format("%.0fs", s) : String.format("%.1fmin", s / 60);
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    void finish() {
        print(String.format("all runs finished in %s", fmt((System.nanoTime() - start) / 1e9)));
    }
}
