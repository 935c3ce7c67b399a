package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.FastEngine;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void everyNameGivesAnEngine() {
        for (String n : List.of("fast", "fast1", "fast2", "scalar", "scalar2", "samediff", "samediff-double")) {
            try (Engine e = Engines.byName(n)) {
                if (n.startsWith("fast") || n.startsWith("scalar")) assertTrue(e instanceof FastEngine, n);
                else assertTrue(e instanceof SameDiffEngine, n);
                if (n.equals("fast1")) assertTrue(((FastEngine) e).threads() == 1);
                if (n.equals("fast2")) assertTrue(((FastEngine) e).threads() == 2);
                if (n.equals("samediff-double")) assertTrue(e.name().contains("double"), e.name());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Engines.byName("torch"));
    }
}
