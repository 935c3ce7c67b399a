package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;
import org.junit.jupiter.api.Test;

/** With dl4j on the class path, ServiceLoader finds lib's engines and this module's SameDiff ones. */
class EngineDiscoveryTest {

    @Test
    void bothModulesEnginesAreFound() {
        org.cbrnn.engine.Engines all = org.cbrnn.engine.Engines.available();
        assertEquals(List.of("fast", "samediff", "samediff-double", "scalar"), all.names());
        assertEquals(all.names(), Engines.names());
        for (EngineProvider p : all.providers()) assertFalse(p.description().isBlank(), p.name());
        assertFalse(all.provider("samediff").threaded());
        assertTrue(all.provider("fast").threaded());
        try (Engine e = all.create("samediff")) {
            assertTrue(e instanceof SameDiffEngine, e.name());
        }
        assertTrue(all.allowed().contains("samediff"), all.allowed());
    }
}
