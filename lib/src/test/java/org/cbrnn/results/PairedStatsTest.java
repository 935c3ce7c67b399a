package org.cbrnn.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Paired statistics against values worked out by hand and t tables. */
class PairedStatsTest {

    @Test
    void tQuantilesMatchTables() {
        // two-sided 95 % critical values of Student's t (any printed table)
        assertEquals(12.7062, PairedStats.tQuantile(1, 0.975), 1e-4);
        assertEquals(4.3027, PairedStats.tQuantile(2, 0.975), 1e-4);
        assertEquals(3.1824, PairedStats.tQuantile(3, 0.975), 1e-4);
        assertEquals(2.7764, PairedStats.tQuantile(4, 0.975), 1e-4);
        assertEquals(2.2281, PairedStats.tQuantile(10, 0.975), 1e-4);
        assertEquals(2.0423, PairedStats.tQuantile(30, 0.975), 1e-4);
        assertEquals(63.6567, PairedStats.tQuantile(1, 0.995), 1e-3);
        assertEquals(1.9840, PairedStats.tQuantile(100, 0.975), 1e-4);
        // P(|T| <= t) at the quantile is the central probability
        assertEquals(0.95, PairedStats.centralProbability(7, PairedStats.tQuantile(7, 0.975)), 1e-10);
    }

    @Test
    void fourDifferencesOneToFour() {
        // mean 2.5; SD sqrt(((1.5² + 0.5²) * 2) / 3) = sqrt(5/3) = 1.2910; SE 0.6455; t(3) 3.1824 -> half-width 2.0543
        PairedStats s = PairedStats.of(new double[] {1, 2, 3, 4});
        assertEquals(4, s.n());
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.sd(), 1e-12);
        assertEquals(2.0543, s.halfWidth(), 1e-4);
        assertEquals(0.4457, s.low(), 1e-4);
        assertEquals(4.5543, s.high(), 1e-4);
        // of the 16 sign assignments only all-plus and all-minus reach |sum| = 10
        assertEquals(2.0 / 16, s.pSignFlip(), 1e-12);
        assertTrue(s.exact());
        assertTrue(s.above());
        assertFalse(s.below());
    }

    @Test
    void signFlipCountsTiesAndZeros() {
        // (0, 1, 1): observed sum 2; the zero's sign does not matter; the ones give +2, 0, 0, -2 -> 4 of 8 reach |2|
        assertEquals(0.5, PairedStats.of(new double[] {0, 1, 1}).pSignFlip(), 1e-12);
        // (1, 2, 3): sums ±6, ±4, ±2, 0, 0 -> only ±6 reach 6: 2 of 8
        assertEquals(0.25, PairedStats.of(new double[] {1, 2, 3}).pSignFlip(), 1e-12);
        // (1, 1, 1, 3): observed 6; ±6 and the assignments flipping one 1 give ±4; -> 2 of 16
        assertEquals(2.0 / 16, PairedStats.of(new double[] {1, 1, 1, 3}).pSignFlip(), 1e-12);
        // all zero: every assignment reaches 0
        assertEquals(1.0, PairedStats.of(new double[] {0, 0, 0}).pSignFlip(), 1e-12);
    }

    @Test
    void fewValuesAndNonFinite() {
        PairedStats one = PairedStats.of(new double[] {-3, Double.NaN});
        assertEquals(1, one.n());
        assertEquals(-3, one.mean());
        assertTrue(Double.isNaN(one.sd()) && Double.isNaN(one.low()) && Double.isNaN(one.high()));
        assertEquals(1.0, one.pSignFlip()); // +3 and -3 both reach |3|
        PairedStats none = PairedStats.of(new double[] {});
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.pSignFlip()));
        // identical differences: SD 0, a zero-width CI at the mean
        PairedStats same = PairedStats.of(new double[] {-2, -2, -2});
        assertEquals(0, same.sd());
        assertEquals(-2, same.low());
        assertEquals(-2, same.high());
        assertTrue(same.below());
        assertThrows(IllegalArgumentException.class, () -> PairedStats.of(new double[] {1}, 1.0));
    }

    @Test
    void manySeedsUseRandomAssignments() {
        double[] d = new double[24];
        for (int i = 0; i < d.length; i++) d[i] = i % 3 == 0 ? -1 : 1; // sum 8
        PairedStats s = PairedStats.of(d);
        assertFalse(s.exact());
        // the exact value: P(|S| >= 8) for S a sum of 24 random ±1 = P(|2B - 24| >= 8) = 2 P(B >= 16), B ~ Binomial(24, 1/2): 0.1516
        assertEquals(0.1516, s.pSignFlip(), 0.003);
    }
}
