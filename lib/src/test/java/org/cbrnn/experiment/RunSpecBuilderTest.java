package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.cbrnn.train.Curriculum;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class RunSpecBuilderTest {
    static final RunSpec BASE = RunSpec.of(Condition.cbRnn(), "parity", TrainingConfig.paper(), 1);

    static Map<String, UnaryOperator<RunSpec.Builder>> changes() {
        Map<String, UnaryOperator<RunSpec.Builder>> m = new LinkedHashMap<>();
        m.put("condition", b -> b.condition("after N=4"));
        m.put("task", b -> b.task("dms"));
        m.put("seed", b -> b.seed(7));
        m.put("schedule", b -> b.schedule(PlasticitySchedule.freezeCore(FreezePoint.afterEpoch(25))));
        m.put("curriculum", b -> b.curriculum(Curriculum.fixed(5)));
        return m;
    }

    @Test
    void everyFieldRoundTrips() {
        assertEquals(List.of("condition", "task", "seed", "schedule", "curriculum"), RunSpec.FIELDS.keys());
        assertEquals(RunSpec.FIELDS.keys(), List.copyOf(changes().keySet()), "one change per field");
        assertEquals(BASE, BASE.toBuilder().build());
        for (var e : changes().entrySet()) {
            RunSpec s = e.getValue().apply(BASE.toBuilder()).build();
            assertNotEquals(BASE.toProperties().get(e.getKey()), s.toProperties().get(e.getKey()), e.getKey());
            assertEquals(s, RunSpec.fromProperties(s.toProperties()), e.getKey());
        }
        RunSpec nested = BASE.toBuilder().model(BASE.model().withGranuleSize(128)).training(BASE.training().withMaxEpochs(3)).build();
        assertEquals(nested, RunSpec.fromProperties(nested.toProperties()));
        assertEquals("128", nested.toProperties().get("model.granuleSize"));
        assertEquals("3", nested.toProperties().get("training.maxEpochs"));
    }

    @Test
    void theStoredKeysAreTodays() {
        List<String> keys = List.copyOf(BASE.toProperties().keySet());
        assertEquals(List.of("condition", "task", "seed", "schedule", "curriculum"), keys.subList(0, 5));
        assertEquals(5 + 12 + 12, keys.size());
        assertEquals("model.cell", keys.get(5));
        assertEquals("training.stepsPerEpoch", keys.get(17));
    }

    @Test
    void withersAndConditionSetters() {
        assertEquals(BASE.toBuilder().seed(3).build(), BASE.withSeed(3));
        RunSpec fr = BASE.toBuilder().condition(Condition.fullReservoir()).build();
        assertEquals("Full reservoir", fr.condition());
        assertEquals(PlasticitySchedule.fullReservoir(), fr.schedule());
        assertEquals(BASE.withSchedule("x", PlasticitySchedule.joint()), BASE.toBuilder().condition("x").build());
        Map<String, String> p = new LinkedHashMap<>(BASE.toProperties());
        p.remove("seed");
        assertEquals("run spec is missing key 'seed'", assertThrows(IllegalArgumentException.class, () -> RunSpec.fromProperties(p)).getMessage());
    }

    @Test
    void statusTextFormsAreTheTablesOnes() {
        RunResult partial = new RunResult(BASE, List.of(), org.cbrnn.train.TrainingResult.StopReason.INTERRUPTED, false);
        assertEquals(RunResult.Status.PARTIAL, partial.status());
        assertEquals("partial", partial.status().toString());
        assertEquals(RunResult.Status.FAILED, RunResult.failed(BASE, List.of(), "boom").status());
        assertEquals("done", new RunResult(BASE, List.of(), org.cbrnn.train.TrainingResult.StopReason.EPOCH_BUDGET, false).status().text());
        for (RunResult.Status s : RunResult.Status.values()) assertEquals(s, RunResult.Status.parse(s.toString()));
    }
}
