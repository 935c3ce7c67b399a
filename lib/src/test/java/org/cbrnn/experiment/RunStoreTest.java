package org.cbrnn.experiment;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path dir;

    @Test
    void finishedRunsAreLoadedNotRetrained() {
        RunStore store = RunStore.at(dir);
        RunSpec spec = RunSpec.of(smallCondition(), "parity", tinyTraining(), 1);
        try (FastEngine e = FastEngine.create(1)) {
            RunResult a = store.run(spec, e);
            assertEquals(5, a.records().size());
            assertTrue(Files.exists(store.dirOf(spec).resolve("DONE")));
            AtomicInteger epochs = new AtomicInteger();
            RunResult b = store.run(spec, e, r -> epochs.incrementAndGet());
            assertEquals(0, epochs.get(), "a complete run is not trained again");
            assertEquals(recordKey(a.records()), recordKey(b.records()));
            assertTrue(store.model(spec).isPresent());
        }
    }

    @Test
    void interruptedRunResumesFromItsCheckpointIdentically() {
        RunSpec spec = RunSpec.of(smallCondition(), "dms", tinyTraining(), 7);
        List<String> straight;
        try (FastEngine e = FastEngine.create(1)) {
            straight = recordKey(RunStore.at(dir.resolve("a")).run(spec, e).records());
        }
        RunStore store = RunStore.at(dir.resolve("b"));
        try (FastEngine e = FastEngine.create(1)) {
            AtomicInteger n = new AtomicInteger();
            // interrupt the training thread after 2 epochs, as a notebook stop button would
            RunResult partial = store.run(spec, e, new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    if (n.incrementAndGet() == 2) Thread.currentThread().interrupt();
                }
            });
            assertTrue(Thread.interrupted());
            assertEquals(TrainingResult.StopReason.INTERRUPTED, partial.stop());
            assertFalse(Files.exists(store.dirOf(spec).resolve("DONE")));
            assertEquals(2, store.load(spec).orElseThrow().records().size(), "finished epochs are kept");
            RunResult resumed = store.run(spec, e);
            assertTrue(resumed.resumed());
            assertEquals(straight, recordKey(resumed.records()));
        }
    }

    @Test
    void corruptedCheckpointIsRejected() throws IOException {
        RunSpec spec = RunSpec.of(smallCondition(), "parity", tinyTraining().withMaxEpochs(1), 2);
        RunStore store = RunStore.at(dir);
        try (FastEngine e = FastEngine.create(1)) {
            store.run(spec, e);
        }
        // a finished run keeps its last state as final-state.bin (checkpoint.bin exists only while it is unfinished)
        assertFalse(Files.exists(store.dirOf(spec).resolve("checkpoint.bin")));
        Path ck = store.dirOf(spec).resolve("final-state.bin");
        byte[] b = Files.readAllBytes(ck);
        b[b.length / 3] ^= 1;
        Files.write(ck, b);
        IOException ex = assertThrows(IOException.class, () -> RunStore.readCheckpoint(ck));
        assertTrue(ex.getMessage().contains("corrupted"));
    }

    @Test
    void sweepRunsEverySpecAndReusesFinishedOnes() {
        List<RunSpec> specs = List.of(RunSpec.of(smallCondition(), "parity", tinyTraining(), 1), RunSpec.of(smallCondition(), "parity", tinyTraining(), 2),
                RunSpec.of(smallCondition(), "dms", tinyTraining(), 1));
        List<RunResult> r = Sweep.of(specs).parallelRuns(2).run(RunStore.at(dir));
        assertEquals(3, r.size());
        for (int i = 0; i < 3; i++) assertEquals(specs.get(i), r.get(i).spec());
        assertEquals(3, RunStore.at(dir).loadAll().size());
        var summary = ResultTables.summary(r, ResultTables.globalMax(r));
        assertEquals(2, summary.rowCount());
    }

    @Test
    void specRoundTripsAndIdsDiffer() {
        RunSpec a = RunSpec.of(Condition.interleavedReservoir("dms"), "dms", TrainingConfig.paper(), 3);
        assertEquals(a, RunSpec.fromProperties(a.toProperties()));
        assertFalse(a.id().equals(a.withSeed(4).id()));
        assertFalse(a.id().equals(a.withTraining(tinyTraining()).id()));
    }

    @Test
    void epochCsvRoundTripsExactly() {
        RunSpec spec = RunSpec.of(smallCondition(), "parity", tinyTraining().withMaxEpochs(3), 5);
        try (FastEngine e = FastEngine.create(1)) {
            List<EpochRecord> recs = RunStore.at(dir).run(spec, e).records();
            assertEquals(recs, EpochTables.fromCsv(EpochTables.toCsv(recs)));
            assertEquals(3, EpochTables.toTable("t", recs).rowCount());
        }
    }
}
