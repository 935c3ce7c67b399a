package org.cbrnn.plot;

import org.cbrnn.util.Check;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.results.FreezeTiming;
import org.cbrnn.results.FreezeTiming.Comparison;
import org.cbrnn.results.FreezeTiming.Measure;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;

/**
 * Figures of a {@link FreezeTiming} analysis: a forest plot of the paired differences and the curriculum curves of
 * the baseline and the freeze conditions from the freeze on.
 *
 * <pre>{@code
 * XYChart auc = FreezeChart.forest(ft, "parity", Measure.AUC);   // one panel
 * BufferedImage all = FreezeChart.forestPanels(ft, "parity");    // AUC, epochs to target, max N stacked
 * XYChart curves = FreezeChart.curves(ft, "parity");
 * }</pre>
 *
 * <p>Forest plot: one row per condition, earliest freeze at the top, labelled with the condition, its n, the censored
 * pairs (epochs to target) and its mean freeze epoch ("from ep. 1" for conditions compared from epoch 1); a diamond at the mean paired difference (condition minus baseline), a bar over its 95 % CI (none
 * where n &lt; 2), each seed's difference as a small dot just below the bar (equal differences stacked), and a dashed
 * line at zero. The x axis is set by the seeds' differences and the means ({@link #axisRange}); an interval reaching
 * beyond it is cut at the edge, ends in an arrow and has its bound printed above it. Colours: {@link #colors(List)},
 * the same in both figures.
 */
public final class FreezeChart {

    /** The baseline's colour in the curves (black: no condition of this figure uses it). */
    public static final Color BASELINE = Palette.BLACK;

    // freeze conditions in freeze order; distinct hues (Tol muted + Okabe-Ito), none black or grey, none equal to the
    // reservoirs' vermillion and bluish green
    private static final List<Color> SEQUENCE = List.of(new Color(0x332288), new Color(0xAA4499), new Color(0x56B4E9), new Color(0xE69F00),
            new Color(0x999933), new Color(0x882255), new Color(0x0072B2), new Color(0xCC6677), new Color(0x117733), new Color(0x88CCEE));

    private FreezeChart() {}

    /**
     * One colour per condition, distinct within the list: the paper's reservoirs keep their palette colours
     * (vermillion, bluish green), the other conditions take ten fixed distinct hues in the given order.
     */
    public static Map<String, Color> colors(List<String> conditions) {
        Check.notNull("conditions", conditions);
        Map<String, Color> out = new LinkedHashMap<>();
        int k = 0;
        for (String c : conditions) {
            if (c.equals("full-reservoir")) out.put(c, Palette.VERMILLION);
            else if (c.startsWith("interleaved")) out.put(c, Palette.BLUISH_GREEN);
            else out.put(c, SEQUENCE.get(k++ % SEQUENCE.size()));
        }
        return out;
    }

    /** The forest plot of one measure on one task, {@link Size#NOTEBOOK} wide and as tall as its rows need. */
    public static XYChart forest(FreezeTiming ft, String task, Measure m) {
        return forest(ft, task, m, Style.DEFAULT, Size.NOTEBOOK.width());
    }

    /** The forest plot of one measure on one task. */
    public static XYChart forest(FreezeTiming ft, String task, Measure m, Style style, int width) {
        Objects.requireNonNull(ft, "ft");
        List<Comparison> rows = ft.comparisons(task, m);
        if (rows.isEmpty()) throw new IllegalArgumentException("no measured pair on task '" + task + "'");
        int k = rows.size();
        Size size = new Size(width, 150 + 44 * k);
        // a long target description ("the baseline's N at the budget ...") would run off the axis: the tables give it
        String target = ft.target(task).describe();
        String what = m == Measure.EPOCHS_TO_TARGET ? "epochs to " + (target.length() <= 12 ? target : "target N") : m.title();
        String xTitle = "\u0394 " + what + " (" + m.unit() + "), condition \u2212 " + ft.baseline() + (m.costSign() < 0 ? "; < 0 = cost" : "; > 0 = cost");
        XYChart c = style.xyChart(size, m.title() + " \u00b7 " + task + " \u00b7 " + ft.budget() + " epochs", xTitle, "");
        c.getStyler().setLegendVisible(false);
        c.getStyler().setChartTitleFont(style.font(Font.BOLD, 14));
        Map<String, Color> colors = colors(rows.stream().map(Comparison::condition).toList());
        List<String> labels = new ArrayList<>();
        double[] axis = axisRange(rows);
        double lo = axis[0], hi = axis[1], pad = Math.max(0.08 * (hi - lo), 0.5);
        // an interval reaching beyond the axis (a condition with few seeds next to narrow ones) is cut at the edge,
        // where an arrow and its bound say how far it goes
        double cutLo = lo - 0.5 * pad, cutHi = hi + 0.5 * pad;
        for (int i = 0; i < k; i++) {
            Comparison r = rows.get(i);
            double y = k - i; // earliest freeze at the top
            Color col = colors.get(r.condition());
            boolean fromStart = ft.pairList().stream().anyMatch(p -> p.task().equals(task) && p.condition().equals(r.condition()) && p.fromEpoch() != p.freezeEpoch());
            labels.add(String.format(Locale.ROOT, "%s \u00b7 n=%d%s \u00b7 %s", r.condition(), r.stats().n(),
                    r.censored() > 0 ? " \u00b7 " + r.censored() + " cens." : "", fromStart ? "from ep. 1" : String.format(Locale.ROOT, "ep. %.0f", r.freezeEpoch())));
            double mean = r.stats().mean();
            if (Double.isFinite(r.stats().low())) {
                double a = Math.max(r.stats().low(), cutLo), b = Math.min(r.stats().high(), cutHi);
                Bands.line(c, "ci " + i, new double[] {a, b}, new double[] {y, y}, col, Style.solid(3f));
                end(c, "ci low " + i, a, y, col, r.stats().low() < cutLo ? -1 : 0);
                end(c, "ci high " + i, b, y, col, r.stats().high() > cutHi ? 1 : 0);
                double span = cutHi - cutLo;
                if (r.stats().low() < cutLo) bound(c, style, r.stats().low(), cutLo + 0.1 * span, y);
                if (r.stats().high() > cutHi) bound(c, style, r.stats().high(), cutHi - 0.1 * span, y);
            }
            double[] d = r.differences();
            if (d.length > 0) {
                double[] ys = dotRows(d, y - 0.22, 0.09);
                XYSeries pts = c.addSeries("seeds " + i, d, ys);
                pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                pts.setMarker(new Dot(6, false));
                pts.setMarkerColor(col);
            }
            if (Double.isFinite(mean)) {
                XYSeries mk = c.addSeries("mean " + i, new double[] {mean}, new double[] {y});
                mk.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                mk.setMarker(new Dot(13, true));
                mk.setMarkerColor(col);
            }
        }
        XYSeries zero = Bands.line(c, "zero", new double[] {0, 0}, new double[] {0.4, k + 0.6}, Style.BORDER, Style.dashed(1.4f));
        zero.setShowInLegend(false);
        c.getStyler().setXAxisMin(lo - pad);
        c.getStyler().setXAxisMax(hi + pad);
        c.getStyler().setYAxisMin(0.4);
        c.getStyler().setYAxisMax(k + 0.6);
        // one tick per row: XChart picks a step of 1 when the spacing hint is about the pixels per row (it rounds the
        // step hint to 1 for 0.75-1.5 rows). It also wants every tick label, the axis ends' included, to differ (with
        // equal labels it shows none, or never stops looking for a step), so other ticks get distinct invisible
        // labels: runs of zero-width spaces
        double pxPerRow = (size.height() - 110.0) / (k + 0.2);
        c.getStyler().setYAxisTickMarkSpacingHint((int) Math.round(1.1 * pxPerRow));
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setyAxisTickLabelsFormattingFunction(v -> {
            long row = Math.round(v);
            if (Math.abs(v - row) > 1e-6 || row < 1 || row > k) return "\u200b".repeat((int) Math.max(1, Math.round((v + 1) * 100)));
            return labels.get((int) (k - row));
        });
        c.getStyler().setXAxisDecimalPattern(Math.abs(hi - lo) < 10 ? "#0.#" : "#0");
        return c;
    }

    /**
     * The x range of a forest plot before padding: every seed's difference, every mean and zero, widened to take in
     * the 95 % intervals by at most a quarter of that span on each side. So the axis is set by the data; an interval
     * that reaches further (typically a condition with few seeds beside narrow ones) is cut at the edge instead of
     * squeezing every other row into a sliver.
     */
    static double[] axisRange(List<Comparison> rows) {
        double lo = 0, hi = 0;
        for (Comparison r : rows) {
            for (double x : r.differences()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            if (Double.isFinite(r.stats().mean())) {
                lo = Math.min(lo, r.stats().mean());
                hi = Math.max(hi, r.stats().mean());
            }
        }
        double reach = 0.25 * Math.max(hi - lo, 1.0), ciLo = lo, ciHi = hi;
        for (Comparison r : rows) {
            if (!Double.isFinite(r.stats().low())) continue;
            ciLo = Math.min(ciLo, r.stats().low());
            ciHi = Math.max(ciHi, r.stats().high());
        }
        return new double[] {Math.max(ciLo, lo - reach), Math.min(ciHi, hi + reach)};
    }

    /**
     * The heights of the seeds' dots below a row: equal differences (common for max N, a whole number of levels) stack
     * downwards by {@code step} so that every seed stays visible.
     */
    static double[] dotRows(double[] d, double top, double step) {
        double[] ys = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            int same = 0;
            for (int j = 0; j < i; j++) if (d[j] == d[i]) same++;
            ys[i] = top - step * same;
        }
        return ys;
    }

    // an interval's end: a tick, or an arrow (direction -1 / +1) where the interval was cut at the axis edge
    private static void end(XYChart c, String name, double x, double y, Color col, int direction) {
        XYSeries s = c.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(direction == 0 ? new Tick(5) : new Arrow(direction));
        s.setMarkerColor(col);
        s.setShowInLegend(false);
    }

    // the true bound of a cut interval, printed above its row inside the plot
    private static void bound(XYChart c, Style style, double value, double x, double y) {
        String text = (value < 0 ? "\u2212" : "") + String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.1f", Math.abs(value));
        AnnotationText t = new AnnotationText("CI to " + text, x, y + 0.3, false);
        c.addAnnotation(t);
        c.getStyler().setAnnotationTextFont(style.font(Font.PLAIN, 11));
        c.getStyler().setAnnotationTextFontColor(Style.TEXT);
    }

    /** The forest plots of the three measures of one task stacked in one image. */
    public static BufferedImage forestPanels(FreezeTiming ft, String task) {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Measure m : Measure.values()) charts.add(forest(ft, task, m));
        return stack(charts);
    }

    /** Charts drawn one below the other on a white image as wide as the widest. */
    public static BufferedImage stack(List<? extends Chart<?, ?>> charts) {
        Check.notNull("charts", charts);
        if (charts.isEmpty()) throw new IllegalArgumentException("no charts to stack");
        int w = charts.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int h = charts.stream().mapToInt(Chart::getHeight).sum();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int y = 0;
            for (Chart<?, ?> c : charts) {
                Graphics2D gc = (Graphics2D) g.create(0, y, c.getWidth(), c.getHeight());
                try {
                    c.paint(gc, c.getWidth(), c.getHeight());
                } finally {
                    gc.dispose();
                }
                y += c.getHeight();
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** {@link #curves(FreezeTiming, String, Style, Size)} with the default style, 960 x 540. */
    public static XYChart curves(FreezeTiming ft, String task) {
        Check.notNull("ft", ft);
        Check.notNull("task", task);
        return curves(ft, task, Style.DEFAULT, new Size(960, 540));
    }

    /**
     * N against epoch up to the budget: the baseline's mean ± SD over the seeds paired with any condition (black, from
     * epoch 1), and per condition the mean ± SD of its paired runs from its earliest window start on (before that every
     * run is its baseline seed's), with a dot where it branches off. Legend outside on the right, with n per curve.
     */
    public static XYChart curves(FreezeTiming ft, String task, Style style, Size size) {
        Check.notNull("ft", ft);
        Check.notNull("task", task);
        Check.notNull("style", style);
        Check.notNull("size", size);
        List<String> conds = ft.conditions(task);
        if (conds.isEmpty()) throw new IllegalArgumentException("no measured pair on task '" + task + "'");
        XYChart c = style.xyChart(size, "N-" + task + ": " + ft.baseline() + " and each freeze condition from its freeze on (mean \u00b1 SD over seeds)",
                CurriculumChart.X_TITLE, CurriculumChart.Y_TITLE);
        c.getStyler().setChartTitleFont(style.font(Font.BOLD, 14));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("#0");
        Map<String, Color> colors = colors(conds);
        List<RunResult> base = new ArrayList<>();
        for (String cond : conds) {
            for (RunResult b : ft.pairedBaselineRuns(task, cond)) if (base.stream().noneMatch(x -> x.spec().seed() == b.spec().seed())) base.add(b);
        }
        Bands.Band bb = Bands.of(base.stream().map(RunResult::levels).toList());
        Bands.add(c, ft.baseline() + " (n=" + base.size() + ")", bb, BASELINE, Bands.DEFAULT_ALPHA * 0.8, 2.6f);
        for (String cond : conds) {
            List<RunResult> runs = ft.conditionRuns(task, cond);
            int start = ft.pairList().stream().filter(p -> p.task().equals(task) && p.condition().equals(cond))
                    .mapToInt(FreezeTiming.Pair::fromEpoch).min().orElse(1);
            Bands.Band b = Bands.of(runs.stream().map(RunResult::levels).toList());
            int from = Math.max(0, start - 1);
            int to = b.length();
            Bands.Band cut = new Bands.Band(Arrays.copyOfRange(b.x(), from, to), Arrays.copyOfRange(b.mean(), from, to),
                    Arrays.copyOfRange(b.sd(), from, to), Arrays.copyOfRange(b.count(), from, to));
            Color col = colors.get(cond);
            Bands.add(c, cond + " (n=" + runs.size() + ")", cut, col, Bands.DEFAULT_ALPHA * 0.7, 1.8f);
            XYSeries dot = c.addSeries(cond + " start", new double[] {cut.x()[0]}, new double[] {cut.mean()[0]});
            dot.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dot.setMarker(new Dot(8, true));
            dot.setMarkerColor(col);
            dot.setShowInLegend(false);
        }
        Style.epochAxis(c, ft.budget());
        c.getStyler().setYAxisMin(0.0);
        return c;
    }

    /** A filled circle or diamond of a fixed size (XChart sizes every marker of a chart alike). */
    static final class Dot extends Marker {
        private final double size;
        private final boolean diamond;

        Dot(double size, boolean diamond) {
            this.size = size;
            this.diamond = diamond;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double h = size / 2;
            if (diamond) {
                Path2D p = new Path2D.Double();
                p.moveTo(x, y - h);
                p.lineTo(x + h, y);
                p.lineTo(x, y + h);
                p.lineTo(x - h, y);
                p.closePath();
                g.fill(p);
                Color fill = g.getColor();
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(1.2f));
                g.draw(p);
                g.setColor(fill);
            } else {
                Color fill = g.getColor();
                g.setColor(Palette.withAlpha(fill, 0.75));
                g.fill(new Ellipse2D.Double(x - h, y - h, size, size));
                g.setColor(fill);
            }
        }
    }

    /** A short vertical tick: the caps of a CI bar. */
    static final class Tick extends Marker {
        private final double half;

        Tick(double half) {
            this.half = half;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.setStroke(new BasicStroke(2f));
            g.draw(new java.awt.geom.Line2D.Double(x, y - half, x, y + half));
        }
    }

    /** A filled arrowhead pointing left (-1) or right (+1): the end of an interval cut at the axis edge. */
    static final class Arrow extends Marker {
        private final int direction;

        Arrow(int direction) {
            this.direction = direction;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x + direction * 8, y);
            p.lineTo(x - direction * 2, y - 6);
            p.lineTo(x - direction * 2, y + 6);
            p.closePath();
            g.fill(p);
        }
    }
}
