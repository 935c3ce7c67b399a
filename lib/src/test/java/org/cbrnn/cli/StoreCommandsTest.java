package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cbrnn store check | repair | discard | upgrade} on a store with a damaged run. */
class StoreCommandsTest {
    @TempDir
    Path dir;

    private String run(int expectedExit, String... argv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, out);
        return out;
    }

    @Test
    void checkListsTheDamagedRunRepairFixesItDiscardMovesOneAside() throws Exception {
        RunStore store = RunStore.at(dir).withNotices(m -> {});
        RunSpec a = RunSpec.of(Fixtures.smallCondition(), "parity", Fixtures.tinyTraining(), 1);
        RunSpec b = a.withSeed(2);
        try (FastEngine e = FastEngine.create(1)) {
            store.run(a, e);
            store.run(b, e);
        }
        String nameA = store.dirOf(a).getFileName().toString(), nameB = store.dirOf(b).getFileName().toString();
        assertTrue(run(0, "store", "check", "--store", dir.toString()).contains("2 runs: 2 done"));
        String history = run(0, "store", "history", "--store", dir.toString());
        int epochs = Fixtures.tinyTraining().maxEpochs();
        assertTrue(history.contains("| " + nameA + " | ") && history.contains(" | 1-" + epochs + " | " + epochs + " | "), history);
        assertTrue(history.contains(String.format("%,d epochs computed on", 2 * epochs)), history);
        Path csv = store.dirOf(a).resolve("epochs.csv");
        String t = Files.readString(csv);
        Files.writeString(csv, t.substring(0, t.length() - 5));
        String check = run(1, "store", "check", "--store", dir.toString());
        assertTrue(check.contains(nameA + "  damaged") && check.contains("epochs.csv") && check.contains("1 damaged"), check);
        assertTrue(check.contains(nameB + "  done"), check);
        String repaired = run(0, "store", "repair", "--store", dir.toString(), "--run", nameA);
        assertTrue(repaired.contains("rewrote") && repaired.contains(nameA + "  done"), repaired);
        assertTrue(run(0, "store", "check", "--store", dir.toString()).contains("2 runs: 2 done"));
        String discarded = run(0, "store", "discard", "--store", dir.toString(), "--run", nameB);
        assertTrue(discarded.contains(".discarded"), discarded);
        assertFalse(Files.exists(dir.resolve(nameB)));
        assertTrue(run(0, "store", "check", "--store", dir.toString()).contains("1 runs: 1 done"));
        assertTrue(run(0, "store", "upgrade", "--store", dir.toString(), "--dry-run").contains("0 directories to rename"));
    }

    @Test
    void summarizeListsDamagedRunsAndKeepsTheHealthyOnesMetrics() throws Exception {
        RunStore store = RunStore.at(dir).withNotices(m -> {});
        RunSpec a = RunSpec.of(Fixtures.smallCondition(), "parity", Fixtures.tinyTraining(), 1);
        RunSpec b = a.withSeed(2), c = a.withSeed(3);
        try (FastEngine e = FastEngine.create(1)) {
            for (RunSpec s : new RunSpec[] {a, b, c}) store.run(s, e);
        }
        String healthyRow = run(0, "summarize", "--store", dir.toString(), "--no-save").lines()
                .filter(l -> l.contains("|     3  |")).findFirst().orElseThrow();
        Path spec = store.dirOf(a).resolve("spec.properties");
        Files.writeString(spec, Files.readString(spec).replace("seed=1", "seed=7"));     // an edited spec
        Path csv = store.dirOf(b).resolve("epochs.csv");
        Files.writeString(csv, Files.readString(csv).substring(0, Files.readString(csv).length() - 5)); // a cut table
        Files.createDirectories(dir.resolve("empty-run"));
        Files.writeString(dir.resolve("empty-run").resolve("spec.properties"), "");    // an empty spec
        String out = run(0, "summarize", "--store", dir.toString(), "--no-save");
        assertTrue(out.contains("DAMAGED empty-run: ") && out.contains("is empty"), out);
        assertTrue(out.contains("spec.properties was edited") && out.contains("does not match the checksum"), out);
        // the healthy run's row, t_half included, is what it was before the damage
        assertTrue(out.contains(healthyRow), out);
    }
}
