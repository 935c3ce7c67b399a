package org.cbrnn.plot;

/**
 * A chart size in logical pixels (1 px = 1/72 inch when exported with {@link Charts#savePng(org.knowm.xchart.internal.chartpart.Chart, java.nio.file.Path, double)}
 * at scale 1). Fonts in {@link Style} are sized for these presets; export with a scale (for example 3) for print
 * resolution rather than enlarging the size, so text keeps its proportions.
 *
 * @param width  width in pixels, at least 50
 * @param height height in pixels, at least 50
 */
public record Size(int width, int height) {
    /** A notebook cell or screen figure (800 x 500). The default. */
    public static final Size NOTEBOOK = new Size(800, 500);
    /** A journal single column (about 3.5 x 2.5 in at scale 1 ... exported at scale 3): 504 x 360. */
    public static final Size SINGLE_COLUMN = new Size(504, 360);
    /** A journal double column (about 7 x 3 in): 1008 x 432. */
    public static final Size DOUBLE_COLUMN = new Size(1008, 432);
    /** A 16:9 slide: 1280 x 720. */
    public static final Size SLIDE = new Size(1280, 720);
    /** A small live-progress chart: 480 x 260. */
    public static final Size THUMBNAIL = new Size(480, 260);

    public Size {
        if (width < 50 || height < 50) throw new IllegalArgumentException("size must be at least 50 x 50, got " + width + " x " + height);
    }
}
