package org.cbrnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;
import org.cbrnn.results.FreezeTiming;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.AtomicFiles;
import tech.tablesaw.api.Table;

/**
 * {@code cbrnn freeze-timing}: the freeze-timing analysis ({@link FreezeTiming}) of run stores, printed and saved, so
 * the study's verdicts are one command, not only a notebook.
 */
final class FreezeTimingCommand extends Command {
    static final Opt<List<Path>> STORES = Opt.custom("stores", "DIRS", "a comma list of existing run store directories",
            SweepCommand::storeList, "the stores read together: the joint (never frozen) baseline runs and the freeze runs")
            .withDefault(List.of(Path.of("data/reproduction"), Path.of("data/freeze-timing")));
    static final Opt<Integer> BUDGET = Opt.integer("budget", "E", 1, TrainingConfig.MAX_EPOCHS,
            "the epoch budget every measure is taken at (runs shorter than E are left out of the pairs)").withDefault(500);
    static final Opt<Path> SAVE = Opt.path("save", "DIR", Opt.PathRule.CREATABLE_DIRECTORY,
            "also write status.csv, design.csv, verdicts.csv, family-wise.csv, summary.csv and pairs.csv there (atomically)").withoutDefault("print only");

    FreezeTimingCommand() {
        super("freeze-timing", "the freeze-timing study's design and verdicts, paired by seed, from run stores",
                """
                        Reads every run of the stores whose model is the paper's CB-RNN (H 64, GC 256, PC 64) and pairs each run
                        whose core freezes with the joint run of the same task and seed. Every measure is taken from the freeze
                        epoch on, up to the budget: AUC of N, epochs to the level the joint run reached at the budget (censored at
                        the budget), max N at the budget. Per condition: n, the mean paired difference, its 95 % t interval and an
                        exact sign-flip p; the verdict is 'costs' when the interval lies wholly on the costly side, 'no detectable
                        cost' when it contains zero, 'too few seeds' below 3 seeds; the family-wise table repeats the verdicts with
                        Bonferroni-widened intervals over each task's conditions (data/freeze-timing/README.md).""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(STORES, BUDGET, SAVE);
    }

    @Override
    int run(OptValues o, Context ctx) {
        List<Path> dirs = o.get(STORES);
        int budget = o.get(BUDGET);
        List<RunStore> stores = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        for (Path d : dirs) {
            RunStore s = RunStore.at(d);
            stores.add(s);
            runs.addAll(s.loadAll());
        }
        ModelConfig cbrnn = ModelConfig.cbRnn();
        runs.removeIf(r -> !r.spec().model().equals(cbrnn));
        if (runs.isEmpty()) throw new IllegalArgumentException("--stores " + dirs + " hold no runs of the paper's CB-RNN");
        FreezeTiming ft = FreezeTiming.builder(runs).budget(budget).sharedPrefix(stores.toArray(RunStore[]::new)).build();
        if (ft.pairList().isEmpty()) {
            throw new IllegalArgumentException("--stores " + dirs + ": no freeze run has a joint run of the same task and seed with at least "
                    + budget + " epochs (--budget " + budget + ")");
        }
        List<Table> tables = List.of(ft.status(), ft.design(), ft.verdicts(), ft.familyWise(), ft.summary(), ft.pairs());
        List<String> names = List.of("status.csv", "design.csv", "verdicts.csv", "family-wise.csv", "summary.csv", "pairs.csv");
        ctx.out().println(ft);
        for (int i = 0; i < 4; i++) {
            ctx.out().println();
            ctx.out().println(tables.get(i).printAll());
        }
        int[] sc = ft.sharedAndComputed();
        ctx.out().printf("%nshared prefixes: %,d epochs taken from other runs' saved states, %,d computed within the budget%n", sc[0], sc[1]);
        if (o.has(SAVE)) {
            Path out = o.get(SAVE);
            try {
                Files.createDirectories(out);
                for (int i = 0; i < tables.size(); i++) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    tables.get(i).write().csv(w);
                    AtomicFiles.writeString(out.resolve(names.get(i)), w.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the tables into " + out, e);
            }
            ctx.out().println("Saved: " + String.join(", ", names) + " in " + out);
        }
        return 0;
    }
}
