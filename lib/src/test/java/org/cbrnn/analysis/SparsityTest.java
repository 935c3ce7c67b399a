package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.TaskRegistry;
import org.junit.jupiter.api.Test;

class SparsityTest {

    @Test
    void knownValuesOfTheSparseness() {
        assertEquals(1, Sparsity.sparseness(new double[]{0, 0, 3, 0}), 1e-15);   // one active unit
        assertEquals(0, Sparsity.sparseness(new double[]{2, 2, 2, 2}), 1e-15);   // all equal
        // k equally active of n: (1 - k/n) / (1 - 1/n)
        assertEquals((1 - 2.0 / 5) / (1 - 1.0 / 5), Sparsity.sparseness(new double[]{1, 0, 1, 0, 0}), 1e-15);
        // by hand: r = (1, 2, 3): mean 2, mean square 14/3, 1 - 4/(14/3) = 1/7, / (2/3) = 3/14
        assertEquals(3.0 / 14, Sparsity.sparseness(new double[]{1, 2, 3}), 1e-15);
        assertTrue(Double.isNaN(Sparsity.sparseness(new double[]{0, 0, 0})));
        assertThrows(IllegalArgumentException.class, () -> Sparsity.sparseness(new double[]{1, -1}));
    }

    @Test
    void populationAndLifetimeOnHandMadeActivity() {
        // 4 samples x 4 units, each sample one-hot on unit (s mod 2): population sparseness 1 in every sample;
        // units 0 and 1 are each active in 2 of 4 samples (lifetime (1 - 1/2)/(1 - 1/4) = 2/3), units 2, 3 silent
        double[] a = new double[16];
        for (int s = 0; s < 4; s++) a[s * 4 + s % 2] = 5;
        Sparsity.Accumulator acc = new Sparsity.Accumulator(4);
        acc.addRows(a, 0, 4);
        // one silent sample: counted, not averaged
        acc.addRows(new double[4], 0, 1);
        Sparsity.Result r = acc.result(3, Population.GRANULE);
        assertEquals(1, r.populationSparseness(), 1e-15);
        assertEquals(1, r.silentSamples());
        assertEquals(5, r.samples());
        assertEquals(2, r.silentUnits());
        // lifetime over 5 samples now: active in 2 of 5 -> (1 - 2/5)/(1 - 1/5) = 3/4
        assertEquals(0.75, r.lifetimeSparseness(), 1e-15);
        assertEquals((4 * 0.25 + 0) / 5, r.activeFraction(), 1e-15);
        // dense, equal activity: both measures 0
        Sparsity.Accumulator dense = new Sparsity.Accumulator(3);
        dense.addRows(new double[]{1, 1, 1, 1, 1, 1}, 0, 2);
        assertEquals(0, dense.result(1, Population.GRANULE).populationSparseness(), 1e-15);
        assertEquals(0, dense.result(1, Population.GRANULE).lifetimeSparseness(), 1e-15);
        assertEquals(1, dense.result(1, Population.GRANULE).activeFraction(), 1e-15);
    }

    @Test
    void onANetworkTheMeasuresAreInRangeAndRepeatable() {
        Model m = ActivityRecorderTest.strongCb(2);
        var task = TaskRegistry.of("parity");
        Sparsity.Result a = Sparsity.measure(m, task, 3, Population.GRANULE, 2, 8, 1);
        Sparsity.Result b = Sparsity.measure(m, task, 3, Population.GRANULE, 2, 8, 1);
        assertEquals(a, b);
        assertTrue(a.populationSparseness() >= 0 && a.populationSparseness() <= 1);
        assertTrue(a.lifetimeSparseness() >= 0 && a.lifetimeSparseness() <= 1);
        assertEquals(7, a.units());
        assertEquals(1, Sparsity.table(java.util.List.of(a)).rowCount());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sparsity.measure(m, task, 3, Population.HIDDEN, 1, 8, 1))
                .getMessage().contains("GRANULE or PURKINJE"));
        assertThrows(IllegalArgumentException.class, () -> Sparsity.measure(Model.create(ModelConfig.elman(4), 1), task, 3, Population.GRANULE, 1, 8, 1));
    }
}
