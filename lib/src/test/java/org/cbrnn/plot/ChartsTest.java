package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    private static XYChart chart(Size size) {
        return CurriculumChart.builder().size(size).add("CB-RNN", PlotTestSupport.seeds(7, 4, 40, 60, 0.2)).build();
    }

    @Test
    void pngAtRequestedSizeAndScale(@TempDir Path dir) throws Exception {
        Path p = Charts.savePng(chart(Size.SINGLE_COLUMN), dir.resolve("sub/fig"));
        assertTrue(Files.exists(dir.resolve("sub/fig")), "written exactly at the path, no extension added");
        BufferedImage img = ImageIO.read(p.toFile());
        assertEquals(Size.SINGLE_COLUMN.width(), img.getWidth());
        assertEquals(Size.SINGLE_COLUMN.height(), img.getHeight());
        assertTrue(PlotTestSupport.nonWhite(img) > 5000);

        BufferedImage big = ImageIO.read(Charts.savePng(chart(Size.SINGLE_COLUMN), dir.resolve("fig@3x.png"), 3).toFile());
        assertEquals(3 * Size.SINGLE_COLUMN.width(), big.getWidth());
        assertEquals(3 * Size.SINGLE_COLUMN.height(), big.getHeight());
        int bandSmall = PlotTestSupport.count(img, PlotTestSupport.overWhite(Palette.BLUE, Bands.DEFAULT_ALPHA), 8);
        int bandBig = PlotTestSupport.count(big, PlotTestSupport.overWhite(Palette.BLUE, Bands.DEFAULT_ALPHA), 8);
        assertTrue(bandSmall > 500, "band at scale 1: " + bandSmall);
        assertTrue(bandBig > 6 * bandSmall, "band area grows with the square of the scale: " + bandBig);

        byte[] png = Charts.pngBytes(chart(Size.THUMBNAIL));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void svgIsVectorWithText(@TempDir Path dir) throws Exception {
        Path p = Charts.saveSvg(chart(Size.NOTEBOOK), dir.resolve("fig.svg"));
        String svg = Files.readString(p);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains("Task difficulty N") || svg.contains("<path"), "text or paths present");
        assertTrue(Charts.svg(chart(Size.THUMBNAIL)).contains("<svg"));
    }

    @Test
    void toImageAtAnotherSize() {
        BufferedImage img = Charts.toImage(chart(Size.NOTEBOOK), Size.SLIDE);
        assertEquals(1280, img.getWidth());
        assertEquals(720, img.getHeight());
        for (Size s : List.of(Size.NOTEBOOK, Size.SINGLE_COLUMN, Size.DOUBLE_COLUMN, Size.SLIDE, Size.THUMBNAIL)) {
            BufferedImage i = Charts.toImage(chart(s));
            assertEquals(s.width(), i.getWidth());
            assertEquals(s.height(), i.getHeight());
        }
    }
}
