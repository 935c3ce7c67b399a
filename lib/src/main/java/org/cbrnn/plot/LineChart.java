package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Per-epoch line charts: a general builder (lines, mean ± SD bands, reference lines, log y) and one-call helpers for
 * {@link EpochRecord} lists (evaluation accuracy, training loss, gradient norm per module).
 *
 * <pre>{@code
 * XYChart acc  = LineChart.evalAccuracy(Map.of("CB-RNN s1", run1.records(), "CB-RNN s2", run2.records()));
 * XYChart grad = LineChart.gradNorm(result.records());
 * XYChart c = LineChart.builder().title("Loss").axisTitles("Epoch", "Loss").logY(true)
 *     .band("CB-RNN", lossPerSeed).band("RNN", rnnLossPerSeed).build();
 * }</pre>
 */
public final class LineChart {

    /** y axis title of {@link #evalAccuracy}. */
    public static final String ACCURACY_TITLE = "Eval accuracy (%)";
    /** y axis title of {@link #trainLoss}. */
    public static final String LOSS_TITLE = "Training loss";
    /** y axis title of {@link #gradNorm}. */
    public static final String GRAD_TITLE = "Gradient norm (before clipping)";

    private LineChart() {}

    /** A new builder with {@link Style#DEFAULT} and {@link Size#NOTEBOOK}, x title "Epoch". */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code metric} of each record, in order. */
    public static double[] metric(List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric) {
        Check.notNull("records", records);
        Check.notNull("metric", metric);
        return records.stream().mapToDouble(metric).toArray();
    }

    /** The epoch numbers of the records (x values). */
    public static double[] epochs(List<EpochRecord> records) {
        Check.notNull("records", records);
        return records.stream().mapToDouble(EpochRecord::epoch).toArray();
    }

    /** Evaluation accuracy per epoch, one line per run (name to records). */
    public static XYChart evalAccuracy(Map<String, List<EpochRecord>> runs) {
        Check.notNull("runs", runs);
        return metric(runs, EpochRecord::evalAccuracy, ACCURACY_TITLE, false);
    }

    /** Mean training loss per epoch, one line per run, log y. */
    public static XYChart trainLoss(Map<String, List<EpochRecord>> runs) {
        Check.notNull("runs", runs);
        return metric(runs, EpochRecord::trainLoss, LOSS_TITLE, true);
    }

    /** Any per-epoch metric, one line per run (name to records). */
    public static XYChart metric(Map<String, List<EpochRecord>> runs, ToDoubleFunction<EpochRecord> metric, String yTitle, boolean logY) {
        Check.notNull("runs", runs);
        Check.notNull("metric", metric);
        Check.notNull("yTitle", yTitle);
        Builder b = builder().axisTitles("Epoch", yTitle).logY(logY);
        for (Map.Entry<String, List<EpochRecord>> e : runs.entrySet()) {
            b.line(e.getKey(), epochs(e.getValue()), metric(e.getValue(), metric));
        }
        return b.build();
    }

    /**
     * Any per-epoch metric as mean ± SD per condition over its runs (condition to runs, one record list per seed),
     * seeds aligned by index and combined with {@link Bands.Ragged#TRUNCATE}.
     */
    public static XYChart metricBands(Map<String, List<List<EpochRecord>>> byCondition, ToDoubleFunction<EpochRecord> metric,
                                      String yTitle, boolean logY) {
        Check.notNull("byCondition", byCondition);
        Check.notNull("metric", metric);
        Check.notNull("yTitle", yTitle);
        Builder b = builder().axisTitles("Epoch", yTitle).logY(logY);
        for (Map.Entry<String, List<List<EpochRecord>>> e : byCondition.entrySet()) {
            List<double[]> seeds = new ArrayList<>();
            for (List<EpochRecord> r : e.getValue()) seeds.add(metric(r, metric));
            b.band(e.getKey(), seeds, Bands.Ragged.TRUNCATE);
        }
        return b.build();
    }

    /**
     * The global gradient norm (black, dashed) and the norm of each module (core vermillion, cerebellum blue, readout
     * green) per epoch, log y. A module has no point in epochs where it did not learn (gaps in its line).
     */
    public static XYChart gradNorm(List<EpochRecord> records) {
        Check.notNull("records", records);
        double[] x = epochs(records);
        Builder b = builder().axisTitles("Epoch", GRAD_TITLE).logY(true).legendPosition(Styler.LegendPosition.OutsideE);
        for (Module m : Module.values()) {
            double[] y = new double[records.size()];
            boolean any = false;
            for (int i = 0; i < y.length; i++) {
                Double v = records.get(i).gradNormByModule().get(m);
                y[i] = v == null ? Double.NaN : v;
                any |= v != null;
            }
            if (any) b.line(label(m), x, y, Palette.moduleColor(m), Style.solid(1.8f));
        }
        b.line("global", x, metric(records, EpochRecord::gradNorm), Palette.BLACK, Style.dashed(1.4f));
        return b.build();
    }

    private static String label(Module m) {
        return switch (m) {
            case CORE -> "core";
            case CEREBELLUM -> "cerebellum";
            case READOUT -> "readout";
        };
    }

    /** Builds an XY line chart; each {@link #build()} makes a new chart. */
    public static final class Builder {
        private sealed interface Item permits Line, Band, HLine {}

        private record Line(String name, double[] x, double[] y, Color color, BasicStroke stroke) implements Item {}

        private record Band(String name, List<double[]> seeds, Bands.Ragged ragged, Color color) implements Item {}

        private record HLine(String name, double y, Color color) implements Item {}

        private final List<Item> items = new ArrayList<>();
        private Style style = Style.DEFAULT;
        private Size size = Size.NOTEBOOK;
        private String title = "";
        private String xTitle = "Epoch";
        private String yTitle = "";
        private boolean logY;
        private Double yMin;
        private Double yMax;
        private Styler.LegendPosition legendPosition = Styler.LegendPosition.InsideNE;

        private Builder() {}

        /** Chart title. */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /** Axis titles. */
        public Builder axisTitles(String x, String y) {
            this.xTitle = x;
            this.yTitle = y;
            return this;
        }

        /** Chart size. */
        public Builder size(Size size) {
            this.size = Check.notNull("size", size);
            return this;
        }

        /** Style. */
        public Builder style(Style style) {
            this.style = Check.notNull("style", style);
            return this;
        }

        /** Logarithmic y axis; values that are not positive are left out (gaps). */
        public Builder logY(boolean b) {
            this.logY = b;
            return this;
        }

        /** Fixed y range (either may be null for automatic). */
        public Builder yRange(Double min, Double max) {
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** Legend position (default inside top-right). */
        public Builder legendPosition(Styler.LegendPosition legendPosition) {
            this.legendPosition = Check.notNull("legendPosition", legendPosition);
            return this;
        }

        /** A line with x = 1, 2, ... in the palette's colour for {@code name}. */
        public Builder line(String name, double[] y) {
            Check.notNull("name", name);
            Check.notNull("y", y);
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) x[i] = i + 1;
            return line(name, x, y);
        }

        /** A line in the palette's colour for {@code name}. NaN values leave gaps. */
        public Builder line(String name, double[] x, double[] y) {
            Check.notNull("name", name);
            Check.notNull("x", x);
            Check.notNull("y", y);
            return line(name, x, y, null, Style.solid(2f));
        }

        /** A line with explicit colour (null: palette) and stroke. */
        public Builder line(String name, double[] x, double[] y, Color color, BasicStroke stroke) {
            Check.notNull("name", name);
            Check.notNull("x", x);
            Check.notNull("y", y);
            Check.notNull("stroke", stroke);
            if (x.length != y.length) throw new IllegalArgumentException("x and y lengths differ for '" + name + "'");
            items.add(new Line(Objects.requireNonNull(name), x.clone(), y.clone(), color, Objects.requireNonNull(stroke)));
            return this;
        }

        /** Mean ± SD over seeds (x = 1, 2, ...), combined with {@link Bands.Ragged#TRUNCATE}. */
        public Builder band(String name, List<double[]> perSeed) {
            Check.notNull("name", name);
            Check.notNull("perSeed", perSeed);
            return band(name, perSeed, Bands.Ragged.TRUNCATE);
        }

        /** Mean ± SD over seeds with a choice of ragged handling. */
        public Builder band(String name, List<double[]> perSeed, Bands.Ragged ragged) {
            Check.notNull("name", name);
            Check.notNull("perSeed", perSeed);
            Check.notNull("ragged", ragged);
            return band(name, perSeed, ragged, null);
        }

        /** Mean ± SD over seeds with explicit colour (null: palette). */
        public Builder band(String name, List<double[]> perSeed, Bands.Ragged ragged, Color color) {
            Check.notNull("name", name);
            Check.notNull("perSeed", perSeed);
            Check.notNull("ragged", ragged);
            List<double[]> copy = new ArrayList<>();
            for (double[] s : perSeed) copy.add(s.clone());
            items.add(new Band(Objects.requireNonNull(name), copy, Objects.requireNonNull(ragged), color));
            return this;
        }

        /** A dashed horizontal reference line across the data's x range. */
        public Builder hline(String name, double y, Color color) {
            items.add(new HLine(Check.notNull("name", name), y, Check.notNull("color", color)));
            return this;
        }

        /**
         * The chart: band fills first, then lines and means, then reference lines. When every x is a whole number
         * (epochs) the x axis runs from 0 to half an epoch past the last one, with round tick values.
         *
         * @throws IllegalStateException if nothing was added
         */
        public XYChart build() {
            if (items.isEmpty()) throw new IllegalStateException("add at least one line or band");
            List<String> legend = new ArrayList<>();
            for (Item it : items) {
                if (it instanceof Line l) legend.add(l.name());
                if (it instanceof Band b) legend.add(b.name());
                if (it instanceof HLine h) legend.add(h.name());
            }
            XYChart chart = style.xyChart(style.fit(size, title, legend), title, xTitle, yTitle);
            chart.getStyler().setLegendPosition(legendPosition);
            chart.getStyler().setYAxisLogarithmic(logY);
            if (yMin != null) chart.getStyler().setYAxisMin(yMin);
            if (yMax != null) chart.getStyler().setYAxisMax(yMax);
            List<String> names = new ArrayList<>();
            for (Item it : items) {
                if (it instanceof Line l && l.color() == null) names.add(l.name());
                if (it instanceof Band b && b.color() == null) names.add(b.name());
            }
            Map<String, Color> colors = style.palette().distinct(names);
            Map<Band, Bands.Band> stats = new java.util.IdentityHashMap<>();
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            for (Item it : items) {
                if (it instanceof Band b) {
                    Bands.Band s = Bands.of(b.seeds(), b.ragged());
                    stats.put(b, s);
                    for (double v : s.x()) {
                        minX = Math.min(minX, v);
                        maxX = Math.max(maxX, v);
                    }
                    double[] lo = positive(s.lower());
                    double[] hi = positive(s.upper());
                    for (int i = 0; i < lo.length; i++) {
                        if (s.count()[i] < 2) {
                            lo[i] = Double.NaN;
                            hi[i] = Double.NaN;
                        }
                    }
                    Color c = b.color() != null ? b.color() : colors.get(b.name());
                    Bands.addFill(chart, b.name() + Bands.FILL_SUFFIX, s.x(), lo, hi, Palette.withAlpha(c, Bands.DEFAULT_ALPHA));
                }
            }
            boolean epochX = true;
            for (Item it : items) {
                if (it instanceof Line l) {
                    for (double v : l.x()) epochX &= !Double.isFinite(v) || v == Math.rint(v);
                }
            }
            for (Item it : items) {
                if (it instanceof Line l) {
                    Color c = l.color() != null ? l.color() : colors.get(l.name());
                    Bands.line(chart, l.name(), l.x(), positive(l.y()), c, l.stroke());
                    for (double v : l.x()) {
                        if (Double.isFinite(v)) {
                            minX = Math.min(minX, v);
                            maxX = Math.max(maxX, v);
                        }
                    }
                } else if (it instanceof Band b) {
                    Bands.Band s = stats.get(b);
                    Color c = b.color() != null ? b.color() : colors.get(b.name());
                    if (s.length() > 0) Bands.line(chart, b.name(), s.x(), positive(s.mean()), c, style.stroke(b.name(), 2.2f));
                }
            }
            if (!Double.isFinite(minX)) {
                minX = 0;
                maxX = 1;
            }
            if (epochX && minX >= 0) Style.epochAxis(chart, maxX);
            for (Item it : items) {
                if (it instanceof HLine h) {
                    Bands.line(chart, h.name(), new double[] {minX, maxX}, new double[] {h.y(), h.y()}, h.color(), Style.dashed(1.5f));
                }
            }
            return chart;
        }

        private double[] positive(double[] y) {
            if (!logY) return y;
            double[] r = y.clone();
            for (int i = 0; i < r.length; i++) if (!(r[i] > 0)) r[i] = Double.NaN;
            return r;
        }
    }
}
