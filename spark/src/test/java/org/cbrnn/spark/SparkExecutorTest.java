package org.cbrnn.spark;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.LocalExecutor;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkExecutor on {@code local[2]}: the same records as LocalExecutor, failures recorded, progress and ends reported. */
class SparkExecutorTest {
    static SparkExecutor spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkExecutor.builder().master("local[2]").poll(Duration.ofMillis(100)).start();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.close();
    }

    static List<RunSpec> specs(int n) {
        List<RunSpec> out = new ArrayList<>();
        for (int s = 1; s <= n; s++) out.add(RunSpec.of(smallCondition(), s % 2 == 0 ? "dms" : "parity", tinyTraining().withMaxEpochs(4), s));
        return out;
    }

    @Test
    void localTwoGivesTheRecordsOfLocalExecutorBitForBit() throws Exception {
        List<RunSpec> specs = specs(4);
        List<RunResult> local = Sweep.of(specs).executor(LocalExecutor.of(2)).run(RunStore.at(dir.resolve("local")));
        Map<String, Integer> epochsSeen = new ConcurrentHashMap<>();
        List<String> ended = java.util.Collections.synchronizedList(new ArrayList<>());
        RunStore store = RunStore.at(dir.resolve("spark"));
        List<RunResult> viaSpark = Sweep.of(specs).executor(spark).listeners(s -> (TrainingListener) (EpochRecord r) -> epochsSeen.merge(s.id(), 1, Integer::sum))
                .onRunEnd(r -> ended.add(r.spec().id())).run(store);
        assertEquals(specs.size(), viaSpark.size());
        for (int i = 0; i < specs.size(); i++) {
            assertTrue(viaSpark.get(i).complete(), viaSpark.get(i).toString());
            assertEquals(4, viaSpark.get(i).records().size());
            assertEquals(recordKey(local.get(i).records()), recordKey(viaSpark.get(i).records()), "run " + specs.get(i).id());
            // what the driver collected is what the worker stored
            assertEquals(recordKey(store.load(specs.get(i)).orElseThrow().records()), recordKey(viaSpark.get(i).records()));
            assertEquals(4, epochsSeen.get(specs.get(i).id()), "every epoch reached the driver's listener once");
            assertTrue(Files.exists(store.dirOf(specs.get(i)).resolve("DONE")));
        }
        assertEquals(specs.stream().map(RunSpec::id).sorted().toList(), ended.stream().sorted().toList(), "each run ended once");
        // a second sweep loads the finished runs from the store
        List<RunResult> again = Sweep.of(specs).executor(spark).run(store);
        for (int i = 0; i < specs.size(); i++) assertEquals(recordKey(local.get(i).records()), recordKey(again.get(i).records()));
    }

    @Test
    void aThrowingRunIsRecordedFailedAndTheSweepGoesOn() {
        List<RunSpec> specs = new ArrayList<>(specs(2));
        RunSpec broken = specs.get(0).toBuilder().task("no-such-task").build();
        specs.add(1, broken);
        RunStore store = RunStore.at(dir);
        List<RunResult> results = Sweep.of(specs).executor(spark).run(store);
        assertEquals(3, results.size());
        assertTrue(results.get(1).failed());
        assertTrue(results.get(1).error().contains("no-such-task"), results.get(1).error());
        assertTrue(Files.exists(store.dirOf(broken).resolve("FAILED")), "the failure is in the run's FAILED file");
        assertTrue(results.get(0).complete());
        assertTrue(results.get(2).complete());
        assertEquals(RunResult.Status.FAILED, store.load(broken).orElseThrow().status());
    }

    @Test
    void refusesJobsItCannotShip() {
        List<RunSpec> specs = specs(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.of(specs).executor(spark).engines(s -> FastEngine.create(1)).run(RunStore.at(dir)));
        assertTrue(e.getMessage().contains("custom engines"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spark.execute(specs, s -> null));
        assertTrue(e.getMessage().contains("jobs of a Sweep"), e.getMessage());
    }

    @Test
    void anUnreachableMasterFailsFastNamingIt() {
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkExecutor.builder().master("spark://127.0.0.1:1").connectTimeout(Duration.ofSeconds(2)).start());
        assertTrue(e.getMessage().contains("spark://127.0.0.1:1") && e.getMessage().contains("cannot reach"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "fails within the timeout, before any Spark context");
    }

    @Test
    void resultTextRoundTripsExactly() {
        RunSpec spec = specs(1).get(0);
        RunResult r;
        try (FastEngine e = FastEngine.create(1)) {
            r = RunStore.at(dir).run(spec, e);
        }
        RunResult back = ResultText.decode(spec, ResultText.encode(r));
        assertEquals(recordKey(r.records()), recordKey(back.records()));
        assertEquals(r.stop(), back.stop());
        assertFalse(back.failed());
        RunResult failed = ResultText.decode(spec, ResultText.encode(RunResult.failed(spec, r.records(), "Boom: line 1\nline 2")));
        assertNotNull(failed.error());
        assertEquals("Boom: line 1 line 2", failed.error());
        assertEquals(spec, RunSpec.fromText(spec.toText()));
    }
}
