package org.cbrnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cbrnn.experiment.RunOptions;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.SweepGrid;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;
import org.cbrnn.train.Protocol;

/** {@code cbrnn reproduce}: the paper's Table 4 conditions on parity and DMS, at a reduced or the paper's budget. */
final class ReproduceCommand extends Command {
    /**
     * The reduced budget of {@code reproduce --quick}: what two cores finish in about ten minutes, and long enough for
     * the interleaved reservoir's first refresh (parity N = 7, DMS N = 12) to be reached by some runs.
     */
    static final int QUICK_EPOCHS = 150;
    static final List<Long> QUICK_SEEDS = List.of(1L, 2L);
    static final int FULL_EPOCHS = 1000;
    static final List<Long> FULL_SEEDS = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

    static final Opt<Boolean> QUICK = Opt.flag("quick", "reduced budget: seeds 1-2, " + QUICK_EPOCHS + " epochs (the default when neither "
            + "--quick nor --full is given)");
    static final Opt<Boolean> FULL = Opt.flag("full", "the paper's budget: seeds 1-8, " + FULL_EPOCHS + " epochs");
    static final Opt<List<String>> TASKS = Opt.choiceList("tasks", "LIST", () -> List.of("parity", "dms"), "the tasks")
            .withDefault(List.of("parity", "dms"));
    static final Opt<List<String>> CONDITIONS = Opt.choiceList("conditions", "LIST", () -> RunOptions.PAPER_CONDITION_NAMES, "the conditions")
            .withDefault(RunOptions.PAPER_CONDITION_NAMES, "all four");
    static final Opt<List<Long>> SEEDS = RunOptions.SEEDS.withHelp("override the seeds").withoutDefault("1-2, --full: 1-8");
    static final Opt<Integer> EPOCHS = RunOptions.EPOCHS.withHelp("override the epoch budget per run")
            .withoutDefault(QUICK_EPOCHS + ", --full: " + FULL_EPOCHS);
    static final Opt<Path> OUT = RunSupport.OUT.withoutDefault("runs/reproduce-quick, --full: runs/reproduce-full (with --protocol P: runs/reproduce-P-...)");
    /** The switching runs' budget at the paper's protocol: its analysis window (docs/protocol.md §12.2). */
    static final int FULL_SWITCHING_EPOCHS = 650;
    static final Opt<Protocol> PROTOCOL = RunOptions.PROTOCOL.withHelp("single (Table 4 on --tasks), or multitask / switching: the paper's"
            + " conditions under that protocol (--full: 1000 epochs multitask, the 650-epoch window switching)");

    ReproduceCommand() {
        super("reproduce", "the paper's Table 4 conditions on parity and DMS",
                """
                        CB-RNN, RNN-202, full reservoir and interleaved reservoir on N-parity and delayed match-to-sample with the
                        paper's curriculum, then the summary next to the paper's Table 4.
                          --quick  2 seeds x 150 epochs per network (16 runs, ~10 min on 2 cores)
                          --full   the paper's protocol: 8 seeds x 1000 epochs (64 runs; ~11 h on 2 AVX-512 cores, resumable; asks, or needs --yes)
                                   the plan printed before it starts estimates the time for this machine's vector width""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(QUICK, FULL, PROTOCOL, TASKS, CONDITIONS, SEEDS, EPOCHS, RunSupport.PARALLEL, OUT, Plan.YES, ExecutorChoice.EXECUTOR, ExecutorChoice.MASTER);
    }

    @Override
    int run(OptValues o, Context ctx) {
        if (o.get(QUICK) && o.get(FULL)) throw new IllegalArgumentException("--quick and --full exclude each other; give one");
        boolean full = o.get(FULL);
        ExecutorChoice exec = ExecutorChoice.of(o);
        Protocol protocol = o.get(PROTOCOL);
        if (!protocol.isSingle() && o.has(TASKS)) throw new IllegalArgumentException("--tasks does not apply to --protocol " + protocol.label());
        List<String> tasks = o.get(TASKS), conds = o.has(CONDITIONS) || protocol.isSingle() ? o.get(CONDITIONS) : paperConditions(protocol);
        List<Long> seeds = o.getOr(SEEDS, full ? FULL_SEEDS : QUICK_SEEDS);
        int fullEpochs = protocol.kind() == Protocol.Kind.SWITCHING ? FULL_SWITCHING_EPOCHS : FULL_EPOCHS;
        int epochs = o.getOr(EPOCHS, full ? fullEpochs : QUICK_EPOCHS);
        String name = protocol.isSingle() ? "reproduce" : "reproduce-" + protocol.name();
        Path dir = RunSupport.out(o.getOr(OUT, Path.of(full ? "runs/" + name + "-full" : "runs/" + name + "-quick")));
        SweepGrid g = SweepGrid.builder().tasks(tasks.toArray(String[]::new)).conditions(conds.toArray(String[]::new)).protocols(protocol)
                .seeds(seeds.stream().mapToLong(Long::longValue).toArray()).epochs(epochs).build();
        // seed-major order: with a budget cut short, every condition has the same seeds done
        List<RunSpec> specs = new ArrayList<>(g.specs());
        specs.sort(Comparator.comparingLong(RunSpec::seed));
        ctx.out().printf("cbrnn reproduce (%s): %s x %s x seeds %s, %d epochs each%n", budget(seeds, epochs),
                protocol.isSingle() ? tasks : protocol.label(), conds, seedText(seeds), epochs);
        return RunSupport.runSweep("cbrnn reproduce", specs, o.get(RunSupport.PARALLEL), 1, dir, List.of(), false, o.get(Plan.YES), exec, ctx);
    }

    /** The paper's conditions of a protocol: multitask has all four, task switching has no interleaved reservoir. */
    static List<String> paperConditions(Protocol p) {
        return p.kind() == Protocol.Kind.SWITCHING ? List.of("cbrnn", "rnn202", "full-reservoir") : RunOptions.PAPER_CONDITION_NAMES;
    }

    /** Names the budget by what it is, not by the flag given: {@code --quick --epochs 5000} is not a reduced budget. */
    static String budget(List<Long> seeds, int epochs) {
        if (seeds.equals(FULL_SEEDS) && epochs == FULL_EPOCHS) return "full, the paper's protocol";
        if (seeds.equals(QUICK_SEEDS) && epochs == QUICK_EPOCHS) return "quick, reduced budget";
        return "custom budget: " + seeds.size() + " seed(s), " + epochs + " epochs" + (epochs == FULL_EPOCHS ? ", the paper's" : "")
                + (epochs < FULL_EPOCHS ? ", fewer than the paper's " + FULL_EPOCHS : epochs > FULL_EPOCHS ? ", more than the paper's " + FULL_EPOCHS : "");
    }

    /** Seeds as given to the grid, shortened to {@code a-b} when consecutive. */
    static String seedText(List<Long> seeds) {
        boolean consecutive = seeds.size() >= 2;
        for (int i = 1; i < seeds.size() && consecutive; i++) consecutive = seeds.get(i) == seeds.get(i - 1) + 1;
        return consecutive ? seeds.get(0) + "-" + seeds.get(seeds.size() - 1) : String.join(",", seeds.stream().map(String::valueOf).toList());
    }
}
