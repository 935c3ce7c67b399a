package org.cbrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ModelConfigBuilderTest {

    /** One change per field, each to a valid config: the round trip must carry every field. */
    static Map<String, UnaryOperator<ModelConfig.Builder>> changes() {
        Map<String, UnaryOperator<ModelConfig.Builder>> m = new LinkedHashMap<>();
        m.put("cell", b -> b.cell(ModelConfig.Cell.GRU));
        m.put("coupling", b -> b.coupling(ModelConfig.Coupling.READOUT_CEREBELLUM));
        m.put("cbInput", b -> b.cbInput(ModelConfig.CbInput.INPUT));
        m.put("inputSize", b -> b.inputSize(3));
        m.put("hiddenSize", b -> b.hiddenSize(17));
        m.put("granuleSize", b -> b.granuleSize(99));
        m.put("purkinjeSize", b -> b.purkinjeSize(33));
        m.put("auxSize", b -> b.auxSize(5));
        m.put("numClasses", b -> b.numClasses(4));
        m.put("tau", b -> b.tau(2.25));
        m.put("leakSlope", b -> b.leakSlope(0.2));
        m.put("cbMaxRatio", b -> b.cell(ModelConfig.Cell.GRU).cbMaxRatio(0.5));
        m.put("numHeads", b -> b.numHeads(3));
        return m;
    }

    @Test
    void theFieldTableHasTodaysKeysInTodaysOrder() {
        List<String> required = List.of("cell", "coupling", "cbInput", "inputSize", "hiddenSize", "granuleSize", "purkinjeSize",
                "auxSize", "numClasses", "tau", "leakSlope", "cbMaxRatio");
        assertEquals(required, ModelConfig.FIELDS.requiredKeys());
        // numHeads is optional: a single-head config's text is what it was before multi-head models
        List<String> all = new java.util.ArrayList<>(required);
        all.add("numHeads");
        assertEquals(all, ModelConfig.FIELDS.keys());
        assertEquals(required, List.copyOf(ModelConfig.cbRnn().toProperties().keySet()));
        assertEquals(all, List.copyOf(ModelConfig.cbRnn().withNumHeads(2).toProperties().keySet()));
        assertEquals("2", ModelConfig.cbRnn().withNumHeads(2).toProperties().get("numHeads"));
        assertEquals(ModelConfig.cbRnn(), ModelConfig.fromProperties(ModelConfig.cbRnn().toProperties()), "no key: one head");
        Map<String, String> p = ModelConfig.cbRnn().toProperties();
        assertEquals("ELMAN", p.get("cell"));
        assertEquals("CEREBELLAR_BIAS", p.get("coupling"));
        assertEquals("1.5", p.get("tau"));
        assertEquals("0.01", p.get("leakSlope"));
        assertEquals("0.0", p.get("cbMaxRatio"));
        assertEquals("64", p.get("hiddenSize"));
    }

    @Test
    void everyFieldRoundTripsThroughBuilderAndProperties() {
        ModelConfig base = ModelConfig.cbRnn();
        assertEquals(base, base.toBuilder().build());
        assertEquals(ModelConfig.FIELDS.keys(), List.copyOf(changes().keySet()), "one change per field");
        for (var e : changes().entrySet()) {
            ModelConfig c = e.getValue().apply(base.toBuilder()).build();
            String key = e.getKey();
            assertTrue(!c.toProperties().get(key).equals(base.toProperties().get(key)), key + " changed");
            assertEquals(c, ModelConfig.fromProperties(c.toProperties()), key);
            assertEquals(c.toProperties(), ModelConfig.fromProperties(c.toProperties()).toProperties(), key);
        }
        for (ModelConfig c : List.of(ModelConfig.gru(128), ModelConfig.gruCb(), ModelConfig.auxControl(), ModelConfig.readoutCerebellum(),
                ModelConfig.matchedElman(base))) {
            assertEquals(c, ModelConfig.fromProperties(c.toProperties()));
        }
    }

    @Test
    void withersAreTheBuilder() {
        ModelConfig base = ModelConfig.cbRnn();
        assertEquals(base.toBuilder().granuleSize(64).build(), base.withGranuleSize(64));
        assertEquals(base.toBuilder().tau(3).hiddenSize(8).build(), base.withTau(3).withHiddenSize(8));
        assertThrows(IllegalArgumentException.class, () -> base.toBuilder().hiddenSize(0).build());
    }

    @Test
    void badPropertiesNameTheKey() {
        Map<String, String> p = new LinkedHashMap<>(ModelConfig.cbRnn().toProperties());
        p.remove("tau");
        assertEquals("model config is missing key 'tau'",
                assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromProperties(p)).getMessage());
        p.put("tau", "1.5");
        p.put("hiddenSize", "sixty");
        assertEquals("model config key 'hiddenSize' must be an integer, got 'sixty'",
                assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromProperties(p)).getMessage());
        p.put("hiddenSize", "64");
        p.put("cell", "lstm");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromProperties(p)).getMessage().contains("'cell'"));
        p.put("cell", "elman");
        assertEquals(ModelConfig.cbRnn(), ModelConfig.fromProperties(p), "enum names in any case, as before");
    }
}
