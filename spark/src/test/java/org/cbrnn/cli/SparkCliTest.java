package org.cbrnn.cli;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cbrnn sweep|reproduce --executor spark}: progress and summary as a local sweep, the same runs; a dead master named. */
class SparkCliTest {
    @TempDir
    Path dir;

    private static String[] sweep(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("sweep", "--tasks", "parity", "--conditions", "cbrnn", "--seeds", "1-2", "--epochs", "2",
                "--steps", "2", "--eval-batches", "1", "--out", out.toString(), "--yes"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void sweepOnLocalSparkShowsTheLocalProgressAndSummaryAndTrainsTheSameRuns() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Main.run(sweep(dir.resolve("spark"), "--executor", "spark", "--master", "local[2]"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("spark, master local[2], one task per run"), text);
        assertTrue(text.contains("epoch    1/2") && text.contains("[2/2 runs ended]") && text.contains("sweep ended after"), "progress lines: " + text);
        assertTrue(text.contains("t_half"), "the summary: " + text);
        assertEquals(0, Main.run(sweep(dir.resolve("local"), "--parallel", "2"), new PrintStream(new ByteArrayOutputStream())));
        List<RunResult> viaSpark = RunStore.at(dir.resolve("spark")).loadAll(), local = RunStore.at(dir.resolve("local")).loadAll();
        assertEquals(2, viaSpark.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(local.get(i).spec().id(), viaSpark.get(i).spec().id());
            assertEquals(recordKey(local.get(i).records()), recordKey(viaSpark.get(i).records()));
        }
    }

    @Test
    void anUnreachableMasterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.run(
                sweep(dir.resolve("x"), "--executor", "spark", "--master", "spark://127.0.0.1:1"), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("--master spark://127.0.0.1:1: cannot reach the Spark master"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {"reproduce", "--seeds", "1", "--epochs", "1", "--tasks", "parity",
                "--conditions", "cbrnn", "--out", dir.resolve("r").toString(), "--yes", "--executor", "spark", "--master", "spark://127.0.0.1:1"},
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("spark://127.0.0.1:1"), e.getMessage());
    }
}
