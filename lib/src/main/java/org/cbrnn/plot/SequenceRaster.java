package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.cbrnn.task.Batch;
import org.cbrnn.util.Check;

/**
 * A picture of a batch: one row per sequence, one square per time step (dark = 1), the last N steps (the window the
 * label depends on) outlined, and the label at the right. Used to show what N-parity and N-DMS ask of the network.
 */
public final class SequenceRaster {
    private static final Color ONE = new Color(0x2B2B2B), ZERO = new Color(0xF2F2F2), WINDOW = Palette.RED,
            COMPARE = Palette.BLUE;

    /** The heading's font. */
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    /** The font of the caption and the row labels. */
    static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private SequenceRaster() {}

    /** The caption of a parity raster. */
    public static final String PARITY_CAPTION = "red: the last N bits, whose parity is the label";
    /** The caption of a DMS raster. */
    public static final String DMS_CAPTION = "blue: the two bits compared (N-1 steps apart)";

    /**
     * Draws the first {@code rows} sequences of {@code batch}, captioned for parity ({@link #PARITY_CAPTION}) or DMS
     * ({@link #DMS_CAPTION}).
     *
     * @param title       heading
     * @param highlightEnds true for DMS: outline only the two compared steps (T-N+1 and T) instead of the whole window
     */
    public static BufferedImage draw(Batch batch, int rows, String title, boolean highlightEnds) {
        return draw(batch, rows, title, highlightEnds, highlightEnds ? DMS_CAPTION : PARITY_CAPTION);
    }

    /**
     * {@link #draw(Batch, int, String, boolean)} with another caption, for tasks whose label is not the window's
     * parity (e.g. "red: the last N bits, whose majority is the label"). The image is wide enough for the title and
     * the caption.
     */
    public static BufferedImage draw(Batch batch, int rows, String title, boolean highlightEnds, String caption) {
        Check.notNull("batch", batch);
        Check.notNull("title", title);
        Check.notNull("caption", caption);
        Check.inRange("rows", rows, 1, batch.batchSize());
        int cell = Math.max(8, Math.min(22, 900 / batch.steps())), left = 70, top = 46, right = 90;
        int w = left + batch.steps() * cell + right, h = top + rows * (cell + 4) + 30;
        // never clip the heading or the caption at the right edge
        w = Math.max(w, (int) Math.ceil(10 + Style.textWidth(title, TITLE_FONT) + 16));
        w = Math.max(w, (int) Math.ceil(left + Style.textWidth(caption, TEXT_FONT) + 16));
        BufferedImage img = Charts.image(w, h, title + " | " + rows + " sequences of " + batch.steps() + " steps, N = "
                + batch.level() + " | " + caption);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Style.TEXT);
        g.setFont(TITLE_FONT);
        g.drawString(title, 10, 22);
        g.setFont(TEXT_FONT);
        int N = batch.level(), T = batch.steps();
        g.drawString("t = 1", left, top - 8);
        g.drawString("T = " + T, left + (T - 1) * cell - 10, top - 8);
        g.drawString("label", left + T * cell + 20, top - 8);
        for (int r = 0; r < rows; r++) {
            int y = top + r * (cell + 4);
            g.setColor(Style.TEXT);
            g.drawString("seq " + (r + 1), 10, y + cell - 3);
            for (int t = 0; t < T; t++) {
                g.setColor(batch.input(t, r, 0) > 0.5f ? ONE : ZERO);
                g.fillRect(left + t * cell, y, cell - 1, cell);
            }
            g.setStroke(new BasicStroke(2f));
            if (highlightEnds) {
                g.setColor(COMPARE);
                g.drawRect(left + (T - N) * cell, y - 1, cell - 1, cell + 1);
                g.drawRect(left + (T - 1) * cell, y - 1, cell - 1, cell + 1);
            } else {
                g.setColor(WINDOW);
                g.drawRect(left + (T - N) * cell, y - 1, N * cell - 1, cell + 1);
            }
            g.setColor(Style.TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(Integer.toString(batch.labels()[r]), left + T * cell + 30, y + cell - 3);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        g.setColor(Style.TEXT);
        g.drawString(caption, left, h - 10);
        g.dispose();
        return img;
    }
}
