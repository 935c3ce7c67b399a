package org.cbrnn.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cbrnn.experiment.ConditionDef;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.results.Metric;
import org.cbrnn.results.Results;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The kit's runs next to the paper's Table 4 (8 networks, 1000 epochs): one table and one t½ chart, both in the
 * paper's order (tasks DMS then parity, conditions CB-RNN, RNN-202, full reservoir, interleaved reservoir: the
 * registry's Table-4 conditions, which are in the paper's order).
 *
 * <p>A cell's metrics are taken only over runs that have reached the budget (at the paper's 1000 epochs: the
 * finished runs), each cell states its n, and an SD is shown only where at least two values are behind it; runs that
 * are still short of the budget are listed with their epoch count instead of entering a mean.
 *
 * <pre>{@code
 * Results view = Results.of(RunStore.at(Path.of("../data/reproduction")));
 * PaperComparison.table(view, 1000)     // kit and paper side by side
 * PaperComparison.tHalfChart(view)      // kit t½ against the paper's, each with its SD
 * }</pre>
 */
public final class PaperComparison {
    /** The paper's epoch budget. */
    public static final int PAPER_BUDGET = 1000;
    /** The paper's networks per condition. */
    public static final int PAPER_N = 8;

    private PaperComparison() {}

    /** Tasks in the paper's table order. */
    public static List<String> tasks() {
        return List.of("dms", "parity");
    }

    /** The Table-4 condition labels in the paper's order. */
    public static List<String> conditions() {
        return ConditionRegistry.standard().all().stream().filter(ConditionDef::paperTable).map(ConditionDef::label).toList();
    }

    /** The paper's Table 4 in the paper's order, "mean ± SD" with n = 8 per cell. */
    public static Table paperTable() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), maxN = StringColumn.create("max N"),
                tHalf = StringColumn.create("t½ (epochs)"), auc = StringColumn.create("AUC");
        IntColumn n = IntColumn.create("n");
        for (String t : tasks()) {
            for (String c : conditions()) {
                Optional<PaperReference.Row> row = PaperReference.row(t, c);
                if (row.isEmpty()) continue;
                PaperReference.Row r = row.get();
                task.append(t);
                cond.append(c);
                n.append(PAPER_N);
                maxN.append(pm(r.maxN(), r.maxNSd(), 2));
                tHalf.append(pm(r.tHalf(), r.tHalfSd(), 1));
                auc.append(pm(r.auc(), r.aucSd(), 0));
            }
        }
        return Table.create("Paper Table 4 (" + PAPER_N + " networks, " + PAPER_BUDGET + " epochs)", task, cond, n, maxN, tHalf, auc);
    }

    /**
     * The kit's Table 4 at {@code budget} epochs next to the paper's, one row per (task, condition) of the paper's
     * table, in its order. Columns: task, condition, runs (how many are stored and where they stand, e.g.
     * "2: 1 done, 1 partial (483 epochs)"), n (runs at the budget: the cell's metrics are over these), max N, t½ and
     * AUC of the kit ("mean ± SD", the SD only for n &ge; 2; t½ over the runs that reached half the paper's global
     * max, with its own n where that differs) and of the paper. A cell without runs at the budget shows "-".
     */
    public static Table table(Results view, int budget) {
        Check.notNull("view", view);
        Check.inRange("budget", budget, 1, Integer.MAX_VALUE);
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), runs = StringColumn.create("runs"),
                kMax = StringColumn.create("max N"), pMax = StringColumn.create("max N (paper)"),
                kT = StringColumn.create("t½"), pT = StringColumn.create("t½ (paper)"),
                kAuc = StringColumn.create("AUC"), pAuc = StringColumn.create("AUC (paper)");
        IntColumn n = IntColumn.create("n");
        for (String t : tasks()) {
            for (String c : conditions()) {
                Optional<PaperReference.Row> ref = PaperReference.row(t, c);
                Results cell = view.task(t).condition(c);
                List<RunResult> stored = cell.measured();
                if (cell.runs().isEmpty() && ref.isEmpty()) continue;
                task.append(t);
                cond.append(c);
                runs.append(standing(stored, cell));
                Results at = cell.where(r -> r.records().size() >= budget).atEpoch(budget);
                int k = at.measured().size();
                n.append(k);
                if (k == 0) {
                    kMax.append("-");
                    kT.append("-");
                    kAuc.append("-");
                } else {
                    Results.Group g = at.group(c);
                    kMax.append(pm(g.mean(Metric.MAX_N), g.sd(Metric.MAX_N), 2));
                    int reached = g.count(Metric.T_HALF);
                    String th = reached == 0 ? "not reached" : pm(g.mean(Metric.T_HALF), g.sd(Metric.T_HALF), 1);
                    kT.append(reached == k ? th : th + " (" + reached + " of " + k + ")");
                    kAuc.append(pm(g.mean(Metric.AUC), g.sd(Metric.AUC), 0));
                }
                pMax.append(ref.map(r -> pm(r.maxN(), r.maxNSd(), 2)).orElse("-"));
                pT.append(ref.map(r -> pm(r.tHalf(), r.tHalfSd(), 1)).orElse("-"));
                pAuc.append(ref.map(r -> pm(r.auc(), r.aucSd(), 0)).orElse("-"));
            }
        }
        return Table.create("Table 4 at " + budget + " epochs: the kit (runs that reached " + budget + " epochs) and the paper ("
                + PAPER_N + " networks); mean ± SD, SD where n ≥ 2", task, cond, runs, n, kMax, pMax, kT, pT, kAuc, pAuc);
    }

    /** "2: 1 done, 1 partial (483 epochs)", failed or damaged runs counted too. */
    private static String standing(List<RunResult> stored, Results cell) {
        if (stored.isEmpty() && cell.excluded().isEmpty()) return "none";
        int done = 0;
        List<String> partial = new ArrayList<>();
        for (RunResult r : stored) {
            if (r.status() == RunResult.Status.DONE) done++;
            else partial.add("s" + r.spec().seed() + " at " + r.records().size());
        }
        StringBuilder sb = new StringBuilder().append(stored.size() + cell.excluded().size()).append(": ").append(done).append(" done");
        if (!partial.isEmpty()) sb.append(", ").append(partial.size()).append(" partial (").append(String.join(", ", partial)).append(")");
        if (!cell.excluded().isEmpty()) sb.append(", ").append(cell.excluded().size()).append(" failed or damaged");
        return sb.toString();
    }

    /**
     * "mean ± sd", both to {@code decimals} places as in the paper's table; a value without SD (one run) that is a
     * whole number (a level, an epoch) is shown as one.
     */
    static String pm(double mean, double sd, int decimals) {
        if (!Double.isFinite(mean)) return "-";
        if (!Double.isFinite(sd)) return mean == Math.rint(mean) ? Long.toString((long) mean) : fmt(mean, decimals);
        return fmt(mean, decimals) + " ± " + fmt(sd, decimals);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * The kit's t½ (x: mean over every run of the view that reached half the paper's global max, finished or not, since
     * t½ is a first crossing; its SD over those runs as a horizontal bar where at least two reached it) against the
     * paper's (y, with its SD over 8 networks as the vertical error bar), one point per
     * (task, condition) in the condition's colour, circles for parity and diamonds for DMS, and the diagonal
     * "kit = paper". Cells whose runs have not reached the threshold are left out and named in the chart's
     * {@link #notReached} list.
     */
    public static XYChart tHalfChart(Results view) {
        Check.notNull("view", view);
        Style style = Style.DEFAULT;
        List<String> names = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        List<String> conds = new ArrayList<>();
        List<String> taskOf = new ArrayList<>();
        double hi = 100;
        for (String t : tasks()) {
            for (String c : conditions()) {
                Optional<PaperReference.Row> ref = PaperReference.row(t, c);
                Results cell = view.task(t).condition(c);
                if (ref.isEmpty() || cell.measured().isEmpty()) continue;
                Results.Group g = cell.group(c);
                int reached = g.count(Metric.T_HALF);
                if (reached == 0) continue;
                double kit = g.mean(Metric.T_HALF);
                double kitSd = reached >= 2 ? g.sd(Metric.T_HALF) : 0;   // an SD needs two networks
                PaperReference.Row r = ref.get();
                hi = Math.max(hi, Math.max(kit + kitSd, r.tHalf() + r.tHalfSd()));
                names.add((t.equals("dms") ? "DMS " : "parity ") + c + " (n=" + reached + ")");
                points.add(new double[] {kit, r.tHalf(), r.tHalfSd(), kitSd});
                conds.add(c);
                taskOf.add(t);
            }
        }
        List<String> legend = new ArrayList<>(names);
        legend.add("kit = paper");
        String title = "Epochs to half the paper's global max N: kit vs paper";
        XYChart chart = style.xyChart(style.fit(Size.NOTEBOOK, title, legend), title, "kit t½ (epochs)", "paper t½ (epochs)");
        double top = Math.ceil(hi * 1.1 / 50) * 50;
        for (int i = 0; i < names.size(); i++) {
            double[] p = points.get(i);
            XYSeries s = chart.addSeries(names.get(i), new double[] {p[0]}, new double[] {p[1]}, new double[] {p[2]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            Color c = style.color(conds.get(i));
            s.setMarkerColor(c);
            s.setLineColor(c);
            s.setMarker(taskOf.get(i).equals("dms") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            if (p[3] > 0) {   // the kit's SD over its seeds, horizontal (XChart's error bars are vertical only)
                XYSeries sd = Bands.line(chart, "kit SD " + i, new double[] {p[0] - p[3], p[0] + p[3]}, new double[] {p[1], p[1]}, c, Style.solid(1.5f));
                sd.setMarker(new FreezeChart.Tick(6));
                sd.setMarkerColor(c);
                sd.setShowInLegend(false);
            }
        }
        Bands.line(chart, "kit = paper", new double[] {0, top}, new double[] {0, top}, Style.BORDER, Style.dashed(1.2f));
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(top);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(10);
        return chart;
    }

    /** The (task, condition) cells of the paper's table whose runs in {@code view} have not reached t½ yet. */
    public static List<String> notReached(Results view) {
        Check.notNull("view", view);
        List<String> out = new ArrayList<>();
        for (String t : tasks()) {
            for (String c : conditions()) {
                if (PaperReference.row(t, c).isEmpty()) continue;
                Results cell = view.task(t).condition(c);
                if (cell.measured().isEmpty() || cell.group(c).count(Metric.T_HALF) == 0) out.add(t + " " + c);
            }
        }
        return out;
    }
}
