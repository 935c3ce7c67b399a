package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void paperMetricsOnAHandWorkedTrajectory() {
        double[] n = {2, 2, 3, 3, 3, 4, 5, 5};
        assertEquals(5, Metrics.maxLevel(n));
        assertEquals(4, Metrics.highestSolved(n));
        // half of global max 8 is 4: first reached at epoch 6 (1-based)
        assertEquals(6, Metrics.epochsToHalf(n, 8));
        // half of 9 is 4.5 -> first N >= 4.5 is epoch 7
        assertEquals(7, Metrics.epochsToHalf(n, 9));
        assertTrue(Double.isNaN(Metrics.epochsToHalf(n, 20)));
        // trapezoid: (2+2)/2 + (2+3)/2 + (3+3)/2 + (3+3)/2 + (3+4)/2 + (4+5)/2 + (5+5)/2 = 2+2.5+3+3+3.5+4.5+5 = 23.5
        assertEquals(23.5, Metrics.auc(n), 1e-12);
        assertEquals(23.5 / 8, Metrics.meanLevel(n), 1e-12);
        assertEquals(2.0, Metrics.mean(new double[]{1, 3, Double.NaN}));
        assertEquals(Math.sqrt(2), Metrics.sd(new double[]{1, 3}), 1e-12);
    }
}
