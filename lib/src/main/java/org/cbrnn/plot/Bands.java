package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Mean ± SD bands over several series (seeds) and their drawing on an XChart {@link XYChart}.
 *
 * <h2>Statistics</h2>
 * {@link #of(List, Ragged)} computes, at every index, the mean and the sample standard deviation (divisor n - 1; 0
 * when n = 1) of the series that have a finite value there. NaN entries count as missing. Runs of different lengths
 * are handled by {@link Ragged}:
 * <ul>
 *   <li>{@link Ragged#CARRY_LAST} (the default for curriculum curves): a shorter series is padded with its last finite
 *       value up to the longest length. Right when a run ended early because it reached the target level: its N
 *       stays at the level it reached.</li>
 *   <li>{@link Ragged#TRUNCATE}: no padding; the band (and its mean) stops at the last index where at least two
 *       series remain (or the single series' length when only one was given). Right when a shorter run simply has
 *       no data for later epochs (for example loss curves).</li>
 * </ul>
 *
 * <h2>Drawing</h2>
 * XChart's {@code Area} style fills down to the axis and needs ascending x, and painting a background-coloured area
 * under the lower bound breaks as soon as two bands overlap. XChart 3.8.8 does have a {@code PolygonArea} render
 * style, which fills the closed polygon through a series' points in order with no ordering constraint: {@link #addFill}
 * adds one such series per contiguous stretch of finite bounds, running along the upper bound forward and back along
 * the lower bound, filled with a semi-transparent colour and no outline. Overlapping bands therefore blend; the band
 * lies above the grid and below series added after it; the y axis range includes it; PNG and SVG export both work.
 * The fill series is hidden from the legend; the mean line carries the label.
 */
public final class Bands {

    /** Default opacity of band fills. */
    public static final double DEFAULT_ALPHA = 0.22;

    /** Suffix of the names of fill series (XChart series names must be unique). */
    public static final String FILL_SUFFIX = " \u00b1SD";

    private Bands() {}

    /** How series of different lengths are combined; see the class comment. */
    public enum Ragged {
        /** Pad shorter series with their last finite value up to the longest length. */
        CARRY_LAST,
        /** No padding; stop where fewer than two series remain. */
        TRUNCATE
    }

    /**
     * A mean ± SD band.
     *
     * @param x     x positions (1, 2, ... from {@link #of}: epochs are 1-based)
     * @param mean  mean at each x
     * @param sd    sample standard deviation at each x (0 where count is 1)
     * @param count how many series contributed at each x
     */
    public record Band(double[] x, double[] mean, double[] sd, int[] count) {
        public Band {
            Check.notNull("mean", mean);
            Check.notNull("sd", sd);
            Check.notNull("count", count);
            Objects.requireNonNull(x, "x");
            if (mean.length != x.length || sd.length != x.length || count.length != x.length) {
                throw new IllegalArgumentException("x, mean, sd and count must have the same length");
            }
        }

        /** Number of points. */
        public int length() {
            return x.length;
        }

        /** mean - k * sd at each point. */
        public double[] lower(double k) {
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) r[i] = mean[i] - k * sd[i];
            return r;
        }

        /** mean + k * sd at each point. */
        public double[] upper(double k) {
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) r[i] = mean[i] + k * sd[i];
            return r;
        }

        /** mean - sd. */
        public double[] lower() {
            return lower(1);
        }

        /** mean + sd. */
        public double[] upper() {
            return upper(1);
        }

        /** The same band at other x positions (same length). */
        public Band withX(double[] newX) {
            Check.notNull("newX", newX);
            if (newX.length != x.length) throw new IllegalArgumentException("x length " + newX.length + " != " + x.length);
            return new Band(newX.clone(), mean, sd, count);
        }

        @Override
        public String toString() {
            return "Band[n=" + x.length + ", mean=" + Arrays.toString(mean) + ", sd=" + Arrays.toString(sd) + "]";
        }
    }

    /** {@link #of(List, Ragged)} with {@link Ragged#CARRY_LAST}. */
    public static Band of(List<double[]> series) {
        Check.notNull("series", series);
        return of(series, Ragged.CARRY_LAST);
    }

    /**
     * Mean and sample SD at each index over {@code series}; x = 1, 2, ... See the class comment for missing values.
     *
     * @throws IllegalArgumentException if {@code series} is empty
     */
    public static Band of(List<double[]> series, Ragged ragged) {
        Check.notNull("series", series);
        Objects.requireNonNull(ragged, "ragged");
        if (series == null || series.isEmpty()) throw new IllegalArgumentException("need at least one series");
        int longest = 0;
        for (double[] s : series) longest = Math.max(longest, Objects.requireNonNull(s, "series element").length);
        double[][] cols = new double[series.size()][];
        for (int k = 0; k < cols.length; k++) {
            double[] s = series.get(k);
            if (ragged == Ragged.CARRY_LAST) {
                double[] p = Arrays.copyOf(s, longest);
                double last = Double.NaN;
                for (int i = 0; i < longest; i++) {
                    if (i < s.length) {
                        if (Double.isFinite(s[i])) last = s[i];
                    } else {
                        p[i] = last;
                    }
                }
                cols[k] = p;
            } else {
                cols[k] = s;
            }
        }
        int[] count = new int[longest];
        double[] mean = new double[longest];
        double[] sd = new double[longest];
        for (int i = 0; i < longest; i++) {
            double sum = 0;
            int n = 0;
            for (double[] c : cols) {
                if (i < c.length && Double.isFinite(c[i])) {
                    sum += c[i];
                    n++;
                }
            }
            count[i] = n;
            if (n == 0) {
                mean[i] = Double.NaN;
                sd[i] = Double.NaN;
                continue;
            }
            double m = sum / n;
            double ss = 0;
            for (double[] c : cols) if (i < c.length && Double.isFinite(c[i])) ss += (c[i] - m) * (c[i] - m);
            mean[i] = m;
            sd[i] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        }
        int len = longest;
        if (ragged == Ragged.TRUNCATE) {
            int need = Math.min(2, series.size());
            len = 0;
            for (int i = 0; i < longest; i++) if (count[i] >= need) len = i + 1;
        }
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = i + 1;
        return new Band(x, Arrays.copyOf(mean, len), Arrays.copyOf(sd, len), Arrays.copyOf(count, len));
    }

    /**
     * Adds a mean line named {@code name} and a ±1 SD fill (hidden from the legend) in {@code color}; the fill first,
     * so the line lies on top. Points where fewer than two series contributed get no fill.
     *
     * @return the mean line series (style it further if needed)
     */
    public static XYSeries add(XYChart chart, String name, Band band, Color color) {
        Check.notNull("chart", chart);
        Check.notNull("name", name);
        Check.notNull("band", band);
        Check.notNull("color", color);
        return add(chart, name, band, color, DEFAULT_ALPHA, 2.2f);
    }

    /** {@link #add(XYChart, String, Band, Color)} with fill opacity and line width. */
    public static XYSeries add(XYChart chart, String name, Band band, Color color, double alpha, float lineWidth) {
        Check.notNull("chart", chart);
        Check.notNull("name", name);
        Check.notNull("band", band);
        Check.notNull("color", color);
        double[] lo = band.lower();
        double[] hi = band.upper();
        for (int i = 0; i < lo.length; i++) {
            if (band.count()[i] < 2) {
                lo[i] = Double.NaN;
                hi[i] = Double.NaN;
            }
        }
        addFill(chart, name + FILL_SUFFIX, band.x(), lo, hi, Palette.withAlpha(color, alpha));
        return line(chart, name, band.x(), band.mean(), color, Style.solid(lineWidth));
    }

    /**
     * The points of a polyline without the inner points of its flat stretches (a point whose y equals both
     * neighbours' y); points next to a gap (NaN) are kept. The drawn line is the same.
     *
     * @return {x, y}
     */
    public static double[][] flatten(double[] x, double[] y) {
        Check.notNull("x", x);
        Check.notNull("y", y);
        if (x.length != y.length) throw new IllegalArgumentException("x and y must have one length, got " + x.length + " and " + y.length);
        int n = x.length;
        double[] fx = new double[n], fy = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean inner = i > 0 && i < n - 1 && y[i] == y[i - 1] && y[i] == y[i + 1] && !Double.isNaN(y[i]);
            if (inner) continue;
            fx[k] = x[i];
            fy[k] = y[i];
            k++;
        }
        return new double[][] {java.util.Arrays.copyOf(fx, k), java.util.Arrays.copyOf(fy, k)};
    }

    /**
     * Adds a plain line series (no markers) with a colour and stroke. A dashed stroke's curve is drawn through
     * {@link #flatten} first: XChart restarts the dash pattern at every data point, so a pattern only shows on
     * segments longer than it.
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        Check.notNull("chart", chart);
        Check.notNull("name", name);
        Check.notNull("x", x);
        Check.notNull("y", y);
        Check.notNull("color", color);
        Check.notNull("stroke", stroke);
        if (stroke.getDashArray() != null && x.length == y.length && x.length > 2) {
            double[][] f = flatten(x, y);
            x = f[0];
            y = f[1];
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setMarkerColor(color);
        return s;
    }

    /**
     * Adds a filled region between {@code lower} and {@code upper} (same length as {@code x}, x ascending) in
     * {@code fill} (give it an alpha for transparency). Indices where either bound is not finite split the region
     * into separate polygons. The series are hidden from the legend and named {@code name}, {@code name #2}, ...
     *
     * @return the fill series added (empty if no index had finite bounds)
     */
    public static List<XYSeries> addFill(XYChart chart, String name, double[] x, double[] lower, double[] upper, Color fill) {
        Check.notNull("chart", chart);
        Check.notNull("name", name);
        Check.notNull("x", x);
        Check.notNull("lower", lower);
        Check.notNull("upper", upper);
        Check.notNull("fill", fill);
        if (x.length != lower.length || x.length != upper.length) throw new IllegalArgumentException("x, lower and upper must have the same length");
        List<XYSeries> added = new ArrayList<>();
        int i = 0;
        while (i < x.length) {
            while (i < x.length && !(Double.isFinite(lower[i]) && Double.isFinite(upper[i]) && Double.isFinite(x[i]))) i++;
            int start = i;
            while (i < x.length && Double.isFinite(lower[i]) && Double.isFinite(upper[i]) && Double.isFinite(x[i])) i++;
            int n = i - start;
            if (n == 0) break;
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int j = 0; j < n; j++) {
                double lo = Math.min(lower[start + j], upper[start + j]);
                double hi = Math.max(lower[start + j], upper[start + j]);
                px[j] = x[start + j];
                py[j] = hi;
                px[2 * n - 1 - j] = x[start + j];
                py[2 * n - 1 - j] = lo;
            }
            String seriesName = added.isEmpty() ? name : name + " #" + (added.size() + 1);
            XYSeries s = chart.addSeries(seriesName, px, py);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            s.setFillColor(fill);
            s.setLineColor(fill);
            s.setMarkerColor(fill);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(n == 1 ? new BasicStroke(2f) : SeriesLines.NONE);
            s.setShowInLegend(false);
            added.add(s);
        }
        return added;
    }
}
