package org.cbrnn.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cbrnn.results.Curves;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Task difficulty N against epoch for several conditions, each with many seeds: a mean line and a ±1 SD band per
 * condition (see {@link Bands}), optional thin per-seed lines and optional dashed horizontal reference lines (for
 * example the paper's max N per condition). Colours come from the style's {@link Palette}, so a condition has the same
 * colour in every figure.
 *
 * <pre>{@code
 * XYChart c = CurriculumChart.builder()
 *     .title("Delayed match, 10 seeds")
 *     .add("CB-RNN", cbLevels)          // List<double[]>: one array of N per epoch per seed
 *     .add("RNN-202", rnnLevels)
 *     .referenceLine("CB-RNN", 28)      // dashed, CB-RNN's colour, "CB-RNN (paper)"
 *     .showSeeds(true)
 *     .build();
 * }</pre>
 *
 * Seeds of different lengths (a run that stopped because it reached the target) are combined with
 * {@link Bands.Ragged#CARRY_LAST} by default: the finished run keeps its final N.
 */
public final class CurriculumChart {

    /** Default x axis title. */
    public static final String X_TITLE = "Epoch";
    /** Default y axis title. */
    public static final String Y_TITLE = "Task difficulty N";

    private CurriculumChart() {}

    /** A new builder with {@link Style#DEFAULT} and {@link Size#NOTEBOOK}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The levels (N per epoch) of one run, as plotted. */
    public static double[] levels(List<EpochRecord> records) {
        Check.notNull("records", records);
        return records.stream().mapToDouble(EpochRecord::level).toArray();
    }

    /** Builds a {@link CurriculumChart}. Not thread-safe; reusable (each {@link #build()} makes a new chart). */
    public static final class Builder {
        /** A condition's seeds; {@code band} is a precomputed mean ± SD (from a results view), or null to compute it here. */
        private record Condition(String label, List<double[]> seeds, Color color, Bands.Band band) {}

        private record Reference(String name, double y, Color color) {}

        private final Map<String, Condition> conditions = new LinkedHashMap<>();
        private final List<Reference> references = new ArrayList<>();
        private Style style = Style.DEFAULT;
        private Size size = Size.NOTEBOOK;
        private String title = "";
        private String xTitle = X_TITLE;
        private String yTitle = Y_TITLE;
        private boolean showSeeds;
        private boolean showBands = true;
        private boolean showCounts = true;
        private double seedAlpha = 0.35;
        private double bandAlpha = Bands.DEFAULT_ALPHA;
        private Bands.Ragged ragged = Bands.Ragged.CARRY_LAST;
        private Styler.LegendPosition legendPosition = Styler.LegendPosition.InsideNW;
        private int budget;

        private Builder() {}

        /**
         * The epoch budget: the x axis runs to it (or to the longest seed, if longer), so curves of runs that stopped
         * early or are still going are seen against the whole budget. 0 (the default): to the longest seed.
         */
        public Builder budget(int epochs) {
            this.budget = Check.inRange("epochs", epochs, 0, Integer.MAX_VALUE);
            return this;
        }

        /** Chart title (empty for none). */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /** Axis titles (defaults "Epoch" and "Task difficulty N"). */
        public Builder axisTitles(String x, String y) {
            this.xTitle = x;
            this.yTitle = y;
            return this;
        }

        /** Chart size (default {@link Size#NOTEBOOK}). */
        public Builder size(Size size) {
            this.size = Check.notNull("size", size);
            return this;
        }

        /** Style (default {@link Style#DEFAULT}). */
        public Builder style(Style style) {
            this.style = Check.notNull("style", style);
            return this;
        }

        /**
         * Adds a condition: one array of N per epoch (index 0 = epoch 1) per seed, in the palette's colour. Adding
         * the same label again appends seeds.
         */
        public Builder add(String label, List<double[]> perSeedLevels) {
            Check.notNull("perSeedLevels", perSeedLevels);
            return add(label, perSeedLevels, null);
        }

        /** {@link #add(String, List)} with an explicit colour (null: the palette's). */
        public Builder add(String label, List<double[]> perSeedLevels, Color color) {
            Check.notNull("perSeedLevels", perSeedLevels);
            Objects.requireNonNull(label, "label");
            if (perSeedLevels == null || perSeedLevels.isEmpty()) throw new IllegalArgumentException("condition '" + label + "' has no seeds");
            Condition old = conditions.get(label);
            List<double[]> seeds = new ArrayList<>(old == null ? List.of() : old.seeds());
            for (double[] s : perSeedLevels) seeds.add(Objects.requireNonNull(s, "seed levels").clone());
            conditions.put(label, new Condition(label, seeds, color != null ? color : old != null ? old.color() : null, null));
            return this;
        }

        /**
         * Adds a condition from a results view's {@link Curves}: its per-seed curves, and its mean and SD as the view
         * computed them (so the chart shows the same numbers as the view's tables), labelled with the condition.
         * Adding a label that is already there appends the seeds and recomputes the band from all of them.
         */
        public Builder add(Curves curves) {
            Objects.requireNonNull(curves, "curves");
            if (conditions.containsKey(curves.condition()) || curves.levels().isEmpty()) return add(curves.condition(), curves.levels());
            double[] sd = curves.sd();
            int[] n = curves.n();
            // the view leaves the SD undefined below two runs; the chart draws no band there either
            for (int i = 0; i < sd.length; i++) if (n[i] < 2) sd[i] = 0;
            Bands.Band band = new Bands.Band(curves.x(), curves.mean(), sd, n);
            conditions.put(curves.condition(), new Condition(curves.condition(), curves.levels(), null, band));
            return this;
        }

        /** {@link #add(Curves)} for each element that has at least one run, in order (a cell whose runs were all left out has none). */
        public Builder addAll(List<Curves> curves) {
            for (Curves c : Objects.requireNonNull(curves, "curves")) if (!c.levels().isEmpty()) add(c);
            return this;
        }

        /** Adds a condition from the epoch records of its runs (one list per seed). */
        public Builder addRuns(String label, List<List<EpochRecord>> runs) {
            Check.notNull("runs", runs);
            List<double[]> seeds = new ArrayList<>();
            for (List<EpochRecord> r : runs) seeds.add(levels(r));
            return add(label, seeds);
        }

        /**
         * A dashed horizontal line at {@code y} in the colour of {@code condition}, labelled "{@code condition} (paper)"
         * in the legend.
         */
        public Builder referenceLine(String condition, double y) {
            Check.notNull("condition", condition);
            return referenceLine(condition + " (paper)", y, style.color(condition));
        }

        /** A dashed horizontal line at {@code y} labelled {@code name} in {@code color}. */
        public Builder referenceLine(String name, double y, Color color) {
            references.add(new Reference(Check.notNull("name", name), y, Check.notNull("color", color)));
            return this;
        }

        /** Whether to draw each seed as a thin translucent line (default false). */
        public Builder showSeeds(boolean b) {
            this.showSeeds = b;
            return this;
        }

        /** Whether to draw the ±SD bands (default true). */
        public Builder showBands(boolean b) {
            this.showBands = b;
            return this;
        }

        /** Whether legend labels show the number of seeds, "CB-RNN (n=10)" (default true). */
        public Builder showCounts(boolean b) {
            this.showCounts = b;
            return this;
        }

        /** Opacity of seed lines (default 0.35) and bands (default {@link Bands#DEFAULT_ALPHA}). */
        public Builder alphas(double seeds, double bands) {
            this.seedAlpha = seeds;
            this.bandAlpha = bands;
            return this;
        }

        /** How seeds of different lengths are combined (default {@link Bands.Ragged#CARRY_LAST}). */
        public Builder ragged(Bands.Ragged ragged) {
            this.ragged = Check.notNull("ragged", ragged);
            return this;
        }

        /** Legend position (default inside top-left). */
        public Builder legendPosition(Styler.LegendPosition legendPosition) {
            this.legendPosition = Check.notNull("legendPosition", legendPosition);
            return this;
        }

        /**
         * The chart. Draw order: bands, seed lines, mean lines, reference lines, so means are never hidden by another
         * condition's band.
         *
         * @throws IllegalStateException if no condition was added
         */
        public XYChart build() {
            if (conditions.isEmpty()) throw new IllegalStateException("add at least one condition");
            List<String> labels = new ArrayList<>(conditions.keySet());
            List<String> legend = new ArrayList<>();
            for (Condition c : conditions.values()) legend.add(legendName(c));
            for (Reference r : references) legend.add(r.name());
            // sized for the title and the legend, so neither is clipped
            XYChart chart = style.xyChart(style.fit(size, title, legend), title, xTitle, yTitle);
            chart.getStyler().setLegendPosition(legendPosition);
            chart.getStyler().setYAxisDecimalPattern("#0.#");
            Map<String, Color> colors = style.palette().distinct(labels);
            Map<String, Bands.Band> bands = new LinkedHashMap<>();
            double maxX = Math.max(1, budget);
            for (Condition c : conditions.values()) {
                Bands.Band b = c.band() != null ? c.band() : Bands.of(c.seeds(), ragged);
                bands.put(c.label(), b);
                if (b.length() > 0) maxX = Math.max(maxX, b.x()[b.length() - 1]);
                // every seed is drawn to its end, also past where the mean's band stops
                for (double[] s : c.seeds()) maxX = Math.max(maxX, s.length);
            }
            if (showBands) {
                for (Condition c : conditions.values()) {
                    Bands.Band b = bands.get(c.label());
                    double[] lo = b.lower();
                    double[] hi = b.upper();
                    for (int i = 0; i < lo.length; i++) {
                        if (b.count()[i] < 2) {
                            lo[i] = Double.NaN;
                            hi[i] = Double.NaN;
                        }
                    }
                    Bands.addFill(chart, c.label() + Bands.FILL_SUFFIX, b.x(), lo, hi, Palette.withAlpha(colorOf(c, colors), bandAlpha));
                }
            }
            if (showSeeds) {
                for (Condition c : conditions.values()) {
                    int k = 0;
                    for (double[] s : c.seeds()) {
                        k++;
                        if (s.length == 0) continue;
                        double[] x = new double[s.length];
                        for (int i = 0; i < x.length; i++) x[i] = i + 1;
                        XYSeries ser = Bands.line(chart, c.label() + " seed " + k, x, s, Palette.withAlpha(colorOf(c, colors), seedAlpha), Style.solid(0.9f));
                        ser.setShowInLegend(false);
                    }
                }
            }
            for (Condition c : conditions.values()) {
                Bands.Band b = bands.get(c.label());
                if (b.length() == 0) continue;
                Bands.line(chart, legendName(c), b.x(), b.mean(), colorOf(c, colors), style.stroke(c.label(), 2.4f));
            }
            Style.epochAxis(chart, maxX);
            for (Reference r : references) {
                Bands.line(chart, r.name(), new double[] {0, maxX}, new double[] {r.y(), r.y()}, r.color(), Style.dashed(1.3f));
            }
            return chart;
        }

        private String legendName(Condition c) {
            return showCounts ? c.label() + " (n=" + c.seeds().size() + ")" : c.label();
        }

        private static Color colorOf(Condition c, Map<String, Color> colors) {
            return c.color() != null ? c.color() : colors.get(c.label());
        }
    }
}
