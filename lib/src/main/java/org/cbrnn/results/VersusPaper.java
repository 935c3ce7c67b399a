package org.cbrnn.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.cbrnn.experiment.Metrics;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Table 4 tested: the kit's finished networks of each (task, condition) against the paper's mean ± SD over
 * {@value PaperReference#NETWORKS} networks, per metric (max N, t½ against the paper's global max N, AUC), with
 * {@link ReferenceTest} (Welch for n ≥ 2, the one-network prediction test for n = 1) and Holm's adjustment over every
 * test of the table. Only finished runs of the paper's budget ({@link #PAPER_EPOCHS} epochs) enter: a run cut short has
 * no max N or AUC at that budget.
 */
public final class VersusPaper {
    private VersusPaper() {}

    /** The paper's budget: only runs of this many epochs are compared with its numbers. */
    public static final int PAPER_EPOCHS = org.cbrnn.train.TrainingConfig.paper().maxEpochs();

    /** The metrics compared, in column order. */
    public enum Metric {
        MAX_N("max N", r -> Metrics.maxLevel(r.levels())),
        T_HALF("t½", r -> Metrics.epochsToHalf(r.levels(), PaperReference.globalMax(r.spec().task()))),
        AUC("AUC", r -> Metrics.auc(r.levels()));

        private final String title;
        private final ToDoubleFunction<RunResult> value;

        Metric(String title, ToDoubleFunction<RunResult> value) {
            this.title = title;
            this.value = value;
        }

        /** The metric's name in tables. */
        public String title() {
            return title;
        }

        double of(RunResult r) {
            return value.applyAsDouble(r);
        }

        double paperMean(PaperReference.Row p) {
            return switch (this) {
                case MAX_N -> p.maxN();
                case T_HALF -> p.tHalf();
                case AUC -> p.auc();
            };
        }

        double paperSd(PaperReference.Row p) {
            return switch (this) {
                case MAX_N -> p.maxNSd();
                case T_HALF -> p.tHalfSd();
                case AUC -> p.aucSd();
            };
        }
    }

    /**
     * One row per (task, condition, metric) that the paper reports and that has at least one finished run: task,
     * condition, metric, n, seeds, mean, sd, paper_mean, paper_sd, difference, t, df, p, p_holm, method, and
     * "differs (Holm 5 %)" ("yes" when p_holm &lt; 0.05). Single-task runs of the paper's protocol only (the caller
     * selects the store).
     */
    public static Table table(List<RunResult> runs) {
        Check.notNull("runs", runs);
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) {
            if (r.failed() || !r.complete() || !r.spec().protocol().isSingle() || r.spec().training().maxEpochs() != PAPER_EPOCHS) continue;
            groups.computeIfAbsent(r.spec().task() + "\u0000" + r.spec().condition(), k -> new ArrayList<>()).add(r);
        }
        List<String[]> keys = new ArrayList<>();
        List<ReferenceTest> tests = new ArrayList<>();
        List<String> seedText = new ArrayList<>();
        for (List<RunResult> g : groups.values()) {
            String task = g.get(0).spec().task(), cond = g.get(0).spec().condition();
            Optional<PaperReference.Row> ref = PaperReference.row(task, cond);
            if (ref.isEmpty()) continue;
            g.sort(java.util.Comparator.comparingLong(r -> r.spec().seed()));
            String seeds = String.join(",", g.stream().map(r -> Long.toString(r.spec().seed())).toList());
            for (Metric m : Metric.values()) {
                double[] v = g.stream().mapToDouble(m::of).toArray();
                keys.add(new String[] {task, cond, m.title()});
                tests.add(ReferenceTest.of(v, m.paperMean(ref.get()), m.paperSd(ref.get()), PaperReference.NETWORKS));
                seedText.add(seeds);
            }
        }
        double[] holm = ReferenceTest.holm(tests.stream().mapToDouble(ReferenceTest::p).toArray());
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), metric = StringColumn.create("metric"),
                seeds = StringColumn.create("seeds"), method = StringColumn.create("method"), differs = StringColumn.create("differs (Holm 5 %)");
        IntColumn n = IntColumn.create("n");
        DoubleColumn mean = DoubleColumn.create("mean"), sd = DoubleColumn.create("sd"), pm = DoubleColumn.create("paper_mean"),
                psd = DoubleColumn.create("paper_sd"), diff = DoubleColumn.create("difference"), t = DoubleColumn.create("t"),
                df = DoubleColumn.create("df"), p = DoubleColumn.create("p"), ph = DoubleColumn.create("p_holm");
        for (int i = 0; i < tests.size(); i++) {
            ReferenceTest r = tests.get(i);
            task.append(keys.get(i)[0]);
            cond.append(keys.get(i)[1]);
            metric.append(keys.get(i)[2]);
            n.append(r.n());
            seeds.append(seedText.get(i));
            mean.append(round(r.mean(), 2));
            sd.append(round(r.sd(), 2));
            pm.append(r.refMean());
            psd.append(r.refSd());
            diff.append(round(r.difference(), 2));
            t.append(round(r.t(), 2));
            df.append(round(r.df(), 1));
            p.append(round(r.p(), 4));
            ph.append(round(holm[i], 4));
            method.append(r.method());
            differs.append(Double.isFinite(holm[i]) ? holm[i] < 0.05 ? "yes" : "no" : "");
        }
        return Table.create(String.format(Locale.ROOT, "the kit's finished networks against Table 4 (paper: mean ± SD over %d networks); "
                        + "Welch t (one network: prediction test), Holm over the %d tests", PaperReference.NETWORKS,
                        java.util.Arrays.stream(holm).filter(Double::isFinite).count()),
                task, cond, metric, n, seeds, mean, sd, pm, psd, diff, t, df, p, ph, method, differs);
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) return v;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
