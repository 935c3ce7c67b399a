package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TaskEpochs;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The protocol metrics on hand-made switching records whose answers are worked out in the comments. */
class ProtocolMetricsTest {
    /** A switching record: the active task, its level, solved or not, the other task's level. */
    static EpochRecord rec(int epoch, String active, int level, boolean solved, int otherLevel, double acc) {
        String other = active.equals("dms") ? "parity" : "dms";
        TaskEpochs.Head a = new TaskEpochs.Head(active, level, acc, true), o = new TaskEpochs.Head(other, otherLevel, 50, false);
        List<TaskEpochs.Head> heads = active.equals("dms") ? List.of(a, o) : List.of(o, a);
        return new EpochRecord(epoch, level, EpochRecord.Phase.JOINT, Set.of(Module.CORE, Module.READOUT), 0.5, 50, acc, solved, 1, Map.of(), 0, 0.1,
                new TaskEpochs(heads, active, ""));
    }

    /**
     * DMS: epoch 1 at N=2 unsolved, 2 solved (N=2), 3 solved (N=3), 4 solved (N=4): hands over at 5. Parity 5: epochs 5-6
     * unsolved, 7 solved ... then DMS returns at 10: epoch 8 unsolved, 9 unsolved, 10 solved (censored phase).
     */
    static List<EpochRecord> run() {
        List<EpochRecord> r = new ArrayList<>();
        r.add(rec(1, "dms", 2, false, 2, 90));
        r.add(rec(2, "dms", 2, true, 2, 99));
        r.add(rec(3, "dms", 3, true, 2, 99));
        r.add(rec(4, "dms", 4, true, 2, 99));
        r.add(rec(5, "parity", 5, false, 5, 60));
        r.add(rec(6, "parity", 5, false, 5, 70));
        r.add(rec(7, "parity", 5, true, 5, 99));
        r.add(rec(8, "dms", 10, false, 6, 80));
        r.add(rec(9, "dms", 10, false, 6, 90));
        r.add(rec(10, "dms", 10, true, 6, 98));
        return r;
    }

    @Test
    void activeLevelMetricsOverAWindow() {
        List<EpochRecord> r = run();
        // levels 2,2,3,4,5,5,5,10,10,10: mean 5.6; trapezoid: sum - (first + last)/2 = 56 - 6 = 50
        assertEquals(5.6, ProtocolMetrics.meanActiveLevel(r, 650), 1e-12);
        assertEquals(50, ProtocolMetrics.activeAuc(r, 650), 1e-12);
        assertEquals(10, ProtocolMetrics.finalLevel(r, 650));
        // a window of 7 epochs: 2,2,3,4,5,5,5 -> mean 26/7, final 5
        assertEquals(26.0 / 7, ProtocolMetrics.meanActiveLevel(r, 7), 1e-12);
        assertEquals(5, ProtocolMetrics.finalLevel(r, 7));
    }

    @Test
    void phasesSwitchesAndCensoring() {
        List<ProtocolMetrics.Phase> ps = ProtocolMetrics.phases(run(), 650);
        assertEquals(3, ps.size());
        assertEquals(new ProtocolMetrics.Phase("dms", 1, 4, 2, 4, 3, 2, false), ps.get(0));
        assertEquals(new ProtocolMetrics.Phase("parity", 5, 7, 5, 5, 1, 3, false), ps.get(1));
        assertEquals(new ProtocolMetrics.Phase("dms", 8, 10, 10, 10, 1, 3, true), ps.get(2));
        assertEquals(2, ProtocolMetrics.switches(run(), 650));
        assertTrue(ProtocolMetrics.phases(run(), 6).get(1).censored());
    }

    @Test
    void savingsOfTheReturningTask() {
        List<ProtocolMetrics.Saving> s = ProtocolMetrics.savings(run(), 650, 2);
        assertEquals(1, s.size());
        // DMS: 2 epochs to its first criterion in phase 1, 3 on return: (2 - 3) / 2 = -0.5; accuracy of epochs 8-9: 85
        assertEquals(new ProtocolMetrics.Saving("dms", 2, 10, 2, 3, -0.5, 85), s.get(0));
        assertEquals(List.of(), ProtocolMetrics.savings(run(), 7, 2), "no task has come back within 7 epochs");
    }

    @Test
    void tablesCarryThePapersValuesBesideTheKits() {
        RunSpec spec = RunSpec.of(ConditionRegistry.standard().condition("cbrnn", org.cbrnn.train.Protocol.switching()),
                org.cbrnn.train.Protocol.switching(), TrainingConfig.paper(), 1);
        RunResult r = new RunResult(spec, run(), TrainingResult.StopReason.EPOCH_BUDGET, false);
        Table t = ProtocolTables.switching(List.of(r), 650);
        assertEquals(1, t.rowCount());
        assertEquals(5.6, t.doubleColumn("mean_active_N").get(0), 1e-12);
        assertEquals(12.50, t.doubleColumn("paper_mean_active_N").get(0));
        assertEquals(8115, t.doubleColumn("paper_active_AUC").get(0));
        assertEquals(2, t.doubleColumn("switches").get(0));
        Table sv = ProtocolTables.savings(List.of(r), "switching", 650, 2);
        assertEquals(-0.5, sv.doubleColumn("savings").get(0));
        Table heads = ProtocolTables.perHead(List.of(r));
        assertEquals(20, heads.rowCount());
        assertFalse(heads.booleanColumn("learning").get(1));
        assertEquals(21.88, ProtocolProfiles.multitaskRow("CB-RNN").orElseThrow().maxN());
        assertEquals(550.3, ProtocolProfiles.multitaskRow("RNN-202").orElseThrow().tHalf());
    }
}
