package org.cbrnn.train;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.TaskRegistry;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final ModelConfig SMALL = ModelConfig.cbRnn().withHiddenSize(12).withGranuleSize(24).withPurkinjeSize(8);
    static final TrainingConfig TINY = tinyTraining().withStepsPerEpoch(8).withEvalBatches(3).withMaxEpochs(6);

    static List<EpochRecord> train(long seed, int threads, PlasticitySchedule s, int epochs) {
        try (FastEngine e = FastEngine.create(threads)) {
            Model m = Model.create(SMALL, seed);
            return Trainer.builder(m, TaskRegistry.of("parity")).engine(e).config(TINY.withMaxEpochs(epochs)).schedule(s).seed(seed)
                    .build().run().records();
        }
    }

    @Test
    void sameSeedSameRecordsBitForBit() {
        for (int threads : new int[]{1, 2}) {
            assertEquals(recordKey(train(4, threads, PlasticitySchedule.joint(), 4)), recordKey(train(4, threads, PlasticitySchedule.joint(), 4)));
        }
        assertNotEquals(recordKey(train(4, 1, PlasticitySchedule.joint(), 2)), recordKey(train(5, 1, PlasticitySchedule.joint(), 2)));
    }

    @Test
    void fullReservoirFreezesTheCoreBitForBitAfterWarmup() {
        Model m = Model.create(SMALL, 2);
        Parameters[] atFreeze = new Parameters[1];
        Trainer[] t = new Trainer[1];
        t[0] = Trainer.builder(m, TaskRegistry.of("dms")).config(TINY.withMaxEpochs(12).withAdvanceThreshold(60))
                .schedule(PlasticitySchedule.fullReservoir()).seed(2).listener(r -> {
                    if (r.solved() && r.level() == 2) atFreeze[0] = m.parameters().copy();
                }).build();
        Parameters init = m.parameters().copy();
        List<EpochRecord> recs = t[0].run().records();
        t[0].closeEngine();
        assertEquals(EpochRecord.Phase.WARMUP, recs.get(0).phase());
        assertEquals(EnumSet.of(Module.CORE, Module.READOUT), recs.get(0).learning());
        assertTrue(atFreeze[0] != null, "N=2 should be solved at a 60% threshold");
        assertTrue(recs.stream().anyMatch(r -> r.phase() == EpochRecord.Phase.FROZEN));
        Parameters end = m.parameters();
        for (int i = 0; i < end.size(); i++) {
            switch (end.spec(i).module()) {
                case CORE -> assertArrayEquals(atFreeze[0].get(i), end.get(i), "core is frozen after N=2: " + end.spec(i).name());
                case CEREBELLUM -> assertFalse(java.util.Arrays.equals(atFreeze[0].get(i), end.get(i)), "CB learns after the freeze");
                default -> { }
            }
            if (end.spec(i).module() == Module.CEREBELLUM) {
                assertArrayEquals(init.get(i), atFreeze[0].get(i), "CB is frozen during warm-up: " + end.spec(i).name());
            }
        }
    }

    @Test
    void schedulesDecideModulesFromTheTrainingState() {
        PlasticitySchedule k5 = PlasticitySchedule.interleaved(5);
        assertEquals(EnumSet.of(Module.CORE, Module.READOUT), k5.learning(0, 2, 1, 2));
        assertEquals(EnumSet.of(Module.CEREBELLUM, Module.READOUT), k5.learning(10, 3, 2, 2));
        assertEquals(EnumSet.allOf(Module.class), k5.learning(10, 7, 6, 2));
        assertEquals(EpochRecord.Phase.REFRESH, k5.phase(10, 12, 11, 2));
        PlasticitySchedule e3 = PlasticitySchedule.freezeCore(FreezePoint.afterEpoch(3));
        assertEquals(EnumSet.allOf(Module.class), e3.learning(2, 5, 4, 2));
        assertEquals(EnumSet.of(Module.CEREBELLUM, Module.READOUT), e3.learning(3, 5, 4, 2));
        assertEquals(EnumSet.of(Module.CEREBELLUM, Module.READOUT), PlasticitySchedule.freezeCore(FreezePoint.fromStart()).learning(0, 2, 1, 2));
        for (PlasticitySchedule s : List.of(PlasticitySchedule.joint(), PlasticitySchedule.fullReservoir(), k5, e3,
                PlasticitySchedule.freezeCore(FreezePoint.afterLevel(7)), PlasticitySchedule.freezeCore(FreezePoint.fromStart()))) {
            assertEquals(s, PlasticitySchedule.parse(s.label()), s.label());
        }
    }

    @Test
    void interruptRollsBackTheEpochAndRunContinuesIdentically() {
        List<String> straight = recordKey(train(8, 1, PlasticitySchedule.joint(), 4));
        try (FastEngine e = FastEngine.create(1)) {
            Model m = Model.create(SMALL, 8);
            Trainer[] t = new Trainer[1];
            int[] seen = {0};
            t[0] = Trainer.builder(m, TaskRegistry.of("parity")).engine(e).config(TINY.withMaxEpochs(4)).seed(8)
                    .listener(r -> {
                        if (++seen[0] == 2) t[0].requestStop();
                    }).build();
            TrainingResult first = t[0].run();
            assertEquals(TrainingResult.StopReason.INTERRUPTED, first.stop());
            TrainingResult second = t[0].run();
            assertEquals(straight, recordKey(second.records()));
        }
    }

    @Test
    void resumeFromStateGivesTheSameRecords() {
        List<String> straight = recordKey(train(3, 2, PlasticitySchedule.interleaved(2), 5));
        try (FastEngine e = FastEngine.create(2)) {
            Model m = Model.create(SMALL, 3);
            Trainer a = Trainer.builder(m, TaskRegistry.of("parity")).engine(e).config(TINY.withMaxEpochs(2))
                    .schedule(PlasticitySchedule.interleaved(2)).seed(3).build();
            a.run();
            TrainerState s = a.state();
            Model copy = m.copy();
            Trainer b = Trainer.builder(copy, TaskRegistry.of("parity")).engine(e).config(TINY.withMaxEpochs(5))
                    .schedule(PlasticitySchedule.interleaved(2)).seed(3).resume(new TrainerState(s.epochsCompleted(), s.level(),
                            s.highestSolved(), s.trainRng(), s.evalRng(), s.momentum(), s.records(), false)).build();
            assertEquals(straight, recordKey(b.run().records()));
        }
    }

    @Test
    void fixedCurriculumStopsWhenSolved() {
        Model m = Model.create(SMALL, 1);
        Trainer t = Trainer.builder(m, TaskRegistry.of("parity")).config(TINY.withMaxEpochs(50).withAdvanceThreshold(55))
                .curriculum(Curriculum.fixed(2)).seed(1).build();
        TrainingResult r = t.run();
        t.closeEngine();
        assertEquals(TrainingResult.StopReason.FIXED_LEVEL_SOLVED, r.stop());
        assertTrue(r.records().stream().allMatch(x -> x.level() == 2));
    }

    @Test
    void badSettingsFailBeforeAnyWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.paper().withBatchSize(0));
        assertTrue(e.getMessage().contains("batchSize must be in [1, 65536]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(Model.create(SMALL, 1), TaskRegistry.of("dms"))
                .curriculum(Curriculum.single(1)).build());
        assertTrue(e.getMessage().contains("startLevel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(Model.create(SMALL.withInputSize(2), 1),
                TaskRegistry.of("dms")).build());
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
    }
}
