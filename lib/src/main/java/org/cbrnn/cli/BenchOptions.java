package org.cbrnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cbrnn.options.Opt;
import org.cbrnn.train.TrainingConfig;

/**
 * The benchmark's declared options, shared by {@code cbrnn bench} (which checks them before bench/run.sh installs or
 * builds anything) and the harness in the bench module ({@code org.cbrnn.bench.BenchArgs}), so both accept the same
 * values. bench/python/torch_reference.py checks the same batch and step ranges on its side.
 */
public final class BenchOptions {
    private BenchOptions() {}

    /** The benchmarked models. */
    public static final List<String> MODEL_NAMES = List.of("cbrnn", "rnn202");
    /**
     * Besides {@link #MODEL_NAMES}: the same models with K readout heads, all labelled (the multi-head step of the
     * protocols, docs/protocol.md §12): K = 2 (multitask, switching) and K = 19 (a cumulative curriculum at N = 20).
     */
    public static final List<String> MULTI_HEAD_NAMES = List.of("cbrnn-k2", "cbrnn-k19", "rnn202-k2", "rnn202-k19");
    /** The largest batch: the library's ({@link TrainingConfig#MAX_BATCH_SIZE}). */
    public static final int MAX_BATCH = TrainingConfig.MAX_BATCH_SIZE;
    /** Sequence lengths: BPTT needs at least two steps to exercise the recurrence. */
    public static final int MIN_STEPS = 2, MAX_STEPS = 100_000;

    /** One benchmark size: batch x sequence length. */
    public record Size(int batch, int steps) {
        @Override
        public String toString() {
            return batch + "x" + steps;
        }
    }

    public static final Opt<List<String>> MODELS = Opt.choiceList("models", "LIST",
            () -> java.util.stream.Stream.concat(MODEL_NAMES.stream(), MULTI_HEAD_NAMES.stream()).toList(), "models to time (-k<K>: K heads)").withDefault(MODEL_NAMES);
    public static final Opt<List<Size>> SIZES = Opt.custom("sizes", "LIST",
            "a comma list of BxT with batch B in [1, " + MAX_BATCH + "] and steps T in [" + MIN_STEPS + ", " + MAX_STEPS + "]", BenchOptions::sizes,
            "batch x sequence-length cells").withDefault(List.of(new Size(64, 30), new Size(64, 60), new Size(256, 60)));
    public static final Opt<Integer> REPS = Opt.integer("reps", "N", 1, 100_000, "timed steps per cell").withDefault(30);
    public static final Opt<Integer> WARMUP = Opt.integer("warmup", "N", 0, 100_000, "untimed steps").withDefault(20);
    public static final Opt<Integer> WARMUP_MS = Opt.integer("warmup-ms", "MS", 0, 600_000, "and at least MS ms of untimed steps").withDefault(1000);
    public static final Opt<Long> SEED = Opt.longInt("seed", "S", Long.MIN_VALUE, Long.MAX_VALUE, "seed of weights, batches and h_0").withDefault(1L);
    public static final Opt<Integer> GEMM_SIZE = Opt.integer("gemm-size", "N", 8, 4096, "m = n = k of the GEMM measurement").withDefault(256);
    public static final Opt<Boolean> GEMM = Opt.flag("gemm", "also measure float GEMM GFLOP/s (1 thread, and 2 concurrent GEMMs)");
    public static final Opt<Boolean> NO_STEPS = Opt.flag("no-steps", "skip the training-step measurements");
    public static final Opt<Boolean> PROFILE = Opt.flag("profile", "per-phase and per-kernel breakdown of a 1-thread step (instrumented, slower)");
    public static final Opt<Boolean> JSON = Opt.flag("json", "one JSON object per result line");

    private static List<Size> sizes(String raw) {
        List<Size> out = new ArrayList<>();
        for (String s : Opt.items(raw)) {
            String[] bt = s.toLowerCase(Locale.ROOT).split("x", -1);
            if (bt.length != 2) throw new Opt.Bad(null, "'" + s + "' is not BxT, e.g. 64x60");
            int b, t;
            try {
                b = (int) Opt.asciiLong(bt[0], 1, MAX_BATCH);
            } catch (Opt.Bad e) {
                throw new Opt.Bad(null, "batch B in '" + s + "': got " + bt[0]);
            }
            try {
                t = (int) Opt.asciiLong(bt[1], MIN_STEPS, MAX_STEPS);
            } catch (Opt.Bad e) {
                throw new Opt.Bad(null, "steps T in '" + s + "': got " + bt[1]);
            }
            Size size = new Size(b, t);
            if (out.contains(size)) throw new Opt.Bad(null, "size " + size + " repeats");
            out.add(size);
        }
        return List.copyOf(out);
    }
}
