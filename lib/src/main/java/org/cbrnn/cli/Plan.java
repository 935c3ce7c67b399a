package org.cbrnn.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.options.Opt;
import org.cbrnn.train.TrainingConfig;

/**
 * What a sweep is about to do: the number of runs, their total epoch budget and an estimated time, shown before any
 * run directory is created. Above {@link #CONFIRM_RUNS} runs or {@link #CONFIRM_EPOCHS} epochs the user must confirm
 * on the terminal or pass {@code --yes}.
 */
record Plan(int runs, long epochs, double hours, int workers, double ratePerCore) {
    /**
     * Measured rate: about 6,000 epochs per hour with two paper-protocol runs at once on 2 cores (the kit's
     * {@code reproduce --full} store, data/reproduction, computed with 512-bit kernels), i.e. 3,000 epochs per hour per
     * core. Epochs later in the curriculum are longer; this is the average over 1000-epoch runs.
     */
    static final double EPOCHS_PER_HOUR_PER_CORE = 3000;
    /**
     * The rate of narrower kernels relative to 512-bit ones. 256 bits: the main job ({@code reproduce --quick}) took
     * 19.7 min on a real 2-core AVX2 AMD EPYC (Zen 3; two niced jobs sharing the cores) against 10 min on the 2-core
     * AVX-512 machine (docs/performance.md §7.4). 128 bits, not measured on a real machine: one AVX-512 machine with
     * HotSpot generating 128-bit code ({@code -XX:UseAVX=1}), single-thread training steps of the CB-RNN (B64 T30 and
     * T60) and RNN-202 (B64 T30), alternating with 512-bit JVMs in 4 rounds, median of 512-bit time over 128-bit time
     * (docs/performance.md §5.4).
     */
    static final double RATE_256 = 0.51, RATE_128 = 0.29;

    /** Epochs per hour per core for kernels of {@code bits} (0: scalar, estimated as 128-bit, which is optimistic). */
    static double ratePerCore(int bits) {
        return EPOCHS_PER_HOUR_PER_CORE * (bits >= 512 ? 1 : bits >= 256 ? RATE_256 : RATE_128);
    }

    static final int CONFIRM_RUNS = 200;
    static final long CONFIRM_EPOCHS = 20_000;

    /** The {@code --yes} flag of the commands that may start large work. */
    static final Opt<Boolean> YES = Opt.flag("yes", "start without asking even above " + CONFIRM_RUNS + " runs or "
            + String.format(Locale.ROOT, "%,d", CONFIRM_EPOCHS) + " epochs");

    /**
     * The plan for {@code specs} with {@code parallel} runs at once of {@code threads} threads each on {@code cores}
     * cores. The time scales the measured rate by the sequences an epoch trains and evaluates relative to the
     * paper's protocol, and by the cores in use.
     */
    static Plan of(List<RunSpec> specs, int parallel, int threads, int cores) {
        return of(specs, parallel, threads, cores, ratePerCore(Kernels.vectorBits()));
    }

    /** The plan at a given rate (epochs per hour per core), e.g. {@link #ratePerCore(int)} of another width. */
    static Plan of(List<RunSpec> specs, int parallel, int threads, int cores, double ratePerCore) {
        TrainingConfig paper = TrainingConfig.paper();
        double paperWork = (double) paper.stepsPerEpoch() * paper.batchSize() + (double) paper.evalBatches() * paper.evalBatchSize();
        long epochs = 0;
        double work = 0;
        for (RunSpec s : specs) {
            TrainingConfig t = s.training();
            epochs += t.maxEpochs();
            work += t.maxEpochs() * ((double) t.stepsPerEpoch() * t.batchSize() + (double) t.evalBatches() * t.evalBatchSize()) / paperWork;
        }
        int workers = Math.max(1, Math.min(Math.min(parallel, specs.size()) * threads, cores));
        return new Plan(specs.size(), epochs, work / (ratePerCore * workers), workers, ratePerCore);
    }

    boolean large() {
        return runs > CONFIRM_RUNS || epochs > CONFIRM_EPOCHS;
    }

    String describe() {
        return String.format(Locale.ROOT, "plan: %,d runs, %,d epochs in all (budget), about %s on %d core(s) at the measured %,.0f epochs per "
                + "hour per core for %s kernels (finished runs are reused, so a resumed sweep takes less)", runs, epochs, duration(hours), workers,
                ratePerCore, Kernels.vectorBits() == 0 ? "scalar (estimated as 128-bit; slower)" : Kernels.vectorBits() + "-bit");
    }

    /**
     * Prints the plan and, if it is large, asks: on a terminal the user answers, without one {@code yes} must be
     * given. A refusal throws {@link IllegalArgumentException} (exit 2) before anything is written.
     */
    void confirm(boolean yes, Context.Confirm confirm, PrintStream out) {
        out.println(describe());
        if (!large() || yes) return;
        String why = String.format(Locale.ROOT, "this is above %,d runs or %,d epochs", CONFIRM_RUNS, CONFIRM_EPOCHS);
        Boolean answer = confirm.ask("cbrnn: " + why + "; start it?");
        if (answer == null) throw new IllegalArgumentException(why + " and there is no terminal to confirm on: add --yes to start it");
        if (!answer) throw new IllegalArgumentException("not started (" + why + "; add --yes to start it without asking)");
    }

    static String duration(double hours) {
        double s = hours * 3600;
        if (s < 90) return String.format(Locale.ROOT, "%.0f s", Math.max(s, 1));
        if (s < 5400) return String.format(Locale.ROOT, "%.0f min", s / 60);
        if (hours < 72) return String.format(Locale.ROOT, "%.1f h", hours);
        return String.format(Locale.ROOT, "%.1f days", hours / 24);
    }
}
