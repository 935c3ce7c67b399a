package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Figures of the analyses of trained networks (docs/protocol.md §9), drawn from the tables the analyses return.
 * Most take a summary over networks ({@code org.cbrnn.analysis.NetworkSummary#meanSem}) with a {@code condition}
 * column and {@code <value>_mean} / {@code <value>_sem} columns, and draw one line per condition in its registry
 * colour ({@link Palette}) with a ±1 SEM band (no band where a level has one network).
 *
 * <pre>{@code
 * XYChart c = MechanismCharts.dimensionality(summary, "hidden");   // d95/D against N, one line per condition
 * }</pre>
 */
public final class MechanismCharts {
    private static final BasicStroke SOLID = Style.solid(2.2f);
    private static final BasicStroke DASHED = Style.dashed(2f);

    private MechanismCharts() {}

    /** One line of a chart: a condition's mean and SEM of a value column against an x column. */
    private record Curve(String name, double[] x, double[] mean, double[] sem, Color color, BasicStroke stroke) {}

    /** Accuracy against N, intact (solid) and with the CB removed (dashed), per condition; y 40-102 %. */
    public static XYChart ablation(Table summary) {
        return ablation(summary, Style.DEFAULT);
    }

    /** {@link #ablation(Table)} in {@code style}. */
    public static XYChart ablation(Table summary, Style style) {
        Check.notNull("style", style);
        need("summary", summary, "condition", "N", "acc_intact_mean", "acc_intact_sem", "acc_cb_ablated_mean", "acc_cb_ablated_sem");
        List<Curve> curves = new ArrayList<>();
        Map<String, Color> colours = colours(summary, style);
        for (String c : conditions(summary)) {
            Table t = rows(summary, "condition", c);
            curves.add(curve(c + " intact", t, "N", "acc_intact", colours.get(c), SOLID));
            curves.add(curve(c + " CB removed", t, "N", "acc_cb_ablated", colours.get(c), DASHED));
        }
        // legend outside: the intact lines run near 100 % and the ablated ones near chance over the whole x range
        return draw(style, "CB ablation: accuracy at each solved level", "Level N", "Accuracy (%) on 20 x 64 fixed sequences", curves,
                floorTo5(Math.min(40.0, lowest(curves) - 2)), 102.0, Styler.LegendPosition.OutsideE);
    }

    /**
     * One network evaluated at several levels, intact (solid) and with the CB removed (dashed), with markers and the
     * 50 % chance line: the table of {@code CerebellarAblation.table} (columns N, acc_intact, acc_cb_ablated).
     */
    public static XYChart ablationOfOneNetwork(Table points, String title) {
        Check.notNull("title", title);
        need("points", points, "N", "acc_intact", "acc_cb_ablated");
        // the chance line spans the first to the last level, so there must be one
        if (points.rowCount() == 0) throw new IllegalArgumentException("points: the table has no rows; it needs at least one level (row)");
        Style style = Style.DEFAULT;
        Table t = points.sortAscendingOn("N");
        double[] n = t.numberColumn("N").asDoubleArray(), none = new double[n.length];
        java.util.Arrays.fill(none, Double.NaN);
        Color c = style.color("CB-RNN");
        List<Curve> curves = List.of(
                new Curve("CB intact", n, t.numberColumn("acc_intact").asDoubleArray(), none, c, SOLID),
                new Curve("CB removed", n, t.numberColumn("acc_cb_ablated").asDoubleArray(), none, Palette.lighter(c, 0.35), DASHED));
        XYChart chart = draw(style, title, LEVEL_AXIS, "Accuracy (%)", curves, null, null, Styler.LegendPosition.OutsideE);
        for (Curve cv : curves) chart.getSeriesMap().get(cv.name()).setMarker(SeriesMarkers.CIRCLE);
        // the levels are equally spaced, so XChart ticks every level (see levelAxis); the chance line spans them
        Bands.line(chart, "chance (50 %)", new double[] {n[0], n[n.length - 1]}, new double[] {50, 50}, new Color(0x999999), Style.dashed(1f));
        return chart;
    }

    /**
     * The final states h_T of one network at one level on the first two principal axes of the intact and ablated states
     * together (the FINAL_STATES table of {@code org.cbrnn.analysis.Analyses}: columns state = intact / ablated, label,
     * PC1, PC2): intact as filled circles, CB removed as crosses, coloured by class.
     */
    public static XYChart finalStates(Table projection, String title) {
        Check.notNull("title", title);
        need("projection", projection, "state", "label", "PC1", "PC2");
        Style style = Style.DEFAULT;
        List<String> legend = List.of("intact, label 0", "intact, label 1", "CB removed, label 0", "CB removed, label 1");
        XYChart chart = style.xyChart(style.fit(Size.NOTEBOOK, title, legend), title, "PC1", "PC2");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Color[] cls = {Palette.BLUE, Palette.VERMILLION};
        for (String cond : List.of("intact", "ablated")) {
            for (int label = 0; label <= 1; label++) {
                List<Double> x = new ArrayList<>(), y = new ArrayList<>();
                for (int i = 0; i < projection.rowCount(); i++) {
                    if (projection.stringColumn("state").get(i).equals(cond) && projection.intColumn("label").get(i) == label) {
                        x.add(projection.numberColumn("PC1").getDouble(i));
                        y.add(projection.numberColumn("PC2").getDouble(i));
                    }
                }
                if (x.isEmpty()) continue;
                String name = (cond.equals("intact") ? "intact" : "CB removed") + ", label " + label;
                XYSeries s = chart.addSeries(name, x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(cond.equals("intact") ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
                s.setMarkerColor(cond.equals("intact") ? Palette.withAlpha(cls[label], 0.55) : cls[label]);
            }
        }
        return chart;
    }

    /** The readout-recovery gap (intact − readout retrained without the CB) against N, per condition. */
    public static XYChart recoveryGap(Table summary) {
        need("summary", summary, "condition", "N", "recovery_gap_mean", "recovery_gap_sem");
        Style style = Style.DEFAULT;
        Map<String, Color> colours = colours(summary, style);
        List<Curve> curves = new ArrayList<>();
        for (String c : conditions(summary)) curves.add(curve(c, rows(summary, "condition", c), "N", "recovery_gap", colours.get(c), SOLID));
        return draw(style, "Readout recovery: what a new readout cannot recover without the CB", "Level N",
                "Recovery gap (percentage points)", curves, null, null, Styler.LegendPosition.OutsideE);
    }

    /** Intact, CB removed (zero-shot) and CB removed with the readout retrained, against N, for one condition. */
    public static XYChart readoutRecovery(Table summary, String condition) {
        Check.notNull("condition", condition);
        need("summary", summary, "condition", "N", "acc_intact_mean", "acc_zero_shot_mean", "acc_retrained_mean");
        Table t = rows(summary, "condition", condition);
        List<Curve> curves = List.of(curve("intact", t, "N", "acc_intact", Palette.BLACK, SOLID),
                curve("CB removed, zero-shot", t, "N", "acc_zero_shot", Palette.VERMILLION, SOLID),
                curve("CB removed, readout retrained", t, "N", "acc_retrained", Palette.BLUE, DASHED));
        return draw(Style.DEFAULT, condition + ": readout recovery on 50 x 64 fixed sequences", "Level N", "Accuracy (%)", curves, 40.0, 102.0,
                Styler.LegendPosition.OutsideE);
    }

    /**
     * The normalised population autocorrelation against lag, one line per population, at one level of one condition,
     * with the 1/e line that defines τ_pop. Takes a table with condition, N, population, lag and
     * autocorrelation_mean (and _sem).
     */
    public static XYChart autocorrelation(Table summary, String condition, int level, int maxLag) {
        Check.notNull("condition", condition);
        need("summary", summary, "condition", "N", "population", "lag", "autocorrelation_mean", "autocorrelation_sem");
        Check.positive("maxLag", maxLag);
        Table t = rows(summary, "condition", condition);
        t = t.where(t.intColumn("N").isEqualTo(level).and(t.intColumn("lag").isLessThanOrEqualTo(maxLag)));
        if (t.rowCount() == 0) throw new IllegalArgumentException("no autocorrelation rows for condition '" + condition + "' at N = " + level);
        List<Curve> curves = new ArrayList<>();
        List<String> pops = distinct(t, "population");
        Map<String, Color> pc = Map.of("hidden", Palette.BLACK, "granule", Palette.BLUISH_GREEN, "purkinje", Palette.PURPLE, "cb_output", Palette.ORANGE);
        for (String p : pops) curves.add(curve(p, rows(t, "population", p), "lag", "autocorrelation", pc.getOrDefault(p, Palette.GREY), SOLID));
        XYChart c = draw(Style.DEFAULT, condition + ", N = " + level + ": population autocorrelation", "Lag (steps)", "Normalised autocorrelation",
                curves, null, 1.02, Styler.LegendPosition.InsideNE);
        Bands.line(c, "1/e", new double[]{0, maxLag}, new double[]{1 / Math.E, 1 / Math.E}, Palette.GREY, Style.dashed(1.4f));
        return c;
    }

    /** τ_pop (steps) of one population against N, per condition. */
    public static XYChart tauPop(Table summary, String population) {
        Check.notNull("summary", summary);
        Check.notNull("population", population);
        return perLevel(summary, population, "tau_pop", "τ_pop of " + population + " activity", "τ_pop (steps to 1/e)", null, null);
    }

    /** d95 / D of one population against N, per condition. */
    public static XYChart dimensionality(Table summary, String population) {
        Check.notNull("summary", summary);
        Check.notNull("population", population);
        return perLevel(summary, population, "d95_frac", "Dimensionality of " + population + " activity", "d95 / D (fraction of PCs for 95 % variance)", 0.0, null);
    }

    /** Any per-level value of one population (rows with that population) against N, per condition. */
    public static XYChart perLevel(Table summary, String population, String value, String title, String yTitle, Double yMin, Double yMax) {
        Check.notNull("population", population);
        Check.notNull("value", value);
        Check.notNull("title", title);
        Check.notNull("yTitle", yTitle);
        need("summary", summary, "condition", "N", "population", value + "_mean", value + "_sem");
        Table t = rows(summary, "population", population);
        if (t.rowCount() == 0) throw new IllegalArgumentException("no rows for population '" + population + "'; populations: " + distinct(summary, "population"));
        Style style = Style.DEFAULT;
        Map<String, Color> colours = colours(t, style);
        List<Curve> curves = new ArrayList<>();
        for (String c : conditions(t)) curves.add(curve(c, rows(t, "condition", c), "N", value, colours.get(c), style.stroke(c, 2.2f)));
        // these measures grow with N: the top left is free
        XYChart c = draw(style, title, "Level N", yTitle, curves, yMin, yMax, Styler.LegendPosition.InsideNW);
        c.getStyler().setYAxisDecimalPattern("0.0#");
        return c;
    }

    /**
     * Granule-layer population (solid) and lifetime (dashed) sparseness against N, per condition; the y axis covers the
     * data and their SEM bands (to the next 0.05, within 0-1), since the measures of trained networks lie in a narrow
     * part of their 0-1 range (0.6-0.9 on parity), which a fixed 0-1 axis squeezed together.
     */
    public static XYChart sparsity(Table summary) {
        need("summary", summary, "condition", "N", "population_sparseness_mean", "population_sparseness_sem", "lifetime_sparseness_mean", "lifetime_sparseness_sem");
        Style style = Style.DEFAULT;
        Map<String, Color> colours = colours(summary, style);
        List<Curve> curves = new ArrayList<>();
        for (String c : conditions(summary)) {
            Table t = rows(summary, "condition", c);
            curves.add(curve(c + " population", t, "N", "population_sparseness", colours.get(c), SOLID));
            curves.add(curve(c + " lifetime", t, "N", "lifetime_sparseness", colours.get(c), DASHED));
        }
        double lo = Math.max(0, Math.floor((lowest(curves) - 0.01) * 20) / 20), hi = Math.min(1, Math.ceil((highest(curves) + 0.01) * 20) / 20);
        // two lines per condition: the legend goes beside the plot, where it covers no data
        return draw(style, "Granule-layer sparseness", "Level N", "Sparseness (0 dense, 1 one unit)", curves, lo, hi, Styler.LegendPosition.OutsideE);
    }

    /**
     * The memory direction propagated through the one-step Jacobians: log‖v_k‖ against the steps k after the sample,
     * with the full J (solid) and the intrinsic term alone (dashed), per condition, at level N.
     */
    public static XYChart memoryPropagation(Table summary, int level) {
        need("summary", summary, "condition", "N", "k", "log_norm_full_mean", "log_norm_full_sem", "log_norm_intrinsic_mean", "log_norm_intrinsic_sem");
        Table t = summary.where(summary.intColumn("N").isEqualTo(level));
        if (t.rowCount() == 0) throw new IllegalArgumentException("no Jacobian rows at N = " + level + "; levels: " + distinct(summary, "N"));
        Style style = Style.DEFAULT;
        Map<String, Color> colours = colours(t, style);
        List<Curve> curves = new ArrayList<>();
        for (String c : conditions(t)) {
            Table r = rows(t, "condition", c);
            if (!hasCbTerm(r)) {
                curves.add(curve(c + " (no CB term)", r, "k", "log_norm_full", colours.get(c), SOLID));
                continue;
            }
            curves.add(curve(c + " full J", r, "k", "log_norm_full", colours.get(c), SOLID));
            curves.add(curve(c + " intrinsic only", r, "k", "log_norm_intrinsic", colours.get(c), DASHED));
        }
        return draw(style, "Memory direction through the Jacobians, N = " + level, "Steps after the sample (k)", "log ‖J_k ⋯ J_1 m‖",
                curves, null, null, Styler.LegendPosition.OutsideE);
    }

    /**
     * The one-step gain ‖J m‖ of the memory direction (mean over k = 1..K) against N, full J (solid) and intrinsic
     * term (dashed), per condition (a condition without a cerebellar term, cb_share 0, has one line). Takes a summary
     * with keys condition and N of gain_full / gain_intrinsic (and cb_share).
     */
    public static XYChart jacobianGain(Table summary) {
        need("summary", summary, "condition", "N", "gain_full_mean", "gain_full_sem", "gain_intrinsic_mean", "gain_intrinsic_sem");
        Style style = Style.DEFAULT;
        Map<String, Color> colours = colours(summary, style);
        List<Curve> curves = new ArrayList<>();
        for (String c : conditions(summary)) {
            Table r = rows(summary, "condition", c);
            if (!hasCbTerm(r)) {
                curves.add(curve(c + " (no CB term)", r, "N", "gain_full", colours.get(c), SOLID));
                continue;
            }
            curves.add(curve(c + " full J", r, "N", "gain_full", colours.get(c), SOLID));
            curves.add(curve(c + " intrinsic only", r, "N", "gain_intrinsic", colours.get(c), DASHED));
        }
        // two lines per condition: inside the plot the legend covered curves (notebook 8, parity, N = 12-18)
        return draw(style, "One-step gain of the memory direction", "Level N", "‖J m‖ (1 = held)", curves, null, null, Styler.LegendPosition.OutsideE);
    }

    /**
     * The scaling figure of one task ({@code org.cbrnn.analysis.Scaling#table}): a metric ("auc", "t_half" or "max_n")
     * against trainable parameters, CB-RNN and RNN, mean ± 1 SD over runs (band where a size has two or more runs), a
     * marker per size. The title says how many of the paper's 8 sizes have runs.
     */
    public static XYChart scaling(Table scaling, String task, String metric) {
        Check.notNull("task", task);
        Check.notNull("metric", metric);
        need("scaling", scaling, "task", "family", "parameters", "runs");
        String yTitle = switch (metric) {
            case "auc" -> "AUC of N over epochs";
            case "t_half" -> "t½ (epochs to half the global max N)";
            case "max_n" -> "max N";
            default -> throw new IllegalArgumentException("metric must be auc, t_half or max_n, got '" + metric + "'");
        };
        need("scaling", scaling, metric + "_mean", metric + "_sd");
        Table t = rows(scaling, "task", task);
        Style style = Style.DEFAULT;
        List<Curve> curves = new ArrayList<>();
        Map<String, Color> colours = style.palette().distinct(List.of("CB-RNN", "RNN-202"));
        int sizes = 0;
        for (String fam : List.of("CB-RNN", "RNN")) {
            Table r = rows(t, "family", fam).sortAscendingOn("parameters");
            if (r.rowCount() == 0) continue;
            sizes += r.rowCount();
            double[] x = r.numberColumn("parameters").asDoubleArray(), m = r.numberColumn(metric + "_mean").asDoubleArray(),
                    sd = r.numberColumn(metric + "_sd").asDoubleArray(), n = r.numberColumn("runs").asDoubleArray();
            for (int i = 0; i < sd.length; i++) if (n[i] < 2) sd[i] = Double.NaN;
            curves.add(new Curve(fam, x, m, sd, colours.get(fam.equals("RNN") ? "RNN-202" : fam), SOLID));
        }
        if (curves.isEmpty()) throw new IllegalArgumentException("no scaling rows for task '" + task + "'; tasks: " + distinct(scaling, "task"));
        String name = switch (metric) {
            case "auc" -> "AUC";
            case "t_half" -> "t½";
            default -> "max N";
        };
        XYChart c = draw(style, task + ": " + name + " against parameters, mean ± SD (" + sizes + " of 8 sizes have runs)",
                "Trainable parameters", yTitle, curves, null, null, Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        // the paper's grid spans 16,962 to 75,346 parameters: a partial store shows where the missing sizes would be
        c.getStyler().setXAxisMin(10_000.0);
        c.getStyler().setXAxisMax(80_000.0);
        for (var s : c.getSeriesMap().values()) if (s.isShowInLegend()) s.setMarker(SeriesMarkers.CIRCLE);
        return c;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The lowest mean - SEM of the curves (SEM missing counts as 0), so a fixed axis can still cover the data. */
    static double lowest(List<Curve> curves) {
        double lo = Double.POSITIVE_INFINITY;
        for (Curve c : curves) {
            for (int i = 0; i < c.mean().length; i++) {
                double e = Double.isNaN(c.sem()[i]) ? 0 : c.sem()[i];
                if (!Double.isNaN(c.mean()[i])) lo = Math.min(lo, c.mean()[i] - e);
            }
        }
        return lo;
    }

    /** The highest mean + SEM of the curves (SEM missing counts as 0). */
    static double highest(List<Curve> curves) {
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (int i = 0; i < c.mean().length; i++) {
                double e = Double.isNaN(c.sem()[i]) ? 0 : c.sem()[i];
                if (!Double.isNaN(c.mean()[i])) hi = Math.max(hi, c.mean()[i] + e);
            }
        }
        return hi;
    }

    private static double floorTo5(double v) {
        return Math.floor(v / 5) * 5;
    }

    private static XYChart draw(Style style, String title, String xTitle, String yTitle, List<Curve> curves, Double yMin, Double yMax,
                                Styler.LegendPosition legend) {
        if (curves.isEmpty()) throw new IllegalArgumentException("nothing to draw: the table has no rows");
        List<String> names = curves.stream().map(Curve::name).toList();
        XYChart chart = style.xyChart(style.fit(Size.NOTEBOOK, title, names), title, xTitle, yTitle);
        chart.getStyler().setLegendPosition(legend);
        if (yMin != null) chart.getStyler().setYAxisMin(yMin);
        if (yMax != null) chart.getStyler().setYAxisMax(yMax);
        for (Curve c : curves) {
            double[] lo = new double[c.x().length], hi = new double[c.x().length];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = c.mean()[i] - c.sem()[i];
                hi[i] = c.mean()[i] + c.sem()[i];
            }
            Bands.addFill(chart, c.name() + Bands.FILL_SUFFIX, c.x(), lo, hi, Palette.withAlpha(c.color(), Bands.DEFAULT_ALPHA));
        }
        for (Curve c : curves) {
            XYSeries s = Bands.line(chart, c.name(), c.x(), c.mean(), c.color(), c.stroke());
            if (c.x().length == 1) s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (LEVEL_AXIS.equals(xTitle)) levelAxis(chart, curves);
        return chart;
    }

    private static final String LEVEL_AXIS = "Level N";
    /** Levels up to this span get a tick at every level; beyond it (DMS reaches N = 34) the labels would overlap. */
    static final int LEVEL_TICKS_MAX_SPAN = 20;

    /**
     * XChart 3.8.8 puts a tick at every x value when the values are equally spaced (every solved level here), which
     * reads well on parity (N 2-18) but overlaps on DMS (N 2-34). Past {@link #LEVEL_TICKS_MAX_SPAN} the axis is
     * padded by half a level on both sides, which makes XChart choose round ticks (5, 10, ...) instead.
     */
    static void levelAxis(XYChart chart, List<Curve> curves) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) for (double x : c.x()) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        if (hi - lo <= LEVEL_TICKS_MAX_SPAN) return;
        chart.getStyler().setXAxisMin(lo - 0.5);
        chart.getStyler().setXAxisMax(hi + 0.5);
        chart.getStyler().setXAxisDecimalPattern("#0");
    }

    private static Curve curve(String name, Table t, String x, String value, Color color, BasicStroke stroke) {
        Table s = t.sortAscendingOn(x);
        double[] xs = s.numberColumn(x).asDoubleArray();
        double[] m = s.numberColumn(value + "_mean").asDoubleArray();
        double[] e = s.columnNames().contains(value + "_sem") ? s.numberColumn(value + "_sem").asDoubleArray() : new double[xs.length];
        if (!s.columnNames().contains(value + "_sem")) java.util.Arrays.fill(e, Double.NaN);
        return new Curve(name, xs, m, e, color, stroke);
    }

    /** Whether a condition's Jacobian rows have a cerebellar term (a model without one has cb_share 0 throughout). */
    private static boolean hasCbTerm(Table r) {
        if (!r.columnNames().contains("cb_share_mean")) return true;
        var c = r.numberColumn("cb_share_mean");
        for (int i = 0; i < r.rowCount(); i++) if (!c.isMissing(i) && c.getDouble(i) != 0) return true;
        return false;
    }

    private static Map<String, Color> colours(Table t, Style style) {
        return style.palette().distinct(conditions(t));
    }

    private static List<String> conditions(Table t) {
        return distinct(t, "condition");
    }

    private static List<String> distinct(Table t, String col) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (int i = 0; i < t.rowCount(); i++) s.add(t.column(col).getString(i));
        return new ArrayList<>(s);
    }

    private static Table rows(Table t, String col, String value) {
        return t.where(t.stringColumn(col).isEqualTo(value));
    }

    private static void need(String name, Table t, String... cols) {
        Check.notNull(name, t);
        for (String c : cols) {
            if (!t.columnNames().contains(c)) throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + c + "'; columns: " + t.columnNames());
        }
    }
}
