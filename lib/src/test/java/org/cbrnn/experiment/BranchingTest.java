package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that share a prefix: a branch started from another run's saved state equals, bit for bit, the same run
 * computed from epoch 1 (records but wall time, final weights), and the prefix is found only where the two
 * schedules really agree.
 */
class BranchingTest {
    @TempDir
    Path dir;

    static RunSpec joint() {
        return RunStoreCrashTest.spec();
    }

    static RunSpec freeze(FreezePoint p) {
        return joint().withSchedule("small CB-RNN, freeze " + p.label(), PlasticitySchedule.freezeCore(p));
    }

    @Test
    void branchesFromTheTrunkEqualRunsComputedFromScratch() throws IOException {
        RunStore scratch = RunStore.at(dir.resolve("scratch")).withBranching(false, false).withNotices(m -> {});
        List<String> notices = new ArrayList<>();
        RunStore shared = RunStore.at(dir.resolve("shared")).withStateEvery(5).withNotices(notices::add);
        RunSpec trunk = joint();
        List<RunSpec> branches = List.of(freeze(FreezePoint.afterLevel(3)), freeze(FreezePoint.afterEpoch(10)),
                trunk.withTraining(trunk.training().withMaxEpochs(15)));
        try (FastEngine e = FastEngine.create(1)) {
            RunResult t = shared.run(trunk, e);
            int solvedL3 = t.records().stream().filter(r -> r.solved() && r.level() == 3).findFirst().orElseThrow().epoch();
            assertTrue(solvedL3 < trunk.training().maxEpochs() - 3, "level 3 must be solved early for the test to mean something: " + solvedL3);
            int[] expectedPrefix = {solvedL3, 10, 15};
            for (int i = 0; i < branches.size(); i++) {
                RunSpec b = branches.get(i);
                RunResult fromScratch = scratch.run(b, e);
                RunResult branched = shared.run(b, e);
                assertEquals(0, scratch.sharedPrefixEpochs(b));
                assertEquals(expectedPrefix[i], shared.sharedPrefixEpochs(b), b.schedule().label());
                assertEquals(org.cbrnn.testing.Fixtures.recordKey(fromScratch.records()), org.cbrnn.testing.Fixtures.recordKey(branched.records()), b.schedule().label());
                assertArrayEquals(Files.readAllBytes(scratch.dirOf(b).resolve("model.bin")), Files.readAllBytes(shared.dirOf(b).resolve("model.bin")));
                Map<String, String> bp = RunDir.fromText(Files.readString(shared.dirOf(b).resolve("branch.properties")));
                assertEquals(trunk.id(), bp.get("source"));
                // every level the prefix solved has its model file in the branch too
                for (EpochRecord r : branched.records()) {
                    if (r.solved()) assertTrue(Files.exists(shared.dirOf(b).resolve(String.format("levels/N%02d.bin", r.level()))));
                }
            }
        }
        assertTrue(notices.stream().anyMatch(n -> n.contains("starting from epoch")), notices.toString());
    }

    @Test
    void aSourceComputedWithAnotherEngineIsNotUsed() {
        RunStore shared = RunStore.at(dir).withStateEvery(5).withNotices(m -> {});
        RunSpec b = freeze(FreezePoint.afterEpoch(10));
        try (FastEngine two = FastEngine.create(2); FastEngine one = FastEngine.create(1)) {
            shared.run(joint(), two);
            shared.run(b, one);
        }
        assertEquals(0, shared.sharedPrefixEpochs(b));
    }

    @Test
    void agreementFollowsTheTargetScheduleOnTheSourceRecords() {
        // a joint source that solves level 2 at epoch 2, level 3 at epoch 4, then trains level 4
        List<EpochRecord> recs = new ArrayList<>();
        int[] level = {2, 2, 3, 3, 4, 4};
        boolean[] solved = {false, true, false, true, false, false};
        for (int i = 0; i < level.length; i++) {
            recs.add(new EpochRecord(i + 1, level[i], "joint", EnumSet.allOf(Module.class), 0.5, 50, 50, solved[i], 1, Map.of(), 0, 0.1));
        }
        assertEquals(6, Branching.agreement(recs, PlasticitySchedule.joint(), 2));
        assertEquals(4, Branching.agreement(recs, PlasticitySchedule.freezeCore(FreezePoint.afterLevel(3)), 2));
        assertEquals(2, Branching.agreement(recs, PlasticitySchedule.freezeCore(FreezePoint.afterLevel(2)), 2));
        assertEquals(3, Branching.agreement(recs, PlasticitySchedule.freezeCore(FreezePoint.afterEpoch(3)), 2));
        assertEquals(0, Branching.agreement(recs, PlasticitySchedule.freezeCore(FreezePoint.fromStart()), 2));
        // the reservoirs hold the cerebellum still before the freeze: nothing in common with a joint run
        assertEquals(0, Branching.agreement(recs, PlasticitySchedule.fullReservoir(), 2));
    }
}
