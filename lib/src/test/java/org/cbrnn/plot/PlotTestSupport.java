package org.cbrnn.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.knowm.xchart.internal.chartpart.Chart;

/** Pixel checks and synthetic records for the plot tests. */
final class PlotTestSupport {
    private PlotTestSupport() {}

    /** Pixels within {@code tol} (per channel) of {@code c} inside the rectangle [x0, x1) x [y0, y1). */
    static int count(BufferedImage img, Color c, int tol, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.abs(r - c.getRed()) <= tol && Math.abs(g - c.getGreen()) <= tol && Math.abs(b - c.getBlue()) <= tol) n++;
            }
        }
        return n;
    }

    /** Pixels near {@code c} in the whole image. */
    static int count(BufferedImage img, Color c, int tol) {
        return count(img, c, tol, 0, 0, img.getWidth(), img.getHeight());
    }

    /** Pixels that are not (near) white. */
    static int nonWhite(BufferedImage img) {
        return img.getWidth() * img.getHeight() - count(img, Color.WHITE, 8);
    }

    /** The colour {@code c} at opacity {@code alpha} over white. */
    static Color overWhite(Color c, double alpha) {
        return new Color(blend(c.getRed(), alpha), blend(c.getGreen(), alpha), blend(c.getBlue(), alpha));
    }

    private static int blend(int v, double a) {
        return (int) Math.round(v * a + 255 * (1 - a));
    }

    /** Renders, and writes a PNG under the directory in system property {@code plot.outDir} when it is set. */
    static BufferedImage render(Chart<?, ?> chart, String name) throws IOException {
        String dir = System.getProperty("plot.outDir");
        if (dir != null) Charts.savePng(chart, Path.of(dir, name + ".png"));
        return Charts.toImage(chart);
    }

    /** A synthetic curriculum run: N rises by one with probability p per epoch, phases from a schedule-like rule. */
    static List<EpochRecord> run(long seed, int epochs, double p) {
        Random r = new Random(seed);
        List<EpochRecord> out = new ArrayList<>();
        int level = 2;
        for (int e = 1; e <= epochs; e++) {
            String phase = e <= 3 ? "warmup" : (level % 4 == 0 ? "refresh" : "frozen");
            Set<Module> learning = switch (phase) {
                case "warmup" -> EnumSet.of(Module.CORE, Module.READOUT);
                case "frozen" -> EnumSet.of(Module.CEREBELLUM, Module.READOUT);
                default -> EnumSet.allOf(Module.class);
            };
            boolean solved = r.nextDouble() < p;
            double acc = solved ? 96 + r.nextDouble() * 4 : 60 + r.nextDouble() * 30;
            Map<Module, Double> byModule = new java.util.EnumMap<>(Module.class);
            for (Module m : learning) byModule.put(m, 0.1 + r.nextDouble() * (m == Module.CORE ? 2 : 0.5));
            out.add(new EpochRecord(e, level, phase, learning, 0.7 / Math.sqrt(e) + 0.05 * r.nextDouble(), acc, acc, solved,
                    1.0 + r.nextDouble(), byModule, 0, 0.5));
            if (solved) level++;
        }
        return out;
    }

    /** Levels of several synthetic runs of different lengths. */
    static List<double[]> seeds(long seed, int n, int minEpochs, int maxEpochs, double p) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int len = minEpochs + r.nextInt(maxEpochs - minEpochs + 1);
            out.add(CurriculumChart.levels(run(seed * 100 + k, len, p)));
        }
        return out;
    }

    static EpochRecord record(int epoch, int level, double acc) {
        return new EpochRecord(epoch, level, "joint", EnumSet.allOf(Module.class), 0.5, acc, acc, false, 1.0, Map.of(), 0, 0.1);
    }
}
