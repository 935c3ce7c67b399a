package org.cbrnn.task.online;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The ccRNN line-drawing task (docs/ccrnn.md §3.1): a scalar cue {@code 0.1 p}, p uniform on {-3..3}, at step 0 and
 * zero input after it; the target is the straight line from the origin to one of six points on a circle of radius
 * 10 (angles 0, 60, ..., 300 degrees, as (r sin a, r cos a)) or, for p = 0, the origin at every step, sampled at T
 * equally spaced points including both ends. Feedback (a loss term) only at steps t = 0 (mod {@code feedbackEvery}).
 * Cue p = +k (k = 1..3) draws to the angle (3 - k) * 60 degrees and p = -k to (2 + k) * 60 degrees.
 */
public final class LineDrawing implements OnlineTask {
    /** Cues run over {@code -CUES_HALF..CUES_HALF}. */
    public static final int CUES_HALF = 3;
    private final int steps;
    private final int feedbackEvery;
    private final double radius;

    /** The paper's task: T = 10, radius 10, feedback every second step. */
    public static LineDrawing standard() {
        return new LineDrawing(10, 2, 10.0);
    }

    public LineDrawing(int steps, int feedbackEvery, double radius) {
        this.steps = Check.inRange("steps", steps, 2, 10_000);
        this.feedbackEvery = Check.inRange("feedbackEvery", feedbackEvery, 1, steps);
        this.radius = Check.positive("radius", radius);
    }

    @Override public String name() { return "line-drawing"; }
    @Override public int steps() { return steps; }
    @Override public int inputSize() { return 1; }
    @Override public int outputSize() { return 2; }
    @Override public Loss loss() { return Loss.MSE_FEEDBACK; }

    /** The end point of cue {@code p} in {-3..3}: (x, y). */
    public double[] endPoint(int p) {
        Check.inRange("p", p, -CUES_HALF, CUES_HALF);
        if (p == 0) return new double[] {0, 0};
        // the six circle points in reverse angle order: -3 -> 300, -2 -> 240, -1 -> 180, +1 -> 120, +2 -> 60, +3 -> 0 degrees
        int k = p > 0 ? 3 - p : 2 - p;
        double a = Math.toRadians(60.0 * k);
        return new double[] {radius * Math.sin(a), radius * Math.cos(a)};
    }

    @Override
    public SeqBatch sample(int batch, Rng rng) {
        Check.positive("batch", batch);
        Check.notNull("rng", rng);
        int[] cues = new int[batch];
        for (int b = 0; b < batch; b++) cues[b] = rng.nextIntInclusive(-CUES_HALF, CUES_HALF);
        return forCues(cues);
    }

    /** One sequence per cue of {@code cues} (values in {-3..3}); labels are the cues. */
    public SeqBatch forCues(int... cues) {
        int B = cues.length, T = steps;
        float[] in = new float[T * B];
        float[] tg = new float[T * B * 2];
        for (int b = 0; b < B; b++) {
            double[] end = endPoint(cues[b]);
            in[b] = (float) (0.1 * cues[b]);
            for (int t = 0; t < T; t++) {
                double f = t / (double) (T - 1);
                tg[(t * B + b) * 2] = (float) (f * end[0]);
                tg[(t * B + b) * 2 + 1] = (float) (f * end[1]);
            }
        }
        boolean[] fb = new boolean[T];
        for (int t = 0; t < T; t++) fb[t] = t % feedbackEvery == 0;
        return new SeqBatch(T, B, 1, 2, in, tg, fb, cues.clone());
    }

    /** All seven cues once, -3..3: the exact expectation of any per-sequence metric under uniform cues. */
    public SeqBatch allCues() {
        int[] c = new int[2 * CUES_HALF + 1];
        for (int i = 0; i < c.length; i++) c[i] = i - CUES_HALF;
        return forCues(c);
    }
}
