package org.cbrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.RunOptions;
import org.cbrnn.experiment.SweepGrid;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/** {@code cbrnn sweep}: a grid of runs from a grid file and/or options, in parallel, resumably. */
final class SweepCommand extends Command {
    static final Opt<Path> GRID = Opt.path("grid", "FILE", Opt.PathRule.FILE,
            "grid file: lines 'key = value' with keys " + String.join(", ", RunOptions.GRID_KEYS.stream().map(Opt::name).toList())
                    + " (epochs required) and vary.<spec property>, each key once");
    static final Opt<Integer> EPOCHS = RunOptions.EPOCHS.withoutDefault("the grid file's; 1000 without --grid");
    static final Opt<Integer> THREADS = RunSupport.THREADS.withDefault(1);
    static final Opt<Path> OUT = RunSupport.OUT.withDefault(Path.of("runs/sweep"));
    static final Opt<List<Path>> SHARE_FROM = Opt.custom("share-from", "DIRS", "a comma list of existing run store directories",
            SweepCommand::storeList, "other stores whose runs' saved states new runs may start from (shared prefixes: e.g. freeze-timing"
                    + " runs branching from the joint runs of a Table-4 store); only read").withoutDefault("none");
    static final Opt<Boolean> DRY_RUN = Opt.flag("dry-run", "list the runs, whether they are done and the plan, then stop");
    /** The options that set a grid-file key of the same name (they replace the file's value). */
    private static final List<Opt<?>> GRID_OPTIONS = List.of(RunOptions.TASKS, RunOptions.CONDITIONS, RunOptions.SEEDS, EPOCHS, RunOptions.STEPS,
            RunOptions.EVAL_BATCHES, RunOptions.PROTOCOLS);

    SweepCommand() {
        super("sweep", "train a grid of runs in parallel, resumably", String.format(java.util.Locale.ROOT,
                """
                        The grid is tasks x conditions x vary-axes x seeds, from --grid FILE (see data/grids/) and/or the options
                        below (options replace the file's keys). Finished runs are reused, interrupted ones resume, a failing run is
                        recorded in its FAILED file and the others go on. Prints the per-run and summary tables at the end. A plan
                        (runs, epochs, estimated time) is printed first; above %d runs or %,d epochs it asks, or needs --yes.""",
                        Plan.CONFIRM_RUNS, Plan.CONFIRM_EPOCHS));
    }

    @Override
    List<Opt<?>> options() {
        return List.of(GRID, RunOptions.TASKS, RunOptions.PROTOCOLS, RunOptions.CONDITIONS, RunOptions.SEEDS, EPOCHS, RunOptions.STEPS, RunOptions.EVAL_BATCHES,
                RunOptions.VARY, RunSupport.PARALLEL, THREADS, OUT, SHARE_FROM, DRY_RUN, Plan.YES,
                ExecutorChoice.EXECUTOR, ExecutorChoice.MASTER);
    }

    @Override
    int run(OptValues o, Context ctx) {
        Path out = RunSupport.out(o.get(OUT));
        ExecutorChoice exec = ExecutorChoice.of(o);
        String text = "";
        if (o.has(GRID)) {
            try {
                text = Files.readString(o.get(GRID));
            } catch (IOException e) {
                throw new IllegalArgumentException("--grid " + o.get(GRID) + " cannot be read: " + e);
            }
        }
        // the options were parsed with the same declarations as the file's keys; as overrides they are passed as text
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Opt<?> opt : GRID_OPTIONS) if (o.has(opt)) overrides.put(opt.name(), text(o.get(opt)));
        if (!o.has(GRID) && !o.has(EPOCHS)) overrides.put(EPOCHS.name(), Integer.toString(RunOptions.EPOCHS.defaultValue()));
        Map<String, List<String>> axes = o.get(RunOptions.VARY);
        if (axes != null) {
            try {
                // checked alone, so that an error in an axis names --vary
                SweepGrid.Builder b = SweepGrid.builder();
                axes.forEach((k, v) -> b.vary(k, v.toArray(String[]::new)));
                b.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--vary: " + e.getMessage(), e);
            }
            axes.forEach((k, v) -> overrides.put("vary." + k, String.join(",", v)));
        }
        SweepGrid g;
        try {
            g = SweepGrid.parse(text, overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--grid " + (o.has(GRID) ? o.get(GRID) + ": " : "(none): ") + e.getMessage(), e);
        }
        return RunSupport.runSweep("cbrnn sweep", g.specs(), o.get(RunSupport.PARALLEL), o.get(THREADS), out, o.getOr(SHARE_FROM, List.of()), o.get(DRY_RUN),
                o.get(Plan.YES), exec, ctx);
    }

    /** A comma list of existing directories (also {@code freeze-timing --stores}). */
    static List<Path> storeList(String raw) {
        List<Path> out = new java.util.ArrayList<>();
        for (String item : Opt.items(raw)) {
            Path p = Path.of(item);
            if (!Files.isDirectory(p)) throw new IllegalArgumentException("'" + item + "' is not a directory");
            out.add(p);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no directory given");
        return out;
    }

    private static String text(Object v) {
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof org.cbrnn.train.Protocol) {
            return String.join(",", l.stream().map(x -> ((org.cbrnn.train.Protocol) x).label()).toList());
        }
        return v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
    }
}
