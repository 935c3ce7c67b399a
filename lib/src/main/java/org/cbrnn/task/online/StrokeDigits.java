package org.cbrnn.task.online;

import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * Digits 0-9 as polylines in the unit square (x right, y up, corners on the grid {0, 1/2, 1}; docs/ccrnn.md §3.2),
 * and their rasterisation to 28 x 28 images with random affine jitter and stroke width, so that the image tasks need
 * no downloaded data. These are the kit's own stroke digits, not MNIST: numbers do not compare with MNIST results.
 */
public final class StrokeDigits {
    public static final int SIDE = 28;
    private static final double[][][] TEMPLATES = {
            {{0, 1}, {0, 0}, {1, 0}, {1, 1}, {0, 1}},
            {{0.25, 0.75}, {0.5, 1}, {0.5, 0}},
            {{0, 1}, {1, 1}, {0, 0}, {1, 0}},
            {{0, 1}, {1, 1}, {1, 0.5}, {0.5, 0.5}, {1, 0.5}, {1, 0}, {0, 0}},
            {{0, 1}, {0, 0.5}, {1, 0.5}, {0.5, 0.5}, {0.5, 1}, {0.5, 0}},
            {{0, 1}, {1, 1}, {0, 1}, {0, 0.5}, {1, 0.5}, {1, 0}, {0, 0}},
            {{0, 1}, {0, 0}, {1, 0}, {1, 0.5}, {0, 0.5}},
            {{0, 1}, {1, 1}, {0, 0}},
            {{0, 1}, {1, 0}, {0, 0}, {1, 1}, {0, 1}},
            {{0, 1}, {0, 0.5}, {1, 0.5}, {1, 1}, {0, 1}, {1, 1}, {1, 0}},
    };

    private StrokeDigits() {}

    /** The vertices of digit {@code d}'s template, a copy. */
    public static double[][] template(int d) {
        Check.inRange("digit", d, 0, 9);
        double[][] t = new double[TEMPLATES[d].length][];
        for (int i = 0; i < t.length; i++) t[i] = TEMPLATES[d][i].clone();
        return t;
    }

    /**
     * The template traced in {@code steps} samples: each of the n segments gets floor(steps / n) samples taken at
     * equal fractions from its start (its end is the next segment's start); with a remainder r > 0 the first r - 1
     * segments get one more, with r = 0 the last segment gets one fewer, and the final vertex is the last sample.
     * Returns steps x 2.
     */
    public static double[][] trace(int d, int steps) {
        double[][] v = template(d);
        int n = v.length - 1;
        Check.inRange("steps", steps, n + 1, 100_000);
        int base = steps / n, r = steps % n;
        double[][] out = new double[steps][];
        int k = 0;
        for (int s = 0; s < n; s++) {
            int m = base + (r > 0 ? (s < r - 1 ? 1 : 0) : (s == n - 1 ? -1 : 0));
            for (int i = 0; i < m; i++) {
                double f = i / (double) m;
                out[k++] = new double[] {v[s][0] + f * (v[s + 1][0] - v[s][0]), v[s][1] + f * (v[s + 1][1] - v[s][1])};
            }
        }
        out[k++] = v[n].clone();
        if (k != steps) throw new IllegalStateException("traced " + k + " samples, expected " + steps);
        return out;
    }

    /**
     * Digit {@code d} drawn into a 28 x 28 image (row-major, row 0 at the top, values in [0, 1]): the template is
     * scaled into a box of about 14 x 18 pixels, then jittered by a random scale (0.85-1.1 per axis), rotation
     * (+-0.2 rad), shear (+-0.2) and shift (+-2 px), and stroked with a random half-width (0.8-1.6 px) and a one-pixel
     * linear edge. Deterministic for a given generator state.
     */
    public static float[] raster(int d, Rng rng) {
        Check.notNull("rng", rng);
        double[][] v = template(d);
        double sx = 14 * (0.85 + 0.25 * rng.nextDouble()), sy = 18 * (0.85 + 0.25 * rng.nextDouble());
        double rot = 0.4 * rng.nextDouble() - 0.2, shear = 0.4 * rng.nextDouble() - 0.2;
        double dx = 4 * rng.nextDouble() - 2, dy = 4 * rng.nextDouble() - 2, half = 0.8 + 0.8 * rng.nextDouble();
        double cos = Math.cos(rot), sin = Math.sin(rot);
        double[][] p = new double[v.length][2]; // (col, row) in pixels
        for (int i = 0; i < v.length; i++) {
            double x = (v[i][0] - 0.5) * sx, y = (v[i][1] - 0.5) * sy;
            x += shear * y;
            double xr = cos * x - sin * y, yr = sin * x + cos * y;
            p[i][0] = 13.5 + xr + dx;
            p[i][1] = 13.5 - yr + dy;
        }
        float[] img = new float[SIDE * SIDE];
        for (int row = 0; row < SIDE; row++) for (int col = 0; col < SIDE; col++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < p.length; i++) best = Math.min(best, segmentDistance(col, row, p[i], p[i + 1]));
            img[row * SIDE + col] = (float) Math.max(0, Math.min(1, half + 1 - best));
        }
        return img;
    }

    /** Euclidean distance from point (x, y) to the segment a-b. */
    static double segmentDistance(double x, double y, double[] a, double[] b) {
        double ux = b[0] - a[0], uy = b[1] - a[1], len2 = ux * ux + uy * uy;
        double f = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * ux + (y - a[1]) * uy) / len2));
        return Math.hypot(x - (a[0] + f * ux), y - (a[1] + f * uy));
    }
}
