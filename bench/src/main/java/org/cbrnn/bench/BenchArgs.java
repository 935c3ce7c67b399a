package org.cbrnn.bench;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.cli.BenchOptions;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptParser;
import org.cbrnn.options.OptValues;

/**
 * The harness's command line, validated before any work starts: every error names the option and its allowed range.
 * The options are declared once, in {@link BenchOptions} (shared with {@code cbrnn bench}), except {@code --engines},
 * whose forms only this module can resolve.
 *
 * @param engines   engine names, see {@link BenchEngines#resolve(String)}
 * @param models    {@code cbrnn} (H64 + GC256/PC64 CB) and/or {@code rnn202} (the parameter-matched plain Elman RNN)
 * @param sizes     batch x steps pairs
 * @param warmup    untimed steps before timing (at least)
 * @param warmupMs  and at least this much untimed time (lets C2 compile the Vector API kernels)
 * @param reps      timed steps
 * @param seed      weights, batches and h_0
 * @param gemm      also measure the float GEMM kernel's GFLOP/s
 * @param gemmSize  m = n = k of that GEMM
 * @param steps     measure training steps (false: only the GEMM)
 * @param profile   print a per-phase / per-kernel breakdown of one single-thread step for every model and size
 * @param json      one JSON object per result line instead of text
 */
public record BenchArgs(List<String> engines, List<String> models, List<Size> sizes, int warmup, int warmupMs, int reps,
                        long seed, boolean gemm, int gemmSize, boolean steps, boolean profile, boolean json) {

    public static final List<String> MODELS = BenchOptions.MODEL_NAMES;
    public static final int MAX_BATCH = BenchOptions.MAX_BATCH, MIN_STEPS = BenchOptions.MIN_STEPS, MAX_STEPS = BenchOptions.MAX_STEPS;

    /** {@code --engines}: the forms {@link BenchEngines#resolve} accepts; a repeated engine is measured once. */
    static final Opt<List<String>> ENGINES = Opt.custom("engines", "LIST", "a comma list of " + BenchEngines.allowed(), BenchArgs::engines,
            "Java engines to time").withDefault(List.of("fast1", "fast2"));

    /** Every option of the harness, in help order; all but {@code --engines} are declared in {@link BenchOptions}. */
    static final List<Opt<?>> OPTIONS = List.of(ENGINES, BenchOptions.MODELS, BenchOptions.SIZES, BenchOptions.WARMUP, BenchOptions.WARMUP_MS,
            BenchOptions.REPS, BenchOptions.SEED, BenchOptions.GEMM, BenchOptions.GEMM_SIZE, BenchOptions.NO_STEPS, BenchOptions.PROFILE,
            BenchOptions.JSON);
    private static final OptParser PARSER = OptParser.of("StepBenchmark", OPTIONS).withFlagValues();

    /** One benchmark size. */
    public record Size(int batch, int steps) {
        @Override
        public String toString() {
            return batch + "x" + steps;
        }
    }

    public BenchArgs {
        engines = List.copyOf(engines);
        models = List.copyOf(models);
        sizes = List.copyOf(sizes);
    }

    /** The declared defaults. */
    public static BenchArgs defaults() {
        return parse();
    }

    public static String usage() {
        return "usage: StepBenchmark [options]  (flags also take =true/=false)\n" + PARSER.help();
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} naming the bad option and its allowed values. */
    public static BenchArgs parse(String... args) {
        for (String a : args) if (a.equals("--help") || a.equals("-h")) throw new HelpRequested();
        OptValues v = PARSER.parse(args, 0);
        boolean gemm = v.get(BenchOptions.GEMM), steps = !v.get(BenchOptions.NO_STEPS), profile = v.get(BenchOptions.PROFILE);
        if (!steps && !gemm && !profile) throw new IllegalArgumentException("--no-steps leaves nothing to do; add --gemm or --profile");
        List<Size> sizes = v.get(BenchOptions.SIZES).stream().map(s -> new Size(s.batch(), s.steps())).toList();
        return new BenchArgs(v.get(ENGINES), v.get(BenchOptions.MODELS), sizes, v.get(BenchOptions.WARMUP), v.get(BenchOptions.WARMUP_MS),
                v.get(BenchOptions.REPS), v.get(BenchOptions.SEED), gemm, v.get(BenchOptions.GEMM_SIZE), steps, profile, v.get(BenchOptions.JSON));
    }

    /** Thrown for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(usage(), null, false, false);
        }
    }

    private static List<String> engines(String v) {
        List<String> out = new ArrayList<>();
        for (String e : Opt.items(v)) {
            BenchEngines.resolve(e); // fail early, with the allowed forms
            if (!out.contains(e)) out.add(e);
        }
        return List.copyOf(out);
    }
}
