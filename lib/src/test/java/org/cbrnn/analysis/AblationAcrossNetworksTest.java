package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.Model;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblationAcrossNetworksTest {
    @TempDir
    Path tmp;

    /** A model whose DCN weights and bias are zero: c_t = 0 whether or not the CB is enabled. */
    static Model silentCb(long seed) {
        Model m = Model.create(Fixtures.smallCbRnn(), seed);
        java.util.Arrays.fill(m.parameters().get("dcn.weight"), 0f);
        java.util.Arrays.fill(m.parameters().get("dcn.bias"), 0f);
        return m;
    }

    @Test
    void aSilentCerebellumGivesIdenticalAccuracyAndSemIsComputedOverNetworks() {
        Task task = TaskRegistry.of("parity");
        Model a2 = silentCb(1), a3 = silentCb(2), b2 = silentCb(3);
        List<Map<Integer, Model>> nets = List.of(Map.of(2, a2, 3, a3), Map.of(2, b2));
        try (FastEngine e = FastEngine.create(1)) {
            List<CerebellarAblation.Summary> s = CerebellarAblation.acrossNetworks(nets, task, e, 3, 16, 9);
            assertEquals(2, s.size());
            CerebellarAblation.Summary l2 = s.get(0), l3 = s.get(1);
            assertEquals(2, l2.level());
            assertEquals(2, l2.networks());
            assertEquals(1, l3.networks());
            assertEquals(l2.meanIntact(), l2.meanAblated());
            assertEquals(0.0, l2.meanDrop());
            assertEquals(0.0, l2.semDrop());
            assertTrue(Double.isNaN(l3.semIntact()), "one network: no SEM");
            // mean and SEM by hand from the per-network results on the same batches
            double x = CerebellarAblation.acrossLevels(a2, task, e, new int[]{2}, 3, 16, 9).get(0).intact();
            double y = CerebellarAblation.acrossLevels(b2, task, e, new int[]{2}, 3, 16, 9).get(0).intact();
            assertEquals((x + y) / 2, l2.meanIntact(), 1e-12);
            assertEquals(Math.abs(x - y) / 2, l2.semIntact(), 1e-12); // SD of two values = |x−y|/√2, SEM = SD/√2
            var t = CerebellarAblation.summaryTable(s);
            assertEquals(2, t.rowCount());
            assertEquals(8, t.columnCount());
        }
    }

    @Test
    void finalStatesCoincideForASilentCerebellumAndSeparateForAStrongOne() {
        Task task = TaskRegistry.of("dms");
        var p = CerebellarAblation.finalStates(silentCb(4), task, 3, 2, 16, 5);
        assertEquals(64, p.points().size());
        for (int i = 0; i < 32; i++) {
            var in = p.points().get(i);
            var ab = p.points().get(32 + i);
            assertTrue(in.intact() && !ab.intact());
            assertEquals(in.sequence(), ab.sequence());
            assertEquals(in.pc1(), ab.pc1(), 1e-12);
            assertEquals(in.pc2(), ab.pc2(), 1e-12);
        }
        assertEquals(64, p.table().rowCount());
        var strong = CerebellarAblation.finalStates(ActivityRecorderTest.strongCb(6), task, 3, 2, 16, 5);
        double moved = 0;
        for (int i = 0; i < 32; i++) moved += Math.abs(strong.points().get(i).pc1() - strong.points().get(32 + i).pc1());
        assertTrue(moved > 1e-3, "ablating a strong CB moves the final states: " + moved);
    }

    @Test
    void levelCheckpointsAreReadFromTheStore() throws Exception {
        RunStore store = RunStore.at(tmp.resolve("store"));
        RunSpec spec = RunSpec.of(Fixtures.smallCondition(), "parity", Fixtures.tinyTraining(), 1);
        Path levels = store.dirOf(spec).resolve("levels");
        Files.createDirectories(levels);
        silentCb(1).save(levels.resolve("N02.bin"));
        Model m3 = silentCb(2);
        m3.save(levels.resolve("N03.bin"));
        Files.writeString(levels.resolve("notes.txt"), "not a level");
        var map = LevelCheckpoints.of(store, spec);
        assertEquals(List.of(2, 3), List.copyOf(map.keySet()));
        assertEquals(m3.parameters().get("hh.weight")[4], map.get(3).parameters().get("hh.weight")[4]);
        assertEquals(1, LevelCheckpoints.ofRuns(store, List.of(spec)).size());
        assertEquals(List.of(), LevelCheckpoints.levels(tmp.resolve("nothing")));
    }
}
