package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.cbrnn.experiment.Metrics;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The scaling comparison (docs/protocol.md §9.9): AUC and t½ of jointly trained networks against their number of
 * trainable parameters, the CB-RNN (H 64, PC 64, cerebellum reading [h; x]) with G granule cells against the plain
 * Elman RNN with H hidden units. The paper's grid is G ∈ {@link #PAPER_GRANULE} against H ∈ {@link #PAPER_HIDDEN}, which
 * pair by parameter count (16,962 / 17,026, 25,282 / 26,402, 41,922 / 41,816, 75,202 / 75,346; docs/protocol.md §2.10).
 *
 * <p>Runs are read from a store's results; a run belongs to the comparison when it trains jointly and its model is one
 * of the two families (any size, so a partial or wider grid is drawn as it is). Failed runs are left out; each point is
 * the mean and sample SD over the runs of one (task, family, size). t½ uses a stated global max per task
 * ({@link org.cbrnn.experiment.PaperReference#globalMax} gives the paper's 38 and 19); a run that never reaches it has
 * a NaN t½, which is left out of the mean and counted in {@code tHalfReached}.
 */
public final class Scaling {
    /** The paper's granule widths of the CB-RNN family. */
    public static final List<Integer> PAPER_GRANULE = List.of(64, 128, 256, 512);
    /** The paper's hidden sizes of the RNN family, matched in parameters to {@link #PAPER_GRANULE} in order. */
    public static final List<Integer> PAPER_HIDDEN = List.of(128, 160, 202, 272);

    private Scaling() {}

    /** The two model families. */
    public enum Family {
        /** CB-RNN H 64 with G granule cells; size = G. */
        CB_RNN("CB-RNN"),
        /** Plain Elman RNN; size = H. */
        RNN("RNN");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** The condition label used in tables and figures ("CB-RNN", "RNN"). */
        public String label() {
            return label;
        }
    }

    /** The family of a run's model and its size, or null if the run is not part of the comparison. */
    public static Map.Entry<Family, Integer> classify(RunSpec spec) {
        Check.notNull("spec", spec);
        if (!spec.schedule().equals(PlasticitySchedule.joint())) return null;
        ModelConfig m = spec.model();
        if (m.cell() != ModelConfig.Cell.ELMAN || m.numHeads() != 1 || m.inputSize() != 1) return null;
        if (m.coupling() == ModelConfig.Coupling.NONE) return Map.entry(Family.RNN, m.hiddenSize());
        ModelConfig ref = ModelConfig.cbRnn();
        if (m.coupling() == ModelConfig.Coupling.CEREBELLAR_BIAS && m.hiddenSize() == ref.hiddenSize()
                && m.purkinjeSize() == ref.purkinjeSize() && m.cbInput() == ref.cbInput() && m.cbMaxRatio() == ref.cbMaxRatio()) {
            return Map.entry(Family.CB_RNN, m.granuleSize());
        }
        return null;
    }

    /**
     * One (task, family, size): mean and SD over its runs.
     *
     * @param epochs        the fewest epochs among the runs (AUC grows with the budget: compare equal budgets)
     * @param tHalfReached  runs whose t½ is finite (the mean is over these)
     */
    public record Point(String task, Family family, int size, int parameters, int runs, int epochs, double aucMean, double aucSd,
                        double tHalfMean, double tHalfSd, int tHalfReached, double maxNMean, double maxNSd) {
        public Point {
            Check.notNull("task", task);
            Check.notNull("family", family);
        }
    }

    /** The points of {@code runs}, sorted by task, family and size; {@code globalMax} gives t½'s global max per task. */
    public static List<Point> of(List<RunResult> runs, ToDoubleFunction<String> globalMax) {
        Check.notNull("runs", runs);
        Check.notNull("globalMax", globalMax);
        Map<String, List<RunResult>> groups = new TreeMap<>();
        Map<String, Object[]> keys = new TreeMap<>();
        for (RunResult r : runs) {
            Check.notNull("runs element", r);
            if (r.failed() || r.records().isEmpty()) continue;
            var c = classify(r.spec());
            if (c == null) continue;
            String key = r.spec().task() + "|" + c.getKey().ordinal() + "|" + String.format("%06d", c.getValue());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            keys.put(key, new Object[]{r.spec().task(), c.getKey(), c.getValue(), r.spec().model().parameterCount()});
        }
        List<Point> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            Object[] k = keys.get(e.getKey());
            String task = (String) k[0];
            double gm = globalMax.applyAsDouble(task);
            List<RunResult> rs = e.getValue();
            double[] auc = rs.stream().mapToDouble(r -> Metrics.auc(r.levels())).toArray();
            double[] th = rs.stream().mapToDouble(r -> Metrics.epochsToHalf(r.levels(), gm)).toArray();
            double[] mx = rs.stream().mapToDouble(r -> Metrics.maxLevel(r.levels())).toArray();
            double[] thFinite = java.util.Arrays.stream(th).filter(Double::isFinite).toArray();
            int epochs = rs.stream().mapToInt(r -> r.records().size()).min().orElse(0);
            // an SD needs two runs: one run gives NaN (an empty cell), not 0
            boolean spread = rs.size() > 1;
            out.add(new Point(task, (Family) k[1], (Integer) k[2], (Integer) k[3], rs.size(), epochs, Metrics.mean(auc), spread ? Metrics.sd(auc) : Double.NaN,
                    thFinite.length > 0 ? Metrics.mean(thFinite) : Double.NaN, thFinite.length > 1 ? Metrics.sd(thFinite) : Double.NaN,
                    thFinite.length, Metrics.mean(mx), spread ? Metrics.sd(mx) : Double.NaN));
        }
        return out;
    }

    /**
     * What the paper's grid has that {@code points} lack, one line per (task, family, size) with fewer than
     * {@code seeds} runs, e.g. "parity CB-RNN G128: 0 of 8 runs".
     */
    public static List<String> missing(List<Point> points, List<String> tasks, int seeds) {
        Check.notNull("points", points);
        Check.notNull("tasks", tasks);
        Check.positive("seeds", seeds);
        List<String> out = new ArrayList<>();
        for (String task : tasks) {
            for (Family f : Family.values()) {
                for (int size : f == Family.CB_RNN ? PAPER_GRANULE : PAPER_HIDDEN) {
                    int n = points.stream().filter(p -> p.task().equals(task) && p.family() == f && p.size() == size).mapToInt(Point::runs).sum();
                    if (n < seeds) out.add(task + " " + f.label() + " " + (f == Family.CB_RNN ? "G" : "H") + size + ": " + n + " of " + seeds + " runs");
                }
            }
        }
        return out;
    }

    /** Columns task, family, size, parameters, runs, epochs, auc_mean, auc_sd, t_half_mean, t_half_sd, t_half_reached, max_n_mean, max_n_sd. */
    public static Table table(List<Point> points) {
        Check.notNull("points", points);
        StringColumn task = StringColumn.create("task"), fam = StringColumn.create("family");
        IntColumn size = IntColumn.create("size"), params = IntColumn.create("parameters"), runs = IntColumn.create("runs"),
                epochs = IntColumn.create("epochs"), reached = IntColumn.create("t_half_reached");
        DoubleColumn am = DoubleColumn.create("auc_mean"), as = DoubleColumn.create("auc_sd"), tm = DoubleColumn.create("t_half_mean"),
                ts = DoubleColumn.create("t_half_sd"), mm = DoubleColumn.create("max_n_mean"), ms = DoubleColumn.create("max_n_sd");
        for (Point p : points) {
            task.append(p.task());
            fam.append(p.family().label());
            size.append(p.size());
            params.append(p.parameters());
            runs.append(p.runs());
            epochs.append(p.epochs());
            am.append(p.aucMean());
            as.append(p.aucSd());
            tm.append(p.tHalfMean());
            ts.append(p.tHalfSd());
            reached.append(p.tHalfReached());
            mm.append(p.maxNMean());
            ms.append(p.maxNSd());
        }
        return Table.create("scaling", task, fam, size, params, runs, epochs, am, as, tm, ts, reached, mm, ms);
    }

    /** The points back from {@link #table} (e.g. a CSV read with Tablesaw), so a figure can be drawn from a saved table. */
    public static List<Point> fromTable(Table t) {
        Check.notNull("t", t);
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String fam = t.stringColumn("family").get(i);
            Family f = fam.equals(Family.RNN.label()) ? Family.RNN : Family.CB_RNN;
            out.add(new Point(t.stringColumn("task").get(i), f, t.intColumn("size").get(i), t.intColumn("parameters").get(i),
                    t.intColumn("runs").get(i), t.intColumn("epochs").get(i), d(t, "auc_mean", i), d(t, "auc_sd", i), d(t, "t_half_mean", i),
                    d(t, "t_half_sd", i), t.intColumn("t_half_reached").get(i), d(t, "max_n_mean", i), d(t, "max_n_sd", i)));
        }
        return out;
    }

    private static double d(Table t, String col, int i) {
        var c = t.numberColumn(col);
        return c.isMissing(i) ? Double.NaN : c.getDouble(i);
    }
}
