package org.cbrnn.plot;

/**
 * A chart size in logical pixels; font sizes in {@link Style} are in the same units. For print, keep the preset and
 * export with a scale ({@link Charts#savePng(org.knowm.xchart.internal.chartpart.Chart, java.nio.file.Path, double)})
 * rather than enlarging the size, so text keeps its proportion to the figure.
 *
 * @param width  width in pixels, at least 50
 * @param height height in pixels, at least 50
 */
public record Size(int width, int height) {
    /** A notebook cell or screen figure (800 x 500). The default. */
    public static final Size NOTEBOOK = new Size(800, 500);
    /**
     * A journal single column: 360 x 260. Printed 3.5 in wide, {@link Style}'s 12 pt text comes out at about 8.4 pt;
     * export with scale 4 for about 410 dpi.
     */
    public static final Size SINGLE_COLUMN = new Size(360, 260);
    /** A journal double column: 720 x 300 (printed 7 in wide: text about 8.4 pt; export with scale 4). */
    public static final Size DOUBLE_COLUMN = new Size(720, 300);
    /** A 16:9 slide: 1280 x 720. */
    public static final Size SLIDE = new Size(1280, 720);
    /** A small live-progress chart: 480 x 260. */
    public static final Size THUMBNAIL = new Size(480, 260);

    public Size {
        if (width < 50 || height < 50) throw new IllegalArgumentException("size must be at least 50 x 50, got " + width + " x " + height);
    }
}
