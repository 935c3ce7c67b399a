package org.cbrnn.cli;

import java.util.List;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/**
 * {@code cbrnn bench}: checks the benchmark's options with the harness's own declarations ({@link BenchOptions}) and
 * prints them as bench/run.sh's environment; the {@code ./cbrnn} launcher then runs the script (it installs PyTorch,
 * builds the bench module when its sources changed, and alternates Java and PyTorch measurements). Every option is
 * checked here, before the script installs or builds anything.
 */
final class BenchCommand extends Command {
    /**
     * The Java engines of the report, by short name, and what the harness calls them. The engine registry replaces
     * this list when it lands.
     */
    static final List<String> ENGINE_NAMES = List.of("fast1", "fast2", "samediff");

    static final Opt<List<String>> ENGINES = Opt.choiceList("engines", "LIST", () -> ENGINE_NAMES, "Java engines")
            .withoutDefault("all three; --quick: fast1,fast2");
    static final Opt<List<BenchOptions.Size>> SIZES = BenchOptions.SIZES.withoutDefault("64x30,64x60,256x60; --quick: 64x60");
    static final Opt<Integer> REPS = BenchOptions.REPS.withHelp("timed repetitions per cell, Java and PyTorch").withoutDefault("40; --quick: 15");
    static final Opt<Boolean> NO_PROFILE = Opt.flag("no-profile", "skip the per-phase profile of the Java step");
    static final Opt<Boolean> QUICK = Opt.flag("quick", "B64 T60 only, fast engines only, 15 repetitions, no profile");
    static final Opt<Boolean> PAIRED = Opt.flag("paired", "alternate the fast engines and PyTorch cell by cell in rounds "
            + "(bench/python/paired.py, for shared machines): median of the per-round ratios with their spread, plus sgemm on the models' shapes");
    static final Opt<Integer> ROUNDS = Opt.integer("rounds", "N", 1, 1000, "paired rounds (with --paired)").withDefault(5);

    BenchCommand() {
        super("bench", "median ms per training step: fast engine vs DL4J vs PyTorch, one run",
                """
                        Runs bench/run.sh (needs the source checkout: the bench module and Debian's python3-torch, which it installs).
                        Writes bench/results/latest.md (--quick: bench/results/quick.md).""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(BenchOptions.MODELS, SIZES, ENGINES, REPS, NO_PROFILE, QUICK, PAIRED, ROUNDS);
    }

    @Override
    int run(OptValues o, Context ctx) {
        String env = environment(o);
        if (System.getenv("CBRNN_LAUNCHER") != null) {
            ctx.out().println(env);
            return 0;
        }
        System.err.println("cbrnn bench runs the bench module and PyTorch from the source checkout: use ./cbrnn bench, or " + env + " bash bench/run.sh");
        return 2;
    }

    /** bench/run.sh's settings for these options, as {@code NAME=value} words. */
    static String environment(OptValues o) {
        boolean quick = o.get(QUICK);
        List<String> models = o.get(BenchOptions.MODELS);
        List<BenchOptions.Size> sizes = o.getOr(SIZES, quick ? List.of(new BenchOptions.Size(64, 60)) : BenchOptions.SIZES.defaultValue());
        List<String> engines = o.getOr(ENGINES, quick ? List.of("fast1", "fast2") : ENGINE_NAMES);
        int reps = o.getOr(REPS, quick ? 15 : 40);
        boolean profile = !o.get(NO_PROFILE) && !quick;
        if (o.get(PAIRED)) {
            List<String> fast = engines.stream().filter(e -> e.startsWith("fast")).toList();
            if (fast.isEmpty()) throw new IllegalArgumentException("--paired times the fast engines: give --engines with fast1 and/or fast2");
            List<BenchOptions.Size> paired = o.getOr(SIZES, List.of(new BenchOptions.Size(64, 60)));
            return "MODELS=" + String.join(",", models) + " SIZES=" + String.join(",", paired.stream().map(BenchOptions.Size::toString).toList())
                    + " ENGINES=" + String.join(",", fast) + " PAIRED=1 ROUNDS=" + o.get(ROUNDS) + " RESULTS=bench/results/paired.md";
        }
        return "MODELS=" + String.join(",", models) + " SIZES=" + String.join(",", sizes.stream().map(BenchOptions.Size::toString).toList())
                + " ENGINES=" + String.join(",", engines)
                + " JAVA_REPS=" + reps + " TORCH_REPS=" + reps + " PROFILE=" + (profile ? 1 : 0)
                + " RESULTS=bench/results/" + (quick ? "quick.md" : "latest.md");
    }
}
