package org.cbrnn.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatExpTest {
    @Test
    void floatExpIsAccurateOverTheWholeRange() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.00731f) {
            double rel = Math.abs(FloatOps.exp(x) - Math.exp(x)) / Math.exp(x);
            worst = Math.max(worst, rel);
        }
        assertTrue(worst < 5e-7, "worst relative error " + worst);
        assertEquals(Float.POSITIVE_INFINITY, FloatOps.exp(100f));
        assertEquals(0f, FloatOps.exp(-100f));
        assertTrue(Float.isNaN(FloatOps.exp(Float.NaN)));
        assertEquals(1f, FloatOps.exp(0f));
    }
}
