package org.cbrnn.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.cbrnn.util.Check;
import org.knowm.xchart.HeatMapChart;

/**
 * A heat map for two-factor results (for example freeze level x schedule, or condition x metric) on XChart's
 * {@link HeatMapChart}, with a colour scale legend on the right and the value printed in each cell.
 *
 * <pre>{@code
 * HeatMapChart h = Heatmap.builder().title("Max N by freeze point")
 *     .columns(List.of("L2", "L5", "L10", "never")).rows(List.of("CB-RNN", "RNN"))
 *     .values(new double[][] {{18, 24, 27, 28}, {9, 10, 11, 12}})   // [row][column]
 *     .axisTitles("Freeze point", "")
 *     .valueFormat("0.0")
 *     .build();
 * }</pre>
 *
 * Row 0 is drawn at the top, as in a table. NaN cells are left empty. Cell values are printed in one dark colour
 * (XChart cannot vary it per cell), so both colour scales stay light enough for dark text.
 */
public final class Heatmap {

    /** Colour scales (all colour-blind safe, light enough for dark value labels). */
    public enum ColorScale {
        /** Light yellow to blue (ColorBrewer YlGnBu, darkest step left out): for magnitudes. */
        SEQUENTIAL(new Color(0xFFFFCC), new Color(0xC7E9B4), new Color(0x7FCDBB), new Color(0x41B6C4), new Color(0x2C7FB8)),
        /** Blue, white, red (ColorBrewer RdBu, darkest steps left out): for differences around a midpoint. */
        DIVERGING(new Color(0x4393C3), new Color(0x92C5DE), new Color(0xF7F7F7), new Color(0xF4A582), new Color(0xD6604D)),
        /** White to grey, for print. */
        GREY(new Color(0xFFFFFF), new Color(0xD9D9D9), new Color(0xA6A6A6));

        private final Color[] colors;

        ColorScale(Color... colors) {
            this.colors = colors;
        }

        /** The colour stops, low to high. */
        public Color[] colors() {
            return colors.clone();
        }
    }

    private Heatmap() {}

    /** A new builder with {@link Style#DEFAULT}, {@link Size#NOTEBOOK} and {@link ColorScale#SEQUENTIAL}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Heatmap}; each {@link #build()} makes a new chart. */
    public static final class Builder {
        private Style style = Style.DEFAULT;
        private Size size = Size.NOTEBOOK;
        private String title = "";
        private String xTitle = "";
        private String yTitle = "";
        private List<String> columns;
        private List<String> rows;
        private double[][] values;
        private String valueFormat = "0.##";
        private boolean showValues = true;
        private Double min;
        private Double max;
        private ColorScale scale = ColorScale.SEQUENTIAL;

        private Builder() {}

        /** Chart title. */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /** Axis titles (x: the columns' factor, y: the rows' factor). */
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

        /** Column labels (x axis, left to right). */
        public Builder columns(List<String> columns) {
            Check.notNull("columns", columns);
            this.columns = List.copyOf(columns);
            return this;
        }

        /** Row labels (y axis, top to bottom). */
        public Builder rows(List<String> rows) {
            Check.notNull("rows", rows);
            this.rows = List.copyOf(rows);
            return this;
        }

        /** The values, {@code [row][column]}; NaN for an empty cell. */
        public Builder values(double[][] values) {
            Check.notNull("values", values);
            double[][] copy = new double[values.length][];
            for (int i = 0; i < values.length; i++) copy[i] = values[i].clone();
            this.values = copy;
            return this;
        }

        /** {@link java.text.DecimalFormat} pattern of the cell labels (default {@code 0.##}). */
        public Builder valueFormat(String pattern) {
            this.valueFormat = Check.notNull("pattern", pattern);
            return this;
        }

        /** Whether to print values in the cells (default true). */
        public Builder showValues(boolean b) {
            this.showValues = b;
            return this;
        }

        /** Fixed colour range (either may be null: the data's min or max). */
        public Builder range(Double lo, Double hi) {
            this.min = lo;
            this.max = hi;
            return this;
        }

        /** Colour scale (default {@link ColorScale#SEQUENTIAL}). */
        public Builder colorScale(ColorScale colorScale) {
            this.scale = Check.notNull("colorScale", colorScale);
            return this;
        }

        /**
         * The chart.
         *
         * @throws IllegalStateException if rows, columns or values are missing or their shapes disagree
         */
        public HeatMapChart build() {
            if (rows == null || columns == null || values == null) throw new IllegalStateException("rows, columns and values are required");
            if (values.length != rows.size()) throw new IllegalStateException("values has " + values.length + " rows, labels " + rows.size());
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<Number[]> cells = new ArrayList<>();
            int nr = rows.size();
            for (int r = 0; r < nr; r++) {
                if (values[r].length != columns.size()) {
                    throw new IllegalStateException("row " + r + " has " + values[r].length + " values, columns " + columns.size());
                }
                for (int c = 0; c < columns.size(); c++) {
                    double v = values[r][c];
                    if (!Double.isFinite(v)) continue;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    cells.add(new Number[] {c, nr - 1 - r, v});
                }
            }
            if (cells.isEmpty()) throw new IllegalStateException("no finite values");
            double cmin = min != null ? min : lo;
            double cmax = max != null ? max : hi;
            if (!(cmax > cmin)) cmax = cmin + 1;
            // XChart prints the colour scale's ends as raw doubles (1.0357142857142856): widen them to round values
            double[] ends = roundEnds(cmin, cmax);
            cmin = ends[0];
            cmax = ends[1];
            HeatMapChart chart = style.heatMapChart(size, title, xTitle, yTitle);
            chart.getStyler().setRangeColors(scale.colors());
            chart.getStyler().setMin(cmin);
            chart.getStyler().setMax(cmax);
            chart.getStyler().setShowValue(showValues);
            chart.getStyler().setValueFont(style.font(Font.BOLD, 12));
            chart.getStyler().setHeatMapValueDecimalPattern(valueFormat);
            chart.getStyler().setPlotContentSize(1.0);
            chart.getStyler().setXAxisLabelRotation(BarChart.labelRotation(columns, size, style));
            List<String> ys = new ArrayList<>(rows);
            java.util.Collections.reverse(ys);
            chart.addSeries(title.isEmpty() ? "values" : title, columns, ys, cells);
            return chart;
        }
    }

    /**
     * {@code lo} rounded down and {@code hi} rounded up to a step of a tenth of the range's order of magnitude, as
     * clean decimals: (0.8, 1.0357) gives (0.8, 1.04), (845.2, 909.6) gives (845, 910).
     */
    static double[] roundEnds(double lo, double hi) {
        double step = Math.pow(10, Math.floor(Math.log10(hi - lo)) - 1);
        java.math.BigDecimal st = new java.math.BigDecimal(step).round(new java.math.MathContext(1));
        java.math.BigDecimal l = new java.math.BigDecimal(lo).divide(st, 0, java.math.RoundingMode.FLOOR).multiply(st);
        java.math.BigDecimal h = new java.math.BigDecimal(hi).divide(st, 0, java.math.RoundingMode.CEILING).multiply(st);
        return new double[] {l.stripTrailingZeros().doubleValue(), h.stripTrailingZeros().doubleValue()};
    }
}
