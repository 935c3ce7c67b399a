package org.cbrnn.results;

import java.util.Arrays;
import org.cbrnn.util.Check;

/**
 * The kit's networks against a published mean ± SD over {@code refN} networks, when only the summary of the other
 * side is known (the paper's Table 4).
 *
 * <ul>
 *   <li>n ≥ 2: Welch's two-sample t test. se² = s²/n + s_ref²/n_ref, t = (mean − mean_ref) / se, and the
 *       Welch–Satterthwaite degrees of freedom ν = se⁴ / ((s²/n)²/(n − 1) + (s_ref²/n_ref)²/(n_ref − 1)).</li>
 *   <li>n = 1: is one network a draw from the reference population? t = (x − mean_ref) / (s_ref·√(1 + 1/n_ref)) with
 *       n_ref − 1 degrees of freedom (the prediction interval for one new observation).</li>
 * </ul>
 * Two-sided p from Student's t ({@link StudentT}); NaN where it is undefined (no values, or both SDs zero).
 *
 * @param n          the kit's networks (finite values)
 * @param mean       their mean
 * @param sd         their sample SD (NaN for n &lt; 2)
 * @param refMean    the reference mean
 * @param refSd      the reference SD
 * @param refN       the reference's networks
 * @param difference mean − refMean
 * @param t          the t statistic
 * @param df         its degrees of freedom (real for Welch)
 * @param p          two-sided p
 * @param method     "welch", "one network" or "none"
 */
public record ReferenceTest(int n, double mean, double sd, double refMean, double refSd, int refN, double difference, double t, double df,
                            double p, String method) {
    public ReferenceTest {
        Check.notNull("method", method);
    }

    /** The test of {@code values} (non-finite ones ignored) against mean ± SD over {@code refN} networks. */
    public static ReferenceTest of(double[] values, double refMean, double refSd, int refN) {
        Check.notNull("values", values);
        if (refN < 2) throw new IllegalArgumentException("refN must be >= 2 (an SD needs two networks), got " + refN);
        if (!(refSd >= 0)) throw new IllegalArgumentException("refSd must be a number >= 0, got " + refSd);
        double[] x = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = x.length;
        if (n == 0) return new ReferenceTest(0, Double.NaN, Double.NaN, refMean, refSd, refN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "none");
        double mean = Arrays.stream(x).sum() / n;
        if (n == 1) {
            double se = refSd * Math.sqrt(1 + 1.0 / refN);
            double t = se > 0 ? (mean - refMean) / se : Double.NaN;
            return new ReferenceTest(1, mean, Double.NaN, refMean, refSd, refN, mean - refMean, t, refN - 1,
                    Double.isFinite(t) ? StudentT.twoSidedP(t, refN - 1) : Double.NaN, "one network");
        }
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double va = sd * sd / n, vb = refSd * refSd / refN, se2 = va + vb;
        if (!(se2 > 0)) return new ReferenceTest(n, mean, sd, refMean, refSd, refN, mean - refMean, Double.NaN, Double.NaN, Double.NaN, "welch");
        double t = (mean - refMean) / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (n - 1) + vb * vb / (refN - 1));
        return new ReferenceTest(n, mean, sd, refMean, refSd, refN, mean - refMean, t, df, StudentT.twoSidedP(t, df), "welch");
    }

    /**
     * Holm's step-down adjustment of {@code p} (NaN entries are left NaN and not counted): the family-wise error over
     * the finite p-values is at most the level at which an adjusted p is read.
     */
    public static double[] holm(double[] p) {
        Check.notNull("p", p);
        Integer[] idx = java.util.stream.IntStream.range(0, p.length).filter(i -> Double.isFinite(p[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        int m = idx.length;
        for (int r = 0; r < m; r++) {
            running = Math.max(running, Math.min(1, (m - r) * p[idx[r]]));
            out[idx[r]] = running;
        }
        return out;
    }
}
