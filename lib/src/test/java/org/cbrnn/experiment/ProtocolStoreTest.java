package org.cbrnn.experiment;

import static org.cbrnn.testing.Fixtures.smallCbRnn;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Protocol;
import org.cbrnn.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol runs in the run store: a switching run killed with SIGKILL mid-run resumes to the records and model of an
 * uninterrupted run, bit for bit; protocol specs round-trip through spec.properties and keep single-task ids apart;
 * bad combinations are refused when the spec or the grid is built.
 */
class ProtocolStoreTest {
    /** Switching with a low bar, so the run crosses a switch (DMS 2..4, then parity from 5) within its 14 epochs. */
    static final TrainingConfig CFG = tinyTraining().withStepsPerEpoch(25).withEvalBatches(1).withMaxEpochs(14).withAdvanceThreshold(55);

    static RunSpec spec() {
        Condition c = new Condition("small CB-RNN", smallCbRnn(), PlasticitySchedule.fullReservoir());
        return RunSpec.of(c, Protocol.switching(), CFG, 7);
    }

    @TempDir
    Path dir;

    /** Every field but the wall time, the per-head part included. */
    static List<String> key(List<EpochRecord> rs) {
        return rs.stream().map(r -> r.epoch() + "|" + r.level() + "|" + r.phase() + "|" + new java.util.TreeSet<>(r.learning()) + "|" + r.trainLoss()
                + "|" + r.evalAccuracy() + "|" + r.solved() + "|" + r.gradNorm() + "|" + r.tasks()).toList();
    }

    @Test
    void aSwitchingRunKilledMidRunResumesToTheStraightRunBitForBit() throws Exception {
        RunResult straight;
        try (FastEngine e = FastEngine.create(1)) {
            straight = RunStore.at(dir.resolve("straight")).run(spec(), e);
        }
        assertEquals(CFG.maxEpochs(), straight.records().size());
        assertTrue(straight.records().stream().map(r -> r.tasks().active()).distinct().count() == 2, "the run crosses a switch");

        Path store = dir.resolve("killed");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                ProtocolCrashChild.class.getName(), store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("epoch 6")) {
                // wait for the sixth epoch
            }
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Path runDir = RunStore.at(store).dirOf(spec());
        assertFalse(Files.exists(runDir.resolve("DONE")));
        List<EpochRecord> sofar = RunStore.at(store).load(spec()).orElseThrow().records();
        assertTrue(sofar.size() >= 5 && sofar.size() < CFG.maxEpochs(), "killed part-way: " + sofar.size() + " epochs");
        assertEquals(key(straight.records()).subList(0, sofar.size()), key(sofar));

        RunResult resumed;
        try (FastEngine e = FastEngine.create(1)) {
            resumed = RunStore.at(store).run(spec(), e);
        }
        assertTrue(resumed.complete());
        assertEquals(key(straight.records()), key(resumed.records()));
        assertEquals(key(straight.records()), key(RunStore.at(store).load(spec()).orElseThrow().records()), "the stored table");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("straight").resolve(spec().id()).resolve("model.bin")),
                Files.readAllBytes(runDir.resolve("model.bin"))), "the final model, byte for byte");
    }

    @Test
    void protocolSpecsRoundTripAndSingleTaskSpecsKeepTheirKeys() {
        RunSpec s = spec();
        assertEquals(s, RunSpec.fromProperties(s.toProperties()));
        assertTrue(s.key().contains("protocol=switching-dms.parity-s5-p3"));
        assertTrue(s.id().startsWith("switching__cbrnn-h10-g20-k2__full-reservoir__s7__"), s.id());
        RunSpec single = RunSpec.of(Condition.cbRnn(), "parity", TrainingConfig.paper(), 1);
        assertFalse(single.key().contains("protocol"));
        assertFalse(single.toProperties().containsKey("protocol"));
        assertEquals(Protocol.single(), RunSpec.fromProperties(single.toProperties()).protocol());
        assertNotEquals(RunSpec.of(ConditionRegistry.standard().condition("cbrnn", Protocol.multitask()), Protocol.multitask(), CFG, 7).id(),
                RunSpec.of(ConditionRegistry.standard().condition("cbrnn", Protocol.continual()), Protocol.continual(), CFG, 7).id());
    }

    @Test
    void conditionsUnderProtocolsGetTheProtocolsModelsAndSchedules() {
        ConditionRegistry reg = ConditionRegistry.standard();
        assertEquals(42_052, reg.condition("cbrnn", Protocol.multitask()).model().parameterCount());
        assertEquals(42_222, reg.condition("rnn202", Protocol.multitask()).model().parameterCount());
        assertEquals(42_372, reg.condition("cbrnn", Protocol.switching()).model().parameterCount());
        assertEquals(42_424, reg.condition("rnn202", Protocol.switching()).model().parameterCount());
        assertEquals(PlasticitySchedule.interleaved(5), reg.condition("interleaved", Protocol.multitask()).schedule());
        assertEquals(PlasticitySchedule.fullReservoir(), reg.condition("full-reservoir", Protocol.switching()).schedule());
    }

    @Test
    void badCombinationsAreRefusedBeforeAnyWork() {
        RunSpec s = spec();
        IllegalArgumentException oneInput = assertThrows(IllegalArgumentException.class,
                () -> s.toBuilder().model(smallCbRnn().withNumHeads(2)).build());
        assertTrue(oneInput.getMessage().contains("inputSize = 2"), oneInput.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> s.toBuilder().model(smallCbRnn().withInputSize(2).withNumHeads(3)).build());
        assertTrue(heads.getMessage().contains("numHeads = 2"), heads.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.toBuilder().task("parity").build());
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse(
                "protocols = multitask\nconditions = cbrnn\nepochs = 10\nvary.model.numHeads = 1,2\n"));
        assertTrue(grid.getMessage().contains("numHeads = 2"), grid.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse("protocols = multi\nepochs = 10\n"));
        assertTrue(key.getMessage().contains("protocols"), key.getMessage());
    }

    @Test
    void aGridOverProtocolsBuildsOneRunPerProtocolConditionAndSeed() {
        SweepGrid g = SweepGrid.parse("protocols = multitask, switching\nconditions = cbrnn, rnn202\nseeds = 1-2\nepochs = 10\n");
        assertEquals(8, g.size());
        assertEquals(8, g.specs().size());
        assertEquals(List.of("multitask", "switching"), g.specs().stream().map(RunSpec::task).distinct().toList());
        assertTrue(g.specs().stream().allMatch(x -> x.model().numHeads() == 2));
        assertEquals(ModelConfig.cbRnn().withNumHeads(2).withInputSize(2), g.specs().get(4).model());
        SweepGrid mixed = SweepGrid.parse("protocols = single, multitask\ntasks = parity, dms\nconditions = cbrnn\nepochs = 10\n");
        assertEquals(List.of("parity", "dms", "multitask"), mixed.specs().stream().map(RunSpec::task).toList());
    }
}
