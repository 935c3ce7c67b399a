package org.cbrnn.results;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Summary of paired differences d_1..d_n (one per seed): mean, sample SD, a t-based confidence interval for the mean
 * and a paired sign-flip permutation p-value.
 *
 * <ul>
 *   <li>CI: mean ± t(n - 1, (1 + level) / 2) · SD / √n. Undefined (NaN) for n &lt; 2.</li>
 *   <li>Sign-flip p (two-sided): under the null hypothesis that each difference is as likely to have either sign, the
 *       share of the 2^n sign assignments whose |Σ ± d_i| is at least the observed |Σ d_i|. Exact (every assignment
 *       enumerated) for n ≤ {@value #EXACT_UP_TO}; above that estimated from {@value #DRAWS} random assignments with a
 *       fixed seed, as (hits + 1) / (draws + 1). With n seeds it cannot be smaller than 2 / 2^n (0.0625 for n = 5), so
 *       it is a distribution-free check beside the CI, not a test that can reach 0.05 with few seeds.</li>
 * </ul>
 * Non-finite differences are ignored.
 *
 * @param n      number of finite differences
 * @param mean   their mean (NaN if n = 0)
 * @param sd     sample SD (divisor n - 1; NaN if n &lt; 2)
 * @param level  confidence level of the interval, e.g. 0.95
 * @param tCrit  the t quantile used (NaN if n &lt; 2)
 * @param low    lower end of the CI (NaN if n &lt; 2)
 * @param high   upper end of the CI (NaN if n &lt; 2)
 * @param pSignFlip two-sided sign-flip permutation p-value (NaN if n = 0)
 * @param exact  whether {@code pSignFlip} enumerated every sign assignment
 */
public record PairedStats(int n, double mean, double sd, double level, double tCrit, double low, double high, double pSignFlip, boolean exact) {

    /** Largest n for which the sign-flip p-value is computed exactly (2^20 assignments). */
    public static final int EXACT_UP_TO = 20;
    /** Random sign assignments drawn above {@link #EXACT_UP_TO}. */
    public static final int DRAWS = 200_000;

    /** The statistics of {@code differences} with a 95 % CI. */
    public static PairedStats of(double[] differences) {
        return of(differences, 0.95);
    }

    /** The statistics of {@code differences} with a CI at {@code level} (in (0, 1)). */
    public static PairedStats of(double[] differences, double level) {
        Objects.requireNonNull(differences, "differences");
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        double[] d = Arrays.stream(differences).filter(Double::isFinite).toArray();
        int n = d.length;
        if (n == 0) return new PairedStats(0, Double.NaN, Double.NaN, level, Double.NaN, Double.NaN, Double.NaN, Double.NaN, true);
        double mean = Arrays.stream(d).sum() / n;
        if (n < 2) return new PairedStats(1, mean, Double.NaN, level, Double.NaN, Double.NaN, Double.NaN, signFlipP(d), true);
        double ss = 0;
        for (double x : d) ss += (x - mean) * (x - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double t = tQuantile(n - 1, (1 + level) / 2);
        double half = t * sd / Math.sqrt(n);
        return new PairedStats(n, mean, sd, level, t, mean - half, mean + half, signFlipP(d), n <= EXACT_UP_TO);
    }

    /** Whether the CI lies wholly above zero. */
    public boolean above() {
        return n >= 2 && low > 0;
    }

    /** Whether the CI lies wholly below zero. */
    public boolean below() {
        return n >= 2 && high < 0;
    }

    /** Half the CI's width (NaN if n &lt; 2). */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** Two-sided sign-flip p-value of finite differences {@code d} (see the class comment). */
    static double signFlipP(double[] d) {
        int n = d.length;
        double observed = Math.abs(Arrays.stream(d).sum());
        // sums of integers (the usual case) are exact in double; the tolerance covers rounding of non-integers
        double tol = 1e-9 * Math.max(1, Arrays.stream(d).map(Math::abs).sum());
        if (n <= EXACT_UP_TO) {
            long hits = 0;
            long total = 1L << n;
            for (long mask = 0; mask < total; mask++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += ((mask >>> i) & 1) == 0 ? d[i] : -d[i];
                if (Math.abs(s) >= observed - tol) hits++;
            }
            return (double) hits / total;
        }
        SplittableRandom rng = new SplittableRandom(20260101L);
        long hits = 0;
        for (int k = 0; k < DRAWS; k++) {
            double s = 0;
            for (double x : d) s += rng.nextBoolean() ? x : -x;
            if (Math.abs(s) >= observed - tol) hits++;
        }
        return (hits + 1.0) / (DRAWS + 1.0);
    }

    /**
     * The {@code p}-quantile (p in (0.5, 1)) of Student's t with {@code df} degrees of freedom, by bisection on the
     * closed form of P(|T| ≤ t) for integer df (Abramowitz and Stegun 26.7.3-4).
     */
    public static double tQuantile(int df, double p) {
        if (df < 1) throw new IllegalArgumentException("df must be >= 1, got " + df);
        if (!(p > 0.5 && p < 1)) throw new IllegalArgumentException("p must be in (0.5, 1), got " + p);
        double central = 2 * p - 1; // P(|T| <= t)
        double lo = 0, hi = 1;
        while (centralProbability(df, hi) < central) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (centralProbability(df, mid) < central) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** P(|T| ≤ t) for Student's t with integer {@code df} (Abramowitz and Stegun 26.7.3 for odd df, 26.7.4 for even). */
    static double centralProbability(int df, double t) {
        double theta = Math.atan(t / Math.sqrt(df));
        double c = Math.cos(theta), s = Math.sin(theta), c2 = c * c;
        if (df % 2 == 1) {
            // (2/π)[θ + sinθ (cosθ + (2/3)cos³θ + ... + (2·4···(df-3))/(1·3···(df-2)) cos^(df-2)θ)]
            double sum = 0;
            if (df > 1) {
                double term = c;
                sum = term;
                for (int k = 3; k <= df - 2; k += 2) {
                    term *= c2 * (k - 1) / k;
                    sum += term;
                }
            }
            return 2 / Math.PI * (theta + s * sum);
        }
        // sinθ [1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + ... + (1·3···(df-3))/(2·4···(df-2)) cos^(df-2)θ]
        double term = 1, sum = 1;
        for (int k = 2; k <= df - 2; k += 2) {
            term *= c2 * (k - 1) / k;
            sum += term;
        }
        return s * sum;
    }
}
