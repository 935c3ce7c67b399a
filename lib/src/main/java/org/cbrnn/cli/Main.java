package org.cbrnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.ResultTables;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.TrainingConfig;
import tech.tablesaw.api.Table;

/**
 * Command line: {@code cbrnn compare | tasks | models}. Thin: parses options, builds specs, runs a {@link Sweep},
 * prints tables. All logic lives in the library packages.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) {
        try {
            System.exit(run(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("cbrnn: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] argv) {
        String cmd = argv.length == 0 ? "help" : argv[0];
        return switch (cmd) {
            case "compare" -> compare(argv);
            case "tasks" -> tasks();
            case "models" -> models();
            case "help", "--help", "-h" -> help();
            default -> throw new IllegalArgumentException("unknown command '" + cmd + "'; commands: compare, tasks, models, help");
        };
    }

    static int help() {
        System.out.println("""
                cbrnn: cortico-cerebellar RNNs (Voce, Giannakakis & Clopath 2026) in Java

                  cbrnn compare [options]   train conditions x tasks x seeds with the paper's curriculum and print tables
                      --tasks parity,dms          tasks (default parity)
                      --conditions cbrnn,rnn202   any of cbrnn, rnn202, full-reservoir, interleaved, gru, cbgru, aux, readout-cb
                      --seeds 1-2                 seeds, a-b or a,b,c (default 1-2)
                      --epochs 100                epoch budget per run (paper: 1000)
                      --steps 100                 SGD steps per epoch (paper: 100)
                      --eval-batches 50           evaluation batches per epoch (paper: 50)
                      --parallel 2                runs trained at once
                      --threads 1                 batch-slice threads per run
                      --checkpoints 25,50,100     epochs at which N is tabulated
                      --out runs                  run store (finished runs are reused, interrupted ones resume)
                  cbrnn tasks                 list the registered tasks
                  cbrnn models                list the architectures with parameter counts
                """);
        return 0;
    }

    static int tasks() {
        for (Task t : TaskRegistry.standard().all()) {
            System.out.printf("%-8s %s (levels %d.., length N+2..4N+1)%n", t.name(), t.description(), t.minLevel());
        }
        return 0;
    }

    static int models() {
        List<ModelConfig> l = List.of(ModelConfig.cbRnn(), ModelConfig.matchedElman(ModelConfig.cbRnn()), ModelConfig.gruCb(),
                ModelConfig.gru(128), ModelConfig.auxControl(), ModelConfig.readoutCerebellum());
        for (ModelConfig c : l) System.out.printf("%-28s %7d  %s%n", c.label(), c.parameterCount(), c.parameterBreakdown());
        return 0;
    }

    static int compare(String[] argv) {
        Args a = new Args(argv, 1, Set.of("tasks", "conditions", "seeds", "epochs", "steps", "eval-batches", "parallel", "threads",
                "checkpoints", "out"));
        List<String> tasks = a.list("tasks", "parity");
        for (String t : tasks) TaskRegistry.standard().get(t);
        List<String> conds = a.list("conditions", "cbrnn,rnn202");
        List<Long> seeds = a.seeds("seeds", "1-2");
        int epochs = a.integer("epochs", 100, 1, 100_000);
        TrainingConfig tc = TrainingConfig.paper().withMaxEpochs(epochs)
                .withStepsPerEpoch(a.integer("steps", 100, 1, 100_000))
                .withEvalBatches(a.integer("eval-batches", 50, 1, 100_000));
        int parallel = a.integer("parallel", 2, 1, 64), threads = a.integer("threads", 1, 1, 64);
        List<String> cps = a.list("checkpoints", epochs >= 40 ? (epochs / 4) + "," + (epochs / 2) + "," + epochs : "" + epochs);
        int[] checkpoints = cps.stream().mapToInt(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--checkpoints must be a comma list of epochs, got '" + s + "'");
            }
        }).toArray();
        Path out = Path.of(a.str("out", "runs"));

        List<RunSpec> specs = new ArrayList<>();
        for (String task : tasks) for (String c : conds) for (long s : seeds) specs.add(RunSpec.of(Condition.byName(c, task), task, tc, s));

        System.out.printf("cbrnn compare: %d runs (%s x %s x seeds %s), %d epochs each, %d at once x %d thread(s), kernels: %s, store: %s%n",
                specs.size(), tasks, conds, seeds, epochs, parallel, threads, Kernels.describe(), out.toAbsolutePath());
        SweepProgress progress = new SweepProgress(specs, System.out);
        List<RunResult> results = Sweep.of(specs).parallelRuns(parallel).threadsPerRun(threads)
                .listeners(progress::listenerFor).run(RunStore.at(out));
        progress.finish();

        Map<String, Double> gm = ResultTables.globalMax(results);
        Table perRun = ResultTables.perRun(results, gm, checkpoints);
        System.out.println();
        System.out.println(perRun.printAll());
        System.out.println();
        Table summary = ResultTables.summary(results, gm);
        System.out.println(summary.printAll());
        System.out.println();
        System.out.println("t_half = first epoch with N >= half the highest max N of the compared runs " + gm
                + "; the paper's columns are for 1000 epochs and 8 networks (global max: dms 38, parity 19).");
        System.out.println(PaperReference.table().printAll());
        boolean allDone = results.size() == specs.size() && results.stream().allMatch(RunResult::complete);
        if (!allDone) {
            System.out.println("Interrupted: run the same command again to resume.");
            return 130;
        }
        return 0;
    }
}
