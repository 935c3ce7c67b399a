package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Objects;
import org.cbrnn.util.Check;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The kit's consistent look for XChart charts: white background, light grid, readable sans-serif fonts and a
 * colour-blind-safe {@link Palette}. Immutable; {@link #DEFAULT} is what every chart builder in this package uses
 * unless given another style.
 *
 * <pre>{@code
 * XYChart c = Style.DEFAULT.xyChart(Size.NOTEBOOK, "Title", "Epoch", "Task difficulty N");
 * Style.DEFAULT.withFontScale(1.3).apply(c);   // bigger text for slides
 * }</pre>
 *
 * @param palette   label to colour mapping
 * @param fontScale multiplies every font size (1 = title 16 pt, axis titles 14 pt, ticks and legend 12 pt)
 * @param fontName  logical or physical font family, {@code SansSerif} by default
 */
public record Style(Palette palette, double fontScale, String fontName) {

    /** The default style: {@link Palette#DEFAULT}, scale 1, SansSerif. */
    public static final Style DEFAULT = new Style(Palette.DEFAULT, 1.0, Font.SANS_SERIF);

    /** Text colour. */
    public static final Color TEXT = new Color(0x222222);
    /** Grid line colour. */
    public static final Color GRID = new Color(0xE3E3E3);
    /** Plot border colour. */
    public static final Color BORDER = new Color(0x999999);

    public Style {
        Objects.requireNonNull(palette, "palette");
        Objects.requireNonNull(fontName, "fontName");
        if (!(fontScale > 0.2 && fontScale < 10)) throw new IllegalArgumentException("fontScale must be in (0.2, 10), got " + fontScale);
    }

    /** This style with another palette. */
    public Style withPalette(Palette palette) {
        Check.notNull("palette", palette);
        return new Style(palette, fontScale, fontName);
    }

    /** This style with fonts scaled by {@code s}. */
    public Style withFontScale(double s) {
        return new Style(palette, s, fontName);
    }

    /** The colour of a label under this style's palette. */
    public Color color(String label) {
        return palette.color(label);
    }

    /** The line style of a label under this style's palette (its condition's, else solid). */
    public Palette.LineStyle lineStyle(String label) {
        return palette.lineStyle(label);
    }

    /** A stroke of {@code width} in the line style of {@code label} (see {@link Palette#lineStyle(String)}). */
    public BasicStroke stroke(String label, float width) {
        return palette.lineStyle(label).stroke(width);
    }

    /** Width in pixels of {@code text} set in {@code font} (as Java2D lays it out, antialiased). */
    public static double textWidth(String text, Font font) {
        Check.notNull("text", text);
        Check.notNull("font", font);
        if (text.isEmpty()) return 0;
        return font.getStringBounds(text, new java.awt.font.FontRenderContext(null, true, true)).getWidth();
    }

    /**
     * {@code size}, widened so that the title (in this style's title font) and the widest legend entry (legend font,
     * line sample and padding; legend inside the plot) fit, and heightened so that the legend's rows fit in the plot.
     * The chart builders of this package size their charts with it, so no title or legend is clipped.
     *
     * @param title        the chart title, "" for none
     * @param legendLabels the legend's entries, empty for no legend
     */
    public Size fit(Size size, String title, java.util.Collection<String> legendLabels) {
        Check.notNull("size", size);
        Check.notNull("title", title);
        Check.notNull("legendLabels", legendLabels);
        int w = size.width(), h = size.height();
        if (!title.isEmpty()) w = Math.max(w, (int) Math.ceil(textWidth(title, font(Font.BOLD, 16)) + 2 * 12 + 8));
        if (!legendLabels.isEmpty()) {
            Font lf = font(Font.PLAIN, 12);
            double widest = 0;
            for (String l : legendLabels) widest = Math.max(widest, textWidth(l, lf));
            // legend: padding, line sample, gap, text, padding; kept to at most 60 % of the plot width (y axis ~ 70 px)
            double legendW = 6 + 22 + 6 + widest + 6 + 4;
            w = Math.max(w, (int) Math.ceil(legendW / 0.6 + 70 + 2 * 12));
            double rowH = lf.getSize2D() * 1.45 + 4;
            double legendH = legendLabels.size() * rowH + 12;
            // plot height is the chart minus title, x-axis labels and padding (~ 110 px); the legend may take 85 %
            h = Math.max(h, (int) Math.ceil(legendH / 0.85 + 110));
        }
        return new Size(w, h);
    }

    /** A font of this style, {@code size} in points before scaling. */
    public Font font(int style, float size) {
        return new Font(fontName, style, 1).deriveFont(style, (float) (size * fontScale));
    }

    /** A styled XY chart with title and axis titles (either may be null or empty). */
    public XYChart xyChart(Size size, String title, String xTitle, String yTitle) {
        Check.notNull("size", size);
        XYChart c = new XYChart(size.width(), size.height());
        titles(c, title, xTitle, yTitle);
        apply(c);
        return c;
    }

    /** A styled category chart with title and axis titles. */
    public CategoryChart categoryChart(Size size, String title, String xTitle, String yTitle) {
        Check.notNull("size", size);
        CategoryChart c = new CategoryChart(size.width(), size.height());
        titles(c, title, xTitle, yTitle);
        apply(c);
        return c;
    }

    /** A styled heat map chart with title and axis titles. */
    public HeatMapChart heatMapChart(Size size, String title, String xTitle, String yTitle) {
        Check.notNull("size", size);
        // HeatMapChart(int, int) leaves the styler uninitialised in XChart 3.8.8 (blank image): use the builder.
        HeatMapChart c = new org.knowm.xchart.HeatMapChartBuilder().width(size.width()).height(size.height()).build();
        titles(c, title, xTitle, yTitle);
        apply(c);
        return c;
    }

    private static void titles(Chart<?, ?> c, String title, String xTitle, String yTitle) {
        c.setTitle(title == null ? "" : title);
        c.setXAxisTitle(xTitle == null ? "" : xTitle);
        c.setYAxisTitle(yTitle == null ? "" : yTitle);
    }

    /** Applies the style to an XY chart (legend inside top-left, lines without markers). Returns the chart. */
    public XYChart apply(XYChart chart) {
        Check.notNull("chart", chart);
        axes(chart, chart.getStyler());
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setZoomEnabled(false);
        chart.getStyler().setCursorEnabled(false);
        return chart;
    }

    /** Applies the style to a category chart (legend hidden: categories are labelled on the axis). Returns the chart. */
    public CategoryChart apply(CategoryChart chart) {
        Check.notNull("chart", chart);
        axes(chart, chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(TEXT);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    /** Applies the style to a heat map (colour scale on the right, values shown). Returns the chart. */
    public HeatMapChart apply(HeatMapChart chart) {
        Check.notNull("chart", chart);
        axes(chart, chart.getStyler());
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(font(Font.PLAIN, 12));
        chart.getStyler().setValueFontColor(TEXT);
        chart.getStyler().setDrawBorder(true);
        chart.getStyler().setRangeColors(Heatmap.ColorScale.SEQUENTIAL.colors());
        return chart;
    }

    private void axes(Chart<?, ?> c, AxesChartStyler s) {
        s.setBaseFont(font(Font.PLAIN, 12));
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(TEXT);
        s.setChartTitleFont(font(Font.BOLD, 16));
        s.setChartTitleVisible(c.getTitle() != null && !c.getTitle().isEmpty());
        s.setChartTitleBoxVisible(false);
        s.setChartPadding(12);
        s.setAxisTitleFont(font(Font.PLAIN, 14));
        s.setAxisTickLabelsFont(font(Font.PLAIN, 12));
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTickMarksColor(BORDER);
        s.setAxisTitlePadding(8);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(BORDER);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotMargin(0);
        s.setPlotContentSize(0.94);
        s.setLegendFont(font(Font.PLAIN, 12));
        s.setLegendBorderColor(new Color(0xCCCCCC));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        s.setLegendPadding(6);
        s.setLegendSeriesLineLength(22);
        s.setXAxisTickMarkSpacingHint(90);
        s.setYAxisTickMarkSpacingHint(50);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        // series without an explicit colour: the condition colours, then the extras (all readable on white)
        java.util.List<Color> series = new java.util.ArrayList<>(Palette.CONDITION_COLOURS);
        series.addAll(Palette.EXTRA);
        s.setSeriesColors(series.toArray(new Color[0]));
    }

    /**
     * Sets an epoch x axis from 0 to {@code maxEpoch + 0.5}. Besides leaving room after the last epoch, the half
     * epoch keeps XChart 3.8.8 from placing a tick at every k-th data value (it does so when all x values are equally
     * spaced, which gives crowded ticks such as 1, 6, 11, ...), so the ticks are round numbers.
     */
    static void epochAxis(XYChart c, double maxEpoch) {
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(Math.max(1, maxEpoch) + 0.5);
        c.getStyler().setXAxisDecimalPattern("#0");
    }

    /**
     * Labels only the whole-number ticks of the y axes (the others stay as grid lines): for a level N of one run,
     * which is always whole, where XChart would otherwise label a span of 2 levels 2, 2.2, 2.4, ...
     */
    static void wholeNumberYLabels(XYChart c) {
        c.getStyler().setyAxisTickLabelsFormattingFunction(Style::wholeNumberLabel);
    }

    /** {@code "3"} for 3.0 (within 1e-6), {@code ""} for 2.2. */
    static String wholeNumberLabel(Double v) {
        if (v == null || !Double.isFinite(v)) return "";
        double r = Math.rint(v);
        return Math.abs(v - r) < 1e-6 ? Long.toString((long) r) : "";
    }

    /** A solid line stroke of the given width. */
    public static BasicStroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /**
     * A dashed line stroke of the given width. XChart strokes a line segment by segment, restarting the dash pattern
     * at every data point, so use it for lines with few points (reference lines), not dense curves.
     */
    public static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f * width, 4f * width}, 0f);
    }
}
