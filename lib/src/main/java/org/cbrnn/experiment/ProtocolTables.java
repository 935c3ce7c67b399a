package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TaskEpochs;
import org.cbrnn.util.Check;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The multi-task protocols' tables (docs/protocol.md §12.6-12.7): per condition, mean and SD over seeds of the
 * paper's metrics with the paper's values beside them, and a long per-epoch, per-head table for plots.
 */
public final class ProtocolTables {
    private ProtocolTables() {}

    private static Map<String, List<RunResult>> byCondition(List<RunResult> runs, String task) {
        Map<String, List<RunResult>> g = new LinkedHashMap<>();
        for (RunResult r : runs) {
            if (!r.failed() && r.spec().task().equals(task) && !r.records().isEmpty()) g.computeIfAbsent(r.spec().condition(), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    private static double[] each(List<RunResult> g, ToDoubleFunction<RunResult> f) {
        return g.stream().mapToDouble(f).toArray();
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }

    /**
     * Multitask (§6.3 of the paper): per condition, n, epochs (fewest), max N, t½ (first epoch with shared N at half of
     * {@code globalMax}; the paper's 23), AUC and mean N on the shared N, each with its SD, then the paper's values.
     */
    public static Table multitask(List<RunResult> runs, double globalMax, int epochs) {
        Check.notNull("runs", runs);
        Check.positive("globalMax", globalMax);
        Check.positive("epochs", epochs);
        StringColumn cond = StringColumn.create("condition");
        IntColumn n = IntColumn.create("n"), ep = IntColumn.create("epochs");
        String[] names = {"max_N", "max_N_sd", "t_half", "t_half_sd", "AUC", "AUC_sd", "mean_N", "mean_N_sd", "paper_max_N", "paper_max_N_sd",
                "paper_t_half", "paper_t_half_sd", "paper_AUC", "paper_AUC_sd"};
        DoubleColumn[] c = new DoubleColumn[names.length];
        for (int i = 0; i < c.length; i++) c[i] = DoubleColumn.create(names[i]);
        for (Map.Entry<String, List<RunResult>> e : byCondition(runs, "multitask").entrySet()) {
            List<RunResult> g = e.getValue();
            double[] mx = each(g, r -> Metrics.maxLevel(ProtocolMetrics.levels(r.records(), epochs)));
            double[] th = each(g, r -> Metrics.epochsToHalf(ProtocolMetrics.levels(r.records(), epochs), globalMax));
            double[] au = each(g, r -> Metrics.auc(ProtocolMetrics.levels(r.records(), epochs)));
            double[] mn = each(g, r -> Metrics.meanLevel(ProtocolMetrics.levels(r.records(), epochs)));
            cond.append(e.getKey());
            n.append(g.size());
            ep.append(g.stream().mapToInt(r -> Math.min(epochs, r.records().size())).min().orElse(0));
            double[] v = {Metrics.mean(mx), Metrics.sd(mx), Metrics.mean(th), Metrics.sd(th), Metrics.mean(au), Metrics.sd(au), Metrics.mean(mn),
                    Metrics.sd(mn)};
            for (int i = 0; i < v.length; i++) c[i].append(round2(v[i]));
            var ref = ProtocolProfiles.multitaskRow(e.getKey());
            c[8].append(ref.map(PaperReference.Row::maxN).orElse(Double.NaN));
            c[9].append(ref.map(PaperReference.Row::maxNSd).orElse(Double.NaN));
            c[10].append(ref.map(PaperReference.Row::tHalf).orElse(Double.NaN));
            c[11].append(ref.map(PaperReference.Row::tHalfSd).orElse(Double.NaN));
            c[12].append(ref.map(PaperReference.Row::auc).orElse(Double.NaN));
            c[13].append(ref.map(PaperReference.Row::aucSd).orElse(Double.NaN));
        }
        Table t = Table.create("multitask: shared N (mean and SD over seeds) and the paper's", cond, n, ep);
        for (DoubleColumn d : c) t.addColumns(d);
        return t;
    }

    /**
     * Task switching (§6.4 of the paper): per condition over the first {@code window} epochs, n, epochs (fewest), mean
     * active-task N, active AUC, final N (each with SD), completed switches and censored phases per run, then the
     * paper's values.
     */
    public static Table switching(List<RunResult> runs, int window) {
        Check.notNull("runs", runs);
        Check.positive("window", window);
        StringColumn cond = StringColumn.create("condition");
        IntColumn n = IntColumn.create("n"), ep = IntColumn.create("epochs");
        String[] names = {"mean_active_N", "mean_active_N_sd", "active_AUC", "active_AUC_sd", "final_N", "final_N_sd", "switches", "censored",
                "paper_mean_active_N", "paper_mean_active_N_sd", "paper_active_AUC", "paper_active_AUC_sd", "paper_final_N"};
        DoubleColumn[] c = new DoubleColumn[names.length];
        for (int i = 0; i < c.length; i++) c[i] = DoubleColumn.create(names[i]);
        for (Map.Entry<String, List<RunResult>> e : byCondition(runs, "switching").entrySet()) {
            List<RunResult> g = e.getValue();
            double[] mn = each(g, r -> ProtocolMetrics.meanActiveLevel(r.records(), window));
            double[] au = each(g, r -> ProtocolMetrics.activeAuc(r.records(), window));
            double[] fn = each(g, r -> ProtocolMetrics.finalLevel(r.records(), window));
            double[] sw = each(g, r -> ProtocolMetrics.switches(r.records(), window));
            double[] cs = each(g, r -> ProtocolMetrics.phases(r.records(), window).stream().filter(ProtocolMetrics.Phase::censored).count());
            cond.append(e.getKey());
            n.append(g.size());
            ep.append(g.stream().mapToInt(r -> Math.min(window, r.records().size())).min().orElse(0));
            double[] v = {Metrics.mean(mn), Metrics.sd(mn), Metrics.mean(au), Metrics.sd(au), Metrics.mean(fn), Metrics.sd(fn), Metrics.mean(sw),
                    Metrics.mean(cs)};
            for (int i = 0; i < v.length; i++) c[i].append(round2(v[i]));
            var ref = ProtocolProfiles.switchingRow(e.getKey());
            c[8].append(ref.map(ProtocolProfiles.SwitchingRow::meanActiveN).orElse(Double.NaN));
            c[9].append(ref.map(ProtocolProfiles.SwitchingRow::meanActiveNSd).orElse(Double.NaN));
            c[10].append(ref.map(ProtocolProfiles.SwitchingRow::activeAuc).orElse(Double.NaN));
            c[11].append(ref.map(ProtocolProfiles.SwitchingRow::activeAucSd).orElse(Double.NaN));
            c[12].append(ref.map(ProtocolProfiles.SwitchingRow::finalN).orElse(Double.NaN));
        }
        Table t = Table.create("task switching: first " + window + " epochs (mean and SD over seeds) and the paper's", cond, n, ep);
        for (DoubleColumn d : c) t.addColumns(d);
        return t;
    }

    /**
     * Savings per repeated phase ({@link ProtocolMetrics#savings}) of every run of protocol {@code task}
     * ({@code switching} or {@code continual}) in the first {@code window} epochs: condition, seed, task, phase,
     * re-entry level, e1, e2, savings, fixed-budget accuracy over {@code budget} epochs.
     */
    public static Table savings(List<RunResult> runs, String task, int window, int budget) {
        Check.notNull("runs", runs);
        Check.notNull("task", task);
        StringColumn cond = StringColumn.create("condition"), tk = StringColumn.create("task");
        IntColumn seed = IntColumn.create("seed"), phase = IntColumn.create("phase"), level = IntColumn.create("N");
        DoubleColumn e1 = DoubleColumn.create("e1"), e2 = DoubleColumn.create("e2"), s = DoubleColumn.create("savings"),
                acc = DoubleColumn.create("budget_acc");
        for (List<RunResult> g : byCondition(runs, task).values()) {
            for (RunResult r : g) {
                for (ProtocolMetrics.Saving sv : ProtocolMetrics.savings(r.records(), window, budget)) {
                    cond.append(r.spec().condition());
                    seed.append((int) r.spec().seed());
                    tk.append(sv.task());
                    phase.append(sv.phase() + 1);
                    level.append(sv.level());
                    e1.append(sv.e1());
                    e2.append(sv.e2());
                    s.append(round2(sv.savings()));
                    acc.append(round2(sv.budgetAccuracy()));
                }
            }
        }
        return Table.create(task + ": savings of returning tasks (budget " + budget + " epochs)", cond, seed, tk, phase, level, e1, e2, s, acc);
    }

    /**
     * One row per epoch and scored head of every protocol run: condition, seed, epoch, task, N, accuracy, learning,
     * active (the head's task was trained), phase. For plots of per-task curves and switching timelines.
     */
    public static Table perHead(List<RunResult> runs) {
        Check.notNull("runs", runs);
        StringColumn cond = StringColumn.create("condition"), tk = StringColumn.create("task"), ph = StringColumn.create("phase");
        IntColumn seed = IntColumn.create("seed"), epoch = IntColumn.create("epoch"), level = IntColumn.create("N");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        BooleanColumn learning = BooleanColumn.create("learning"), active = BooleanColumn.create("active");
        for (RunResult r : runs) {
            for (EpochRecord e : r.records()) {
                for (TaskEpochs.Head h : e.tasks().heads()) {
                    cond.append(r.spec().condition());
                    seed.append((int) r.spec().seed());
                    epoch.append(e.epoch());
                    tk.append(h.task());
                    level.append(h.level());
                    acc.append(h.accuracy());
                    learning.append(h.learning());
                    active.append(List.of(e.tasks().active().split("\\+")).contains(h.task()));
                    ph.append(e.phase().text());
                }
            }
        }
        return Table.create("per head and epoch", cond, seed, epoch, tk, level, acc, learning, active, ph);
    }
}
