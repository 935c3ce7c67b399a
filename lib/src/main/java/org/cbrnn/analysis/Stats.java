package org.cbrnn.analysis;

import org.cbrnn.util.Check;

/** Small summary statistics shared by the analyses. */
final class Stats {
    private Stats() {}

    static double mean(double[] x) {
        Check.notNull("x", x);
        double s = 0;
        for (double v : x) s += v;
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** Standard error of the mean, SD (divisor n − 1) / √n; NaN below 2 values. */
    static double sem(double[] x) {
        Check.notNull("x", x);
        if (x.length < 2) return Double.NaN;
        double m = mean(x), ss = 0;
        for (double v : x) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (x.length - 1)) / Math.sqrt(x.length);
    }
}
