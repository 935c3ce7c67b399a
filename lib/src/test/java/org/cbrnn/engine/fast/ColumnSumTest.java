package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The bias rows and column sums of the fast engine. The bias gradients' column sums: the vector kernel adds each column as the scalar loop does (d, then the rows in
 * order), so the two agree bit for bit at any width, for the models' shapes (B*T = 3840 rows of 256, 202 and 64
 * columns), the column tails and offsets; and only the named columns change.
 */
class ColumnSumTest {
    @Test
    void theVectorColumnSumIsTheScalarOneBitForBit() {
        Ops<float[]> vec = Kernels.bestFloat();
        Rng rng = new Rng(5);
        int cases = 0;
        for (int[] rc : new int[][]{{3840, 256}, {3840, 202}, {3840, 64}, {1920, 65}, {7, 3}, {5, 33}, {1, 40}, {64, 129}}) {
            int rows = rc[0], cols = rc[1], so = 3, dOff = 2;
            float[] s = new float[so + rows * cols], d0 = new float[dOff + cols + 4];
            for (int i = 0; i < s.length; i++) s[i] = (float) (2 * rng.nextDouble() - 1);
            for (int i = 0; i < d0.length; i++) d0[i] = (float) rng.nextDouble();
            float[] d = d0.clone(), expect = d0.clone();
            vec.colSumAdd(s, so, rows, cols, d, dOff);
            for (int j = 0; j < cols; j++) {
                float acc = expect[dOff + j];
                for (int r = 0; r < rows; r++) acc += s[so + r * cols + j];
                expect[dOff + j] = acc;
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(expect, d, rows + " x " + cols);
            cases++;
        }
        assertEquals(8, cases);
    }

    /**
     * The bias rows of the forward pass: setRows2 (the first row summed, the others copied) gives b1 + b2 in every
     * element, and addRows (one call for all rows) gives what one axpy(1, bias) per row gave, bit for bit, at the
     * models' widths, column tails and offsets; nothing outside the block changes.
     */
    @Test
    void theBiasRowsAreTheElementwiseSumsBitForBit() {
        Ops<float[]> vec = Kernels.bestFloat();
        Rng rng = new Rng(9);
        int cases = 0;
        for (int[] rc : new int[][]{{64, 202}, {64, 64}, {32, 256}, {1, 17}, {5, 3}, {0, 8}}) {
            int rows = rc[0], cols = rc[1], off = 5;
            float[] b1 = new float[cols], b2 = new float[cols], c0 = new float[off + rows * cols + 7];
            for (int j = 0; j < cols; j++) {
                b1[j] = (float) (2 * rng.nextDouble() - 1);
                b2[j] = (float) (3 * rng.nextDouble() - 1.5);
            }
            for (int i = 0; i < c0.length; i++) c0[i] = (float) (2 * rng.nextDouble() - 1);
            float[] set = c0.clone(), setExpect = c0.clone();
            vec.setRows2(set, off, rows, cols, b1, b2);
            for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) setExpect[off + r * cols + j] = b1[j] + b2[j];
            org.junit.jupiter.api.Assertions.assertArrayEquals(setExpect, set, "setRows2 " + rows + " x " + cols);
            float[] add = c0.clone(), addExpect = c0.clone();
            vec.addRows(add, off, rows, cols, b1);
            for (int r = 0; r < rows; r++) vec.axpy(1.0, b1, 0, addExpect, off + r * cols, cols);
            org.junit.jupiter.api.Assertions.assertArrayEquals(addExpect, add, "addRows " + rows + " x " + cols);
            double[] d = new double[off + rows * cols + 7], b1d = new double[cols], b2d = new double[cols];
            for (int j = 0; j < cols; j++) {
                b1d[j] = b1[j];
                b2d[j] = b2[j];
            }
            DoubleOps.INSTANCE.setRows2(d, off, rows, cols, b1d, b2d);
            DoubleOps.INSTANCE.addRows(d, off, rows, cols, b1d);
            for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) assertEquals(b1d[j] + b2d[j] + b1d[j], d[off + r * cols + j]);
            assertEquals(0.0, d[off + rows * cols], "nothing past the block");
            cases++;
        }
        assertEquals(6, cases);
    }
}
