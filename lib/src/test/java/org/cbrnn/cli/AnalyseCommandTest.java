package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cbrnn.analysis.Analyses;
import org.cbrnn.analysis.LevelCheckpoints;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class AnalyseCommandTest {
    @TempDir
    static Path dir;
    static Path store;
    static String cb1, rnn;

    @BeforeAll
    static void trainSmallRuns() {
        store = dir.resolve("store");
        RunStore s = RunStore.at(store).withNotices(m -> {});
        var training = Fixtures.tinyTraining().withStepsPerEpoch(30).withBatchSize(32).withMaxEpochs(16).withCoreLr(0.3).withCerebellumLr(0.3);
        RunSpec a = RunSpec.of(Fixtures.smallCondition(), "parity", training, 1);
        RunSpec r = RunSpec.of(new Condition("small RNN", ModelConfig.elman(10), PlasticitySchedule.joint()), "parity",
                training, 1);
        try (FastEngine e = FastEngine.create(1)) {
            s.run(a, e);
            s.run(a.withSeed(2), e);
            s.run(r, e);
        }
        cb1 = s.dirOf(a).getFileName().toString();
        rnn = s.dirOf(r).getFileName().toString();
        assertFalse(LevelCheckpoints.levels(s.dirOf(a)).isEmpty(), "the fixture runs must solve a level");
        assertFalse(LevelCheckpoints.levels(s.dirOf(r)).isEmpty(), "the fixture runs must solve a level");
    }

    private static String run(String... argv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        return out;
    }

    @Test
    void perRunFilesThenTheStackAndTheSummaryAndASecondRunResumes() throws Exception {
        Path out = dir.resolve("out-dim");
        String first = run("analyse", "dimensionality", "--store", store.toString(), "--out", out.toString());
        assertTrue(first.contains("3 runs to analyse"), first);
        assertTrue(Files.exists(out.resolve("dimensionality").resolve(cb1 + ".csv")));
        Table all = Analyses.readCsv(out.resolve("dimensionality.csv"));
        Table summary = Analyses.readCsv(out.resolve("dimensionality-summary.csv"));
        // the two CB-RNN seeds are one condition: their common levels have 2 networks
        assertTrue(summary.where(summary.stringColumn("condition").isEqualTo("small CB-RNN")).intColumn("networks").max() >= 1);
        assertEquals(3, all.stringColumn("run").unique().size());
        assertTrue(all.columnNames().contains("seconds"));
        // run again: every run kept, nothing recomputed, same files
        byte[] before = Files.readAllBytes(out.resolve("dimensionality.csv"));
        String second = run("analyse", "dimensionality", "--store", store.toString(), "--out", out.toString());
        assertEquals(3, second.split("done before, kept", -1).length - 1, second);
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(out.resolve("dimensionality.csv")));
    }

    @Test
    void aResultComputedElsewhereIsStackedWithoutTheCheckpointsItCameFrom() throws Exception {
        // a copy of the store in which one run's level checkpoints are gone, as on a machine that did not train it
        Path copy = dir.resolve("store-without-levels");
        try (var paths = Files.walk(store)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path to = copy.resolve(store.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        try (var paths = Files.walk(copy.resolve(cb1).resolve("levels"))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertTrue(LevelCheckpoints.levels(copy.resolve(cb1)).isEmpty());
        Path out = dir.resolve("out-moved-in");
        String c = copy.toString(), o = out.toString();
        // without an earlier result the run is refused by name
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "sparsity", "--store", c, "--out", o, "--runs", cb1))
                .getMessage().contains("no level checkpoints"));
        // its result, computed where the checkpoints were, moved into the output: reused and stacked
        run("analyse", "sparsity", "--store", store.toString(), "--out", dir.resolve("out-origin").toString(), "--runs", cb1);
        Files.createDirectories(out.resolve("sparsity"));
        Files.copy(dir.resolve("out-origin").resolve("sparsity").resolve(cb1 + ".csv"), out.resolve("sparsity").resolve(cb1 + ".csv"));
        String moved = run("analyse", "sparsity", "--store", c, "--out", o);
        assertTrue(moved.contains("done before, kept"), moved);
        assertEquals(Analyses.readCsv(dir.resolve("out-origin").resolve("sparsity.csv")).rowCount(),
                Analyses.readCsv(out.resolve("sparsity.csv")).where(Analyses.readCsv(out.resolve("sparsity.csv")).stringColumn("run").isEqualTo(cb1)).rowCount());
        // --force would need the checkpoints: refused before any work
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "sparsity", "--store", c, "--out", o, "--runs", cb1, "--force"))
                .getMessage().contains("no level checkpoints"));
    }

    @Test
    void eachAnalysisWritesItsTables() throws Exception {
        Path out = dir.resolve("out-all");
        String sp = run("analyse", "sparsity", "--store", store.toString(), "--out", out.toString());
        assertTrue(sp.contains("2 runs to analyse") && sp.contains("1 without a cerebellum"), sp);
        run("analyse", "timescales", "--store", store.toString(), "--out", out.toString(), "--runs", cb1 + "," + rnn,
                "--timescale-steps", "1000", "--timescale-discard", "100");
        Table ac = Analyses.readCsv(out.resolve("autocorrelation-summary.csv"));
        assertEquals(1.0, ac.where(ac.intColumn("lag").isEqualTo(0)).doubleColumn("autocorrelation_mean").min(), 1e-12);
        // the unit fits of the same simulation: one row per fitted unit, whose counts and medians are the population table's
        Table units = Analyses.readCsv(out.resolve("unit-timescales.csv")), pops = Analyses.readCsv(out.resolve("timescales.csv"));
        assertEquals((int) pops.intColumn("fitted_units").sum(), units.rowCount());
        for (int i = 0; i < pops.rowCount(); i++) {
            String run = pops.stringColumn("run").get(i), pop = pops.stringColumn("population").get(i);
            int n = pops.intColumn("N").get(i);
            Table u = units.where(units.stringColumn("run").isEqualTo(run).and(units.stringColumn("population").isEqualTo(pop))
                    .and(units.intColumn("N").isEqualTo(n)));
            assertEquals(pops.intColumn("fitted_units").get(i), u.rowCount(), run + " " + pop + " N=" + n);
            if (u.rowCount() > 0) {
                long doubles = u.stringColumn("shape").countOccurrences("double");
                assertEquals(pops.doubleColumn("double_fraction").get(i), (double) doubles / u.rowCount(), 1e-9);
            }
        }
        assertFalse(Files.exists(out.resolve("unit-timescales-summary.csv")));
        run("analyse", "jacobian", "--store", store.toString(), "--out", out.toString(), "--memory-steps", "3", "--label", "CB", "--runs", cb1);
        Table j = Analyses.readCsv(out.resolve("jacobian.csv"));
        assertEquals("CB", j.stringColumn("condition").get(0));
        assertTrue(j.intColumn("k").max() <= 3);
        run("analyse", "final-states", "--store", store.toString(), "--out", out.toString(), "--runs", cb1);
        Table fs = Analyses.readCsv(out.resolve("final-states.csv"));
        assertEquals(128, fs.rowCount());
        run("analyse", "ablation", "--store", store.toString(), "--out", out.toString());
        assertTrue(Files.exists(out.resolve("ablation-summary.csv")));
    }

    @Test
    void badInputIsRefusedBeforeAnyWork() {
        Path out = dir.resolve("out-bad");
        String s = store.toString(), o = out.toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "ablation", "--store", s, "--out", o, "--runs", rnn))
                .getMessage().contains("needs a cerebellar module"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "readout", "--store", s, "--out", o, "--runs", "nope"))
                .getMessage().contains("no run 'nope'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "timescales", "--store", s, "--out", o,
                "--timescale-steps", "1000", "--timescale-discard", "1000")).getMessage().contains("--timescale-discard"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "sparsity", "--out", o)).getMessage().contains("--store"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "final-states", "--store", s, "--out", o, "--runs", cb1,
                "--level", "99")).getMessage().contains("--level 99"));
        assertFalse(Files.exists(out), "nothing may be written before the checks pass");
        // the scaling comparison finds the plain RNN (H 10) and says what the paper's grid lacks
        String sc = run("analyse", "scaling", "--store", s, "--out", o);
        assertTrue(sc.contains("parity CB-RNN G64: 0 of 8 runs"), sc);
        assertEquals(1, Analyses.readCsv(out.resolve("scaling.csv")).rowCount());
        // --also joins other stores' runs; a run id in both counts once
        int runs = Analyses.readCsv(out.resolve("scaling.csv")).intColumn("runs").get(0);
        Path both = dir.resolve("out-also");
        run("analyse", "scaling", "--store", s, "--also", s, "--out", both.toString());
        Table t = Analyses.readCsv(both.resolve("scaling.csv"));
        assertEquals(1, t.rowCount());
        assertEquals(runs, t.intColumn("runs").get(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("analyse", "scaling", "--store", s, "--also", dir.resolve("nope").toString(),
                "--out", o)).getMessage().contains("--also"));
    }
}
