package org.cbrnn.task.online;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * Sequential image classification (docs/ccrnn.md §3.3): a 28 x 28 image read one row per step, 10-way softmax
 * cross-entropy on the last step only. {@link #digits()} uses the kit's rasterised stroke digits (no data needed).
 */
public final class SeqImages implements OnlineTask {
    /** Draws one labelled image. */
    @FunctionalInterface
    public interface Source {
        /** Fills {@code image} (784 values in [0, 1]) and returns its label in 0..9. */
        int draw(Rng rng, float[] image);
    }

    private final String name;
    private final Source source;

    public SeqImages(String name, Source source) {
        this.name = Check.notNull("name", name);
        this.source = Check.notNull("source", source);
    }

    /** The kit's jittered stroke digits, classes uniform. */
    public static SeqImages digits() {
        return new SeqImages("seq-digits", (rng, img) -> {
            int d = rng.nextInt(10);
            System.arraycopy(StrokeDigits.raster(d, rng), 0, img, 0, img.length);
            return d;
        });
    }

    @Override public String name() { return name; }
    @Override public int steps() { return StrokeDigits.SIDE; }
    @Override public int inputSize() { return StrokeDigits.SIDE; }
    @Override public int outputSize() { return 10; }
    @Override public Loss loss() { return Loss.CROSS_ENTROPY_LAST; }

    @Override
    public SeqBatch sample(int batch, Rng rng) {
        Check.positive("batch", batch);
        int T = StrokeDigits.SIDE;
        float[] in = new float[T * batch * T], img = new float[T * T];
        int[] labels = new int[batch];
        for (int b = 0; b < batch; b++) {
            labels[b] = source.draw(rng, img);
            for (int t = 0; t < T; t++) System.arraycopy(img, t * T, in, (t * batch + b) * T, T);
        }
        boolean[] fb = new boolean[T];
        fb[T - 1] = true;
        return new SeqBatch(T, batch, T, 10, in, new float[T * batch * 10], fb, labels);
    }
}
