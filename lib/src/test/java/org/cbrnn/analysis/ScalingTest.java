package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** Scaling points on hand-made trajectories (parity: paper global max 19, so t½ is the first epoch with N ≥ 9.5). */
class ScalingTest {
    static RunResult run(ModelConfig model, PlasticitySchedule s, String task, long seed, int... levels) {
        List<EpochRecord> recs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            recs.add(new EpochRecord(i + 1, levels[i], "joint", EnumSet.allOf(Module.class), 0.5, 90, 90, false, 1, Map.of(), 0, 2.0));
        }
        RunSpec spec = RunSpec.of(Condition.cbRnn(), task, TrainingConfig.paper().withMaxEpochs(levels.length), seed).toBuilder()
                .model(model).schedule(s).build();
        return new RunResult(spec, recs, TrainingResult.StopReason.EPOCH_BUDGET, false);
    }

    @Test
    void pointsAreMeansOverSeedsPerFamilyAndSize() {
        ModelConfig g64 = ModelConfig.cbRnn().withGranuleSize(64);
        List<RunResult> runs = List.of(
                run(g64, PlasticitySchedule.joint(), "parity", 1, 2, 4, 6, 8, 10, 12),   // AUC 35, t½ 5
                run(g64, PlasticitySchedule.joint(), "parity", 2, 2, 3, 5, 7, 9, 11),    // AUC 30.5, t½ 6
                run(ModelConfig.elman(128), PlasticitySchedule.joint(), "parity", 1, 2, 2, 3, 3, 4, 4), // AUC 15, t½ never
                run(ModelConfig.cbRnn(), PlasticitySchedule.fullReservoir(), "parity", 1, 2, 20, 20), // not joint: left out
                run(ModelConfig.gruCb(), PlasticitySchedule.joint(), "parity", 1, 2, 20, 20));        // another family: left out
        List<Scaling.Point> pts = Scaling.of(runs, t -> 19);
        assertEquals(2, pts.size());
        Scaling.Point cb = pts.get(0), rnn = pts.get(1);
        assertEquals(Scaling.Family.CB_RNN, cb.family());
        assertEquals(64, cb.size());
        assertEquals(16_962, cb.parameters());
        assertEquals(2, cb.runs());
        assertEquals(32.75, cb.aucMean(), 1e-12);
        assertEquals(Math.sqrt(2 * 2.25 * 2.25), cb.aucSd(), 1e-12);
        assertEquals(5.5, cb.tHalfMean(), 1e-12);
        assertEquals(2, cb.tHalfReached());
        assertEquals(11.5, cb.maxNMean(), 1e-12);
        assertEquals(Scaling.Family.RNN, rnn.family());
        assertEquals(17_026, rnn.parameters());
        assertTrue(Double.isNaN(rnn.tHalfMean()));
        assertEquals(0, rnn.tHalfReached());
        assertTrue(Double.isNaN(rnn.aucSd()) && Double.isNaN(rnn.maxNSd()), "one run: no SD, not SD 0");
        // a saved table reads back to the same points
        assertEquals(pts, Scaling.fromTable(Scaling.table(pts)));
        List<String> missing = Scaling.missing(pts, List.of("parity"), 2);
        assertEquals(7, missing.size(), missing.toString());
        assertTrue(missing.contains("parity RNN H128: 1 of 2 runs"));
        assertTrue(missing.contains("parity CB-RNN G512: 0 of 2 runs"));
    }

    @Test
    void theGridFilesAreThePapersScalingGrid() {
        java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
        List<RunSpec> specs = new ArrayList<>(org.cbrnn.experiment.SweepGrid.load(root.resolve("data/grids/scaling.properties")).specs());
        specs.addAll(org.cbrnn.experiment.SweepGrid.load(root.resolve("data/grids/scaling-rnn.properties")).specs());
        assertEquals(128, specs.size());
        java.util.Set<String> cells = new java.util.TreeSet<>();
        for (RunSpec s : specs) {
            var c = Scaling.classify(s);
            assertTrue(c != null, s.id());
            assertEquals(1000, s.training().maxEpochs());
            cells.add(s.task() + " " + c.getKey() + " " + c.getValue() + " " + s.model().parameterCount());
        }
        assertEquals(16, cells.size());
        for (String t : List.of("dms", "parity")) {
            for (String c : List.of("CB_RNN 64 16962", "CB_RNN 128 25282", "CB_RNN 256 41922", "CB_RNN 512 75202",
                    "RNN 128 17026", "RNN 160 26402", "RNN 202 41816", "RNN 272 75346")) assertTrue(cells.contains(t + " " + c), t + " " + c);
        }
    }
}
