package org.cbrnn.ccrnn;

import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;

/**
 * The ccRNN study's metrics (docs/ccrnn.md §4). {@link #validation} is the spec's; {@link #deviation} and
 * {@link #roughness} are the kit's own definitions of a trajectory-deviation and a "dysmetria" (roughness) score,
 * since the papers' definition of their ataxia/dysmetria score was not available.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * {error, accuracy} of time-major outputs {@code y} (T x B x O) on {@code batch}: drawing tasks, the mean over all
     * (sequence, step) rows of the squared Euclidean error (accuracy NaN); classification, the mean last-step
     * cross-entropy and the fraction of sequences whose largest last-step output is the label.
     */
    public static double[] validation(OnlineTask task, SeqBatch batch, double[] y) {
        Check.notNull("task", task);
        int T = batch.steps(), B = batch.batch(), O = batch.outputSize();
        if (y.length != T * B * O) throw new IllegalArgumentException("outputs must have T*B*O = " + T * B * O + " values, got " + y.length);
        if (task.loss() == OnlineTask.Loss.MSE_FEEDBACK) {
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                double d = y[i] - batch.targets()[i];
                s += d * d;
            }
            return new double[] {s / ((double) T * B), Double.NaN};
        }
        double ce = 0;
        int correct = 0;
        for (int b = 0; b < B; b++) {
            int off = ((T - 1) * B + b) * O, best = 0;
            double m = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < O; o++) if (y[off + o] > m) {
                m = y[off + o];
                best = o;
            }
            double z = 0;
            for (int o = 0; o < O; o++) z += Math.exp(y[off + o] - m);
            ce += -(y[off + batch.labels()[b]] - m - Math.log(z));
            if (best == batch.labels()[b]) correct++;
        }
        return new double[] {ce / B, correct / (double) B};
    }

    /**
     * Kit-defined trajectory deviation: the mean over sequences and steps of the squared perpendicular distance of the
     * output point from the straight line through the origin and the sequence's final target point (for a target at
     * the origin, the squared distance from the origin). For the line-drawing task this is the sideways error of the
     * drawn line, independent of its speed along the line.
     */
    public static double deviation(SeqBatch batch, double[] y) {
        int T = batch.steps(), B = batch.batch();
        if (batch.outputSize() != 2) throw new IllegalArgumentException("deviation needs 2-D outputs, got " + batch.outputSize());
        double s = 0;
        for (int b = 0; b < B; b++) {
            double ex = batch.target(T - 1, b, 0), ey = batch.target(T - 1, b, 1), len = Math.hypot(ex, ey);
            for (int t = 0; t < T; t++) {
                double px = y[(t * B + b) * 2], py = y[(t * B + b) * 2 + 1];
                double d = len == 0 ? Math.hypot(px, py) : (px * ey - py * ex) / len;
                s += d * d;
            }
        }
        return s / ((double) T * B);
    }

    /**
     * Kit-defined roughness ("dysmetria") score: the mean over sequences and interior steps of the squared second
     * difference ||y_{t+1} - 2 y_t + y_{t-1}||^2 of the output. A straight line drawn at constant speed scores 0.
     */
    public static double roughness(SeqBatch batch, double[] y) {
        int T = batch.steps(), B = batch.batch(), O = batch.outputSize();
        if (T < 3) throw new IllegalArgumentException("roughness needs T >= 3 steps, got " + T);
        double s = 0;
        for (int b = 0; b < B; b++) for (int t = 1; t < T - 1; t++) for (int o = 0; o < O; o++) {
            double d = y[((t + 1) * B + b) * O + o] - 2 * y[(t * B + b) * O + o] + y[((t - 1) * B + b) * O + o];
            s += d * d;
        }
        return s / ((double) (T - 2) * B);
    }
}
