package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class PcaTest {

    @Test
    void jacobiDiagonalisesAKnownMatrix() {
        // eigenvalues of [[2,1],[1,2]] are 3 and 1 with axes (1,1)/√2 and (1,-1)/√2
        double[][] v = new double[2][];
        double[] l = Pca.symmetricEigen(new double[]{2, 1, 1, 2}, 2, v);
        assertEquals(3, l[0], 1e-12);
        assertEquals(1, l[1], 1e-12);
        assertEquals(Math.sqrt(0.5), v[0][0], 1e-12);
        assertEquals(Math.sqrt(0.5), v[0][1], 1e-12);
        assertEquals(0, v[1][0] + v[1][1], 1e-12);
    }

    @Test
    void householderSturmEigenvaluesAgreeWithJacobiAndSatisfyTheTrace() {
        Rng rng = new Rng(8);
        for (int d : new int[]{1, 2, 3, 17, 40}) {
            double[] a = new double[d * d];
            for (int i = 0; i < d; i++) for (int j = i; j < d; j++) a[i * d + j] = a[j * d + i] = rng.nextGaussian();
            for (int i = 0; i < d; i++) a[i * d + i] += d; // positive definite, like a covariance
            double[][] v = new double[d][];
            double[] jac = Pca.symmetricEigen(a, d, v);
            double[] hs = Pca.symmetricEigenvalues(a, d);
            double tr = 0, sum = 0;
            for (int i = 0; i < d; i++) {
                assertEquals(jac[i], hs[i], 1e-9, "d=" + d + " eigenvalue " + i);
                tr += a[i * d + i];
                sum += hs[i];
                // A v = λ v for the Jacobi vectors
                for (int r = 0; r < d; r++) {
                    double av = 0;
                    for (int c = 0; c < d; c++) av += a[r * d + c] * v[i][c];
                    assertEquals(jac[i] * v[i][r], av, 1e-9);
                }
            }
            assertEquals(tr, sum, 1e-9);
        }
        // rank deficient: a rank-2 matrix in 6 dimensions has four zero eigenvalues
        double[] u = {1, 2, 0, -1, 0, 3}, w = {0, 1, 1, 0, -2, 0};
        double[] r2 = new double[36];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) r2[i * 6 + j] = u[i] * u[j] + w[i] * w[j];
        double[] l = Pca.symmetricEigenvalues(r2, 6);
        for (int i = 2; i < 6; i++) assertEquals(0, l[i], 1e-12);
        assertEquals(15 + 6, l[0] + l[1], 1e-12); // trace = |u|² + |w|²
    }

    @Test
    void recoversTheAxesAndVariancesOfAKnownCovariance() {
        // x = R diag(3, 1, 0.25) z + offset, z standard normal: variances 9, 1, 1/16 along the rotated axes
        Rng rng = new Rng(42);
        double a = 0.5, b = 0.3;
        double[][] r = rotation(a, b);
        double[] s = {3, 1, 0.25};
        int n = 200_000;
        double[] data = new double[n * 3];
        for (int i = 0; i < n; i++) {
            double[] z = {rng.nextGaussian() * s[0], rng.nextGaussian() * s[1], rng.nextGaussian() * s[2]};
            for (int j = 0; j < 3; j++) data[i * 3 + j] = 100 + r[j][0] * z[0] + r[j][1] * z[1] + r[j][2] * z[2];
        }
        Pca p = Pca.fit(data, n, 3);
        for (int k = 0; k < 3; k++) {
            assertEquals(s[k] * s[k], p.eigenvalues()[k], 0.02 * s[k] * s[k], "variance " + k);
            double dot = 0;
            for (int j = 0; j < 3; j++) dot += p.components()[k][j] * r[j][k];
            assertEquals(1, Math.abs(dot), 1e-3, "axis " + k);
        }
        assertEquals(100, p.mean()[0], 0.05);
        // the projection of the mean is 0, of mean + 2·axis0 is (2, 0)
        double[] x = p.mean().clone();
        for (int j = 0; j < 3; j++) x[j] += 2 * p.components()[0][j];
        double[] y = p.project(x, 2);
        assertEquals(2, y[0], 1e-9);
        assertEquals(0, y[1], 1e-9);
    }

    private static double[][] rotation(double a, double b) {
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(b), -Math.sin(b)}, {0, Math.sin(b), Math.cos(b)}};
        double[][] o = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) o[i][j] += rz[i][k] * rx[k][j];
        return o;
    }
}
