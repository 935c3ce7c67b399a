package org.cbrnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.experiment.ResultTables;
import org.cbrnn.experiment.RunOptions;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;
import org.cbrnn.plot.ProgressBar;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Protocol;
import org.cbrnn.train.TrainingConfig;

/** {@code cbrnn train}: one network with the paper's curriculum, resumable. */
final class TrainCommand extends Command {
    static final Opt<Integer> BATCH_SIZE = RunOptions.BATCH_SIZE.withHelp("sequences per training and evaluation batch");
    static final Opt<Integer> THREADS = RunSupport.THREADS.withDefault(RunSupport.CORES, RunSupport.CORES + " = cores");
    static final Opt<Path> OUT = RunSupport.OUT.withDefault(Path.of("runs"));

    TrainCommand() {
        super("train", "train one network with the paper's curriculum",
                """
                        Writes spec, per-epoch table, a checkpoint every epoch, a model per solved level and the final model to
                        <out>/<run id>/. Running the same command again resumes an interrupted run or prints the finished one.""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(RunOptions.TASK, RunOptions.PROTOCOL, RunOptions.CONDITION, RunOptions.SCHEDULE, RunOptions.SEED, RunOptions.EPOCHS, RunOptions.STEPS,
                RunOptions.EVAL_BATCHES, BATCH_SIZE, THREADS, OUT);
    }

    @Override
    int run(OptValues o, Context ctx) {
        Protocol protocol = o.get(RunOptions.PROTOCOL);
        if (!protocol.isSingle() && o.has(RunOptions.TASK)) {
            throw new IllegalArgumentException("--task does not apply to --protocol " + protocol.label() + ": its tasks are " + protocol.headTasks());
        }
        String task = protocol.isSingle() ? o.get(RunOptions.TASK) : protocol.name();
        Condition cond = protocol.isSingle() ? Condition.byName(o.get(RunOptions.CONDITION), task)
                : ConditionRegistry.standard().condition(o.get(RunOptions.CONDITION), protocol);
        PlasticitySchedule s = o.get(RunOptions.SCHEDULE);
        if (s != null) cond = new Condition(cond.label() + " [" + s.label() + "]", cond.model(), s);
        final Condition chosen = cond;
        long seed = o.get(RunOptions.SEED);
        int batch = o.get(BATCH_SIZE);
        TrainingConfig tc = TrainingConfig.paper().withMaxEpochs(o.get(RunOptions.EPOCHS)).withStepsPerEpoch(o.get(RunOptions.STEPS))
                .withEvalBatches(o.get(RunOptions.EVAL_BATCHES)).withBatchSize(batch).withEvalBatchSize(batch);
        int threads = o.get(THREADS);
        RunStore store = RunStore.at(RunSupport.out(o.get(OUT)));
        RunSpec spec = protocol.isSingle() ? RunSpec.of(chosen, task, tc, seed) : RunSpec.of(chosen, protocol, tc, seed);
        ctx.out().printf("cbrnn train: %s on %s, seed %d, %d epochs, %d thread(s), kernels %s%n  run directory: %s%n", cond.label(), task,
                seed, tc.maxEpochs(), threads, Kernels.describe(), store.dirOf(spec).toAbsolutePath());
        RunResult r;
        try (FastEngine engine = FastEngine.create(threads)) {
            r = RunSupport.whileResumable(store.root(),
                    () -> store.run(spec, engine, ProgressBar.create(spec.condition() + " s" + seed, tc.maxEpochs())));
        }
        List<RunResult> one = List.of(r);
        ctx.out().println(ResultTables.perRun(one, ResultTables.globalMax(one)).printAll());
        return r.complete() ? 0 : RunSupport.interrupted(ctx.out());
    }
}
