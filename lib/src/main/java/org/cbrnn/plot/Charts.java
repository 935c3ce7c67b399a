package org.cbrnn.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cbrnn.util.Check;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Rendering and export of any XChart chart: {@link #toImage} for notebooks (a {@link BufferedImage} displays as
 * image/png in IJava-compatible kernels), PNG (optionally at a higher scale for print) and SVG (via VectorGraphics2D,
 * which XChart depends on). All of it works headless ({@code -Djava.awt.headless=true}).
 *
 * <p>Files are written exactly at the given path (XChart's own file methods append an extension) and parent
 * directories are created.
 */
public final class Charts {

    private Charts() {}

    /** Name of the image property that holds a figure's text description (the kernel's text/plain fallback). */
    public static final String DESCRIPTION = "description";

    /** The chart rendered at its own size, carrying {@link #describe(Chart)} as its {@link #DESCRIPTION} property. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        Check.notNull("chart", chart);
        BufferedImage img = image(chart.getWidth(), chart.getHeight(), describe(chart));
        java.awt.Graphics2D g = img.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * A blank RGB image of {@code width} x {@code height} whose {@link #DESCRIPTION} property is {@code description}:
     * notebooks show the image, and the text where an image cannot be shown (text/plain).
     */
    public static BufferedImage image(int width, int height, String description) {
        Check.notNull("description", description);
        java.awt.image.ColorModel cm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).getColorModel();
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(DESCRIPTION, description);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(width, height), false, props);
    }

    /** The {@link #DESCRIPTION} of an image made by this package, or "image W x H px" for any other. */
    public static String description(java.awt.image.RenderedImage image) {
        Check.notNull("image", image);
        Object d = image.getProperty(DESCRIPTION);
        return d instanceof String s ? s : "image " + image.getWidth() + " x " + image.getHeight() + " px";
    }

    /**
     * A plain-text account of a chart: its title, then for an XY chart the axis titles with the data's x and y
     * ranges and the legend's series names; for a category chart the categories and series; e.g.
     * {@code "N-parity: level vs epoch | x Epoch 1 to 1000, y N 2 to 18 | series: CB-RNN (n=2), RNN-202 (n=2)"}.
     */
    public static String describe(Chart<?, ?> chart) {
        Check.notNull("chart", chart);
        StringBuilder sb = new StringBuilder();
        String title = chart.getTitle();
        sb.append(title == null || title.isEmpty() ? "chart" : title);
        java.util.List<String> names = new java.util.ArrayList<>();
        if (chart instanceof org.knowm.xchart.XYChart xy) {
            double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
            for (org.knowm.xchart.XYSeries s : xy.getSeriesMap().values()) {
                if (s.isShowInLegend()) names.add(s.getName());
                for (double v : s.getXData()) if (Double.isFinite(v)) { x0 = Math.min(x0, v); x1 = Math.max(x1, v); }
                for (double v : s.getYData()) if (Double.isFinite(v)) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
            }
            sb.append(" | x ").append(axis(xy.getXAxisTitle(), x0, x1)).append(", y ").append(axis(xy.getYAxisTitle(), y0, y1));
        } else if (chart instanceof org.knowm.xchart.CategoryChart cat) {
            java.util.Set<String> cats = new java.util.LinkedHashSet<>();
            for (org.knowm.xchart.CategorySeries s : cat.getSeriesMap().values()) {
                if (s.isShowInLegend() || !cat.getStyler().isLegendVisible()) names.add(s.getName());
                for (Object o : s.getXData()) cats.add(String.valueOf(o));
            }
            sb.append(" | categories: ").append(String.join(", ", cats));
            if (!cat.getYAxisTitle().isEmpty()) sb.append(" | y ").append(cat.getYAxisTitle());
            names.clear();
        } else {
            sb.append(" | x ").append(chart.getXAxisTitle()).append(", y ").append(chart.getYAxisTitle());
        }
        if (!names.isEmpty()) sb.append(" | series: ").append(String.join(", ", names));
        return sb.toString();
    }

    private static String axis(String title, double lo, double hi) {
        String t = title == null || title.isEmpty() ? "" : title + " ";
        if (!(lo <= hi)) return t + "(no data)";
        return t + num(lo) + " to " + num(hi);
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * The chart rendered at {@code scale} times its size (fonts and lines scale too: scale 3 of a
     * {@link Size#SINGLE_COLUMN} chart is a print-resolution single-column figure).
     */
    public static BufferedImage toImage(Chart<?, ?> chart, double scale) {
        Check.notNull("chart", chart);
        if (!(scale > 0 && scale <= 20)) throw new IllegalArgumentException("scale must be in (0, 20], got " + scale);
        int w = (int) Math.round(chart.getWidth() * scale);
        int h = (int) Math.round(chart.getHeight() * scale);
        BufferedImage img = image(w, h, describe(chart));
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** PNG bytes of the chart at its own size. */
    public static byte[] pngBytes(Chart<?, ?> chart) throws IOException {
        Check.notNull("chart", chart);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Writes a PNG at the chart's size. */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        Check.notNull("file", file);
        Check.notNull("chart", chart);
        return savePng(chart, file, 1.0);
    }

    /** Writes a PNG at {@code scale} times the chart's size (see {@link #toImage(Chart, double)}). */
    public static Path savePng(Chart<?, ?> chart, Path file, double scale) throws IOException {
        Check.notNull("file", file);
        Check.notNull("chart", chart);
        BufferedImage img = scale == 1.0 ? toImage(chart) : toImage(chart, scale);
        try (OutputStream out = open(file)) {
            javax.imageio.ImageIO.write(img, "png", out);
        }
        return file;
    }

    /** Writes an SVG (vector: lines and text stay sharp at any size; XChart draws text as outlines, not text elements). */
    public static Path saveSvg(Chart<?, ?> chart, Path file) throws IOException {
        Check.notNull("file", file);
        Check.notNull("chart", chart);
        try (OutputStream out = open(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        return file;
    }

    /** The SVG document of the chart as a string. */
    public static String svg(Chart<?, ?> chart) throws IOException {
        Check.notNull("chart", chart);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The chart rendered at another size. XChart lays a chart out at paint time, so this works for any chart; the
     * chart keeps the new size afterwards.
     */
    public static BufferedImage toImage(Chart<?, ?> chart, Size size) {
        Check.notNull("chart", chart);
        Check.notNull("size", size);
        BufferedImage img = image(size.width(), size.height(), describe(chart));
        java.awt.Graphics2D g = img.createGraphics();
        try {
            chart.paint(g, size.width(), size.height());
        } finally {
            g.dispose();
        }
        return img;
    }

    private static OutputStream open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        return Files.newOutputStream(file);
    }
}
