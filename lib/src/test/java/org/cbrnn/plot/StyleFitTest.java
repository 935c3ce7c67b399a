package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cbrnn.experiment.ConditionDef;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Parity;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Titles, legends and captions fit their figures; tables are rounded; figures carry a text description. */
class StyleFitTest {
    private static final String LONG_TITLE = "N-parity: level trained vs epoch at the paper's protocol, every seed to its end (1000 epochs)";

    private static String longestLabel() {
        return ConditionRegistry.standard().all().stream().map(ConditionDef::label).max(Comparator.comparingInt(String::length)).orElseThrow();
    }

    @Test
    void curriculumChartIsWideEnoughForTheLongestLabelAndALongTitle() {
        List<String> labels = new ArrayList<>();
        for (ConditionDef d : ConditionRegistry.standard().all()) labels.add(d.label());
        var b = CurriculumChart.builder().title(LONG_TITLE).size(Size.SINGLE_COLUMN);
        double[] levels = new double[50];
        for (int i = 0; i < levels.length; i++) levels[i] = 2 + i / 5;
        for (String l : labels) b.add(l + " with a long suffix", List.of(levels, levels));
        for (String l : labels) b.referenceLine(l, 10);
        XYChart c = b.build();
        Style st = Style.DEFAULT;
        double title = Style.textWidth(LONG_TITLE, st.font(Font.BOLD, 16));
        assertTrue(c.getWidth() >= title + 24, "title " + title + " px in a " + c.getWidth() + " px chart");
        double legend = Style.textWidth(longestLabel() + " with a long suffix (n=2)", st.font(Font.PLAIN, 12)) + 6 + 22 + 6 + 6;
        assertTrue(legend <= 0.6 * (c.getWidth() - 70 - 24), "legend " + legend + " px in a " + c.getWidth() + " px chart");
        // 16 legend rows must fit in the plot height
        double rows = 16 * (st.font(Font.PLAIN, 12).getSize2D() * 1.45 + 4) + 12;
        assertTrue(rows <= 0.85 * (c.getHeight() - 110), rows + " px of legend in a " + c.getHeight() + " px chart");
        BufferedImage img = Charts.toImage(c);
        assertEquals(c.getWidth(), img.getWidth());
        assertTrue(Charts.description(img).startsWith(LONG_TITLE + " | x Epoch 0 to 50"), Charts.description(img));
        assertTrue(Charts.description(img).contains("series: CB-RNN with a long suffix (n=2), "), Charts.description(img));
    }

    @Test
    void fitNeverShrinksAndLeavesRoomyChartsAlone() {
        Size s = Style.DEFAULT.fit(Size.NOTEBOOK, "short", List.of("CB-RNN"));
        assertEquals(Size.NOTEBOOK, s);
        Size small = Style.DEFAULT.fit(Size.THUMBNAIL, LONG_TITLE, List.of());
        assertTrue(small.width() > Size.THUMBNAIL.width());
        assertEquals(Size.THUMBNAIL.height(), small.height());
    }

    @Test
    void rasterCaptionsFit() {
        Batch b = new Parity().sample(3, 5, new Rng(1));
        String caption = "red: the last N bits, whose majority is the label (a caption longer than the raster)";
        BufferedImage img = SequenceRaster.draw(b, 4, "3-majority", false, caption);
        double need = 70 + Style.textWidth(caption, SequenceRaster.TEXT_FONT);
        assertTrue(img.getWidth() >= need, img.getWidth() + " < " + need);
        assertTrue(Charts.description(img).contains(caption));
        BufferedImage parity = SequenceRaster.draw(b, 4, "3-parity", false);
        assertTrue(parity.getWidth() >= 70 + Style.textWidth(SequenceRaster.PARITY_CAPTION, SequenceRaster.TEXT_FONT));
        assertTrue(PlotTestSupport.count(parity, Palette.RED, 10) > 20, "the box the caption calls red is red");
        assertEquals(0, PlotTestSupport.count(parity, Palette.VERMILLION, 6));
    }

    @Test
    void tablesAreRoundedToMeaningfulDigits() {
        Table t = Table.create("t", StringColumn.create("c", "a", "b", "c"),
                DoubleColumn.create("x", 1.0357142857142856, 25041.3, Double.NaN), DoubleColumn.create("y", 0.012345, 215.43, 18));
        Table r = Tables.significant(t, 3);
        assertEquals("t", r.name());
        assertEquals(1.04, r.doubleColumn("x").get(0));
        assertEquals(25041.0, r.doubleColumn("x").get(1), "whole part kept");
        assertTrue(r.doubleColumn("x").isMissing(2));
        assertEquals(0.0123, r.doubleColumn("y").get(0));
        assertEquals("b", r.stringColumn("c").get(1));
        assertFalse(r.printAll().contains("1.0357"));
        assertEquals(215.4, Tables.decimals(t, 1).doubleColumn("y").get(1));
        assertEquals(18.0, Tables.decimals(t, 0).doubleColumn("y").get(2));
    }
}
