package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;
import org.cbrnn.engine.Engines;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.ConditionDef;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.model.Model;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered condition x every registered task x every engine on the class path trains one tiny epoch (two
 * steps of four sequences, one evaluation batch) to a finite loss: a new condition, task or engine is covered by
 * registering it.
 */
class EveryConditionTaskEngineTest {
    static final TrainingConfig TINY = TrainingConfig.paper().toBuilder().maxEpochs(1).stepsPerEpoch(2).batchSize(4)
            .evalBatches(1).evalBatchSize(4).build();

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (ConditionDef c : ConditionRegistry.standard().all()) {
            for (Task t : TaskRegistry.standard().all()) {
                for (EngineProvider e : Engines.available().providers()) out.add(Arguments.of(c.name(), t.name(), e.name()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, engine {2}")
    @MethodSource("combinations")
    void oneTinyEpochHasAFiniteLoss(String condition, String task, String engine) {
        Condition c = ConditionRegistry.standard().condition(condition, task);
        Model model = Model.create(c.model(), 1);
        TrainingResult r;
        try (Engine e = Engines.available().choose(engine).provider().create(1)) {
            r = org.cbrnn.train.Trainer.builder(model, TaskRegistry.of(task)).engine(e).config(TINY).schedule(c.schedule()).seed(1)
                    .build().run();
        }
        assertEquals(1, r.records().size());
        EpochRecord rec = r.records().get(0);
        assertTrue(Double.isFinite(rec.trainLoss()) && rec.trainLoss() > 0, "loss " + rec.trainLoss());
        assertEquals(0, rec.skippedSteps(), "no step skipped for a non-finite loss or gradient");
        assertTrue(rec.evalAccuracy() >= 0 && rec.evalAccuracy() <= 100);
    }
}
