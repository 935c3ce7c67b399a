package org.cbrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cbrnn.analysis.Analyses;
import org.cbrnn.analysis.LevelCheckpoints;
import org.cbrnn.analysis.Scaling;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunCheck;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.Model;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.util.AtomicFiles;
import tech.tablesaw.api.Table;

/**
 * {@code cbrnn analyse <analysis>}: an analysis of docs/protocol.md §9 over the finished runs of a store, written as CSV
 * files. Per run: {@code OUT/<analysis>/<run>.csv} (skipped when it exists, so an interrupted command resumes); then
 * {@code OUT/<analysis>.csv}, every per-run file of the directory stacked (so several stores can write into one
 * output), and {@code OUT/<analysis>-summary.csv}, the mean and SEM over networks per condition, task and level.
 */
final class AnalyseCommand {
    private AnalyseCommand() {}

    static final Opt<Path> STORE = Opt.path("store", "DIR", Opt.PathRule.DIRECTORY, "run store to read (finished runs with level checkpoints)");
    static final Opt<Path> OUT = Opt.path("out", "DIR", Opt.PathRule.CREATABLE_DIRECTORY, "directory for the CSV files");
    static final Opt<List<String>> RUNS = Opt.custom("runs", "LIST", "comma-separated run directory names of the store", AnalyseCommand::runNames,
            "the runs to analyse").withoutDefault("every finished run that has level checkpoints");
    static final Opt<String> LABEL = Opt.custom("label", "TEXT", "a non-empty text without commas or quotes", AnalyseCommand::label,
            "condition label written for these runs (e.g. 'Frozen core')").withoutDefault("each run's own condition label");
    static final Opt<Long> SEED = Opt.longInt("seed", "S", 0, Long.MAX_VALUE, "seed of the analysis inputs (same for every network)").withDefault(1L);
    static final Opt<List<Integer>> LEVELS = Opt.intList("levels", "LIST", 1, 10_000, "analyse only these solved levels").withoutDefault("every solved level");
    static final Opt<Integer> STEPS = Opt.integer("timescale-steps", "T", 1_000, 1_000_000, "steps of the timescale simulation").withDefault(20_000);
    static final Opt<Integer> DISCARD = Opt.integer("timescale-discard", "D", 0, 100_000, "initial steps dropped (below --timescale-steps)").withDefault(500);
    static final Opt<Integer> MEMORY_STEPS = Opt.integer("memory-steps", "K", 1, 1_000, "steps after the sample followed by the Jacobian analysis").withDefault(20);
    static final Opt<Integer> LEVEL = Opt.integer("level", "N", 1, 10_000, "level of the final-state projection").withoutDefault("each run's highest solved level");
    static final Opt<Integer> THREADS = Opt.integer("threads", "K", 1, 256, "engine threads (ablation, readout)").withDefault(1);
    static final Opt<String> HALF_OF = Opt.choice("half-of", "WHICH", () -> List.of("paper", "kit"),
            "global max N of t_half: 'paper' (dms 38, parity 19) or 'kit' (highest max N of the runs per task)").withDefault("paper");
    static final Opt<Integer> AT_EPOCH = Opt.integer("at-epoch", "E", 1, org.cbrnn.train.TrainingConfig.MAX_EPOCHS,
            "compare every run over its first E epochs (runs with fewer are left out)").withoutDefault("finished runs, whole");
    static final Opt<Boolean> FORCE = Opt.flag("force", "recompute per-run files that exist");

    private static List<String> runNames(String raw) {
        List<String> out = Opt.items(raw);
        if (out.isEmpty()) throw new IllegalArgumentException("no run names");
        for (String s : out) if (s.isBlank() || s.contains("/") || s.contains("\\") || s.startsWith(".")) throw new IllegalArgumentException("not a directory name: " + s);
        return out;
    }

    private static String label(String raw) {
        String s = raw.strip();
        if (s.isEmpty() || s.contains(",") || s.contains("\"")) throw new IllegalArgumentException("bad label");
        return s;
    }

    /** The group, as registered in {@link Main#COMMANDS}. */
    static Command group() {
        List<Command> subs = new ArrayList<>();
        // autocorrelation and unit-timescales are written by timescales (one simulation), not commands of their own
        for (Analyses.Kind k : Analyses.Kind.values()) if (k != Analyses.Kind.AUTOCORRELATION && k != Analyses.Kind.UNIT_TIMESCALES) subs.add(new PerRun(k));
        subs.add(new ScalingCommand());
        return new Command.Group("analyse", "analyses of trained networks over a run store, written as CSV files", """
                ablation        accuracy intact vs cerebellar output removed, every solved level (20 x 64 fixed sequences)
                final-states    final hidden states intact vs ablated on their first two principal axes, one level
                readout         readout recovery: intact, CB removed zero-shot, CB removed with the readout retrained
                timescales      population autocorrelation and tau_pop, unit fits (also writes autocorrelation.csv, unit-timescales.csv)
                dimensionality  PCA of hidden, GC, PC and CB-output activity: d90, d95, d95/D, participation ratio
                sparsity        granule-layer population and lifetime sparseness
                jacobian        one-step Jacobian: gain and preservation of a memory direction, full vs intrinsic
                scaling         AUC and t_half against trainable parameters (CB-RNN G vs RNN H; no checkpoints needed)
                Per run OUT/<analysis>/<run>.csv (existing ones are reused: run again to resume), then OUT/<analysis>.csv
                (all runs in OUT) and OUT/<analysis>-summary.csv (mean, SEM over networks). Only finished runs are read.""", subs);
    }

    private static final Map<Analyses.Kind, String> SUMMARIES = Map.of(
            Analyses.Kind.ABLATION, "accuracy intact vs CB removed at every solved level",
            Analyses.Kind.FINAL_STATES, "final states intact vs ablated on two principal axes, one level",
            Analyses.Kind.READOUT, "readout recovery with the CB removed, every solved level",
            Analyses.Kind.TIMESCALES, "population autocorrelation, tau_pop and unit timescales",
            Analyses.Kind.AUTOCORRELATION, "population autocorrelation (written by timescales)",
            Analyses.Kind.UNIT_TIMESCALES, "single/double exponential fit per unit (written by timescales)",
            Analyses.Kind.DIMENSIONALITY, "PCA dimensionality of each population",
            Analyses.Kind.SPARSITY, "granule-layer population and lifetime sparseness",
            Analyses.Kind.JACOBIAN, "one-step Jacobian: memory-direction gain, preservation, propagation");

    static final class PerRun extends Command {
        private final Analyses.Kind kind;

        PerRun(Analyses.Kind kind) {
            super("analyse " + kind.cliName(), SUMMARIES.get(kind), "");
            this.kind = kind;
        }

        @Override
        List<Opt<?>> options() {
            List<Opt<?>> o = new ArrayList<>(List.of(STORE, OUT, RUNS, LABEL, SEED, LEVELS, FORCE));
            switch (kind) {
                case TIMESCALES -> o.addAll(List.of(STEPS, DISCARD));
                case JACOBIAN -> o.add(MEMORY_STEPS);
                case FINAL_STATES -> o.add(LEVEL);
                case ABLATION, READOUT -> o.add(THREADS);
                default -> { }
            }
            return o;
        }

        @Override
        int run(OptValues o, Context ctx) {
            PrintStream out = ctx.out();
            Path storeDir = required(o, STORE), outDir = required(o, OUT);
            Analyses.Settings s = Analyses.Settings.paper().withSeed(o.get(SEED));
            if (kind == Analyses.Kind.TIMESCALES) {
                int steps = o.get(STEPS), discard = o.get(DISCARD);
                if (discard >= steps) throw new IllegalArgumentException("--timescale-discard must be below --timescale-steps = " + steps + ", got " + discard);
                s = s.withTimescaleSteps(steps, discard);
            }
            if (kind == Analyses.Kind.JACOBIAN) {
                s = new Analyses.Settings(s.seed(), s.timescaleSteps(), s.timescaleDiscard(), s.timescaleBatch(), o.get(MEMORY_STEPS), s.readout(),
                        s.ablationBatches(), s.pcaBatches(), 0);
            }
            if (kind == Analyses.Kind.FINAL_STATES && o.has(LEVEL)) s = s.withFinalStatesLevel(o.get(LEVEL));
            // everything is checked before the first computation
            RunStore store = RunStore.at(storeDir);
            Path perRunDir = outDir.resolve(kind.cliName());
            // a run analysed before keeps its result even where its level checkpoints are gone (they are not
            // committed), so results computed on another machine can be moved in and stacked with the others
            java.util.function.Predicate<String> kept = run -> !o.get(FORCE) && Files.exists(perRunDir.resolve(run + ".csv"));
            List<RunSpec> runs = select(store, storeDir, o.has(RUNS) ? o.get(RUNS) : null, kind, kept, out);
            List<Integer> only = o.has(LEVELS) ? o.get(LEVELS) : null;
            Path acDir = outDir.resolve(Analyses.Kind.AUTOCORRELATION.cliName()), unitDir = outDir.resolve(Analyses.Kind.UNIT_TIMESCALES.cliName());
            Map<RunSpec, SortedMap<Integer, Model>> networks = new LinkedHashMap<>();
            for (RunSpec r : runs) {
                if (kept.test(store.dirOf(r).getFileName().toString())) {
                    networks.put(r, new TreeMap<>());   // reused below without loading a network
                    continue;
                }
                SortedMap<Integer, Model> levels = new TreeMap<>(LevelCheckpoints.of(store, r));
                if (only != null) levels.keySet().retainAll(only);
                if (levels.isEmpty()) throw new IllegalArgumentException(store.dirOf(r).getFileName() + " has none of the levels " + only + "; it has "
                        + LevelCheckpoints.levels(store.dirOf(r)));
                if (kind == Analyses.Kind.FINAL_STATES && o.has(LEVEL) && !levels.containsKey(o.get(LEVEL))) {
                    throw new IllegalArgumentException("--level " + o.get(LEVEL) + " is not a solved level of " + store.dirOf(r).getFileName() + "; levels: " + levels.keySet());
                }
                networks.put(r, levels);
            }
            try {
                Files.createDirectories(perRunDir);
                if (kind == Analyses.Kind.TIMESCALES) {
                    Files.createDirectories(acDir);
                    Files.createDirectories(unitDir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + perRunDir + ": " + e.getMessage(), e);
            }
            int i = 0;
            long start = System.nanoTime();
            try (FastEngine engine = FastEngine.create(options().contains(THREADS) ? o.get(THREADS) : 1)) {
                for (var e : networks.entrySet()) {
                    i++;
                    RunSpec r = e.getKey();
                    String id = store.dirOf(r).getFileName().toString();
                    Path file = perRunDir.resolve(id + ".csv");
                    String head = String.format("%s %d/%d %s", kind.cliName(), i, networks.size(), id);
                    if (Files.exists(file) && !o.get(FORCE)) {
                        out.println(head + ": done before, kept (" + file + "; --force recomputes)");
                        continue;
                    }
                    Analyses.Network who = new Analyses.Network(id, r.task(), o.has(LABEL) ? o.get(LABEL) : r.condition(), r.seed());
                    int n = e.getValue().size();
                    int[] j = {0};
                    long[] t0 = {System.nanoTime()};
                    java.util.function.IntConsumer progress = level -> {
                        if (j[0] > 0) out.printf("  %.1f s%n", (System.nanoTime() - t0[0]) / 1e9);
                        j[0]++;
                        t0[0] = System.nanoTime();
                        out.printf("%s: N=%d (%d/%d)", head, level, j[0], kind == Analyses.Kind.FINAL_STATES ? 1 : n);
                        out.flush();
                    };
                    var task = TaskRegistry.standard().get(r.task());
                    if (kind == Analyses.Kind.TIMESCALES) {
                        Table[] t = Analyses.timescaleTables(who, e.getValue(), s, progress);
                        out.printf("  %.1f s%n", (System.nanoTime() - t0[0]) / 1e9);
                        write(acDir.resolve(id + ".csv"), t[1]);
                        write(unitDir.resolve(id + ".csv"), t[2]);
                        write(file, t[0]); // the population table last: its presence marks the run done
                    } else {
                        Table t = Analyses.perNetwork(kind, who, e.getValue(), task, engine, s, progress);
                        out.printf("  %.1f s%n", (System.nanoTime() - t0[0]) / 1e9);
                        write(file, t);
                    }
                }
            }
            combine(outDir, kind, out);
            if (kind == Analyses.Kind.TIMESCALES) {
                combine(outDir, Analyses.Kind.AUTOCORRELATION, out);
                combine(outDir, Analyses.Kind.UNIT_TIMESCALES, out);
            }
            out.printf("%s: %d runs in %.1f s%n", kind.cliName(), networks.size(), (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }

    /** Stores read beside --store by {@code analyse scaling} (the scaling grid's own store beside the Table-4 one). */
    static final Opt<List<Path>> ALSO = Opt.custom("also", "DIRS", "a comma list of existing run store directories", SweepCommand::storeList,
            "other stores whose runs join --store's (a run id in two stores counts once, --store's copy)").withoutDefault("none");

    /** {@code cbrnn analyse scaling}: the points of every healthy run of the two families. */
    static final class ScalingCommand extends Command {
        ScalingCommand() {
            super("analyse scaling", "AUC, t_half and max N against trainable parameters, CB-RNN (G) vs RNN (H)", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE, ALSO, OUT, HALF_OF, AT_EPOCH);
        }

        @Override
        int run(OptValues o, Context ctx) {
            Path storeDir = required(o, STORE), outDir = required(o, OUT);
            List<RunCheck> checks = new java.util.ArrayList<>(RunStore.at(storeDir).check());
            if (o.has(ALSO)) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (RunCheck c : checks) seen.add(c.run());
                for (Path other : o.get(ALSO)) for (RunCheck c : RunStore.at(other).check()) if (seen.add(c.run())) checks.add(c);
            }
            List<RunResult> runs;
            if (o.has(AT_EPOCH)) {
                int e = o.get(AT_EPOCH);
                runs = checks.stream().map(RunCheck::result).filter(java.util.Objects::nonNull).filter(r -> !r.failed())
                        .filter(r -> r.records().size() >= e).map(r -> r.truncate(e)).toList();
            } else {
                // AUC grows with the budget: by default only finished runs, each over its whole budget
                runs = checks.stream().filter(c -> c.health() == RunCheck.Health.DONE).map(RunCheck::result).toList();
            }
            if (runs.stream().noneMatch(r -> Scaling.classify(r.spec()) != null)) {
                throw new IllegalArgumentException("--store " + storeDir + (o.has(ALSO) ? " and --also " + o.get(ALSO) + " hold" : " holds") + " no jointly trained CB-RNN (H 64) or plain RNN runs"
                        + (o.has(AT_EPOCH) ? " with " + o.get(AT_EPOCH) + " epochs" : " that have finished (--at-epoch E compares partial runs)"));
            }
            Map<String, Double> kitMax = new TreeMap<>();
            for (RunResult r : runs) kitMax.merge(r.spec().task(), org.cbrnn.experiment.Metrics.maxLevel(r.levels()), Math::max);
            boolean paper = o.get(HALF_OF).equals("paper");
            List<Scaling.Point> pts = Scaling.of(runs, t -> paper ? PaperReference.globalMax(t) : kitMax.get(t));
            Table t = Scaling.table(pts);
            ctx.out().println(t.printAll());
            List<String> tasks = pts.stream().map(Scaling.Point::task).distinct().toList();
            List<String> missing = Scaling.missing(pts, tasks, 8);
            if (!missing.isEmpty()) ctx.out().println("not yet in the store (paper: 8 seeds per size):\n  " + String.join("\n  ", missing));
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + outDir + ": " + e.getMessage(), e);
            }
            write(outDir.resolve("scaling.csv"), t);
            ctx.out().println("wrote " + outDir.resolve("scaling.csv"));
            return 0;
        }
    }

    private static <T> T required(OptValues o, Opt<T> opt) {
        if (!o.has(opt)) throw new IllegalArgumentException("--" + opt.name() + " is required (" + opt.help() + ")");
        return o.get(opt);
    }

    /**
     * The runs to analyse, every check done before any work: finished runs with level checkpoints, and finished runs
     * without them whose result {@code kept} says is already in the output (it is reused, not recomputed).
     */
    static List<RunSpec> select(RunStore store, Path dir, List<String> names, Analyses.Kind kind, java.util.function.Predicate<String> kept, PrintStream out) {
        List<RunCheck> checks = store.check();
        Map<String, RunCheck> byName = new LinkedHashMap<>();
        for (RunCheck c : checks) byName.put(c.run(), c);
        List<RunSpec> specs = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                RunCheck c = byName.get(n);
                if (c == null) throw new IllegalArgumentException("--runs: no run '" + n + "' in " + dir + " (see: cbrnn store check --store " + dir + ")");
                if (c.health() != RunCheck.Health.DONE) throw new IllegalArgumentException("--runs: " + n + " is " + c.health().name().toLowerCase()
                        + "; only finished runs are analysed (their level checkpoints no longer change)");
                if (LevelCheckpoints.levels(dir.resolve(n)).isEmpty() && !kept.test(n)) {
                    throw new IllegalArgumentException("--runs: " + n + " has no level checkpoints (levels/NXX.bin) and no earlier result in the output");
                }
                if (kind.needsCerebellum() && !c.result().spec().model().hasCerebellum()) {
                    throw new IllegalArgumentException("--runs: " + kind.cliName() + " needs a cerebellar module; " + n + " is " + c.result().spec().model().label());
                }
                specs.add(c.result().spec());
            }
            return specs;
        }
        int noLevels = 0, unfinished = 0, noCb = 0;
        for (RunCheck c : checks) {
            if (c.health() != RunCheck.Health.DONE) { unfinished++; continue; }
            if (LevelCheckpoints.levels(dir.resolve(c.run())).isEmpty() && !kept.test(c.run())) { noLevels++; continue; }
            if (kind.needsCerebellum() && !c.result().spec().model().hasCerebellum()) { noCb++; continue; }
            specs.add(c.result().spec());
        }
        out.printf("%s: %d runs to analyse; left out: %d unfinished, %d without level checkpoints, %d without a cerebellum%n", kind.cliName(),
                specs.size(), unfinished, noLevels, noCb);
        if (specs.isEmpty()) throw new IllegalArgumentException("--store " + dir + " has no finished run with level checkpoints that " + kind.cliName() + " applies to");
        return specs;
    }

    /** Writes {@code t} as CSV, atomically. */
    static void write(Path file, Table t) {
        try {
            StringWriter w = new StringWriter();
            t.write().csv(w);
            AtomicFiles.writeString(file, w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** OUT/<kind>.csv from every per-run file of OUT/<kind>/ (same header), and the summary. */
    static void combine(Path outDir, Analyses.Kind kind, PrintStream out) {
        Path dir = outDir.resolve(kind.cliName());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        String header = null;
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            if (lines.isEmpty()) continue;
            if (header == null) {
                header = lines.get(0);
                sb.append(header).append('\n');
            } else if (!header.equals(lines.get(0))) {
                throw new IllegalStateException(f + " has other columns than the other files of " + dir + " (written by another version?): delete it and run again");
            }
            for (String l : lines.subList(1, lines.size())) sb.append(l).append('\n');
        }
        try {
            AtomicFiles.writeString(outDir.resolve(kind.cliName() + ".csv"), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve(kind.cliName() + ".csv") + ": " + e.getMessage(), e);
        }
        if (!kind.summarised()) {
            out.println("wrote " + outDir.resolve(kind.cliName() + ".csv") + " (" + files.size() + " runs)");
            return;
        }
        Table all = Analyses.fromCsv(sb.toString(), kind.cliName());
        write(outDir.resolve(kind.cliName() + "-summary.csv"), Analyses.summary(kind, all));
        out.println("wrote " + outDir.resolve(kind.cliName() + ".csv") + " and " + kind.cliName() + "-summary.csv (" + files.size() + " runs)");
    }

}
