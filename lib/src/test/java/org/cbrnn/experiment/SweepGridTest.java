package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.Test;

class SweepGridTest {
    @Test
    void codeAndFileDeclareTheSameGrid() {
        SweepGrid code = SweepGrid.builder().tasks("parity", "dms").conditions("cbrnn", "rnn202").seeds(1, 3).epochs(150)
                .vary("model.granuleSize", "128", "256").build();
        SweepGrid file = SweepGrid.parse("""
                # comment
                tasks = parity, dms
                conditions = cbrnn, rnn202
                seeds = 1-3
                epochs = 150
                vary.model.granuleSize = 128, 256
                """);
        assertEquals(2 * 2 * 2 * 3, code.size());
        assertEquals(code.specs(), file.specs());
        RunSpec first = code.specs().get(0);
        assertEquals("CB-RNN [granuleSize=128]", first.condition());
        assertEquals(128, first.model().granuleSize());
        assertEquals(150, first.training().maxEpochs());
        assertEquals(List.of(1L, 2L, 3L), code.specs().subList(0, 3).stream().map(RunSpec::seed).toList(), "seeds vary fastest");
        assertEquals(code.specs().size(), code.specs().stream().map(RunSpec::id).distinct().count(), "ids are distinct");
    }

    @Test
    void scheduleAxisGivesFreezeTimingGrids() {
        SweepGrid g = SweepGrid.parse("conditions = cbrnn\nvary.schedule = joint, freeze-L4, freeze-E25, full-reservoir\n");
        List<PlasticitySchedule> s = g.specs().stream().map(RunSpec::schedule).toList();
        assertEquals(List.of(PlasticitySchedule.joint(), PlasticitySchedule.freezeCore(FreezePoint.afterLevel(4)),
                PlasticitySchedule.freezeCore(FreezePoint.afterEpoch(25)), PlasticitySchedule.fullReservoir()), s);
        assertEquals("CB-RNN [schedule=freeze-L4]", g.specs().get(1).condition());
    }

    @Test
    void badGridsNameTheKeyAndWhatIsAllowed() {
        assertError("tasks = xor", "line 1 (tasks)", "task must be one of [parity, dms]");
        assertError("conditions = lstm", "line 1 (conditions)", "condition must be one of");
        assertError("seeds = 3-1", "line 1 (seeds)", "a <= b");
        assertError("seeds = 1,1", "line 1 (seeds)", "must not repeat");
        assertError("epochs = 0", "line 1 (epochs)", "epochs must be in [1, 1000000]");
        assertError("steps = many", "line 1 (steps)", "must be an integer");
        assertError("\nlearning-rate = 3", "line 2 (learning-rate)", "unknown key 'learning-rate'");
        assertError("vary.model.granule = 1,2", "vary.model.granule: not a property that can vary", "model.granuleSize");
        assertError("vary.model.granuleSize = -4", "vary", "invalid value");
        assertError("vary.schedule = freeze-X3", "vary", "freeze point must be");
        assertError("vary.schedule = sometimes", "vary", "schedule must be one of");
        assertError("tasks parity", "line 1", "expected 'key = value'");
        assertArrayEquals(new long[] {1, 2, 3, 7}, SweepGrid.parseSeeds("1-3, 7"));
    }

    private static void assertError(String text, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse(text));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
    }
}
