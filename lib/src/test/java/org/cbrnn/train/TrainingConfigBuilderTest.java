package org.cbrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigBuilderTest {

    static Map<String, UnaryOperator<TrainingConfig.Builder>> changes() {
        Map<String, UnaryOperator<TrainingConfig.Builder>> m = new LinkedHashMap<>();
        m.put("stepsPerEpoch", b -> b.stepsPerEpoch(7));
        m.put("batchSize", b -> b.batchSize(32));
        m.put("evalBatches", b -> b.evalBatches(3));
        m.put("evalBatchSize", b -> b.evalBatchSize(16));
        m.put("advanceThreshold", b -> b.advanceThreshold(95.5));
        m.put("maxEpochs", b -> b.maxEpochs(150));
        m.put("targetLevel", b -> b.targetLevel(20));
        m.put("coreLr", b -> b.coreLr(0.05));
        m.put("cerebellumLr", b -> b.cerebellumLr(0.002));
        m.put("momentum", b -> b.momentum(0.9));
        m.put("nesterov", b -> b.nesterov(false));
        m.put("maxGradNorm", b -> b.maxGradNorm(Double.POSITIVE_INFINITY));
        return m;
    }

    @Test
    void theFieldTableHasTodaysKeysAndValues() {
        assertEquals(List.of("stepsPerEpoch", "batchSize", "evalBatches", "evalBatchSize", "advanceThreshold", "maxEpochs", "targetLevel",
                "coreLr", "cerebellumLr", "momentum", "nesterov", "maxGradNorm"), TrainingConfig.FIELDS.keys());
        Map<String, String> p = TrainingConfig.paper().toProperties();
        assertEquals(TrainingConfig.FIELDS.keys(), List.copyOf(p.keySet()));
        assertEquals(List.of("100", "64", "50", "64", "98.0", "1000", "150", "0.01", "0.01", "0.1", "true", "7.5"), List.copyOf(p.values()));
    }

    @Test
    void everyFieldRoundTripsThroughBuilderAndProperties() {
        TrainingConfig base = TrainingConfig.paper();
        assertEquals(TrainingConfig.FIELDS.keys(), List.copyOf(changes().keySet()), "one change per field");
        for (var e : changes().entrySet()) {
            TrainingConfig c = e.getValue().apply(base.toBuilder()).build();
            assertNotEquals(base.toProperties().get(e.getKey()), c.toProperties().get(e.getKey()), e.getKey());
            assertEquals(c, TrainingConfig.fromProperties(c.toProperties()), e.getKey());
        }
        assertEquals(base.toBuilder().maxEpochs(5).coreLr(0.5).build(), base.withMaxEpochs(5).withCoreLr(0.5));
    }

    @Test
    void badPropertiesNameTheKey() {
        Map<String, String> p = new LinkedHashMap<>(TrainingConfig.paper().toProperties());
        p.put("nesterov", "yes");
        assertEquals("training config key 'nesterov' must be true or false, got 'yes'",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p)).getMessage());
        p.remove("nesterov");
        assertEquals("training config is missing key 'nesterov'",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p)).getMessage());
    }

    @Test
    void phaseTextFormsAreTheStoredOnes() {
        for (EpochRecord.Phase ph : EpochRecord.Phase.values()) {
            assertEquals(ph.name().toLowerCase(java.util.Locale.ROOT), ph.toString());
            assertEquals(ph, EpochRecord.Phase.parse(ph.text()));
        }
        assertEquals(EpochRecord.Phase.FROZEN, EpochRecord.Phase.parse("frozen"));
        assertThrows(IllegalArgumentException.class, () -> EpochRecord.Phase.parse("thawed"));
    }
}
