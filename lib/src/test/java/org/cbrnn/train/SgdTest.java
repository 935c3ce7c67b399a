package org.cbrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.model.Init;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.model.Parameters;
import org.junit.jupiter.api.Test;

/** Sgd against PyTorch's SGD(momentum=0.1, nesterov=True) + clip_grad_norm_ worked by hand. */
class SgdTest {

    private static Parameters params(float... core) {
        List<ParamSpec> specs = List.of(new ParamSpec("w", Module.CORE, core.length, 1, Init.zero()),
                new ParamSpec("c", Module.CEREBELLUM, 2, 1, Init.zero()));
        return new Parameters(specs, new float[][]{core.clone(), new float[]{5f, 6f}});
    }

    @Test
    void nesterovMomentumMatchesPyTorchByHand() {
        Parameters p = params(1f, 2f);
        Sgd sgd = new Sgd(p, Sgd.uniformRates(0.5), 0.1, true, 1e9);
        // step 1: buf = g = (1, -2); update = g + 0.1 buf = (1.1, -2.2); p = (1, 2) - 0.5 * (1.1, -2.2) = (0.45, 3.1)
        sgd.step(p, new float[][]{{1f, -2f}, {0f, 0f}}, new boolean[]{true, false});
        assertEquals(0.45f, p.get(0)[0], 1e-6);
        assertEquals(3.1f, p.get(0)[1], 1e-6);
        // step 2: g = (2, 0); buf = 0.1 (1, -2) + (2, 0) = (2.1, -0.2); update = (2.21, -0.02); p = (0.45 - 1.105, 3.1 + 0.01)
        sgd.step(p, new float[][]{{2f, 0f}, {0f, 0f}}, new boolean[]{true, false});
        assertEquals(-0.655f, p.get(0)[0], 1e-6);
        assertEquals(3.11f, p.get(0)[1], 1e-6);
    }

    @Test
    void clippingUsesTheGlobalNormOfLearningTensorsOnly() {
        Parameters p = params(0f, 0f);
        Sgd sgd = new Sgd(p, Sgd.uniformRates(1.0), 0.0, false, 1.0);
        float[][] g = {{3f, 4f}, {100f, 100f}};
        double norm = sgd.step(p, g, new boolean[]{true, false});
        assertEquals(5.0, norm, 1e-9, "the frozen tensor's gradient is not part of the norm");
        double c = 1.0 / (5.0 + 1e-6);
        assertEquals(-3 * c, p.get(0)[0], 1e-6);
        assertEquals(-4 * c, p.get(0)[1], 1e-6);
        assertArrayEquals(new float[]{5f, 6f}, p.get(1));
    }

    @Test
    void frozenTensorsKeepValuesAndBuffersBitForBit() {
        Parameters p = params(1f, 2f);
        Sgd sgd = Sgd.paperDefaults(p);
        sgd.step(p, new float[][]{{1f, 1f}, {1f, 1f}}, new boolean[]{true, true});
        float[] frozenValues = p.get(1).clone(), frozenBuf = sgd.buffers()[1].clone();
        for (int i = 0; i < 5; i++) sgd.step(p, new float[][]{{1f, 1f}, {9f, 9f}}, new boolean[]{true, false});
        assertArrayEquals(frozenValues, p.get(1));
        assertArrayEquals(frozenBuf, sgd.buffers()[1]);
    }

    @Test
    void perModuleLearningRates() {
        Parameters p = params(0f, 0f);
        var rates = new java.util.EnumMap<Module, Double>(Module.class);
        rates.put(Module.CORE, 0.1);
        rates.put(Module.CEREBELLUM, 1.0);
        rates.put(Module.READOUT, 0.1);
        Sgd sgd = new Sgd(p, rates, 0.0, false, 1e9);
        sgd.step(p, new float[][]{{1f, 1f}, {1f, 1f}}, new boolean[]{true, true});
        assertEquals(-0.1f, p.get(0)[0], 1e-7);
        assertEquals(4f, p.get(1)[0], 1e-7);
    }

    @Test
    void nonFiniteGradientUpdatesNothing() {
        Parameters p = params(1f, 2f);
        Sgd sgd = Sgd.paperDefaults(p);
        double n = sgd.step(p, new float[][]{{Float.NaN, 1f}, {0f, 0f}}, new boolean[]{true, true});
        assertTrue(Double.isNaN(n));
        assertArrayEquals(new float[]{1f, 2f}, p.get(0));
    }

    @Test
    void wrongShapesAreRefusedBeforeAnyTensorIsUpdated() {
        Parameters p = params(1f, 2f);
        Sgd sgd = Sgd.paperDefaults(p);
        // the first tensor is fine, the second too short: nothing may be updated, not even the first
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(p, new float[][]{{1f, 1f}, {1f}}, new boolean[]{true, true}));
        assertEquals("grads[1] (c, 2 x 1) must have 2 values, got 1", e.getMessage());
        assertEquals("grads must have 2 arrays (one per parameter tensor), got 1", assertThrows(IllegalArgumentException.class,
                () -> sgd.step(p, new float[][]{{1f, 1f}}, new boolean[]{true, true})).getMessage());
        assertEquals("learning must have 2 entries (one per tensor), got 1", assertThrows(IllegalArgumentException.class,
                () -> sgd.step(p, new float[][]{{1f, 1f}, {1f, 1f}}, new boolean[]{true})).getMessage());
        Parameters other = new Parameters(List.of(new ParamSpec("w", Module.CORE, 2, 1, Init.zero())), new float[][]{{0f, 0f}});
        assertEquals("params must have the 2 tensors this optimiser was built for, got 1", assertThrows(IllegalArgumentException.class,
                () -> sgd.step(other, new float[][]{{1f, 1f}}, new boolean[]{true})).getMessage());
        assertArrayEquals(new float[]{1f, 2f}, p.get(0));
        assertArrayEquals(new float[]{5f, 6f}, p.get(1));
        assertTrue(sgd.buffers()[0] == null && sgd.buffers()[1] == null, "no momentum buffer was started");
    }
}
