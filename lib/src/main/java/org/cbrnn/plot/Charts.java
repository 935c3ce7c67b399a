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

    /** The chart rendered at its own size. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        Check.notNull("chart", chart);
        return BitmapEncoder.getBufferedImage(chart);
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
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
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
        BufferedImage img = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
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
