package org.cbrnn.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private final Renderer renderer = Renderers.create();

    private static void assertPng(DisplayData d) {
        Object data = d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(data, "no image/png in the bundle");
        byte[] bytes = Base64.getDecoder().decode((String) data);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
    }

    @Test
    void imagesRenderAsPng() {
        BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        DisplayData d = renderer.render(img);
        assertPng(d);
        assertEquals("[image 8 x 4 px]", d.getData(MIMEType.TEXT_PLAIN), "a size, not BufferedImage@1e6c8776");
    }

    @Test
    void imagesWithADescriptionShowItAsText() {
        java.awt.image.ColorModel cm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).getColorModel();
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("description", "N-parity curves | series: CB-RNN, RNN-202");
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(6, 6), false, props);
        DisplayData d = renderer.render(img);
        assertPng(d);
        assertEquals("N-parity curves | series: CB-RNN, RNN-202", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void xchartChartsRenderAsPng() {
        XYChart chart = new XYChartBuilder().width(200).height(120).title("t").build();
        chart.addSeries("s", new double[]{0, 1, 2}, new double[]{0, 1, 4});
        DisplayData d = renderer.render(chart);
        assertPng(d);
        assertEquals("t | x 0 to 2, y 0 to 4 | series: s", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void tablesRenderAsEscapedHtmlAndText() {
        Table t = Table.create("scores",
                StringColumn.create("name", "ada", "<b>bob</b>"),
                IntColumn.create("n", 3, 41),
                DoubleColumn.create("x", 0.5, 2.25));
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertNotNull(html);
        assertTrue(html.contains("<th>name</th>") && html.contains("<th>x</th>"), html);
        assertTrue(html.contains("<td>ada</td>") && html.contains("<td>41</td>") && html.contains("<td>2.25</td>"), html);
        assertTrue(html.contains("&lt;b&gt;bob&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>bob"), html);
        assertTrue(html.contains("<caption>scores</caption>"), html);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("ada") && text.contains("41"), text);
    }

    @Test
    void longTablesAreCapped() {
        Table t = Table.create("long", IntColumn.create("i", IntStream.range(0, 80).toArray()));
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertEquals(Renderers.TABLE_ROWS, html.split("<tr>", -1).length - 2, "header row + 50 data rows");
        assertTrue(html.contains("… 30 more rows"), html);
        assertFalse(html.contains("<td>79</td>"));
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("… 30 more rows"), text);
        assertFalse(text.contains(" 79 "), text);
    }

    @Test
    void anythingElseIsPlainText() {
        DisplayData d = renderer.render(java.util.List.of(1, 2));
        assertEquals("[1, 2]", d.getData(MIMEType.TEXT_PLAIN));
        assertEquals(1, countTypes(d));
    }

    private static int countTypes(DisplayData d) {
        int n = 0;
        for (MIMEType m : new MIMEType[]{MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG}) {
            if (d.hasDataForType(m)) n++;
        }
        return n;
    }

    @Test
    void escapeCoversHtmlSpecials() {
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;", Renderers.escape("a<b>&\"'"));
        assertEquals("", Renderers.escape(null));
    }
}
