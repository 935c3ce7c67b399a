package org.cbrnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunCheck;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;
import org.cbrnn.train.TrainingConfig;

/** {@code cbrnn summarize}: the Table-4 style summary of a run store, printed and saved. */
final class SummarizeCommand extends Command {
    static final Opt<Path> STORE = Opt.path("store", "DIR", Opt.PathRule.DIRECTORY, "run store directory").withDefault(Path.of("runs/reproduce-quick"));
    static final Opt<Integer> AT_EPOCH = Opt.integer("at-epoch", "E", 1, TrainingConfig.MAX_EPOCHS,
            "cut every run to its first E epochs before the metrics (compare partial runs)").withoutDefault("whole runs");
    static final Opt<String> HALF_OF = Opt.choice("half-of", "WHICH", () -> List.of("kit", "paper"),
            "global max N for t_half: 'kit' (highest max N of these runs, the paper's definition) or 'paper' (dms 38, parity 19)")
            .withDefault("kit");
    static final Opt<List<Integer>> CHECKPOINTS = Opt.intList("checkpoints", "LIST", 1, TrainingConfig.MAX_EPOCHS, "epochs at which N is listed per run")
            .withoutDefault("25%,50%,100% of the longest run");
    static final Opt<Boolean> TIDY = Opt.flag("tidy", "also write epochs-all.csv: one row per run-epoch with task, condition, seed, status");
    static final Opt<Boolean> NO_SAVE = Opt.flag("no-save", "print only");

    SummarizeCommand() {
        super("summarize", "print and save the Table-4 style summary of a run store",
                """
                        Reads every run of the store (finished, partial and failed), prints one row per run and the mean and SD
                        over seeds per task and condition next to the paper's numbers, and writes runs.csv and summary.csv into the
                        store (atomically). max N = level trained in the last epoch; t_half = first epoch with N >= half the global
                        max N of the task; AUC = trapezoid area under N(epoch); mean N = AUC / epochs.""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(STORE, AT_EPOCH, HALF_OF, CHECKPOINTS, TIDY, NO_SAVE);
    }

    @Override
    int run(OptValues o, Context ctx) {
        Path dir = STORE.parse("--" + STORE.name(), o.get(STORE).toString()); // the default is checked too
        RunStore store = RunStore.at(dir);
        List<RunCheck> checks = store.check();
        List<RunResult> runs = checks.stream().map(RunCheck::result).filter(java.util.Objects::nonNull).toList();
        // a directory whose spec cannot be read has no row in the tables: say so here (the others are in the tables)
        for (RunCheck c : checks) {
            if (c.health() == RunCheck.Health.DAMAGED && c.result() == null) ctx.out().println("DAMAGED " + c.run() + ": " + c.detail());
        }
        if (runs.isEmpty()) throw new IllegalArgumentException("--store " + dir + " holds no runs with a finished epoch");
        int atEpoch = o.getOr(AT_EPOCH, 0);
        if (checks.stream().anyMatch(c -> c.health() == RunCheck.Health.DAMAGED)) {
            ctx.out().println("damaged runs are listed as failed and left out of every metric; see: cbrnn store check --store " + dir);
        }
        return RunSupport.printSummary(runs, o.get(CHECKPOINTS), atEpoch, o.get(HALF_OF).equals("paper"), o.get(NO_SAVE) ? null : dir,
                o.get(TIDY), ctx.out());
    }
}
