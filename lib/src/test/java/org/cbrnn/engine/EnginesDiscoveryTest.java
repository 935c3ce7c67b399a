package org.cbrnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.fast.FastEngine;
import org.junit.jupiter.api.Test;

class EnginesDiscoveryTest {

    @Test
    void libAloneFindsOnlyItsOwnEngines() {
        // the dl4j module is not on lib's test class path: only lib's providers are found
        assertEquals(List.of("fast", "scalar"), Engines.available().names());
    }

    @Test
    void namesWithThreadCountsResolve() {
        Engines e = Engines.available();
        assertEquals(2, e.choose("fast2").threads());
        assertEquals(1, e.choose(" FAST1 ").threads());
        assertEquals(e.provider("fast").defaultThreads(), e.choose("fast").threads());
        try (Engine eng = e.create("scalar1")) {
            assertTrue(eng instanceof FastEngine);
            assertTrue(eng.name().contains("scalar"), eng.name());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> e.choose("torch2"));
        assertTrue(bad.getMessage().contains("fast, scalar") && bad.getMessage().contains("torch2"), bad.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> e.choose("fast0"));
        assertTrue(zero.getMessage().contains("[1, 256]"), zero.getMessage());
    }

    @Test
    void aUserProviderCanBeAddedButNotUnderATakenName() {
        EngineProvider mine = new EngineProvider() {
            @Override public String name() { return "mine"; }
            @Override public String description() { return "test engine"; }
            @Override public Engine create(int threads) { return FastEngine.create(threads); }
        };
        Engines e = Engines.available().with(mine);
        assertEquals(List.of("fast", "scalar", "mine"), e.names());
        assertEquals(3, e.choose("mine3").threads());
        assertThrows(IllegalArgumentException.class, () -> Engines.available().with(new FastEngineLike("fast")));
        assertThrows(IllegalArgumentException.class, () -> Engines.available().with(new FastEngineLike("fast2x2")));
    }

    private record FastEngineLike(String name) implements EngineProvider {
        @Override public String description() { return "a duplicate"; }
        @Override public Engine create(int threads) { return FastEngine.create(threads); }
    }
}
