package org.cbrnn.train;

import static org.cbrnn.testing.Fixtures.smallCbRnn;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.task.TaskRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocols' transitions (with a threshold of 0 every epoch solves, so the path is known in advance), the
 * plasticity routing (inactive heads and frozen tensors unchanged, the input layer learning), the rejection of
 * models that do not fit, and resuming bit for bit across a switch.
 */
class ProtocolTrainerTest {
    static FastEngine engine;
    static final TrainingConfig ALWAYS = tinyTraining().withStepsPerEpoch(3).withEvalBatches(1).withAdvanceThreshold(0).withMaxEpochs(12);

    @BeforeAll
    static void start() {
        engine = FastEngine.create(1);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static ProtocolTrainer trainer(Protocol p, Model m, TrainingConfig c, PlasticitySchedule s) {
        return ProtocolTrainer.builder(m, p, TaskRegistry.standard()).engine(engine).config(c).schedule(s).seed(3).build();
    }

    static Model model(Protocol p) {
        return Model.create(p.adapt(smallCbRnn()), 5);
    }

    /** Every field of a record but the wall time, the per-head part included. */
    static List<String> key(List<EpochRecord> rs) {
        return rs.stream().map(r -> r.epoch() + "|" + r.level() + "|" + r.phase() + "|" + new java.util.TreeSet<>(r.learning()) + "|" + r.trainLoss()
                + "|" + r.trainAccuracy() + "|" + r.evalAccuracy() + "|" + r.solved() + "|" + r.gradNorm() + "|"
                + new java.util.TreeMap<>(r.gradNormByModule()) + "|" + r.tasks()).toList();
    }

    @Test
    void multitaskAdvancesTheSharedLevelAndScoresBothHeads() {
        Protocol p = Protocol.multitask();
        List<EpochRecord> rs = trainer(p, model(p), ALWAYS.withMaxEpochs(4), PlasticitySchedule.joint()).run().records();
        assertEquals(List.of(2, 3, 4, 5), rs.stream().map(EpochRecord::level).toList());
        for (EpochRecord r : rs) {
            assertEquals(List.of("dms", "parity"), r.tasks().heads().stream().map(TaskEpochs.Head::task).toList());
            assertTrue(r.tasks().heads().stream().allMatch(h -> h.learning() && h.level() == r.level()));
            assertEquals("dms+parity", r.tasks().active());
            assertEquals((r.tasks().heads().get(0).accuracy() + r.tasks().heads().get(1).accuracy()) / 2, r.evalAccuracy(), 1e-12);
        }
    }

    @Test
    void switchingHandsOverAtTheTargetsAndOnlyTheActiveHeadLearns() {
        Protocol p = Protocol.switching();
        Model m = model(p);
        ProtocolTrainer t = trainer(p, m, ALWAYS.withMaxEpochs(1), PlasticitySchedule.joint());
        float[] head1 = m.parameters().get(m.parameters().indexOf("head1.weight")).clone();
        float[] head0 = m.parameters().get(m.parameters().indexOf("head0.weight")).clone();
        t.run();
        assertArrayEquals(head1, m.parameters().get(m.parameters().indexOf("head1.weight")), "the inactive parity head does not learn");
        assertFalse(java.util.Arrays.equals(head0, m.parameters().get(m.parameters().indexOf("head0.weight"))), "the active DMS head learns");

        List<EpochRecord> rs = trainer(p, model(p), ALWAYS.withMaxEpochs(12), PlasticitySchedule.joint()).run().records();
        // DMS 2,3,4 -> reaches 5: parity starts at 5 and trains 5..9 -> reaches 10: DMS resumes at 10
        assertEquals(List.of("dms", "dms", "dms", "parity", "parity", "parity", "parity", "parity", "dms", "dms", "dms", "dms"),
                rs.stream().map(r -> r.tasks().active()).toList());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), rs.stream().map(EpochRecord::level).toList());
        EpochRecord fourth = rs.get(3);
        assertEquals(5, fourth.tasks().head("dms").orElseThrow().level(), "the inactive task is scored at its own level");
        assertFalse(fourth.tasks().head("dms").orElseThrow().learning());
        assertTrue(fourth.tasks().head("parity").orElseThrow().learning());
        assertEquals(10, rs.get(8).tasks().head("parity").orElseThrow().level(), "parity stays at the level it handed over at");
    }

    @Test
    void continualRunsItsPlanAndRestartsAReturningTaskBelowItsLastSolvedLevel() {
        Protocol p = Protocol.continual(3, "dms", "parity", "dms");
        TrainingResult res = trainer(p, model(p), ALWAYS.withMaxEpochs(100), PlasticitySchedule.joint()).run();
        assertEquals(TrainingResult.StopReason.EPOCH_BUDGET, res.stop());
        assertEquals(List.of("dms", "dms", "dms", "parity", "parity", "parity", "dms", "dms", "dms"),
                res.records().stream().map(r -> r.tasks().active()).toList());
        // DMS solved 2, 3, 4 in its first phase: it comes back at 4 - 1 = 3
        assertEquals(List.of(2, 3, 4, 2, 3, 4, 3, 4, 5), res.records().stream().map(EpochRecord::level).toList());
    }

    @Test
    void cumulativeAddsAHeadPerLevelAndStopsWhenTheHeadsAreUsed() {
        Protocol p = Protocol.cumulative("parity", 3);
        TrainingResult res = trainer(p, model(p), ALWAYS, PlasticitySchedule.joint()).run();
        assertEquals(TrainingResult.StopReason.TARGET_REACHED, res.stop());
        assertEquals(List.of(List.of(2), List.of(2, 3), List.of(2, 3, 4)),
                res.records().stream().map(r -> r.tasks().heads().stream().map(TaskEpochs.Head::level).toList()).toList());
    }

    @Test
    void fullReservoirFreezesOnlyTheRecurrentWeightsAfterTheWarmUp() {
        Protocol p = Protocol.multitask();
        Model m = model(p);
        var params = m.parameters();
        int inp = params.indexOf("inp.weight"), hh = params.indexOf("hh.weight"), gc = params.indexOf("gc.weight");
        float[] inp0 = params.get(inp).clone(), hh0 = params.get(hh).clone(), gc0 = params.get(gc).clone();
        ProtocolTrainer t = trainer(p, m, ALWAYS.withMaxEpochs(1), PlasticitySchedule.fullReservoir());
        EpochRecord warm = t.run().records().get(0);
        assertEquals(EpochRecord.Phase.WARMUP, warm.phase());
        assertEquals("cb", warm.tasks().frozen());
        assertArrayEquals(gc0, params.get(gc), "warm-up: the cerebellum is held");
        assertFalse(java.util.Arrays.equals(hh0, params.get(hh)), "warm-up: the recurrent weights learn");
        float[] inp1 = params.get(inp).clone(), hh1 = params.get(hh).clone();
        ProtocolTrainer t2 = ProtocolTrainer.builder(m, p, TaskRegistry.standard()).engine(engine).config(ALWAYS.withMaxEpochs(2))
                .schedule(PlasticitySchedule.fullReservoir()).resume(t.state()).build();
        EpochRecord frozen = t2.run().records().get(1);
        assertEquals(EpochRecord.Phase.FROZEN, frozen.phase());
        assertEquals("hh", frozen.tasks().frozen());
        assertArrayEquals(hh1, params.get(hh), "after the warm-up W_hh is frozen");
        assertFalse(java.util.Arrays.equals(inp1, params.get(inp)), "the input layer keeps learning (protocol routing)");
        assertFalse(java.util.Arrays.equals(gc0, params.get(gc)), "the cerebellum learns");
        assertEquals(Set.of(Module.CORE, Module.CEREBELLUM, Module.READOUT), frozen.learning());
        assertFalse(inp0 == null);
    }

    @Test
    void resumingAcrossASwitchGivesTheSameRecordsAndWeightsBitForBit() {
        Protocol p = Protocol.switching();
        TrainingConfig c = ALWAYS.withAdvanceThreshold(55).withMaxEpochs(8);
        Model straight = model(p);
        List<String> want = key(trainer(p, straight, c, PlasticitySchedule.interleaved(2)).run().records());
        Model m = model(p);
        ProtocolTrainer first = trainer(p, m, c.withMaxEpochs(5), PlasticitySchedule.interleaved(2));
        first.run();
        Model copy = m.copy();
        ProtocolTrainer second = ProtocolTrainer.builder(copy, p, TaskRegistry.standard()).engine(engine).config(c)
                .schedule(PlasticitySchedule.interleaved(2)).resume(first.state()).build();
        assertEquals(want, key(second.run().records()));
        for (int i = 0; i < straight.parameters().size(); i++) assertArrayEquals(straight.parameters().get(i), copy.parameters().get(i));
    }

    @Test
    void modelsThatDoNotFitTheProtocolAreRefusedByName() {
        var tasks = TaskRegistry.standard();
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> ProtocolTrainer.builder(
                Model.create(smallCbRnn().withNumHeads(2), 1), Protocol.switching(), tasks).build());
        assertTrue(in.getMessage().contains("inputSize = 2"), in.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class, () -> ProtocolTrainer.builder(
                Model.create(smallCbRnn(), 1), Protocol.multitask(), tasks).build());
        assertTrue(heads.getMessage().contains("numHeads = 2"), heads.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ProtocolTrainer.builder(
                Model.create(smallCbRnn().withNumHeads(2), 1), Protocol.multitask("dms", "nope"), tasks).build());
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProtocolTrainer.builder(Model.create(ModelConfig.cbRnn().withNumHeads(2), 1),
                Protocol.multitask(), tasks).curriculum(Curriculum.fixed(3)));
    }

    @Test
    void protocolTextFormsRoundTripAndBadFormsNameTheForms() {
        for (Protocol p : List.of(Protocol.single(), Protocol.multitask(), Protocol.switching(), Protocol.continual(), Protocol.cumulative("parity", 30),
                Protocol.switching("parity", "dms", 4, 2), Protocol.continual(50, "parity", "dms"))) {
            assertEquals(p, Protocol.parse(p.label()));
        }
        assertEquals(Protocol.switching(), Protocol.parse("switching"));
        assertEquals("switching-dms.parity-s5-p3", Protocol.switching().label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("switchy"));
        assertTrue(e.getMessage().contains("cumulative-<task>-k<heads>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("continual-dms.dms-e10"));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("cumulative-parity-k1"));
    }

    @Test
    void parameterCountsOfTheAdaptedPaperModels() {
        assertEquals(42_052, Protocol.multitask().adapt(ModelConfig.cbRnn()).parameterCount());
        assertEquals(42_222, Protocol.multitask().adapt(ModelConfig.matchedElman(ModelConfig.cbRnn())).parameterCount());
        assertEquals(42_372, Protocol.switching().adapt(ModelConfig.cbRnn()).parameterCount());
        assertEquals(42_424, Protocol.switching().adapt(ModelConfig.matchedElman(ModelConfig.cbRnn())).parameterCount());
    }
}
