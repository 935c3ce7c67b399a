package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The bias gradients' column sums: the vector kernel adds each column as the scalar loop does (d, then the rows in
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
}
