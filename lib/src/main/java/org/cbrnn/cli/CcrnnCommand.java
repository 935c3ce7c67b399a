package org.cbrnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cbrnn.ccrnn.CcConfig;
import org.cbrnn.ccrnn.CcCurriculum;
import org.cbrnn.ccrnn.CcCurriculumStore;
import org.cbrnn.ccrnn.CcLevelEpoch;
import org.cbrnn.ccrnn.CcEpoch;
import org.cbrnn.ccrnn.CcRegistry;
import org.cbrnn.ccrnn.CcRunSpec;
import org.cbrnn.ccrnn.CcRunStore;
import org.cbrnn.ccrnn.CcTrainer;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.experiment.RunOptions;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/** {@code cbrnn ccrnn}: the ccRNN study (docs/ccrnn.md): conditions x seeds on one task, resumable, then a summary. */
final class CcrnnCommand extends Command {
    static final Opt<String> TASK = Opt.choice("task", "NAME", () -> CcRegistry.standard().taskNames(), "the ccRNN-study task")
            .withDefault("line-drawing");
    static final Opt<List<String>> CONDITIONS = Opt.choiceList("conditions", "LIST", () -> CcRegistry.standard().conditionNames(),
            "the ccRNN-study conditions").withDefault(List.of("crnn", "ccrnn", "bptt"));
    static final Opt<Integer> TAU = Opt.integer("tau", "K", 0, 10_000, "truncation window in steps (0 = the task's; full BPTT ignores it)")
            .withDefault(0);
    static final Opt<Integer> EPOCHS = Opt.integer("epochs", "E", 0, CcConfig.MAX_EPOCHS, "epochs per run (0 = the task's)").withDefault(0);
    static final Opt<Integer> LESION_EPOCH = Opt.integer("lesion-epoch", "E", 0, CcConfig.MAX_EPOCHS,
            "first lesioned epoch of ccrnn-ablation / ccrnn-io (0 = the task's)").withDefault(0);
    static final Opt<Integer> DEPTH = Opt.integer("depth", "L", 0, 8, "cerebellar hidden layers (0 = the task's, 1)").withDefault(0);
    static final Opt<Integer> TRAIN_SIZE = Opt.integer("train-size", "N", 0, 10_000_000,
            "training sequences per epoch, a multiple of the batch of 50 (0 = the task's)").withDefault(0);
    static final Opt<Double> LR = Opt.decimal("lr", "R", 0, 1, "Adam learning rate (0 = the task's: 1e-3 line drawing, 1e-4 image tasks)").withDefault(0.0);
    static final Opt<Integer> PARALLEL = RunSupport.PARALLEL.withDefault(1);
    static final Opt<Path> OUT = RunSupport.OUT.withDefault(Path.of("runs/ccrnn"));
    static final Opt<String> CURRICULUM = Opt.choice("curriculum", "TASK", () -> List.of("parity", "dms"),
            "train crnn/ccrnn/bptt on this CB-RNN task under its curriculum (start N = 2, advance at >= 98 %; docs/ccrnn.md §8) instead of --task")
            .withoutDefault("the --task study");
    static final Opt<Boolean> DRY_RUN = Opt.flag("dry-run", "list the runs and whether they are done, then stop");

    CcrnnCommand() {
        super("ccrnn", "train the ccRNN study's conditions (cRNN, ccRNN, full BPTT, lesions; the CB-RNN and a plain RNN) on its tasks",
                """
                        Trains every (condition, seed) on the task into <out>/<run id>/ (spec.txt, epochs.csv, a checkpoint
                        after every epoch, cortex.bin when done), one engine thread per run, then prints the last epoch's
                        training curve and validation error per condition (mean +- SEM over seeds). Running the same
                        command again resumes unfinished runs and reuses finished ones. docs/ccrnn.md describes the method.""");
    }

    @Override
    List<Opt<?>> options() {
        return List.of(TASK, CONDITIONS, RunOptions.SEEDS, TAU, EPOCHS, LESION_EPOCH, DEPTH, TRAIN_SIZE, LR, CURRICULUM, PARALLEL, OUT, DRY_RUN);
    }

    /** The specs the options ask for; every configuration is built (and so checked) before any work. */
    static List<CcRunSpec> specs(OptValues o) {
        CcRegistry reg = CcRegistry.standard();
        String task = o.get(TASK);
        reg.task(task).task().get(); // a task whose data are missing fails here, before any work
        List<CcRunSpec> specs = new ArrayList<>();
        for (String c : o.get(CONDITIONS)) for (long seed : o.get(RunOptions.SEEDS)) {
            CcRunSpec s = CcRunSpec.of(reg, c, task, seed, 0);
            CcConfig cfg = s.config();
            CcConfig.Lesion lesion = cfg.lesion();
            cfg = cfg.withLesion(CcConfig.Lesion.NONE, 0); // put back below, once the epochs are known
            if (o.get(EPOCHS) > 0) cfg = cfg.withEpochs(o.get(EPOCHS));
            if (o.get(TAU) > 0 && cfg.tau() < CcConfig.FULL_BPTT) cfg = cfg.withTau(o.get(TAU));
            if (o.get(LR) > 0) cfg = cfg.withLearningRate(o.get(LR));
            // the synthesiser's depth means nothing to the Elman conditions (their cerebellum is the CB-RNN's), as tau to full BPTT
            if (o.get(DEPTH) > 0 && reg.condition(c).core() == org.cbrnn.ccrnn.CcCondition.Core.LSTM) cfg = cfg.withDepth(o.get(DEPTH));
            if (reg.condition(c).core() != org.cbrnn.ccrnn.CcCondition.Core.LSTM && reg.task(task).task().get().loss() != org.cbrnn.task.online.OnlineTask.Loss.MSE_FEEDBACK) {
                throw new IllegalArgumentException("--conditions " + c + " runs on the drawing tasks only (line-drawing, digit-drawing), not --task " + task);
            }
            if (o.get(TRAIN_SIZE) > 0) {
                try {
                    cfg = cfg.withData(cfg.batch(), o.get(TRAIN_SIZE), cfg.valSize());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--train-size: " + e.getMessage());
                }
            }
            if (lesion != CcConfig.Lesion.NONE) {
                int e = o.get(LESION_EPOCH) > 0 ? o.get(LESION_EPOCH) : reg.task(task).lesionEpoch();
                if (e > cfg.epochs()) throw new IllegalArgumentException("--lesion-epoch must be in [1, " + cfg.epochs() + "] (the epochs), got " + e);
                cfg = cfg.withLesion(lesion, e);
            }
            specs.add(new CcRunSpec(s.condition(), s.task(), cfg, seed));
        }
        return specs;
    }

    /** The curriculum study's specs: {@link CcCurriculum#base()} with --tau, --epochs, --lr, --depth applied. */
    static List<CcRunSpec> curriculumSpecs(OptValues o) {
        CcConfig base = CcCurriculum.base();
        if (o.get(TAU) > 0) base = base.withTau(o.get(TAU));
        if (o.get(EPOCHS) > 0) base = base.withEpochs(o.get(EPOCHS));
        if (o.get(LR) > 0) base = base.withLearningRate(o.get(LR));
        if (o.get(DEPTH) > 0) base = base.withDepth(o.get(DEPTH));
        if (o.get(TRAIN_SIZE) > 0) {
            try {
                base = base.withData(base.batch(), o.get(TRAIN_SIZE), base.valSize());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--train-size: " + e.getMessage());
            }
        }
        List<String> conds = o.get(CONDITIONS);
        for (String c : conds) {
            if (CcRegistry.standard().condition(c).lesions(base.withCerebellum(true))
                    || CcRegistry.standard().condition(c).core() != org.cbrnn.ccrnn.CcCondition.Core.LSTM) {
                throw new IllegalArgumentException("--conditions with --curriculum must be among crnn, ccrnn, bptt; got " + c);
            }
        }
        return CcCurriculumStore.specs(o.get(CURRICULUM), conds, o.get(RunOptions.SEEDS), base);
    }

    private int runCurriculum(OptValues o, Context ctx) {
        List<CcRunSpec> specs = curriculumSpecs(o);
        Path dir = RunSupport.out(o.get(OUT));
        CcCurriculumStore store = CcCurriculumStore.at(dir);
        if (o.get(DRY_RUN)) {
            for (CcRunSpec s : specs) ctx.out().printf("%-40s %s%n", s.id(), store.load(s).isPresent() ? "complete" : "not started");
            ctx.out().printf("%d runs; store %s%n", specs.size(), dir.toAbsolutePath());
            return 0;
        }
        RunSupport.createStore(dir);
        ctx.out().printf("cbrnn ccrnn --curriculum %s: %d runs, one at a time, kernels %s, store %s%n", o.get(CURRICULUM), specs.size(),
                Kernels.describe(), dir.toAbsolutePath());
        Map<String, List<Double>> best = new TreeMap<>();
        try {
            for (CcRunSpec s : specs) {
                List<CcLevelEpoch> ep = store.run(s, e -> {
                    if (e.epoch() % 10 == 0 || e.solved()) {
                        ctx.out().printf("  %-36s epoch %4d  N %3d  loss %.4f  eval %.1f %%%s  (%.2f s)%n", s.id(), e.epoch(), e.level(), e.trainLoss(),
                                100 * e.evalAccuracy(), e.solved() ? "  solved" : "", e.seconds());
                    }
                });
                best.computeIfAbsent(s.condition() + "_tau" + (s.config().tau() >= CcConfig.FULL_BPTT ? "T" : s.config().tau()), k -> new ArrayList<>())
                        .add((double) CcCurriculumStore.maxSolved(ep));
            }
        } catch (CcTrainer.InterruptedRun e) {
            return RunSupport.interrupted(ctx.out());
        }
        ctx.out().printf("%-16s %5s %24s%n", "condition", "seeds", "max N solved (mean±SEM)");
        for (Map.Entry<String, List<Double>> en : best.entrySet()) {
            double[] v = en.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            ctx.out().printf("%-16s %5d %15.2f ± %6.2f%n", en.getKey(), v.length, mean(v), sem(v));
        }
        return 0;
    }

    @Override
    int run(OptValues o, Context ctx) {
        if (o.has(CURRICULUM)) return runCurriculum(o, ctx);
        List<CcRunSpec> specs = specs(o);
        Path dir = RunSupport.out(o.get(OUT));
        CcRunStore store = CcRunStore.at(dir);
        if (o.get(DRY_RUN)) {
            for (CcRunSpec s : specs) {
                String st = store.load(s).map(r -> (r.complete() ? "complete, " : "unfinished, ") + r.epochs().size() + " epochs").orElse("not started");
                ctx.out().printf("%-50s %s%n", s.id(), st);
            }
            ctx.out().printf("%d runs; store %s%n", specs.size(), dir.toAbsolutePath());
            return 0;
        }
        RunSupport.createStore(dir);
        ctx.out().printf("cbrnn ccrnn: %d runs on %s, %d at a time, kernels %s, store %s%n", specs.size(), o.get(TASK), o.get(PARALLEL),
                Kernels.describe(), dir.toAbsolutePath());
        List<CcRunStore.Result> results;
        try {
            results = store.sweep(specs, o.get(PARALLEL), (s, e) -> {
                if (e.epoch() % 10 == 0 || e.epoch() == s.config().epochs()) {
                    synchronized (ctx.out()) {
                        ctx.out().printf("  %-44s epoch %4d/%d  train %.4f  val %.4f  (%.2f s/epoch)%n", s.id(), e.epoch(), s.config().epochs(),
                                e.trainCurve(), e.valError(), e.seconds());
                    }
                }
            });
        } catch (CcTrainer.InterruptedRun e) {
            return RunSupport.interrupted(ctx.out());
        }
        Map<String, List<CcEpoch>> last = new TreeMap<>();
        for (CcRunStore.Result r : results) last.computeIfAbsent(r.spec().condition(), k -> new ArrayList<>()).add(r.epochs().get(r.epochs().size() - 1));
        ctx.out().printf("%-16s %5s %22s %22s%n", "condition", "seeds", "train curve (mean±SEM)", "val error (mean±SEM)");
        for (Map.Entry<String, List<CcEpoch>> en : last.entrySet()) {
            double[] t = en.getValue().stream().mapToDouble(CcEpoch::trainCurve).toArray();
            double[] v = en.getValue().stream().mapToDouble(CcEpoch::valError).toArray();
            ctx.out().printf("%-16s %5d %13.4f ± %6.4f %13.4f ± %6.4f%n", en.getKey(), t.length, mean(t), sem(t), mean(v), sem(v));
        }
        return 0;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double sem(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1) / x.length);
    }
}
