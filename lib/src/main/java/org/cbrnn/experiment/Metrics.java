package org.cbrnn.experiment;

import org.cbrnn.util.Check;

/**
 * The paper's summary metrics of a curriculum trajectory (docs/protocol.md §7): the level trained at each epoch, N_1..N_E.
 */
public final class Metrics {
    private Metrics() {}

    /** "max N": the level being trained at the end of the budget (= highest solved + 1), docs/protocol.md §7.1. */
    public static double maxLevel(double[] levels) {
        Check.notNull("levels", levels);
        return levels.length == 0 ? Double.NaN : levels[levels.length - 1];
    }

    /** Highest level solved (max N - 1 when the run ended by budget). */
    public static double highestSolved(double[] levels) {
        Check.notNull("levels", levels);
        return levels.length == 0 ? Double.NaN : levels[levels.length - 1] - 1;
    }

    /** t½: the first epoch (1-based) with N >= globalMax / 2, or NaN if never reached. */
    public static double epochsToHalf(double[] levels, double globalMax) {
        Check.notNull("levels", levels);
        double half = globalMax / 2.0;
        for (int i = 0; i < levels.length; i++) if (levels[i] >= half) return i + 1;
        return Double.NaN;
    }

    /** The first epoch (1-based) at which the trained level is at least {@code level}, NaN if never. */
    public static double epochsToLevel(double[] levels, double level) {
        Check.notNull("levels", levels);
        for (int i = 0; i < levels.length; i++) if (levels[i] >= level) return i + 1;
        return Double.NaN;
    }

    /** Area under the N-vs-epoch curve by the trapezoid rule over the epoch index (sklearn's auc). */
    public static double auc(double[] levels) {
        Check.notNull("levels", levels);
        double a = 0;
        for (int i = 1; i < levels.length; i++) a += 0.5 * (levels[i - 1] + levels[i]);
        return a;
    }

    /** AUC divided by the number of epochs. */
    public static double meanLevel(double[] levels) {
        Check.notNull("levels", levels);
        return levels.length == 0 ? Double.NaN : auc(levels) / levels.length;
    }

    /** Mean of the finite values. */
    public static double mean(double[] values) {
        Check.notNull("values", values);
        double s = 0;
        int n = 0;
        for (double x : values) if (Double.isFinite(x)) {
            s += x;
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Sample standard deviation (n - 1) of the finite values; 0 for one value. */
    public static double sd(double[] values) {
        Check.notNull("values", values);
        double m = mean(values);
        double s = 0;
        int n = 0;
        for (double x : values) if (Double.isFinite(x)) {
            s += (x - m) * (x - m);
            n++;
        }
        return n < 2 ? 0 : Math.sqrt(s / (n - 1));
    }
}
