package org.cbrnn.analysis;

import org.cbrnn.util.Check;

/**
 * Principal component analysis by the eigendecomposition of the sample covariance (divisor n − 1), with a cyclic
 * Jacobi eigensolver written for it (symmetric matrices of a few hundred rows; exact to rounding, no dependencies).
 *
 * @param mean        the sample mean, D values
 * @param eigenvalues the variances along the components, in decreasing order (D values, clipped at 0)
 * @param components  {@code components[k]} is the unit-length k-th principal axis (D values), sign fixed so that its
 *                    largest-magnitude entry is positive
 * @param samples     the number of samples fitted
 */
public record Pca(double[] mean, double[] eigenvalues, double[][] components, long samples) {
    public Pca {
        Check.notNull("mean", mean);
        Check.notNull("eigenvalues", eigenvalues);
        Check.notNull("components", components);
    }

    /** Dimension D of the data. */
    public int dimension() {
        return mean.length;
    }

    /** Fraction of the total variance on each component (NaN when the data have no variance). */
    public double[] explainedRatio() {
        double tot = 0;
        for (double l : eigenvalues) tot += l;
        double[] r = new double[eigenvalues.length];
        for (int i = 0; i < r.length; i++) r[i] = eigenvalues[i] / tot;
        return r;
    }

    /** The first {@code k} coordinates of {@code x} (D values) on the principal axes, after centring. */
    public double[] project(double[] x, int k) {
        Check.notNull("x", x);
        Check.inRange("k", k, 1, mean.length);
        if (x.length != mean.length) throw new IllegalArgumentException("x must have " + mean.length + " values, got " + x.length);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) s += (x[j] - mean[j]) * components[c][j];
            out[c] = s;
        }
        return out;
    }

    /** PCA of {@code rows} samples of width {@code width}, stored row-major in {@code data}. */
    public static Pca fit(double[] data, int rows, int width) {
        Check.notNull("data", data);
        Covariance acc = new Covariance(width);
        acc.addRows(data, 0, rows);
        return acc.pca();
    }

    /**
     * Streaming accumulation of the mean and covariance; samples are shifted by the first one before the products are
     * summed, so a large common offset does not cancel catastrophically.
     */
    public static final class Covariance {
        private final int d;
        private final double[] shift, sum, cross;
        private long n;

        public Covariance(int width) {
            d = Check.positive("width", width);
            shift = new double[d];
            sum = new double[d];
            cross = new double[d * d];
        }

        /** Adds {@code rows} consecutive samples of {@code data} starting at sample {@code first}. */
        public void addRows(double[] data, int first, int rows) {
            Check.notNull("data", data);
            Check.nonNegative("rows", rows);
            if ((long) (first + rows) * d > data.length) throw new IllegalArgumentException("data holds fewer than " + (first + rows) + " samples of width " + d);
            double[] y = new double[d];
            for (int r = first; r < first + rows; r++) {
                int o = r * d;
                if (n == 0) System.arraycopy(data, o, shift, 0, d);
                for (int j = 0; j < d; j++) {
                    y[j] = data[o + j] - shift[j];
                    sum[j] += y[j];
                }
                for (int i = 0; i < d; i++) {
                    double yi = y[i];
                    if (yi == 0) continue; // ReLU populations are sparse
                    int ro = i * d;
                    for (int j = i; j < d; j++) cross[ro + j] += yi * y[j];
                }
                n++;
            }
        }

        public long count() {
            return n;
        }

        /** The sample covariance (D x D, row-major). */
        public double[] covariance() {
            if (n < 2) throw new IllegalStateException("need at least 2 samples, have " + n);
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = (cross[i * d + j] - sum[i] * sum[j] / n) / (n - 1);
                    c[i * d + j] = v;
                    c[j * d + i] = v;
                }
            }
            return c;
        }

        /**
         * The eigenvalues of the covariance only (decreasing), by {@link #symmetricEigenvalues}: much faster than
         * {@link #pca()} for wide populations, enough for the dimensionality measures.
         */
        public double[] spectrum() {
            return symmetricEigenvalues(covariance(), d);
        }

        /** The PCA of the samples added so far. */
        public Pca pca() {
            double[] cov = covariance();
            double[] mean = new double[d];
            for (int j = 0; j < d; j++) mean[j] = shift[j] + sum[j] / n;
            double[][] vec = new double[d][d];
            double[] val = symmetricEigen(cov, d, vec);
            return new Pca(mean, val, vec, n);
        }
    }

    /**
     * Eigenvalues of the symmetric D x D matrix {@code a} (row-major; not modified), decreasing, negatives from rounding
     * clipped to 0. The matrix is reduced to tridiagonal form by Householder reflections (A ← HAH with H = I − 2vvᵀ,
     * applied as the rank-2 update A − 2(vqᵀ + qvᵀ), q = Av − (vᵀAv)v), and the eigenvalues of the tridiagonal matrix
     * are located by bisection on Sturm counts (the number of negative pivots of T − xI is the number of eigenvalues
     * below x). O(D³) with a small constant; absolute accuracy about 1e-13 of the matrix's norm.
     */
    public static double[] symmetricEigenvalues(double[] a, int d) {
        Check.notNull("a", a);
        Check.positive("d", d);
        if (a.length != d * d) throw new IllegalArgumentException("a must be d x d = " + d * d + " values, got " + a.length);
        double[] m = a.clone();
        double[] diag = new double[d], off = new double[d]; // off[i] couples i and i + 1
        double[] v = new double[d], q = new double[d];
        for (int k = 0; k < d - 2; k++) {
            int s = k + 1;
            double norm = 0;
            for (int i = s; i < d; i++) norm += m[i * d + k] * m[i * d + k];
            norm = Math.sqrt(norm);
            double x0 = m[s * d + k];
            double alpha = x0 > 0 ? -norm : norm;
            // v = x − αe₁, normalised; nothing to do when the column below the sub-diagonal is already zero
            double vn = 0;
            for (int i = s; i < d; i++) {
                v[i] = m[i * d + k] - (i == s ? alpha : 0);
                vn += v[i] * v[i];
            }
            if (norm == 0 || vn <= 1e-300) {
                off[k] = x0;
                continue;
            }
            vn = Math.sqrt(vn);
            for (int i = s; i < d; i++) v[i] /= vn;
            double vq = 0;
            for (int i = s; i < d; i++) {
                double w = 0;
                int ro = i * d;
                for (int j = s; j < d; j++) w += m[ro + j] * v[j];
                q[i] = w;
                vq += v[i] * w;
            }
            for (int i = s; i < d; i++) q[i] -= vq * v[i];
            for (int i = s; i < d; i++) {
                int ro = i * d;
                double vi = v[i], qi = q[i];
                for (int j = s; j < d; j++) m[ro + j] -= 2 * (vi * q[j] + qi * v[j]);
            }
            off[k] = alpha;
        }
        if (d >= 2) off[d - 2] = m[(d - 1) * d + d - 2];
        for (int i = 0; i < d; i++) diag[i] = m[i * d + i];
        // Gershgorin bounds of the tridiagonal matrix
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, scale = 0;
        for (int i = 0; i < d; i++) {
            double r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < d - 1 ? Math.abs(off[i]) : 0);
            lo = Math.min(lo, diag[i] - r);
            hi = Math.max(hi, diag[i] + r);
            scale = Math.max(scale, Math.abs(diag[i]) + r);
        }
        double tol = Math.max(scale, Double.MIN_NORMAL) * 1e-15;
        double[] vals = new double[d];
        for (int k = 0; k < d; k++) {
            // the (k+1)-th largest eigenvalue: the x at which fewer than d − k eigenvalues lie below
            double a0 = lo, b0 = hi;
            for (int it = 0; it < 200 && b0 - a0 > tol; it++) {
                double mid = 0.5 * (a0 + b0);
                if (below(diag, off, d, mid) >= d - k) b0 = mid;
                else a0 = mid;
            }
            vals[k] = Math.max(0, 0.5 * (a0 + b0));
        }
        return vals;
    }

    /** Number of eigenvalues of the tridiagonal matrix (diag, off) below x: negative pivots of T − xI. */
    private static int below(double[] diag, double[] off, int d, double x) {
        int count = 0;
        double piv = 1;
        for (int i = 0; i < d; i++) {
            double b2 = i > 0 ? off[i - 1] * off[i - 1] : 0;
            piv = diag[i] - x - (i > 0 ? b2 / piv : 0);
            if (piv == 0) piv = -1e-300; // a zero pivot: perturb to the negative side, as for a count at x + 0
            if (piv < 0) count++;
        }
        return count;
    }

    /**
     * Eigenvalues (decreasing, negatives from rounding clipped to 0) and eigenvectors ({@code vectors[k]}) of the
     * symmetric D x D matrix {@code a} (row-major; not modified), by cyclic Jacobi rotations until the off-diagonal
     * mass is below 1e-15 of the matrix's.
     */
    public static double[] symmetricEigen(double[] a, int d, double[][] vectors) {
        Check.notNull("a", a);
        Check.notNull("vectors", vectors);
        if (a.length != d * d) throw new IllegalArgumentException("a must be d x d = " + d * d + " values, got " + a.length);
        double[] m = a.clone();
        double[] v = new double[d * d];
        for (int i = 0; i < d; i++) v[i * d + i] = 1;
        double total = 0;
        for (double x : m) total += x * x;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) off += m[i * d + j] * m[i * d + j];
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = m[p * d + q];
                    if (Math.abs(apq) < 1e-300) continue;
                    double app = m[p * d + p], aqq = m[q * d + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++) { // columns p, q
                        double mkp = m[k * d + p], mkq = m[k * d + q];
                        m[k * d + p] = c * mkp - s * mkq;
                        m[k * d + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < d; k++) { // rows p, q
                        double mpk = m[p * d + k], mqk = m[q * d + k];
                        m[p * d + k] = c * mpk - s * mqk;
                        m[q * d + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < d; k++) {
                        double vkp = v[k * d + p], vkq = v[k * d + q];
                        v[k * d + p] = c * vkp - s * vkq;
                        v[k * d + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        final double[] diag = new double[d];
        for (int i = 0; i < d; i++) diag[i] = m[i * d + i];
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diag[y], diag[x]));
        double[] vals = new double[d];
        for (int k = 0; k < d; k++) {
            int col = order[k];
            vals[k] = Math.max(0, diag[col]);
            double[] e = new double[d];
            int arg = 0;
            for (int i = 0; i < d; i++) {
                e[i] = v[i * d + col];
                if (Math.abs(e[i]) > Math.abs(e[arg])) arg = i;
            }
            if (e[arg] < 0) for (int i = 0; i < d; i++) e[i] = -e[i];
            if (k < vectors.length) vectors[k] = e;
        }
        return vals;
    }
}
