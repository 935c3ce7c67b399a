package org.cbrnn.experiment;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and damage: a run killed with SIGKILL at several points, stale temporaries of cut-short writes, a table one
 * epoch behind its checkpoint, and damaged or edited files. Resumed runs must equal an uninterrupted run of the same
 * spec record for record (everything but wall time), with no epoch lost or repeated.
 */
class RunStoreCrashTest {
    /** Long enough epochs (40 steps) that a kill lands in the middle of one; a low bar so levels advance. */
    static final TrainingConfig CFG = tinyTraining().withStepsPerEpoch(40).withMaxEpochs(24).withAdvanceThreshold(60);

    static RunSpec spec() {
        return RunSpec.of(smallCondition(), "parity", CFG, 11);
    }

    @TempDir
    static Path shared;
    static List<String> straight;

    @TempDir
    Path dir;

    @BeforeAll
    static void uninterrupted() {
        try (FastEngine e = FastEngine.create(1)) {
            straight = recordKey(RunStore.at(shared.resolve("straight")).run(spec(), e).records());
        }
        assertEquals(CFG.maxEpochs(), straight.size());
    }

    @Test
    void killedWithSigkillAtSeveralPointsResumesWithNothingLostOrRepeated() throws Exception {
        Path store = dir.resolve("store");
        Path runDir = RunStore.at(store).dirOf(spec());
        List<Integer> killedAfter = new ArrayList<>();
        for (int waitFor : new int[] {2, 7, 13}) {
            Process p = child(store);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("epoch " + waitFor)) break;
                }
                assertTrue(line != null, "child ended before epoch " + waitFor);
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(runDir.resolve("DONE")), "a killed run is not complete");
            List<EpochRecord> sofar = RunStore.at(store).load(spec()).orElseThrow().records();
            // the table holds consecutive epochs from 1 (checked by the parser) and agrees with the straight run
            assertEquals(straight.subList(0, sofar.size()), recordKey(sofar));
            assertTrue(sofar.size() >= waitFor - 1, "at most the epoch being written when killed is missing from the table");
            assertTrue(sofar.size() < CFG.maxEpochs(), "killed before the end");
            killedAfter.add(sofar.size());
            System.out.printf("SIGKILL after reading 'epoch %d': the table holds %d epochs%n", waitFor, sofar.size());
        }
        RunResult resumed;
        try (FastEngine e = FastEngine.create(1)) {
            resumed = RunStore.at(store).run(spec(), e);
        }
        assertTrue(resumed.complete());
        assertEquals(straight, recordKey(resumed.records()), "killed three times, the run equals the uninterrupted one");
        assertEquals(straight, recordKey(EpochTables.fromCsv(Files.readString(runDir.resolve("epochs.csv")))));
        // one session row per start: the first plus three resumptions, each from at least the epochs in the table
        List<String> sessions = Files.readAllLines(runDir.resolve("sessions.csv"));
        assertEquals(5, sessions.size(), String.join("\n", sessions));
        for (int i = 0; i < 3; i++) {
            int resumedAt = Integer.parseInt(sessions.get(i + 2).split(",")[1]);
            assertTrue(resumedAt >= killedAfter.get(i), "session " + (i + 2) + " resumed at " + resumedAt + ", table had " + killedAfter.get(i));
        }
    }

    private static Process child(Path store) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void staleTemporariesAndATableOneEpochBehindAreRepaired() throws IOException {
        RunStore store = RunStore.at(dir);
        Path runDir = store.dirOf(spec());
        stopAfter(store, 5);
        // a crash during a write leaves a temporary file; a crash between the checkpoint and the table leaves the
        // table one epoch behind the checkpoint
        Files.writeString(runDir.resolve(".epochs.csv.123.tmp"), "epoch,level,pha");
        Files.write(runDir.resolve(".checkpoint.bin.456.tmp"), new byte[] {1, 2, 3});
        List<String> lines = Files.readAllLines(runDir.resolve("epochs.csv"));
        Files.write(runDir.resolve("epochs.csv"), lines.subList(0, lines.size() - 1));
        assertEquals(4, store.load(spec()).orElseThrow().records().size());
        try (FastEngine e = FastEngine.create(1)) {
            assertEquals(straight, recordKey(store.run(spec(), e).records()));
        }
        try (Stream<Path> s = Files.list(runDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "stale temporaries are removed");
        }
        assertEquals(straight, recordKey(EpochTables.fromCsv(Files.readString(runDir.resolve("epochs.csv")))));
    }

    @Test
    void levelCheckpointsAreWrittenForEverySolvedLevel() throws IOException {
        RunStore store = RunStore.at(dir);
        RunResult r;
        try (FastEngine e = FastEngine.create(1)) {
            r = store.run(spec(), e);
        }
        List<EpochRecord> solved = r.records().stream().filter(EpochRecord::solved).toList();
        assertTrue(solved.size() >= 2, "the 60% threshold solves at least two levels in 24 epochs, solved: " + solved.size());
        for (EpochRecord s : solved) {
            assertTrue(store.modelAtLevel(spec(), s.level()).isPresent(), "level " + s.level());
        }
        assertTrue(store.modelAtLevel(spec(), 99).isEmpty());
        assertTrue(Files.exists(store.dirOf(spec()).resolve("model.bin")));
        String info = Files.readString(store.dirOf(spec()).resolve("run.properties"));
        assertTrue(info.contains("version=") && !info.contains("version=unknown"), "the Maven-filtered version is recorded: " + info);
        assertTrue(info.contains("engine=fast") && info.contains("cpus="), info);
    }

    @Test
    void damagedOrEditedFilesAreReportedNeverUsed() throws IOException {
        RunStore store = RunStore.at(dir);
        RunSpec done = spec().withTraining(CFG.withMaxEpochs(3));
        try (FastEngine e = FastEngine.create(1)) {
            store.run(done, e);
        }
        Path csv = store.dirOf(done).resolve("epochs.csv");
        String good = Files.readString(csv);
        // a finished run's table cut short (e.g. a copy interrupted): the DONE checksum catches it
        Files.writeString(csv, good.substring(0, good.length() - 30));
        var ex = assertThrows(RunStore.CorruptRunException.class, () -> store.load(done));
        assertTrue(ex.getMessage().contains("does not match the checksum"), ex.getMessage());
        // loadAll reports it as a failed run instead of dropping or using it
        RunResult listed = store.loadAll().get(0);
        assertTrue(listed.failed() && listed.error().startsWith("corrupt:"), listed.error());
        Files.writeString(csv, good);
        assertEquals(3, store.load(done).orElseThrow().records().size());

        // a partial run with a damaged checkpoint: resuming refuses and names the file (the run must compute its
        // epochs itself here, not start from the finished run's shared prefix)
        stopAfter(store.withBranching(true, false), 2);
        Path ck = store.dirOf(spec()).resolve("checkpoint.bin");
        byte[] b = Files.readAllBytes(ck);
        Files.write(ck, java.util.Arrays.copyOf(b, b.length / 2));
        try (FastEngine e = FastEngine.create(1)) {
            ex = assertThrows(RunStore.CorruptRunException.class, () -> store.run(spec(), e));
        }
        assertTrue(ex.getMessage().contains("checkpoint.bin cannot be used"), ex.getMessage());

        // an edited spec: the directory no longer holds the spec its name says
        Path sp = store.dirOf(done).resolve("spec.properties");
        Files.writeString(sp, Files.readString(sp).replace("training.coreLr=0.05", "training.coreLr=0.5"));
        ex = assertThrows(RunStore.CorruptRunException.class, () -> store.load(done));
        assertTrue(ex.getMessage().contains("training.coreLr: stored '0.5', wanted '0.05'"), ex.getMessage());

        // a table with a repeated epoch
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> EpochTables.fromCsv(good + good.lines().skip(3).findFirst().orElseThrow() + "\n"));
        assertTrue(dup.getMessage().contains("expected 4"), dup.getMessage());
    }

    /** Runs {@link #spec()} and interrupts it after {@code epochs} epochs (as a stop button would). */
    private static void stopAfter(RunStore store, int epochs) {
        try (FastEngine e = FastEngine.create(1)) {
            RunResult r = store.run(spec(), e, new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord rec) {
                    if (rec.epoch() == epochs) Thread.currentThread().interrupt();
                }
            });
            assertTrue(Thread.interrupted());
            assertEquals(epochs, r.records().size());
        }
    }
}
