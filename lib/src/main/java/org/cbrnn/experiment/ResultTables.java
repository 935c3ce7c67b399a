package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables over many runs, with the paper's metrics ({@link Metrics}): one row per run, and one row per (task,
 * condition) with mean and SD over seeds. The fluent view over the same metrics, with a stated threshold, selection,
 * budgets and series for the plots, is {@link org.cbrnn.results.Results}.
 */
public final class ResultTables {
    private ResultTables() {}

    /**
     * One row per run: task, condition, seed, status (done, partial, failed), epochs, max N, t½, AUC, mean N, wall
     * seconds, and N at each of {@code checkpoints} epochs (missing for a run with fewer epochs). t½ uses
     * {@code globalMax} per task (see {@link #globalMax(List)}).
     */
    public static Table perRun(List<RunResult> runs, Map<String, Double> globalMax, int... checkpoints) {
        Check.notNull("runs", runs);
        Check.notNull("globalMax", globalMax);
        Check.notNull("checkpoints", checkpoints);
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), status = StringColumn.create("status");
        IntColumn seed = IntColumn.create("seed"), epochs = IntColumn.create("epochs");
        DoubleColumn maxN = DoubleColumn.create("max_N"), tHalf = DoubleColumn.create("t_half"), auc = DoubleColumn.create("AUC"),
                meanN = DoubleColumn.create("mean_N"), secs = DoubleColumn.create("seconds");
        List<IntColumn> at = new ArrayList<>();
        for (int c : checkpoints) at.add(IntColumn.create("N@" + c));
        for (RunResult r : runs) {
            double[] lv = r.levels();
            task.append(r.spec().task());
            cond.append(r.spec().condition());
            seed.append((int) r.spec().seed());
            status.append(r.status().text());
            epochs.append(lv.length);
            maxN.append(Metrics.maxLevel(lv));
            tHalf.append(Metrics.epochsToHalf(lv, globalMax.getOrDefault(r.spec().task(), Metrics.maxLevel(lv))));
            auc.append(Metrics.auc(lv));
            meanN.append(round2(Metrics.meanLevel(lv)));
            secs.append(Math.round(r.seconds() * 10) / 10.0);
            for (int i = 0; i < checkpoints.length; i++) {
                // a run that has not reached the epoch yet (or stopped before it) has no value there
                if (checkpoints[i] <= r.records().size()) at.get(i).append(r.levelAt(checkpoints[i]));
                else at.get(i).appendMissing();
            }
        }
        Table t = Table.create("runs", task, cond, seed, status, epochs, maxN, tHalf, auc, meanN, secs);
        for (IntColumn c : at) t.addColumns(c);
        return t;
    }

    /**
     * The tidy table: one row per run-epoch with the run's task, condition, seed and status followed by the epoch
     * record's columns ({@link EpochTables#toTable}).
     */
    public static Table tidy(List<RunResult> runs) {
        Check.notNull("runs", runs);
        Table all = withRunColumns(EpochTables.toTable("epochs", List.of()), null);
        for (RunResult r : runs) all.append(withRunColumns(EpochTables.toTable("epochs", r.records()), r));
        return all.setName("epochs of every run");
    }

    private static Table withRunColumns(Table t, RunResult r) {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), status = StringColumn.create("status");
        IntColumn seed = IntColumn.create("seed");
        for (int i = 0; i < t.rowCount(); i++) {
            task.append(r.spec().task());
            cond.append(r.spec().condition());
            seed.append((int) r.spec().seed());
            status.append(r.status().text());
        }
        t.insertColumn(0, status);
        t.insertColumn(0, seed);
        t.insertColumn(0, cond);
        t.insertColumn(0, task);
        return t;
    }

    /** Every run cut to its first {@code epochs} epochs, so that runs of different lengths compare at one budget. */
    public static List<RunResult> atEpoch(List<RunResult> runs, int epochs) {
        Check.notNull("runs", runs);
        return runs.stream().map(r -> r.truncate(epochs)).toList();
    }

    /**
     * The highest max N over the runs of each task (the paper's "global max" for t½, taken over these runs). Failed
     * and damaged runs and runs without a finished epoch are ignored: one damaged run must not turn every t½ into NaN.
     * This value depends on which runs are compared; {@link org.cbrnn.results.Results} uses the paper's fixed value
     * by default.
     */
    public static Map<String, Double> globalMax(List<RunResult> runs) {
        Check.notNull("runs", runs);
        Map<String, Double> m = new LinkedHashMap<>();
        for (RunResult r : runs) {
            double max = Metrics.maxLevel(r.levels());
            if (!r.failed() && Double.isFinite(max)) m.merge(r.spec().task(), max, Math::max);
        }
        return m;
    }

    /**
     * Mean and SD over seeds per (task, condition), with the paper's Table 4 value alongside when it exists.
     * Columns: task, condition, n (runs), done (complete runs), epochs (fewest epochs of the group's runs), max_N,
     * max_N_sd, t_half, t_half_sd, AUC, AUC_sd, mean_N, mean_N_sd, paper_max_N, paper_t_half, paper_AUC. Failed runs
     * are left out of the means (they are listed by {@link #perRun}).
     */
    public static Table summary(List<RunResult> runs, Map<String, Double> globalMax) {
        Check.notNull("runs", runs);
        Check.notNull("globalMax", globalMax);
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) if (!r.failed()) groups.computeIfAbsent(r.spec().task() + "\u0000" + r.spec().condition(), k -> new ArrayList<>()).add(r);
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition");
        IntColumn n = IntColumn.create("n"), doneCol = IntColumn.create("done"), minEpochs = IntColumn.create("epochs");
        DoubleColumn maxN = DoubleColumn.create("max_N"), maxSd = DoubleColumn.create("max_N_sd"),
                t = DoubleColumn.create("t_half"), tSd = DoubleColumn.create("t_half_sd"),
                auc = DoubleColumn.create("AUC"), aucSd = DoubleColumn.create("AUC_sd"),
                mean = DoubleColumn.create("mean_N"), meanSd = DoubleColumn.create("mean_N_sd"),
                pMax = DoubleColumn.create("paper_max_N"), pT = DoubleColumn.create("paper_t_half"), pAuc = DoubleColumn.create("paper_AUC");
        for (List<RunResult> g : groups.values()) {
            String tk = g.get(0).spec().task(), c = g.get(0).spec().condition();
            double gm = globalMax.getOrDefault(tk, Double.NaN);
            double[] mx = g.stream().mapToDouble(r -> Metrics.maxLevel(r.levels())).toArray();
            double[] th = g.stream().mapToDouble(r -> Metrics.epochsToHalf(r.levels(), gm)).toArray();
            double[] au = g.stream().mapToDouble(r -> Metrics.auc(r.levels())).toArray();
            double[] mn = g.stream().mapToDouble(r -> Metrics.meanLevel(r.levels())).toArray();
            task.append(tk);
            cond.append(c);
            n.append(g.size());
            doneCol.append((int) g.stream().filter(RunResult::complete).count());
            minEpochs.append(g.stream().mapToInt(r -> r.records().size()).min().orElse(0));
            maxN.append(round2(Metrics.mean(mx)));
            maxSd.append(round2(Metrics.sd(mx)));
            t.append(round2(Metrics.mean(th)));
            tSd.append(round2(Metrics.sd(th)));
            auc.append(round2(Metrics.mean(au)));
            aucSd.append(round2(Metrics.sd(au)));
            mean.append(round2(Metrics.mean(mn)));
            meanSd.append(round2(Metrics.sd(mn)));
            var ref = PaperReference.row(tk, c);
            pMax.append(ref.map(PaperReference.Row::maxN).orElse(Double.NaN));
            pT.append(ref.map(PaperReference.Row::tHalf).orElse(Double.NaN));
            pAuc.append(ref.map(PaperReference.Row::auc).orElse(Double.NaN));
        }
        return Table.create("summary (mean and SD over seeds)", task, cond, n, doneCol, minEpochs, maxN, maxSd, t, tSd, auc, aucSd,
                mean, meanSd, pMax, pT, pAuc);
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }
}
