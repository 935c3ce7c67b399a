package org.cbrnn.analysis;

import org.cbrnn.util.Check;

/**
 * Streaming unbiased autocovariance of many series at lags 0..L, one step at a time, without keeping the series:
 * <pre>
 *   c_k = 1/(n − k) · Σ_{t=k}^{n−1} (x_t − μ)(x_{t−k} − μ),   μ the series' mean over all n steps
 * </pre>
 * the estimate the paper's FFT method computes (divided by n − k). The lagged products are summed as they come and
 * the mean is applied at the end, with the first and last L values kept for the partial sums; each series is shifted by
 * its first value so that a large offset does not cancel. Memory is O(series · L), time O(series · L) per step.
 */
public final class LagAccumulator {
    private final int s, L;
    private final double[] shift, total, first, ring;
    private final double[][] prod;
    private long n;

    /** {@code series} series, lags 0..{@code maxLag}. */
    public LagAccumulator(int series, int maxLag) {
        s = Check.positive("series", series);
        L = Check.nonNegative("maxLag", maxLag);
        shift = new double[s];
        total = new double[s];
        first = new double[s * Math.max(L, 1)];
        ring = new double[s * (L + 1)];
        prod = new double[s][L + 1];
    }

    public int series() {
        return s;
    }

    public int maxLag() {
        return L;
    }

    /** Steps added so far. */
    public long count() {
        return n;
    }

    /** Appends one step: {@code values[offset + i]} is series i's next value. */
    public void add(double[] values, int offset) {
        Check.notNull("values", values);
        if (offset < 0 || offset + s > values.length) throw new IllegalArgumentException("values must hold " + s + " entries from offset " + offset);
        int slot = (int) (n % (L + 1));
        for (int i = 0; i < s; i++) {
            if (n == 0) shift[i] = values[offset + i];
            double x = values[offset + i] - shift[i];
            total[i] += x;
            if (n < L) first[i * L + (int) n] = x;
            int base = i * (L + 1);
            ring[base + slot] = x;
            double[] p = prod[i];
            int lags = (int) Math.min(L, n);
            for (int k = 0; k <= lags; k++) {
                int j = slot - k;
                if (j < 0) j += L + 1;
                p[k] += x * ring[base + j];
            }
        }
        n++;
    }

    /** Autocovariance of series {@code i} at lags 0..L (NaN at lags ≥ n). */
    public double[] autocovariance(int i) {
        Check.inRange("i", i, 0, s - 1);
        double[] c = new double[L + 1];
        double mu = total[i] / n;
        int base = i * (L + 1);
        double headSum = 0, tailSum = 0; // sums of the first k and of the last k values
        for (int k = 0; k <= L; k++) {
            if (k >= n) {
                c[k] = Double.NaN;
                continue;
            }
            if (k > 0) {
                headSum += first[i * L + k - 1];
                long tIdx = n - k; // index of the value that joins the tail
                tailSum += ring[base + (int) (tIdx % (L + 1))];
            }
            double a = total[i] - headSum; // Σ_{t=k}^{n−1} x_t
            double b = total[i] - tailSum; // Σ_{t=0}^{n−1−k} x_t
            c[k] = (prod[i][k] - mu * (a + b) + (n - k) * mu * mu) / (n - k);
        }
        return c;
    }
}
