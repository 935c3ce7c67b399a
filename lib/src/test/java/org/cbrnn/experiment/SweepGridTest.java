package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.Test;

class SweepGridTest {
    @Test
    void codeAndFileDeclareTheSameGrid() {
        SweepGrid code = SweepGrid.builder().tasks("parity", "dms").conditions("cbrnn", "rnn202").seedRange(1, 3).epochs(150)
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
        SweepGrid g = SweepGrid.parse("conditions = cbrnn\nepochs = 1000\nvary.schedule = joint, freeze-L4, freeze-E25, full-reservoir\n");
        List<PlasticitySchedule> s = g.specs().stream().map(RunSpec::schedule).toList();
        assertEquals(List.of(PlasticitySchedule.joint(), PlasticitySchedule.freezeCore(FreezePoint.afterLevel(4)),
                PlasticitySchedule.freezeCore(FreezePoint.afterEpoch(25)), PlasticitySchedule.fullReservoir()), s);
        assertEquals("CB-RNN [schedule=freeze-L4]", g.specs().get(1).condition());
    }

    @Test
    void badGridsNameTheKeyAndWhatIsAllowed() {
        assertError("tasks = xor\nepochs = 1", "line 1 (tasks)", "tasks must be a comma list of distinct items of parity, dms", "'xor' is not allowed");
        assertError("conditions = lstm\nepochs = 1", "line 1 (conditions)", "conditions must be a comma list of distinct items of cbrnn, rnn202");
        assertError("seeds = 3-1\nepochs = 1", "line 1 (seeds)", "a <= b");
        assertError("seeds = 1,1\nepochs = 1", "line 1 (seeds)", "a seed repeats");
        assertError("seeds = 2147483648\nepochs = 1", "line 1 (seeds)", "in [0, 2147483647]");
        assertError("epochs = 0", "line 1 (epochs)", "epochs must be an integer in [1, " + TrainingConfig.MAX_EPOCHS + "], got 0");
        assertError("epochs = \uFF15", "line 1 (epochs)", "epochs must be an integer in [1, " + TrainingConfig.MAX_EPOCHS + "], got '\uFF15'");
        assertError("epochs = 1\nsteps = many", "line 2 (steps)", "must be an integer");
        assertError("epochs = 1\nbatch-size = 65537", "line 2 (batch-size)", "[1, " + TrainingConfig.MAX_BATCH_SIZE + "]");
        assertError("\nlearning-rate = 3", "line 2 (learning-rate)", "unknown key 'learning-rate'");
        assertError("epochs = 1\nvary.model.granule = 1,2", "vary.model.granule: not a property that can vary", "model.granuleSize");
        assertError("epochs = 1\nvary.model.granuleSize = -4", "vary", "invalid value");
        assertError("epochs = 1\nvary.schedule = freeze-X3", "vary", "freeze point must be");
        assertError("epochs = 1\nvary.schedule = sometimes", "vary", "schedule must be one of");
        assertError("epochs = 1\nvary.schedule = joint, joint", "line 2 (vary.schedule)", "a value repeats");
        assertError("tasks parity", "line 1", "expected 'key = value'");
        assertArrayEquals(new long[] {1, 2, 3, 7}, SweepGrid.parseSeeds("1-3, 7"));
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingBothLines() {
        assertError("epochs = 10\nseeds = 1\nepochs = 20", "line 3 (epochs): key 'epochs' is given twice (first on line 1)");
        assertError("epochs = 10\nvary.schedule = joint\n\nvary.schedule = freeze-L4", "line 4 (vary.schedule)", "given twice", "line 2");
        assertThrows(IllegalArgumentException.class, () -> SweepGrid.builder().vary("schedule", "joint").vary("schedule", "freeze-L4"));
    }

    @Test
    void aGridWithoutEpochsIsRejectedNotDefaulted() {
        assertError("tasks = parity\nseeds = 1-3", "key 'epochs' is required", "[1, " + TrainingConfig.MAX_EPOCHS + "]");
        // an override (the command line's --epochs) supplies it and replaces a file's value
        assertEquals(7, SweepGrid.parse("seeds = 1", Map.of("epochs", "7")).training().maxEpochs());
        assertEquals(7, SweepGrid.parse("epochs = 3", Map.of("epochs", "7")).training().maxEpochs());
    }

    private static void assertError(String text, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse(text));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
    }
}
