package org.cbrnn.cli;

import static org.cbrnn.cli.Command.flag;
import static org.cbrnn.cli.Command.opt;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.ResultTables;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.experiment.SweepGrid;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.plot.ProgressBar;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.AtomicFiles;
import tech.tablesaw.api.Table;

/**
 * The command line: {@code cbrnn train | sweep | reproduce | summarize | bench | tasks | models}. Thin: it checks
 * options (before any work), builds specs, runs a {@link Sweep} over a {@link RunStore} and prints tables; all logic
 * lives in the library packages.
 */
public final class Main {
    static final List<String> CONDITIONS = ConditionRegistry.standard().names();
    static final List<String> PAPER_CONDITIONS = ConditionRegistry.standard().paperNames();
    static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * The reduced budget of {@code reproduce --quick}: what two cores finish in about ten minutes, and long enough for
     * the interleaved reservoir's first refresh (parity N = 7, DMS N = 12) to be reached by some runs.
     */
    static final int QUICK_EPOCHS = 150;
    static final String QUICK_SEEDS = "1-2";

    private static final String TASK_HELP = "task: " + String.join(", ", TaskRegistry.standard().names());

    static final Command TRAIN = new Command("train", "train one network with the paper's curriculum", """
            Writes spec, per-epoch table, a checkpoint every epoch, a model per solved level and the final model to
            <out>/<run id>/. Running the same command again resumes an interrupted run or prints the finished one.""",
            List.of(opt("task", "NAME", TASK_HELP + " (default parity)"),
                    opt("condition", "NAME", "one of " + CONDITIONS + " (default cbrnn)"),
                    opt("schedule", "NAME", "plasticity schedule overriding the condition's: joint, full-reservoir, interleaved-<k>, freeze-<start|L<n>|E<n>>"),
                    opt("seed", "S", "seed of weights and batches, in [0, 2147483647] (default 1)"),
                    opt("epochs", "E", "epoch budget, in [1, 1000000] (default 1000, the paper's)"),
                    opt("steps", "K", "SGD steps per epoch, in [1, 1000000] (default 100)"),
                    opt("eval-batches", "K", "evaluation batches per epoch, in [1, 1000000] (default 50)"),
                    opt("batch-size", "B", "sequences per training and evaluation batch, in [1, 4096] (default 64)"),
                    opt("threads", "T", "batch-slice threads of the engine, in [1, 256] (default " + CORES + " = cores)"),
                    opt("out", "DIR", "run store directory (default runs)")));

    static final Command SWEEP = new Command("sweep", "train a grid of runs in parallel, resumably", """
            The grid is tasks x conditions x vary-axes x seeds, from --grid FILE (see data/grids/) and/or the options
            below (options override the file). Finished runs are reused, interrupted ones resume, a failing run is
            recorded in its FAILED file and the others go on. Prints the per-run and summary tables at the end.""",
            List.of(opt("grid", "FILE", "grid file: lines 'key = value' with keys tasks, conditions, seeds, epochs, steps, eval-batches, batch-size, vary.<spec property>"),
                    opt("tasks", "LIST", "comma list of tasks: " + String.join(", ", TaskRegistry.standard().names()) + " (default parity)"),
                    opt("conditions", "LIST", "comma list of " + CONDITIONS + " (default cbrnn)"),
                    opt("seeds", "LIST", "seeds as a-b or a,b,c, each >= 0 (default 1)"),
                    opt("epochs", "E", "epoch budget per run, in [1, 1000000] (default 1000)"),
                    opt("steps", "K", "SGD steps per epoch, in [1, 1000000] (default 100)"),
                    opt("eval-batches", "K", "evaluation batches per epoch, in [1, 1000000] (default 50)"),
                    opt("vary", "AXES", "extra axes 'property=v1,v2;property=v1,v2', e.g. 'schedule=joint,freeze-L4;model.granuleSize=128,256'"),
                    opt("parallel", "P", "runs trained at once, in [1, 256] (default " + CORES + " = cores)"),
                    opt("threads", "T", "batch-slice threads per run, in [1, 256] (default 1)"),
                    opt("out", "DIR", "run store directory (default runs/sweep)"),
                    flag("dry-run", "list the runs and whether they are done, then stop")));

    static final Command REPRODUCE = new Command("reproduce", "the paper's Table 4 conditions on parity and DMS", """
            CB-RNN, RNN-202, full reservoir and interleaved reservoir on N-parity and delayed match-to-sample with the
            paper's curriculum, then the summary next to the paper's Table 4.
              --quick  2 seeds x 150 epochs per network (16 runs, ~10 min on 2 cores)
              --full   the paper's protocol: 8 seeds x 1000 epochs (64 runs; ~11 h on 2 cores, resumable)""",
            List.of(flag("quick", "reduced budget (the default when neither --quick nor --full is given)"),
                    flag("full", "the paper's budget: seeds 1-8, 1000 epochs"),
                    opt("tasks", "LIST", "comma list of parity, dms (default both)"),
                    opt("conditions", "LIST", "comma list of " + PAPER_CONDITIONS + " (default all four)"),
                    opt("seeds", "LIST", "override the seeds: a-b or a,b,c, each >= 0"),
                    opt("epochs", "E", "override the epoch budget, in [1, 1000000]"),
                    opt("parallel", "P", "runs trained at once, in [1, 256] (default " + CORES + " = cores)"),
                    opt("out", "DIR", "run store directory (default runs/reproduce-quick or runs/reproduce-full)")));

    static final Command SUMMARIZE = new Command("summarize", "print and save the Table-4 style summary of a run store", """
            Reads every run of the store (finished, partial and failed), prints one row per run and the mean and SD
            over seeds per task and condition next to the paper's numbers, and writes runs.csv and summary.csv into the
            store (atomically). max N = level trained in the last epoch; t_half = first epoch with N >= half the global
            max N of the task; AUC = trapezoid area under N(epoch); mean N = AUC / epochs.""",
            List.of(opt("store", "DIR", "run store directory (default runs/reproduce-quick)"),
                    opt("at-epoch", "E", "cut every run to its first E epochs before the metrics, in [1, 1000000] (compare partial runs)"),
                    opt("half-of", "WHICH", "global max N for t_half: 'kit' (highest max N of these runs, the paper's definition) or 'paper' (dms 38, parity 19)"),
                    opt("checkpoints", "LIST", "epochs at which N is listed per run, comma list in [1, 1000000] (default 25%,50%,100% of the longest run)"),
                    flag("tidy", "also write epochs-all.csv: one row per run-epoch with task, condition, seed, status"),
                    flag("no-save", "print only")));

    static final Command BENCH = new Command("bench", "median ms per training step: fast engine vs DL4J vs PyTorch, one run", """
            Runs bench/run.sh (needs the source checkout: the bench module and Debian's python3-torch, which it installs).
            Writes bench/results/latest.md (--quick: bench/results/quick.md).""",
            List.of(opt("models", "LIST", "comma list of cbrnn, rnn202 (default both)"),
                    opt("sizes", "LIST", "comma list of BxT with B in [1, 4096] and T in [1, 10000] (default 64x30,64x60,256x60)"),
                    opt("engines", "LIST", "comma list of fast1, fast2, samediff (default all three)"),
                    opt("reps", "R", "timed repetitions per cell, in [5, 10000] (default 40)"),
                    flag("no-profile", "skip the per-phase profile of the Java step"),
                    flag("quick", "B64 T60 only, fast engines only, 15 repetitions, no profile")));

    static final Command TASKS = new Command("tasks", "list the registered tasks", "", List.of());
    static final Command MODELS = new Command("models", "list the architectures with parameter counts", "", List.of());
    static final List<Command> COMMANDS = List.of(TRAIN, SWEEP, REPRODUCE, SUMMARIZE, BENCH, TASKS, MODELS);

    private Main() {}

    public static void main(String[] argv) {
        int code;
        try {
            code = run(argv, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("cbrnn: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs a command line; returns the exit code. Bad options throw {@link IllegalArgumentException} before any work. */
    static int run(String[] argv, PrintStream out) {
        String cmd = argv.length == 0 ? "help" : argv[0];
        if (cmd.equals("help") || cmd.equals("--help") || cmd.equals("-h")) {
            out.print(help());
            return 0;
        }
        Command c = COMMANDS.stream().filter(x -> x.name().equals(cmd)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown command '" + cmd + "'; commands: " + String.join(", ", COMMANDS.stream().map(Command::name).toList())));
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                out.print(c.help());
                return 0;
            }
        }
        Args a = new Args(c, argv, 1);
        return switch (cmd) {
            case "train" -> train(a, out);
            case "sweep" -> sweep(a, out);
            case "reproduce" -> reproduce(a, out);
            case "summarize" -> summarize(a, out);
            case "bench" -> bench(a, out);
            case "tasks" -> tasks(out);
            default -> models(out);
        };
    }

    static String help() {
        StringBuilder sb = new StringBuilder("cbrnn: cortico-cerebellar RNNs (Voce, Giannakakis & Clopath 2026) in Java\n\ncommands:\n");
        for (Command c : COMMANDS) sb.append(String.format("  %-11s %s%n", c.name(), c.summary()));
        sb.append("\n'cbrnn <command> --help' lists a command's options. Main job: cbrnn reproduce --quick\n");
        return sb.toString();
    }

    // ------------------------------------------------------------------ commands

    static int train(Args a, PrintStream out) {
        String task = a.choice("task", "parity", TaskRegistry.standard().names());
        String condName = a.choice("condition", "cbrnn", CONDITIONS);
        Condition cond = Condition.byName(condName, task);
        if (a.has("schedule")) {
            PlasticitySchedule s = parseOption("schedule", () -> PlasticitySchedule.parse(a.str("schedule", "")));
            cond = new Condition(cond.label() + " [" + s.label() + "]", cond.model(), s);
        }
        long seed = a.integer("seed", 1, 0, Integer.MAX_VALUE);
        TrainingConfig tc = TrainingConfig.paper().withMaxEpochs(a.integer("epochs", 1000, 1, 1_000_000))
                .withStepsPerEpoch(a.integer("steps", 100, 1, 1_000_000))
                .withEvalBatches(a.integer("eval-batches", 50, 1, 1_000_000))
                .withBatchSize(a.integer("batch-size", 64, 1, 4096))
                .withEvalBatchSize(a.integer("batch-size", 64, 1, 4096));
        int threads = a.integer("threads", CORES, 1, 256);
        RunStore store = RunStore.at(storeDir(a, "runs"));
        RunSpec spec = RunSpec.of(cond, task, tc, seed);
        out.printf("cbrnn train: %s on %s, seed %d, %d epochs, %d thread(s), kernels %s%n  run directory: %s%n", cond.label(), task,
                seed, tc.maxEpochs(), threads, Kernels.describe(), store.dirOf(spec).toAbsolutePath());
        RunResult r;
        try (FastEngine engine = FastEngine.create(threads)) {
            r = whileResumable(store.root(), () -> store.run(spec, engine, ProgressBar.create(spec.condition() + " s" + seed, tc.maxEpochs())));
        }
        List<RunResult> one = List.of(r);
        out.println(ResultTables.perRun(one, ResultTables.globalMax(one)).printAll());
        return r.complete() ? 0 : interrupted(out);
    }

    static int sweep(Args a, PrintStream out) {
        StringBuilder grid = new StringBuilder();
        if (a.has("grid")) {
            Path f = Path.of(a.str("grid", ""));
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--grid must be a readable grid file, got '" + f + "' (not found)");
            try {
                grid.append(Files.readString(f)).append('\n');
            } catch (IOException e) {
                throw new IllegalArgumentException("--grid " + f + " cannot be read: " + e.getMessage());
            }
        }
        // options after the file: a later key replaces the file's
        if (a.has("tasks")) grid.append("tasks = ").append(String.join(",", a.list("tasks", "", TaskRegistry.standard().names()))).append('\n');
        if (a.has("conditions")) grid.append("conditions = ").append(String.join(",", a.list("conditions", "", CONDITIONS))).append('\n');
        if (a.has("seeds")) {
            a.seeds("seeds", "1");
            grid.append("seeds = ").append(a.str("seeds", "")).append('\n');
        }
        if (!a.has("grid") || a.has("epochs")) grid.append("epochs = ").append(a.integer("epochs", 1000, 1, 1_000_000)).append('\n');
        if (a.has("steps")) grid.append("steps = ").append(a.integer("steps", 100, 1, 1_000_000)).append('\n');
        if (a.has("eval-batches")) grid.append("eval-batches = ").append(a.integer("eval-batches", 50, 1, 1_000_000)).append('\n');
        if (a.has("vary")) {
            StringBuilder axes = new StringBuilder();
            for (String axis : a.str("vary", "").split(";")) {
                int eq = axis.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--vary must be 'property=v1,v2;property=v1,v2', got '" + axis + "'");
                axes.append("vary.").append(axis, 0, eq).append(" = ").append(axis.substring(eq + 1)).append('\n');
            }
            parseOption("vary", () -> SweepGrid.parse(axes.toString())); // checked alone, so its errors name --vary
            grid.append(axes);
        }
        SweepGrid g;
        try {
            g = SweepGrid.parse(grid.toString());
        } catch (IllegalArgumentException e) {
            // the options were checked one by one above; what is left comes from the file
            throw new IllegalArgumentException("--grid " + a.str("grid", "") + ": " + e.getMessage(), e);
        }
        int parallel = a.integer("parallel", CORES, 1, 256), threads = a.integer("threads", 1, 1, 256);
        return runSweep("cbrnn sweep", g.specs(), parallel, threads, storeDir(a, "runs/sweep"), a.flag("dry-run"), out);
    }

    static int reproduce(Args a, PrintStream out) {
        if (a.flag("quick") && a.flag("full")) throw new IllegalArgumentException("--quick and --full exclude each other; give one");
        boolean full = a.flag("full");
        List<String> tasks = a.list("tasks", "parity,dms", List.of("parity", "dms"));
        List<String> conds = a.list("conditions", String.join(",", PAPER_CONDITIONS), PAPER_CONDITIONS);
        long[] seeds = a.seeds("seeds", full ? "1-8" : QUICK_SEEDS);
        int epochs = a.integer("epochs", full ? 1000 : QUICK_EPOCHS, 1, 1_000_000);
        int parallel = a.integer("parallel", CORES, 1, 256);
        Path dir = storeDir(a, full ? "runs/reproduce-full" : "runs/reproduce-quick");
        SweepGrid g = SweepGrid.builder().tasks(tasks.toArray(String[]::new)).conditions(conds.toArray(String[]::new)).seeds(seeds)
                .epochs(epochs).build();
        // seed-major order: with a budget cut short, every condition has the same seeds done
        List<RunSpec> specs = new ArrayList<>(g.specs());
        specs.sort(java.util.Comparator.comparingLong(RunSpec::seed));
        out.printf("cbrnn reproduce (%s): %s x %s x seeds %s, %d epochs each%n", full ? "full, the paper's protocol" : "quick, reduced budget",
                tasks, conds, a.str("seeds", full ? "1-8" : QUICK_SEEDS), epochs);
        int code = runSweep("cbrnn reproduce", specs, parallel, 1, dir, false, out);
        if (code == 0) out.printf("%nSaved: %s and %s; print again with: cbrnn summarize --store %s%n", dir.resolve("runs.csv"),
                dir.resolve("summary.csv"), dir);
        return code;
    }

    static int summarize(Args a, PrintStream out) {
        Path dir = Path.of(a.str("store", "runs/reproduce-quick"));
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--store must be a run store directory, got '" + dir + "' (not a directory)");
        int atEpoch = a.integer("at-epoch", 0, 1, 1_000_000);
        String halfOf = a.choice("half-of", "kit", List.of("kit", "paper"));
        int[] cps = a.has("checkpoints") ? a.intList("checkpoints", "", 1, 1_000_000) : null;
        List<RunResult> runs = RunStore.at(dir).loadAll();
        if (runs.isEmpty()) throw new IllegalArgumentException("--store " + dir + " holds no runs with a finished epoch");
        return printSummary(runs, cps, atEpoch, halfOf.equals("paper"), a.flag("no-save") ? null : dir, a.flag("tidy"), out);
    }

    static int bench(Args a, PrintStream out) {
        // Validates and translates the options into bench/run.sh's environment; the ./cbrnn launcher evaluates the
        // printed assignments and runs the script (the harness lives in the bench module, PyTorch in Python).
        List<String> models = a.list("models", "cbrnn,rnn202", List.of("cbrnn", "rnn202"));
        List<String> sizes = a.list("sizes", a.flag("quick") ? "64x60" : "64x30,64x60,256x60", List.of());
        for (String s : sizes) {
            String[] bt = s.split("x");
            boolean ok = bt.length == 2 && bt[0].matches("\\d{1,4}") && bt[1].matches("\\d{1,5}");
            if (ok) {
                int b = Integer.parseInt(bt[0]), t = Integer.parseInt(bt[1]);
                ok = b >= 1 && b <= 4096 && t >= 1 && t <= 10_000;
            }
            if (!ok) throw new IllegalArgumentException("--sizes must be a comma list of BxT with B in [1, 4096] and T in [1, 10000], got '" + s + "'");
        }
        List<String> engines = a.list("engines", a.flag("quick") ? "fast1,fast2" : "fast1,fast2,samediff", List.of("fast1", "fast2", "samediff"));
        int reps = a.integer("reps", a.flag("quick") ? 15 : 40, 5, 10_000);
        boolean profile = !a.flag("no-profile") && !a.flag("quick");
        String env = "MODELS=" + String.join(",", models) + " SIZES=" + String.join(",", sizes)
                + " ENGINES=" + String.join(",", engines)
                + " JAVA_REPS=" + reps + " TORCH_REPS=" + reps + " PROFILE=" + (profile ? 1 : 0)
                + " RESULTS=bench/results/" + (a.flag("quick") ? "quick.md" : "latest.md");
        if (System.getenv("CBRNN_LAUNCHER") != null) {
            out.println(env);
            return 0;
        }
        System.err.println("cbrnn bench runs the bench module and PyTorch from the source checkout: use ./cbrnn bench, or " + env + " bash bench/run.sh");
        return 2;
    }

    static int tasks(PrintStream out) {
        for (Task t : TaskRegistry.standard().all()) {
            out.printf("%-8s %s (levels %d.., length N+2..4N+1)%n", t.name(), t.description(), t.minLevel());
        }
        return 0;
    }

    static int models(PrintStream out) {
        List<ModelConfig> l = List.of(ModelConfig.cbRnn(), ModelConfig.matchedElman(ModelConfig.cbRnn()), ModelConfig.gruCb(),
                ModelConfig.gru(128), ModelConfig.auxControl(), ModelConfig.readoutCerebellum());
        for (ModelConfig c : l) out.printf("%-28s %7d  %s%n", c.label(), c.parameterCount(), c.parameterBreakdown());
        return 0;
    }

    // ------------------------------------------------------------------ shared

    private static int runSweep(String title, List<RunSpec> specs, int parallel, int threads, Path dir, boolean dryRun, PrintStream out) {
        RunStore store = RunStore.at(dir);
        Sweep sweep = Sweep.of(specs).parallelRuns(parallel).threadsPerRun(threads);
        if (dryRun) {
            for (RunSpec s : specs) {
                String status = store.load(s).map(r -> r.status() + ", " + r.records().size() + " epochs").orElse("not started");
                out.printf("%-60s %s%n", s.id(), status);
            }
            out.printf("%d runs; store %s%n", specs.size(), dir.toAbsolutePath());
            return 0;
        }
        out.printf("%s: %d runs, %s x %d thread(s), kernels %s, store %s%n", title, specs.size(), sweep.executor().describe(), threads,
                Kernels.describe(), dir.toAbsolutePath());
        SweepProgress progress = new SweepProgress(specs, out);
        List<RunResult> results = whileResumable(dir, () -> sweep.listeners(progress::listenerFor).onRunEnd(progress::runEnded).run(store));
        progress.finish();
        int code = printSummary(results, null, 0, false, dir, false, out);
        long failed = results.stream().filter(RunResult::failed).count();
        boolean allDone = results.size() == specs.size() && results.stream().allMatch(RunResult::complete);
        if (failed > 0) {
            out.printf("%d run(s) failed; their errors are in FAILED files of the run directories; run the command again to retry them.%n", failed);
            return 1;
        }
        if (!allDone || Thread.currentThread().isInterrupted()) return interrupted(out);
        return code;
    }

    private static int printSummary(List<RunResult> runs, int[] checkpoints, int atEpoch, boolean paperHalf, Path saveDir, boolean tidy,
                                    PrintStream out) {
        List<RunResult> cut = atEpoch > 0 ? ResultTables.atEpoch(runs, atEpoch) : runs;
        int longest = cut.stream().mapToInt(r -> r.records().size()).max().orElse(1);
        int[] cps = checkpoints != null ? checkpoints
                : longest >= 8 ? new int[] {Math.max(1, longest / 4), Math.max(1, longest / 2), longest} : new int[] {longest};
        Map<String, Double> gm = ResultTables.globalMax(cut);
        if (paperHalf) {
            Map<String, Double> p = new LinkedHashMap<>();
            gm.keySet().forEach(t -> p.put(t, PaperReference.globalMax(t)));
            gm = p;
        }
        Table perRun = ResultTables.perRun(cut, gm, cps);
        Table summary = ResultTables.summary(cut, gm);
        out.println();
        out.println(perRun.printAll());
        out.println();
        out.println(summary.printAll());
        out.println();
        out.println((atEpoch > 0 ? "Runs cut to their first " + atEpoch + " epochs. " : "") + "t_half = first epoch with N >= half the global max N "
                + gm + (paperHalf ? " (the paper's)" : " (highest max N of these runs)")
                + "; the paper's columns are for 1000 epochs and 8 networks (its global max: dms 38, parity 19).");
        out.println(PaperReference.table().printAll());
        for (RunResult r : runs) if (r.failed()) out.printf("FAILED %s: %s%n", r.spec().id(), r.error());
        if (saveDir != null) {
            try {
                AtomicFiles.writeString(saveDir.resolve("runs.csv"), csvText(perRun));
                AtomicFiles.writeString(saveDir.resolve("summary.csv"), csvText(summary));
                if (tidy) AtomicFiles.writeString(saveDir.resolve("epochs-all.csv"), csvText(ResultTables.tidy(cut)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the summary into " + saveDir, e);
            }
        }
        return 0;
    }

    /**
     * Runs {@code work} with a shutdown hook that tells a user who pressed Ctrl-C (or whose job was killed politely)
     * that nothing finished is lost: every finished epoch is checkpointed, and the same command resumes.
     */
    private static <T> T whileResumable(Path dir, java.util.function.Supplier<T> work) {
        Thread hook = new Thread(() -> System.err.println(
                "\ncbrnn: stopped. Every finished epoch is stored in " + dir.toAbsolutePath() + "; run the same command again to resume."));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs
            }
        }
    }

    private static String csvText(Table t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.write().csv(w);
        return w.toString();
    }

    private static Path storeDir(Args a, String def) {
        Path p = Path.of(a.str("out", def));
        if (Files.exists(p) && !Files.isDirectory(p)) throw new IllegalArgumentException("--out must be a directory, got '" + p + "' (a file)");
        try {
            Files.createDirectories(p); // fail now, not after the first epoch, if it cannot be created
        } catch (IOException e) {
            throw new IllegalArgumentException("--out must be a directory that can be created, got '" + p + "': " + e);
        }
        return p;
    }

    private static <T> T parseOption(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
        }
    }

    private static int interrupted(PrintStream out) {
        out.println("Interrupted: run the same command again to resume (finished epochs are kept).");
        return 130;
    }
}
