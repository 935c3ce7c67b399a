package org.cbrnn.spark;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.PortableRun;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one run's task started together (what a retried task next to a not-yet-dead first attempt looks
 * like): one trains, the other waits for the run's lock and then loads the finished run; the directory is written
 * by one session only, and the result equals an uninterrupted run.
 */
class TwoAttemptsTest {
    @TempDir
    Path dir;

    @Test
    void twoAttemptsOfOneRunNeverWriteItsDirectoryTogether() throws Exception {
        RunSpec spec = RunSpec.of(smallCondition(), "parity", tinyTraining().withMaxEpochs(6), 3);
        List<String> straight;
        try (FastEngine e = FastEngine.create(1)) {
            straight = recordKey(RunStore.at(dir.resolve("straight")).run(spec, e).records());
        }
        PortableRun run = RunStore.at(dir.resolve("shared")).portable(1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RunResult>> attempts = List.of(pool.submit(() -> {
                go.await();
                return RunTask.runHere(run, Duration.ofSeconds(60), spec);
            }), pool.submit(() -> {
                go.await();
                return RunTask.runHere(run, Duration.ofSeconds(60), spec);
            }));
            go.countDown();
            for (Future<RunResult> a : attempts) {
                RunResult r = a.get();
                assertTrue(r.complete(), "both attempts return the finished run: " + r.error());
                assertEquals(straight, recordKey(r.records()));
            }
        } finally {
            pool.shutdownNow();
        }
        Path runDir = RunStore.at(dir.resolve("shared")).dirOf(spec);
        List<String> sessions = Files.readAllLines(runDir.resolve("sessions.csv"));
        assertEquals(2, sessions.size(), "a header and one session: the second attempt never trained: " + sessions);
        assertTrue(sessions.get(1).split(",")[1].equals("0"), "the one session started at epoch 0: " + sessions);
        assertTrue(Files.notExists(runDir.resolve("LOCK")), "the lock is released");
        assertTrue(Files.exists(runDir.resolve("DONE")));
    }

    @Test
    void anAttemptLockedOutPastItsWaitIsReportedNotWritten() throws Exception {
        RunSpec spec = RunSpec.of(smallCondition(), "parity", tinyTraining().withMaxEpochs(2), 4);
        RunStore store = RunStore.at(dir);
        Path runDir = store.dirOf(spec);
        // a live holder: this very process (its lock is never stale while the process lives)
        try (org.cbrnn.experiment.RunLock held = org.cbrnn.experiment.RunLock.acquire(runDir, m -> {})) {
            RunResult r = RunTask.runHere(store.portable(1), Duration.ofSeconds(2), spec);
            assertTrue(r.failed() && r.error().startsWith("skipped:"), r.error());
            assertTrue(Files.notExists(runDir.resolve("FAILED")), "the holder's directory is left alone");
            assertTrue(Files.notExists(runDir.resolve("epochs.csv")));
        }
    }
}
