package org.cbrnn.kernel;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.common.Url;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The kernel's renderers: images and XChart charts as image/png, Tablesaw tables as text/html + text/plain, anything
 * else as text/plain ({@code String.valueOf}, added by the base renderer).
 */
public final class Renderers {
    /** Rows shown for a table; the rest is summarised as "… N more rows". */
    public static final int TABLE_ROWS = 50;

    private Renderers() {
    }

    /** A renderer with the base kernel's text and URL renderers plus ours. */
    public static Renderer create() {
        Renderer r = new Renderer();
        Text.registerAll(r);
        Url.registerAll(r);
        registerAll(r);
        return r;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void registerAll(Renderer r) {
        // text/plain is a description, not the object's toString ("BufferedImage@1e6c8776")
        r.createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((img, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(img));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(img));
                });
        r.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(BitmapEncoder.getBufferedImage((Chart) chart)));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe((Chart) chart));
                });
        r.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register(Renderers::renderTable);
    }

    private static void renderTable(Table t, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(t, TABLE_ROWS));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> tableText(t, TABLE_ROWS));
    }

    /** The text/plain of an image: its {@code description} property (set by the kit's plots), else its size. */
    public static String describe(RenderedImage image) {
        Object d = image.getProperty("description");
        return d instanceof String s && !s.isBlank() ? s : "[image " + image.getWidth() + " x " + image.getHeight() + " px]";
    }

    /** The text/plain of a chart: title, axis titles with the data's ranges (XY charts), and the legend's series. */
    public static String describe(Chart<?, ?> chart) {
        StringBuilder sb = new StringBuilder(chart.getTitle() == null || chart.getTitle().isEmpty() ? "chart" : chart.getTitle());
        java.util.List<String> names = new java.util.ArrayList<>();
        if (chart instanceof org.knowm.xchart.XYChart xy) {
            double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (org.knowm.xchart.XYSeries s : xy.getSeriesMap().values()) {
                if (s.isShowInLegend()) names.add(s.getName());
                range(x, s.getXData());
                range(y, s.getYData());
            }
            sb.append(" | x ").append(axis(xy.getXAxisTitle(), x)).append(", y ").append(axis(xy.getYAxisTitle(), y));
        } else {
            for (Object s : chart.getSeriesMap().keySet()) names.add(String.valueOf(s));
        }
        if (!names.isEmpty()) sb.append(" | series: ").append(String.join(", ", names));
        return sb.toString();
    }

    private static void range(double[] lohi, double[] data) {
        for (double v : data) {
            if (!Double.isFinite(v)) continue;
            lohi[0] = Math.min(lohi[0], v);
            lohi[1] = Math.max(lohi[1], v);
        }
    }

    private static String axis(String title, double[] lohi) {
        String t = title == null || title.isEmpty() ? "" : title + " ";
        if (!(lohi[0] <= lohi[1])) return t + "(no data)";
        return t + num(lohi[0]) + " to " + num(lohi[1]);
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    public static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for " + image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String pngBase64(RenderedImage image) {
        return Base64.getEncoder().encodeToString(png(image));
    }

    public static String tableText(Table t, int maxRows) {
        int rows = t.rowCount();
        // Tablesaw's print(n) shows head and tail; show the first rows, as the HTML does
        String text = rows <= maxRows ? t.printAll() : t.first(maxRows).printAll();
        if (rows > maxRows) text = text.stripTrailing() + "\n… " + (rows - maxRows) + " more rows";
        return text;
    }

    public static String tableHtml(Table t, int maxRows) {
        int rows = t.rowCount();
        int shown = Math.min(rows, maxRows);
        StringBuilder b = new StringBuilder("<div class=\"cbrnn-table\">\n<table>\n");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (String name : t.columnNames()) b.append("<th>").append(escape(name)).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            b.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) b.append("<td>").append(escape(t.getString(r, c))).append("</td>");
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (rows > shown) b.append("<p>… ").append(rows - shown).append(" more rows</p>\n");
        b.append("<p><small>").append(rows).append(" rows × ").append(t.columnCount()).append(" columns</small></p>\n");
        return b.append("</div>").toString();
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
