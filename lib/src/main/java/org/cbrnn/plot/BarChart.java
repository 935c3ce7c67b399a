package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cbrnn.util.Check;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.Marker;

/**
 * Mean ± SD per condition as bars with error bars, with each seed's value overlaid as a point (a "bar + strip" plot),
 * on an XChart {@link CategoryChart}.
 *
 * <pre>{@code
 * CategoryChart c = BarChart.builder().title("Max N").yTitle("Max N")
 *     .add("RNN-202", rnnMaxN)      // double[]: one value per seed
 *     .add("CB-RNN", cbMaxN)
 *     .build();
 * }</pre>
 *
 * Each condition is its own bar series (coloured from the palette, a lighter tint so the points stand out) with a
 * value only in its own category, drawn overlapped so every bar is centred on its category. Seed points are scatter
 * series (the k-th seed of every condition in series k) whose marker shifts itself sideways by a fixed,
 * deterministic offset per seed, so equal values do not hide each other. The error bar is ±1 sample SD (0 for a
 * single seed); NaN seed values are ignored.
 */
public final class BarChart {

    /** Prefix of the seed scatter series names. */
    public static final String SEED_SERIES_PREFIX = "seed ";
    /** Name of the (marker-less) series that carries the error bars. */
    public static final String ERROR_SERIES = "mean \u00b1 SD";

    private BarChart() {}

    /** A new builder with {@link Style#DEFAULT} and {@link Size#NOTEBOOK}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mean and sample SD of the finite values ({NaN, NaN} if none; SD 0 for one value). */
    public static double[] meanSd(double[] values) {
        Check.notNull("values", values);
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) return new double[] {Double.NaN, Double.NaN};
        double m = sum / n;
        double ss = 0;
        for (double v : values) if (Double.isFinite(v)) ss += (v - m) * (v - m);
        return new double[] {m, n > 1 ? Math.sqrt(ss / (n - 1)) : 0};
    }

    /** Builds a {@link BarChart}; each {@link #build()} makes a new chart. */
    public static final class Builder {
        private final Map<String, double[]> values = new LinkedHashMap<>();
        private final Map<String, Color> explicit = new LinkedHashMap<>();
        private Style style = Style.DEFAULT;
        private Size size = Size.NOTEBOOK;
        private String title = "";
        private String xTitle = "";
        private String yTitle = "";
        private boolean showPoints = true;
        private Double yMin;
        private Double yMax;
        private double tint = 0.4;

        private Builder() {}

        /** Chart title. */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /** y axis title. */
        public Builder yTitle(String t) {
            this.yTitle = t == null ? "" : t;
            return this;
        }

        /** x axis title (none by default: the categories are the condition names). */
        public Builder xTitle(String t) {
            this.xTitle = t == null ? "" : t;
            return this;
        }

        /** Chart size (default {@link Size#NOTEBOOK}). */
        public Builder size(Size size) {
            this.size = Check.notNull("size", size);
            return this;
        }

        /** Style. */
        public Builder style(Style style) {
            this.style = Check.notNull("style", style);
            return this;
        }

        /** A condition with one value per seed, in the palette's colour. Adding a label again appends values. */
        public Builder add(String label, double[] perSeed) {
            return add(label, perSeed, null);
        }

        /** A condition with an explicit colour (null: palette). */
        public Builder add(String label, double[] perSeed, Color color) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(perSeed, "perSeed");
            double[] old = values.get(label);
            if (old == null) {
                values.put(label, perSeed.clone());
            } else {
                double[] joined = Arrays.copyOf(old, old.length + perSeed.length);
                System.arraycopy(perSeed, 0, joined, old.length, perSeed.length);
                values.put(label, joined);
            }
            if (color != null) explicit.put(label, color);
            return this;
        }

        /** Whether to overlay the seed values as points (default true). */
        public Builder showPoints(boolean b) {
            this.showPoints = b;
            return this;
        }

        /** Fixed y range; by default the axis starts at 0 when no value is negative. */
        public Builder yRange(Double min, Double max) {
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** How much lighter than the condition colour the bars are, 0 (same) to 1 (white); default 0.4. */
        public Builder barTint(double t) {
            this.tint = t;
            return this;
        }

        /**
         * The chart.
         *
         * @throws IllegalStateException if no condition was added
         */
        public CategoryChart build() {
            if (values.isEmpty()) throw new IllegalStateException("add at least one condition");
            CategoryChart chart = style.categoryChart(style.fit(size, title, List.of()), title, xTitle, yTitle);
            chart.getStyler().setOverlapped(true);
            chart.getStyler().setAvailableSpaceFill(0.6);
            List<String> labels = new ArrayList<>(values.keySet());
            Map<String, Color> colors = style.palette().distinct(labels);
            colors.putAll(explicit);
            boolean anyNegative = false;
            int maxSeeds = 0;
            for (double[] v : values.values()) {
                for (double d : v) anyNegative |= d < 0;
                maxSeeds = Math.max(maxSeeds, v.length);
            }
            List<Double> means = new ArrayList<>();
            List<Double> sds = new ArrayList<>();
            for (String label : labels) {
                double[] ms = meanSd(values.get(label));
                means.add(Double.isFinite(ms[0]) ? ms[0] : 0.0);
                sds.add(Double.isFinite(ms[1]) ? ms[1] : 0.0);
                List<Double> y = new ArrayList<>();
                for (String other : labels) y.add(other.equals(label) && Double.isFinite(ms[0]) ? ms[0] : null);
                CategorySeries s = chart.addSeries(label, labels, y);
                s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
                s.setFillColor(Palette.lighter(colors.get(label), tint));
                s.setLineColor(colors.get(label));
                s.setMarkerColor(colors.get(label));
                s.setLineWidth(1.2f);
            }
            CategorySeries eb = chart.addSeries(ERROR_SERIES, labels, means, sds);
            eb.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            eb.setMarker(new ShiftedDot(0, 0));
            eb.setMarkerColor(Style.TEXT);
            eb.setShowInLegend(false);
            if (showPoints) {
                double plotWidth = size.width() * 0.85;
                double spread = Math.min(48, 0.6 * 0.6 * plotWidth / labels.size());
                for (int k = 0; k < maxSeeds; k++) {
                    List<Double> y = new ArrayList<>();
                    boolean any = false;
                    for (String label : labels) {
                        double[] v = values.get(label);
                        Double d = k < v.length && Double.isFinite(v[k]) ? v[k] : null;
                        any |= d != null;
                        y.add(d);
                    }
                    if (!any) continue;
                    CategorySeries s = chart.addSeries(SEED_SERIES_PREFIX + (k + 1), labels, y);
                    s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
                    double u = (k * 0.6180339887498949) % 1.0 - 0.5;
                    s.setMarker(new ShiftedDot(u * spread, 1));
                    s.setMarkerColor(POINT);
                    s.setShowInLegend(false);
                }
            }
            chart.getStyler().setXAxisLabelRotation(labelRotation(labels, size, style));
            if (yMin != null) chart.getStyler().setYAxisMin(yMin);
            else if (!anyNegative) chart.getStyler().setYAxisMin(0.0);
            if (yMax != null) chart.getStyler().setYAxisMax(yMax);
            return chart;
        }
    }

    /** 0 when the category labels fit side by side, else 30 or 60 degrees. */
    static int labelRotation(List<String> labels, Size size, Style style) {
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        java.awt.Font f = style.font(java.awt.Font.PLAIN, 12);
        double widest = 0;
        for (String l : labels) widest = Math.max(widest, f.getStringBounds(l, frc).getWidth());
        double slot = size.width() * 0.85 / labels.size();
        if (widest <= 0.9 * slot) return 0;
        return widest <= 1.5 * slot ? 30 : 60;
    }

    /** Colour of the seed points. */
    public static final Color POINT = new Color(0x1A1A1A);

    /** A filled dot with a white rim, drawn {@code dx} pixels to the side of its data position, scaled by {@code scale}. */
    static final class ShiftedDot extends Marker {
        private final double dx;
        private final double scale;

        ShiftedDot(double dx, double scale) {
            this.dx = dx;
            this.scale = scale;
        }

        @Override
        public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
            double d = markerSize * scale;
            if (d <= 0) return;
            Ellipse2D.Double e = new Ellipse2D.Double(xOffset + dx - d / 2, yOffset - d / 2, d, d);
            Color c = g.getColor();
            g.fill(e);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f));
            g.draw(e);
            g.setColor(c);
        }
    }
}
