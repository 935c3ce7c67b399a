package org.cbrnn.task.online;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * Online digit drawing (docs/ccrnn.md §3.2): a 28 x 28 image of digit k is read one row per step (T = 28, 28 inputs)
 * and the network draws, at every step, the next point of digit k's template polyline ({@link StrokeDigits#trace});
 * feedback at steps t = 0 (mod 4). Images are the kit's rasterised stroke digits with random jitter.
 */
public final class DigitDrawing implements OnlineTask {
    private final int feedbackEvery;

    public static DigitDrawing standard() {
        return new DigitDrawing(4);
    }

    public DigitDrawing(int feedbackEvery) {
        this.feedbackEvery = Check.inRange("feedbackEvery", feedbackEvery, 1, StrokeDigits.SIDE);
    }

    @Override public String name() { return "digit-drawing"; }
    @Override public int steps() { return StrokeDigits.SIDE; }
    @Override public int inputSize() { return StrokeDigits.SIDE; }
    @Override public int outputSize() { return 2; }
    @Override public Loss loss() { return Loss.MSE_FEEDBACK; }

    @Override
    public SeqBatch sample(int batch, Rng rng) {
        Check.positive("batch", batch);
        int[] digits = new int[batch];
        for (int b = 0; b < batch; b++) digits[b] = rng.nextInt(10);
        return forDigits(digits, rng);
    }

    /** One sequence per entry of {@code digits}, images jittered with {@code rng}. */
    public SeqBatch forDigits(int[] digits, Rng rng) {
        int B = digits.length, T = StrokeDigits.SIDE;
        float[] in = new float[T * B * T], tg = new float[T * B * 2];
        for (int b = 0; b < B; b++) {
            float[] img = StrokeDigits.raster(digits[b], rng);
            double[][] path = StrokeDigits.trace(digits[b], T);
            for (int t = 0; t < T; t++) {
                System.arraycopy(img, t * T, in, (t * B + b) * T, T);
                tg[(t * B + b) * 2] = (float) path[t][0];
                tg[(t * B + b) * 2 + 1] = (float) path[t][1];
            }
        }
        boolean[] fb = new boolean[T];
        for (int t = 0; t < T; t++) fb[t] = t % feedbackEvery == 0;
        return new SeqBatch(T, B, T, 2, in, tg, fb, digits.clone());
    }
}
