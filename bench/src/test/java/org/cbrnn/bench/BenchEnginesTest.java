package org.cbrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.engine.Engine;
import org.junit.jupiter.api.Test;

class BenchEnginesTest {

    @Test
    void namedEnginesComeFromTheRegistry() {
        BenchEngine sd = BenchEngines.resolve("samediff");
        assertEquals("samediff", sd.name());
        assertEquals(1, sd.threads());
        try (Engine e = sd.open()) {
            assertTrue(e.name().startsWith("samediff"), e.name());
        }
        BenchEngine f2 = BenchEngines.resolve("fast2");
        assertEquals("fast2", f2.name());
        assertEquals(2, f2.threads());
        assertEquals(3, BenchEngines.resolve("scalar3").threads());
        String allowed = BenchEngines.allowed();
        assertTrue(allowed.contains("fast<N>") && allowed.contains("samediff") && allowed.contains("class:"), allowed);
    }

    @Test
    void theClassFormStillWorks() {
        BenchEngine c = BenchEngines.resolve("class:org.cbrnn.engine.fast.FastEngine#2");
        assertEquals("FastEngine2", c.name());
        try (Engine e = c.open()) {
            assertTrue(e.name().contains("2 threads"), e.name());
        }
        assertThrows(IllegalArgumentException.class, () -> BenchEngines.resolve("class:no.such.Engine"));
    }
}
