package org.cbrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.ProtocolProfiles;
import org.cbrnn.experiment.ProtocolTables;
import org.cbrnn.experiment.TaskProfile;
import org.cbrnn.experiment.ResultTables;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.options.Opt;
import org.cbrnn.util.AtomicFiles;
import tech.tablesaw.api.Table;

/** What the commands that train share: the store directory, running a sweep with its plan, the summary tables. */
final class RunSupport {
    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final int MAX_THREADS = 256;

    static final Opt<Path> OUT = Opt.path("out", "DIR", Opt.PathRule.CREATABLE_DIRECTORY, "run store directory");
    static final Opt<Integer> PARALLEL = Opt.integer("parallel", "P", 1, MAX_THREADS, "runs trained at once")
            .withDefault(CORES, CORES + " = cores");
    static final Opt<Integer> THREADS = Opt.integer("threads", "T", 1, MAX_THREADS, "batch-slice threads of the engine per run");

    private RunSupport() {}

    /** The store directory given or defaulted, checked with {@link #OUT}'s rule (a default is checked too). */
    static Path out(Path given) {
        return OUT.parse("--" + OUT.name(), given.toString());
    }

    /** Creates the store directory; called after the plan is accepted, so a refused plan leaves no directory behind. */
    static Path createStore(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out must be a directory that can be created, got '" + dir + "': " + e);
        }
        return dir;
    }

    /** Shows the plan, asks if it is large, then trains {@code specs} into {@code dir}; {@code dryRun} lists them instead. */
    static int runSweep(String title, List<RunSpec> specs, int parallel, int threads, Path dir, boolean dryRun, boolean yes, Context ctx) {
        return runSweep(title, specs, parallel, threads, dir, List.of(), dryRun, yes, ctx);
    }

    /** As below, on this machine. */
    static int runSweep(String title, List<RunSpec> specs, int parallel, int threads, Path dir, List<Path> shareFrom, boolean dryRun, boolean yes,
                        Context ctx) {
        return runSweep(title, specs, parallel, threads, dir, shareFrom, dryRun, yes, ExecutorChoice.LOCAL, ctx);
    }

    /**
     * As above; new runs may also start from the saved prefixes of the runs in the stores {@code shareFrom}, and train
     * where {@code exec} says (a remote executor is connected after the plan is accepted, and closed at the end).
     */
    static int runSweep(String title, List<RunSpec> specs, int parallel, int threads, Path dir, List<Path> shareFrom, boolean dryRun, boolean yes,
                        ExecutorChoice exec, Context ctx) {
        PrintStream out = ctx.out();
        Plan plan = Plan.of(specs, parallel, threads, CORES);
        if (dryRun) {
            RunStore store = RunStore.at(dir);
            for (RunSpec s : specs) {
                String status = Files.isDirectory(dir) ? store.load(s).map(r -> r.status() + ", " + r.records().size() + " epochs").orElse("not started")
                        : "not started";
                out.printf("%-60s %s%n", s.id(), status);
            }
            out.printf("%d runs; store %s%n%s%n", specs.size(), dir.toAbsolutePath(), plan.describe());
            return 0;
        }
        plan.confirm(yes, ctx.confirm(), out);
        RunStore store = RunStore.at(createStore(dir)).withPrefixSources(shareFrom.toArray(Path[]::new))
                .withNotices(m -> out.println("  " + m));
        org.cbrnn.experiment.SweepExecutor executor = exec.open(parallel);
        try {
            return sweepWith(title, specs, threads, dir, store, executor, out);
        } finally {
            if (executor instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    out.println("  could not stop the executor cleanly: " + e);
                }
            }
        }
    }

    private static int sweepWith(String title, List<RunSpec> specs, int threads, Path dir, RunStore store, org.cbrnn.experiment.SweepExecutor executor,
                                 PrintStream out) {
        Sweep sweep = Sweep.of(specs).executor(executor).threadsPerRun(threads);
        out.printf("%s: %d runs, %s x %d thread(s), kernels %s, store %s%n", title, specs.size(), sweep.executor().describe(), threads,
                Kernels.describe(), dir.toAbsolutePath());
        SweepProgress progress = new SweepProgress(specs, out);
        List<RunResult> results = whileResumable(dir, () -> sweep.listeners(progress::listenerFor).onRunEnd(progress::runEnded).run(store));
        progress.finish();
        int shared = specs.stream().mapToInt(store::sharedPrefixEpochs).sum();
        if (shared > 0) {
            int total = results.stream().mapToInt(r -> r.records().size()).sum();
            out.printf("shared prefixes: %,d of %,d epochs were taken from other runs' saved states instead of recomputed (%.0f%%)%n", shared, total,
                    100.0 * shared / Math.max(1, total));
        }
        // The store's runs.csv and summary.csv describe the whole store: a sweep over part of a shared store (a seed
        // added to a reproduction, a trunk for a freeze study) prints its own tables but leaves the store's alone.
        java.util.Set<String> swept = new java.util.HashSet<>();
        for (RunSpec s : specs) swept.add(s.id());
        long others = store.check().stream().filter(c -> !swept.contains(c.run())).count();
        int code = printSummary(results, null, 0, false, others == 0 ? dir : null, false, out);
        if (others > 0) {
            out.printf("%nThe store holds %d other run(s), so its runs.csv and summary.csv were left as they were; "
                    + "cbrnn summarize --store %s rewrites them over every run.%n", others, dir);
        } else {
            out.printf("%nSaved: %s and %s; print again with: cbrnn summarize --store %s%n", dir.resolve("runs.csv"), dir.resolve("summary.csv"), dir);
        }
        long failed = results.stream().filter(RunResult::failed).count();
        boolean allDone = results.size() == specs.size() && results.stream().allMatch(RunResult::complete);
        if (failed > 0) {
            out.printf("%d run(s) failed; their errors are in FAILED files of the run directories; run the command again to retry them.%n", failed);
            return 1;
        }
        if (!allDone || Thread.currentThread().isInterrupted()) return interrupted(out);
        return code;
    }

    static int printSummary(List<RunResult> runs, List<Integer> checkpoints, int atEpoch, boolean paperHalf, Path saveDir, boolean tidy,
                            PrintStream out) {
        List<RunResult> cut = atEpoch > 0 ? ResultTables.atEpoch(runs, atEpoch) : runs;
        int longest = cut.stream().mapToInt(r -> r.records().size()).max().orElse(1);
        int[] cps = checkpoints != null ? checkpoints.stream().mapToInt(Integer::intValue).toArray()
                : longest >= 8 ? new int[] {Math.max(1, longest / 4), Math.max(1, longest / 2), longest} : new int[] {longest};
        Map<String, Double> gm = ResultTables.globalMax(cut);
        if (paperHalf) {
            Map<String, Double> p = new LinkedHashMap<>();
            gm.keySet().forEach(t -> p.put(t, ProtocolProfiles.find(t).map(TaskProfile::globalMax).orElseGet(() -> PaperReference.globalMax(t))));
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
        // the finished runs of the paper's budget tested against its numbers (not for runs cut with --at-epoch)
        Table versus = atEpoch > 0 ? null : org.cbrnn.results.VersusPaper.table(runs);
        if (versus != null && versus.rowCount() > 0) {
            out.println();
            out.println(versus.printAll());
        }
        printProtocolTables(cut, longest, out);
        for (RunResult r : runs) if (r.failed()) out.printf("FAILED %s: %s%n", r.spec().id(), r.error());
        if (saveDir != null) {
            try {
                AtomicFiles.writeString(saveDir.resolve("runs.csv"), csvText(perRun));
                AtomicFiles.writeString(saveDir.resolve("summary.csv"), csvText(summary));
                if (tidy) AtomicFiles.writeString(saveDir.resolve("epochs-all.csv"), csvText(ResultTables.tidy(cut)));
                if (versus != null && versus.rowCount() > 0) AtomicFiles.writeString(saveDir.resolve("versus-paper.csv"), csvText(versus));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the summary into " + saveDir, e);
            }
        }
        return 0;
    }

    /** The multitask and switching tables (§12.6) when the runs include such protocols; nothing otherwise. */
    static void printProtocolTables(List<RunResult> runs, int epochs, PrintStream out) {
        if (runs.stream().anyMatch(r -> r.spec().task().equals("multitask"))) {
            out.println();
            out.println(ProtocolTables.multitask(runs, ProtocolProfiles.MULTITASK.globalMax(), Math.max(1, epochs)).printAll());
            out.println("multitask: t_half = first epoch with shared N >= " + ProtocolProfiles.MULTITASK.globalMax() / 2
                    + " (half the paper's global max 23); the paper's columns: 8 networks, 1000 epochs.");
        }
        if (runs.stream().anyMatch(r -> r.spec().task().equals("switching"))) {
            out.println();
            out.println(ProtocolTables.switching(runs, ProtocolProfiles.SWITCHING_WINDOW).printAll());
            out.println(ProtocolTables.savings(runs, "switching", ProtocolProfiles.SWITCHING_WINDOW, 5).printAll());
        }
        if (runs.stream().anyMatch(r -> r.spec().task().equals("continual"))) {
            out.println();
            out.println(ProtocolTables.savings(runs, "continual", Integer.MAX_VALUE, 5).printAll());
        }
    }

    /**
     * Runs {@code work} with a shutdown hook that tells a user who pressed Ctrl-C (or whose job was killed politely)
     * that nothing finished is lost: every finished epoch is checkpointed, and the same command resumes.
     */
    static <T> T whileResumable(Path dir, java.util.function.Supplier<T> work) {
        Thread hook = new Thread(() -> {
            System.err.println("\ncbrnn: stopped. Every finished epoch is stored in " + dir.toAbsolutePath() + "; run the same command again to resume.");
            System.err.flush();
        });
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

    static int interrupted(PrintStream out) {
        out.println("Interrupted: run the same command again to resume (finished epochs are kept).");
        return 130;
    }

    private static String csvText(Table t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.write().csv(w);
        return w.toString();
    }
}
