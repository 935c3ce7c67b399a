package org.cbrnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's command line, validated before any work starts: every error names the option and its allowed range.
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

    public static final List<String> MODELS = List.of("cbrnn", "rnn202");
    public static final int MAX_BATCH = 65_536, MIN_STEPS = 2, MAX_STEPS = 100_000;

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

    public static BenchArgs defaults() {
        return new BenchArgs(List.of("fast1", "fast2"), MODELS, List.of(new Size(64, 30), new Size(64, 60), new Size(256, 60)),
                20, 1000, 30, 1, false, 256, true, false, false);
    }

    public static String usage() {
        return String.join("\n",
                "usage: StepBenchmark [options]",
                "  --engines LIST   comma-separated: " + BenchEngines.allowed() + " (default fast1,fast2)",
                "  --models LIST    comma-separated subset of " + MODELS + " (default both)",
                "  --sizes LIST     comma-separated BxT, B in [1, " + MAX_BATCH + "], T in [" + MIN_STEPS + ", " + MAX_STEPS + "]"
                        + " (default 64x30,64x60,256x60)",
                "  --warmup N       untimed steps, N in [0, 100000] (default 20)",
                "  --warmup-ms MS   and at least MS ms of untimed steps, MS in [0, 600000] (default 1000)",
                "  --reps N         timed steps, N in [1, 100000] (default 30)",
                "  --seed S         any long (default 1)",
                "  --gemm           also measure float GEMM GFLOP/s (1 thread, and 2 concurrent GEMMs)",
                "  --gemm-size N    m = n = k of that GEMM, N in [8, 4096] (default 256)",
                "  --no-steps       skip the training-step measurements",
                "  --profile        per-phase and per-kernel breakdown of a 1-thread step (instrumented, slower)",
                "  --json           one JSON object per result line",
                "  --help");
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} naming the bad option and its allowed values. */
    public static BenchArgs parse(String... args) {
        BenchArgs d = defaults();
        List<String> engines = d.engines, models = d.models;
        List<Size> sizes = d.sizes;
        int warmup = d.warmup, warmupMs = d.warmupMs, reps = d.reps, gemmSize = d.gemmSize;
        long seed = d.seed;
        boolean gemm = false, steps = true, profile = false, json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String opt = a, inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                opt = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            switch (opt) {
                case "--gemm" -> gemm = flag(opt, inline);
                case "--no-steps" -> steps = !flag(opt, inline);
                case "--profile" -> profile = flag(opt, inline);
                case "--json" -> json = flag(opt, inline);
                case "--help", "-h" -> throw new HelpRequested();
                case "--engines", "--models", "--sizes", "--warmup", "--warmup-ms", "--reps", "--seed", "--gemm-size" -> {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(opt + " needs a value; " + hint(opt));
                        v = args[++i];
                    }
                    switch (opt) {
                        case "--engines" -> engines = engines(v);
                        case "--models" -> models = models(v);
                        case "--sizes" -> sizes = sizes(v);
                        case "--warmup" -> warmup = intIn(opt, v, 0, 100_000);
                        case "--warmup-ms" -> warmupMs = intIn(opt, v, 0, 600_000);
                        case "--reps" -> reps = intIn(opt, v, 1, 100_000);
                        case "--gemm-size" -> gemmSize = intIn(opt, v, 8, 4096);
                        case "--seed" -> {
                            try {
                                seed = Long.parseLong(v.trim());
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("--seed must be an integer in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "], got '" + v + "'");
                            }
                        }
                        default -> throw new AssertionError(opt);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; allowed: --engines, --models, --sizes, "
                        + "--warmup, --warmup-ms, --reps, --seed, --gemm, --gemm-size, --no-steps, --profile, --json, --help");
            }
        }
        if (!steps && !gemm && !profile) throw new IllegalArgumentException("--no-steps leaves nothing to do; add --gemm or --profile");
        return new BenchArgs(engines, models, sizes, warmup, warmupMs, reps, seed, gemm, gemmSize, steps, profile, json);
    }

    /** Thrown for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(usage(), null, false, false);
        }
    }

    private static String hint(String opt) {
        return switch (opt) {
            case "--engines" -> "allowed: " + BenchEngines.allowed();
            case "--models" -> "allowed: " + MODELS;
            case "--sizes" -> "BxT with B in [1, " + MAX_BATCH + "] and T in [" + MIN_STEPS + ", " + MAX_STEPS + "]";
            case "--warmup" -> "an integer in [0, 100000]";
            case "--warmup-ms" -> "an integer in [0, 600000]";
            case "--reps" -> "an integer in [1, 100000]";
            case "--gemm-size" -> "an integer in [8, 4096]";
            default -> "an integer";
        };
    }

    private static boolean flag(String opt, String inline) {
        if (inline == null) return true;
        return switch (inline.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(opt + " is a flag: give no value, or true/false, got '" + inline + "'");
        };
    }

    static int intIn(String name, String v, int lo, int hi) {
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer in [" + lo + ", " + hi + "], got '" + v + "'");
        }
        if (x < lo || x > hi) throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + x);
        return (int) x;
    }

    private static List<String> items(String opt, String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String t = s.trim();
            if (!t.isEmpty() && !out.contains(t)) out.add(t);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(opt + " must list at least one item; " + hint(opt));
        return out;
    }

    private static List<String> engines(String v) {
        List<String> out = items("--engines", v);
        for (String e : out) BenchEngines.resolve(e); // fail early, with the allowed forms
        return out;
    }

    private static List<String> models(String v) {
        List<String> out = items("--models", v);
        for (String m : out) {
            if (!MODELS.contains(m)) throw new IllegalArgumentException("--models: unknown model '" + m + "'; allowed: " + MODELS);
        }
        return out;
    }

    private static List<Size> sizes(String v) {
        List<Size> out = new ArrayList<>();
        for (String s : items("--sizes", v)) {
            String[] bt = s.toLowerCase(Locale.ROOT).split("x");
            if (bt.length != 2) {
                throw new IllegalArgumentException("--sizes: '" + s + "' is not BxT (e.g. 64x60); " + hint("--sizes"));
            }
            int b = intIn("--sizes batch B (in '" + s + "')", bt[0], 1, MAX_BATCH);
            int t = intIn("--sizes steps T (in '" + s + "')", bt[1], MIN_STEPS, MAX_STEPS);
            out.add(new Size(b, t));
        }
        return out;
    }
}
