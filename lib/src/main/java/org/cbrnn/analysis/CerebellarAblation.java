package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Post-training CB ablation (docs/protocol.md §9.1): evaluate a trained model on the same fixed batches with
 * the cerebellar output intact and with it removed (c_t = 0, nothing retrained). A large drop means the task is solved
 * by the CB feedback at run time rather than stored in the recurrent weights.
 *
 * <ul>
 *   <li>{@link #acrossLevels}: one model, several levels.</li>
 *   <li>{@link #acrossNetworks}: the paper's design, every solved level of several networks (each a map level → model,
 *       e.g. {@link LevelCheckpoints#ofRuns}), {@value #PAPER_BATCHES} batches of {@value #PAPER_BATCH_SIZE} per level
 *       shared by all networks, mean and SEM over the networks that solved the level.</li>
 *   <li>{@link #finalStates}: a two-component PCA of the final hidden states h_T, intact and ablated, on the same
 *       sequences. The authors show a t-SNE of these states; the kit leaves t-SNE out: a linear projection fitted on
 *       both conditions together is enough to see whether ablation moves the states off the intact manifold, and its
 *       axes mean the same for both.</li>
 * </ul>
 */
public final class CerebellarAblation {
    /** Fixed batches per level in the paper's ablation. */
    public static final int PAPER_BATCHES = 20;
    /** Sequences per batch in the paper's ablation. */
    public static final int PAPER_BATCH_SIZE = 64;

    private CerebellarAblation() {}

    /**
     * Mean and SEM over networks at one level (accuracies in percent); SEM is NaN with fewer than 2 networks.
     */
    public record Summary(int level, int networks, double meanIntact, double semIntact, double meanAblated, double semAblated,
                          double meanDrop, double semDrop) {}

    /** One final state projected on the first two principal axes. */
    public record StatePoint(boolean intact, int sequence, int label, double pc1, double pc2) {}

    /**
     * The projection of {@link #finalStates}.
     *
     * @param pca    fitted on the intact and ablated final states together
     * @param points intact points first, then the ablated ones, each in sequence order
     */
    public record StateProjection(int level, Pca pca, List<StatePoint> points) {
        public StateProjection {
            Check.notNull("pca", pca);
            Check.notNull("points", points);
            points = List.copyOf(points);
        }

        /** Columns condition ("intact" / "ablated"), sequence, label, PC1, PC2. */
        public Table table() {
            StringColumn cond = StringColumn.create("condition");
            IntColumn seq = IntColumn.create("sequence"), lab = IntColumn.create("label");
            DoubleColumn x = DoubleColumn.create("PC1"), y = DoubleColumn.create("PC2");
            for (StatePoint p : points) {
                cond.append(p.intact() ? "intact" : "ablated");
                seq.append(p.sequence());
                lab.append(p.label());
                x.append(p.pc1());
                y.append(p.pc2());
            }
            return Table.create("final states N=" + level, cond, seq, lab, x, y);
        }
    }

    /** Accuracy (percent) at one level, intact and ablated. */
    public record Point(int level, double intact, double ablated) {
        public double drop() {
            return intact - ablated;
        }
    }

    /**
     * Evaluates {@code levels} with {@code batches} batches of {@code batchSize}; the batches and h_0 draws for a level
     * depend only on {@code seed} and the level, so different models are compared on identical inputs.
     */
    public static List<Point> acrossLevels(Model model, Task task, Engine engine, int[] levels, int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        Check.notNull("levels", levels);
        if (!model.config().hasCerebellum()) throw new IllegalArgumentException("model must have a cerebellar module, got " + model.config().label());
        Check.positive("batches", batches);
        Check.positive("batchSize", batchSize);
        List<Point> out = new ArrayList<>();
        for (int level : levels) {
            Check.inRange("level", level, task.minLevel(), task.maxLevel());
            Rng rng = Rng.of(seed, "ablation-N" + level);
            double a = 0, b = 0;
            for (int i = 0; i < batches; i++) {
                Batch batch = task.sample(level, batchSize, rng);
                float[] h0 = model.initialState(batchSize, rng);
                a += engine.evaluate(model, batch, h0, true).accuracyPercent();
                b += engine.evaluate(model, batch, h0, false).accuracyPercent();
            }
            out.add(new Point(level, a / batches, b / batches));
        }
        return out;
    }

    /**
     * Every level solved by any of {@code networks}, evaluated with {@link #acrossLevels} (so every network sees the
     * same batches and h_0 at a level), averaged over the networks that have that level.
     */
    public static List<Summary> acrossNetworks(List<? extends Map<Integer, Model>> networks, Task task, Engine engine,
                                               int batches, int batchSize, long seed) {
        Check.notNull("networks", networks);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        SortedSet<Integer> levels = new TreeSet<>();
        for (Map<Integer, Model> n : networks) levels.addAll(Check.notNull("networks element", n).keySet());
        List<Summary> out = new ArrayList<>();
        for (int level : levels) {
            List<Point> pts = new ArrayList<>();
            for (Map<Integer, Model> n : networks) {
                Model m = n.get(level);
                if (m != null) pts.add(acrossLevels(m, task, engine, new int[]{level}, batches, batchSize, seed).get(0));
            }
            double[] in = pts.stream().mapToDouble(Point::intact).toArray();
            double[] ab = pts.stream().mapToDouble(Point::ablated).toArray();
            double[] dr = pts.stream().mapToDouble(Point::drop).toArray();
            out.add(new Summary(level, pts.size(), Stats.mean(in), Stats.sem(in), Stats.mean(ab), Stats.sem(ab), Stats.mean(dr), Stats.sem(dr)));
        }
        return out;
    }

    /** The summaries as a table: N, networks, then mean and SEM of intact, ablated and drop. */
    public static Table summaryTable(List<Summary> summaries) {
        Check.notNull("summaries", summaries);
        IntColumn n = IntColumn.create("N"), k = IntColumn.create("networks");
        DoubleColumn[] c = {DoubleColumn.create("acc_intact_mean"), DoubleColumn.create("acc_intact_sem"),
                DoubleColumn.create("acc_cb_ablated_mean"), DoubleColumn.create("acc_cb_ablated_sem"),
                DoubleColumn.create("acc_drop_mean"), DoubleColumn.create("acc_drop_sem")};
        for (Summary s : summaries) {
            n.append(s.level());
            k.append(s.networks());
            double[] v = {s.meanIntact(), s.semIntact(), s.meanAblated(), s.semAblated(), s.meanDrop(), s.semDrop()};
            for (int i = 0; i < v.length; i++) c[i].append(v[i]);
        }
        Table t = Table.create("CB ablation across networks", n, k);
        t.addColumns(c);
        return t;
    }

    /**
     * Final hidden states of {@code batches} x {@code batchSize} sequences at {@code level}, intact and with the CB
     * removed, on the same sequences and h_0 as {@link #acrossLevels} with the same seed, projected on the first two
     * principal axes of both sets together. Needs a model the {@link ActivityRecorder} supports.
     */
    public static StateProjection finalStates(Model model, Task task, int level, int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.inRange("level", level, task.minLevel(), task.maxLevel());
        Check.positive("batches", batches);
        Check.positive("batchSize", batchSize);
        ActivityRecorder rec = new ActivityRecorder(model);
        if (!rec.hasCerebellum()) throw new IllegalArgumentException("model must have a cerebellar module, got " + model.config().label());
        int H = model.config().hiddenSize(), n = batches * batchSize;
        double[] states = new double[2 * n * H];
        int[] labels = new int[n];
        Rng rng = Rng.of(seed, "ablation-N" + level);
        for (int i = 0; i < batches; i++) {
            Batch batch = task.sample(level, batchSize, rng);
            float[] h0 = model.initialState(batchSize, rng);
            System.arraycopy(rec.record(batch, h0, true).finalHidden(), 0, states, i * batchSize * H, batchSize * H);
            System.arraycopy(rec.record(batch, h0, false).finalHidden(), 0, states, (n + i * batchSize) * H, batchSize * H);
            System.arraycopy(batch.labels(), 0, labels, i * batchSize, batchSize);
        }
        Pca pca = Pca.fit(states, 2 * n, H);
        List<StatePoint> pts = new ArrayList<>();
        double[] x = new double[H];
        for (int r = 0; r < 2 * n; r++) {
            System.arraycopy(states, r * H, x, 0, H);
            double[] y = pca.project(x, Math.min(2, H));
            pts.add(new StatePoint(r < n, r % n, labels[r % n], y[0], y.length > 1 ? y[1] : 0));
        }
        return new StateProjection(level, pca, pts);
    }

    /** The points as a table: N, intact, ablated, drop. */
    public static Table table(List<Point> points) {
        Check.notNull("points", points);
        IntColumn n = IntColumn.create("N");
        DoubleColumn in = DoubleColumn.create("acc_intact"), ab = DoubleColumn.create("acc_cb_ablated"), d = DoubleColumn.create("acc_drop");
        for (Point p : points) {
            n.append(p.level());
            in.append(p.intact());
            ab.append(p.ablated());
            d.append(p.drop());
        }
        return Table.create("CB ablation", n, in, ab, d);
    }
}
