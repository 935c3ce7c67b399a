package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.cbrnn.plot.PlotTestSupport.overWhite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Test;

class BandsTest {
    private static final double EPS = 1e-12;

    // a = {1, 2, 3}, b = {3, 4}, c = {2}
    private static final List<double[]> RAGGED = List.of(new double[] {1, 2, 3}, new double[] {3, 4}, new double[] {2});

    @Test
    void carryLastPadsShorterSeriesWithTheirLastValue() {
        Bands.Band b = Bands.of(RAGGED, Bands.Ragged.CARRY_LAST);
        // index 0: {1,3,2} mean 2, sd 1; index 1: {2,4,2} mean 8/3, sd sqrt(4/3); index 2: {3,4,2} mean 3, sd 1
        assertArrayEquals(new double[] {1, 2, 3}, b.x(), EPS);
        assertArrayEquals(new double[] {2, 8.0 / 3, 3}, b.mean(), EPS);
        assertArrayEquals(new double[] {1, Math.sqrt(4.0 / 3), 1}, b.sd(), EPS);
        assertArrayEquals(new int[] {3, 3, 3}, b.count());
        assertArrayEquals(new double[] {1, 8.0 / 3 - Math.sqrt(4.0 / 3), 2}, b.lower(), EPS);
        assertArrayEquals(new double[] {3, 8.0 / 3 + Math.sqrt(4.0 / 3), 4}, b.upper(), EPS);
    }

    @Test
    void truncateStopsWhereFewerThanTwoSeriesRemain() {
        Bands.Band b = Bands.of(RAGGED, Bands.Ragged.TRUNCATE);
        // index 0: {1,3,2} mean 2 sd 1; index 1: {2,4} mean 3 sd sqrt(2); index 2: {3} only -> dropped
        assertEquals(2, b.length());
        assertArrayEquals(new double[] {2, 3}, b.mean(), EPS);
        assertArrayEquals(new double[] {1, Math.sqrt(2)}, b.sd(), EPS);
        assertArrayEquals(new int[] {3, 2}, b.count());
    }

    @Test
    void singleSeriesAndMissingValues() {
        Bands.Band one = Bands.of(List.of(new double[] {5, 6}), Bands.Ragged.TRUNCATE);
        assertArrayEquals(new double[] {5, 6}, one.mean(), EPS);
        assertArrayEquals(new double[] {0, 0}, one.sd(), EPS);
        // NaN counts as missing; CARRY_LAST carries the last finite value
        Bands.Band b = Bands.of(List.of(new double[] {1, Double.NaN, 5}, new double[] {3, 3}), Bands.Ragged.CARRY_LAST);
        assertArrayEquals(new int[] {2, 1, 2}, b.count());
        assertArrayEquals(new double[] {2, 3, 4}, b.mean(), EPS);
        assertArrayEquals(new double[] {Math.sqrt(2), 0, Math.sqrt(2)}, b.sd(), EPS);
        assertThrows(IllegalArgumentException.class, () -> Bands.of(List.of()));
    }

    @Test
    void fillIsOnePolygonUpperForwardLowerBackwardAndSplitsAtGaps() {
        XYChart c = Style.DEFAULT.xyChart(Size.THUMBNAIL, "", "", "");
        List<XYSeries> s = Bands.addFill(c, "f", new double[] {1, 2, 3, 4, 5}, new double[] {0, 1, Double.NaN, 2, 3},
                new double[] {2, 3, 4, 5, 6}, Color.BLUE);
        assertEquals(2, s.size());
        assertArrayEquals(new double[] {1, 2, 2, 1}, s.get(0).getXData(), EPS);
        assertArrayEquals(new double[] {2, 3, 1, 0}, s.get(0).getYData(), EPS);
        assertArrayEquals(new double[] {4, 5, 5, 4}, s.get(1).getXData(), EPS);
        assertArrayEquals(new double[] {5, 6, 3, 2}, s.get(1).getYData(), EPS);
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, s.get(0).getXYSeriesRenderStyle());
        assertFalse(s.get(0).isShowInLegend());
        assertEquals("f #2", s.get(1).getName());
    }

    @Test
    void overlappingBandsRenderWithTranslucentFillsAndBlend() throws Exception {
        XYChart c = Style.DEFAULT.xyChart(new Size(600, 400), "", "x", "y");
        c.getStyler().setLegendVisible(false);
        Color blue = Palette.BLUE;
        Color red = Palette.VERMILLION;
        // two wide overlapping bands: [0, 10] and [5, 15] over x = 1..20
        double[] x = new double[20];
        double[] lo1 = new double[20], hi1 = new double[20], lo2 = new double[20], hi2 = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i + 1;
            lo1[i] = 0;
            hi1[i] = 10;
            lo2[i] = 5;
            hi2[i] = 15;
        }
        Bands.addFill(c, "a", x, lo1, hi1, Palette.withAlpha(blue, 0.3));
        Bands.addFill(c, "b", x, lo2, hi2, Palette.withAlpha(red, 0.3));
        BufferedImage img = PlotTestSupport.render(c, "bands-overlap");
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        int onlyBlue = count(img, overWhite(blue, 0.3), 6);
        int onlyRed = count(img, overWhite(red, 0.3), 6);
        // the overlap: red at 0.3 over (blue at 0.3 over white)
        Color b1 = overWhite(blue, 0.3);
        Color both = new Color((int) Math.round(red.getRed() * 0.3 + b1.getRed() * 0.7),
                (int) Math.round(red.getGreen() * 0.3 + b1.getGreen() * 0.7), (int) Math.round(red.getBlue() * 0.3 + b1.getBlue() * 0.7));
        int overlap = count(img, both, 6);
        assertTrue(onlyBlue > 10_000, "blue-only area " + onlyBlue);
        assertTrue(onlyRed > 10_000, "red-only area " + onlyRed);
        assertTrue(overlap > 10_000, "overlap area " + overlap);
    }

    @Test
    void addDrawsMeanLineAboveItsBand() throws Exception {
        XYChart c = Style.DEFAULT.xyChart(new Size(500, 300), "", "", "");
        XYSeries mean = Bands.add(c, "CB-RNN", Bands.of(List.of(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6})), Palette.BLUE);
        assertEquals("CB-RNN", mean.getName());
        assertEquals(List.of("CB-RNN" + Bands.FILL_SUFFIX, "CB-RNN"), List.copyOf(c.getSeriesMap().keySet()));
        BufferedImage img = Charts.toImage(c);
        assertTrue(count(img, Palette.BLUE, 10) > 100, "mean line");
        assertTrue(count(img, overWhite(Palette.BLUE, Bands.DEFAULT_ALPHA), 6) > 1000, "band fill");
    }

    @Test
    void flattenKeepsTheDrawnLineAndDropsInnerPointsOfFlatStretches() {
        double[][] f = Bands.flatten(new double[] {1, 2, 3, 4, 5, 6, 7}, new double[] {2, 2, 2, 3, 3, Double.NaN, 3});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 3, 4, 5, 6, 7}, f[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 2, 3, 3, Double.NaN, 3}, f[1]);
    }
}
