package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.train.Sgd;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Readout recovery (docs/protocol.md §9.5): at a level N,
 * <ol>
 *   <li>evaluate the intact model;</li>
 *   <li>remove the cerebellar output (c_t = 0) and evaluate zero-shot;</li>
 *   <li>with the cerebellum still removed, retrain only the readout, starting from the trained one (SGD lr 0.01,
 *       momentum 0.1, Nesterov, batch 64, 100 steps on fresh batches at N; no gradient clipping, none is named for
 *       this step);</li>
 *   <li>evaluate again.</li>
 * </ol>
 * All three evaluations use the same {@value #PAPER_EVAL_BATCHES} fixed batches of 64 and h_0 draws
 * ({@code Rng.of(seed, "readout-eval-N<level>")}); the training batches come from {@code "readout-train-N<level>"}.
 * The recovery gap is intact − retrained: near 0 when the core's final state still holds the answer without the
 * cerebellum (a new readout finds it), large when the cerebellum supplies it at run time.
 *
 * <p>The cerebellum is removed by zeroing the tensors that produce its output (the DCN layer, or the auxiliary
 * control's output layer) in a copy of the model, which gives c_t = 0 exactly, as the engine's ablation does; the
 * engine's gradient pass then trains the readout of that copy through the ordinary {@link Engine#gradients} call, so
 * no engine change is needed. The model passed in is not modified.
 */
public final class ReadoutRecovery {
    /** Fixed evaluation batches in the paper's analysis. */
    public static final int PAPER_EVAL_BATCHES = 50;

    private ReadoutRecovery() {}

    /**
     * The retraining and evaluation settings.
     *
     * @param trainSteps    readout SGD steps (paper: 100)
     * @param batchSize     sequences per training and evaluation batch (paper: 64)
     * @param evalBatches   fixed evaluation batches (paper: 50)
     * @param learningRate  readout learning rate (paper: 0.01)
     * @param momentum      Nesterov momentum (paper: 0.1)
     */
    public record Settings(int trainSteps, int batchSize, int evalBatches, double learningRate, double momentum) {
        public Settings {
            Check.nonNegative("trainSteps", trainSteps);
            Check.positive("batchSize", batchSize);
            Check.positive("evalBatches", evalBatches);
            Check.inRange("learningRate", learningRate, 0.0, 100.0);
            Check.inRange("momentum", momentum, 0.0, 0.999999);
        }

        /** The paper's: 100 steps, batch 64, 50 evaluation batches, lr 0.01, momentum 0.1. */
        public static Settings paper() {
            return new Settings(100, 64, PAPER_EVAL_BATCHES, 0.01, 0.1);
        }
    }

    /** Accuracies in percent at one level. */
    public record Point(int level, double intact, double zeroShot, double retrained) {
        /** intact − retrained. */
        public double recoveryGap() {
            return intact - retrained;
        }
    }

    /** Mean and SEM over the networks that solved a level (SEM NaN with fewer than 2). */
    public record Summary(int level, int networks, double meanIntact, double semIntact, double meanZeroShot, double semZeroShot,
                          double meanRetrained, double semRetrained, double meanGap, double semGap) {}

    /** A copy of {@code model} whose cerebellar output is exactly zero (its output layer's weights and bias zeroed). */
    public static Model withoutCerebellumOutput(Model model) {
        Check.notNull("model", model);
        ModelConfig c = model.config();
        if (!c.hasCerebellum()) throw new IllegalArgumentException("model must have a cerebellar module, got " + c.label());
        String prefix = c.coupling() == ModelConfig.Coupling.RECURRENT_AUX ? "aux.out." : "dcn.";
        Model copy = model.copy();
        java.util.Arrays.fill(copy.parameters().get(prefix + "weight"), 0f);
        java.util.Arrays.fill(copy.parameters().get(prefix + "bias"), 0f);
        return copy;
    }

    /** Steps 1-4 at one level. */
    public static Point at(Model model, Task task, Engine engine, int level, Settings settings, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        Check.notNull("settings", settings);
        Check.inRange("level", level, task.minLevel(), task.maxLevel());
        Model off = withoutCerebellumOutput(model);
        // the fixed evaluation set
        Rng er = Rng.of(seed, "readout-eval-N" + level);
        List<Batch> eval = new ArrayList<>();
        List<float[]> h0s = new ArrayList<>();
        for (int i = 0; i < settings.evalBatches(); i++) {
            eval.add(task.sample(level, settings.batchSize(), er));
            h0s.add(model.initialState(settings.batchSize(), er));
        }
        double intact = 0, zero = 0;
        for (int i = 0; i < eval.size(); i++) {
            intact += engine.evaluate(model, eval.get(i), h0s.get(i), true).accuracyPercent();
            zero += engine.evaluate(model, eval.get(i), h0s.get(i), false).accuracyPercent();
        }
        // retrain the readout of the copy without its cerebellar output
        Parameters p = off.parameters();
        boolean[] learning = new boolean[p.size()];
        for (int i = 0; i < learning.length; i++) learning[i] = p.spec(i).module() == Module.READOUT;
        Set<Module> readout = EnumSet.of(Module.READOUT);
        Sgd sgd = new Sgd(p, Sgd.uniformRates(settings.learningRate()), settings.momentum(), true, Double.POSITIVE_INFINITY);
        float[][] grads = Parameters.zerosLike(p).arrays();
        Rng tr = Rng.of(seed, "readout-train-N" + level);
        for (int s = 0; s < settings.trainSteps(); s++) {
            Batch b = task.sample(level, settings.batchSize(), tr);
            float[] h0 = off.initialState(settings.batchSize(), tr);
            engine.gradients(off, b, h0, readout, grads);
            sgd.step(p, grads, learning);
        }
        double re = 0;
        for (int i = 0; i < eval.size(); i++) re += engine.evaluate(off, eval.get(i), h0s.get(i), true).accuracyPercent();
        int n = eval.size();
        return new Point(level, intact / n, zero / n, re / n);
    }

    /** {@link #at} for every level of one network (a map level → model, e.g. {@link LevelCheckpoints#of}). */
    public static List<Point> acrossLevels(Map<Integer, Model> network, Task task, Engine engine, Settings settings, long seed) {
        Check.notNull("network", network);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        Check.notNull("settings", settings);
        List<Point> out = new ArrayList<>();
        new java.util.TreeMap<>(network).forEach((level, m) -> out.add(at(m, task, engine, level, settings, seed)));
        return out;
    }

    /**
     * {@link #at} for every level solved by any of {@code networks} (same evaluation and training batches for all),
     * averaged over the networks that solved it.
     */
    public static List<Summary> acrossNetworks(List<? extends Map<Integer, Model>> networks, Task task, Engine engine, Settings settings, long seed) {
        Check.notNull("networks", networks);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        Check.notNull("settings", settings);
        java.util.SortedSet<Integer> levels = new java.util.TreeSet<>();
        for (Map<Integer, Model> n : networks) levels.addAll(Check.notNull("networks element", n).keySet());
        List<Summary> out = new ArrayList<>();
        for (int level : levels) {
            List<Point> pts = new ArrayList<>();
            for (Map<Integer, Model> n : networks) {
                Model m = n.get(level);
                if (m != null) pts.add(at(m, task, engine, level, settings, seed));
            }
            double[] a = pts.stream().mapToDouble(Point::intact).toArray(), z = pts.stream().mapToDouble(Point::zeroShot).toArray(),
                    r = pts.stream().mapToDouble(Point::retrained).toArray(), g = pts.stream().mapToDouble(Point::recoveryGap).toArray();
            out.add(new Summary(level, pts.size(), Stats.mean(a), Stats.sem(a), Stats.mean(z), Stats.sem(z), Stats.mean(r), Stats.sem(r),
                    Stats.mean(g), Stats.sem(g)));
        }
        return out;
    }

    /** Columns N, networks, then mean and SEM of intact, zero-shot, retrained and the recovery gap. */
    public static Table summaryTable(List<Summary> summaries) {
        Check.notNull("summaries", summaries);
        IntColumn n = IntColumn.create("N"), k = IntColumn.create("networks");
        String[] names = {"acc_intact_mean", "acc_intact_sem", "acc_zero_shot_mean", "acc_zero_shot_sem", "acc_retrained_mean",
                "acc_retrained_sem", "recovery_gap_mean", "recovery_gap_sem"};
        DoubleColumn[] c = java.util.Arrays.stream(names).map(DoubleColumn::create).toArray(DoubleColumn[]::new);
        for (Summary s : summaries) {
            n.append(s.level());
            k.append(s.networks());
            double[] v = {s.meanIntact(), s.semIntact(), s.meanZeroShot(), s.semZeroShot(), s.meanRetrained(), s.semRetrained(), s.meanGap(), s.semGap()};
            for (int i = 0; i < v.length; i++) c[i].append(v[i]);
        }
        Table t = Table.create("readout recovery across networks", n, k);
        t.addColumns(c);
        return t;
    }

    /** Columns N, acc_intact, acc_zero_shot, acc_retrained, recovery_gap. */
    public static Table table(List<Point> points) {
        Check.notNull("points", points);
        IntColumn n = IntColumn.create("N");
        DoubleColumn a = DoubleColumn.create("acc_intact"), z = DoubleColumn.create("acc_zero_shot"),
                r = DoubleColumn.create("acc_retrained"), g = DoubleColumn.create("recovery_gap");
        for (Point p : points) {
            n.append(p.level());
            a.append(p.intact());
            z.append(p.zeroShot());
            r.append(p.retrained());
            g.append(p.recoveryGap());
        }
        return Table.create("readout recovery", n, a, z, r, g);
    }
}
