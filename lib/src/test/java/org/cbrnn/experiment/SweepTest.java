package org.cbrnn.experiment;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.StepResult;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
import org.cbrnn.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    @TempDir
    Path dir;

    static final TrainingConfig TINY = tinyTraining().withMaxEpochs(3);

    /** An engine that fails on its first training step, as a diverging or buggy variant would. */
    static final class ExplodingEngine implements Engine {
        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public StepResult gradients(Model model, Batch batch, float[] h0, Set<Module> trainable, float[][] gradients) {
            throw new IllegalStateException("boom at the first step");
        }

        @Override
        public StepResult evaluate(Model model, Batch batch, float[] h0, boolean cerebellumEnabled) {
            throw new IllegalStateException("boom at evaluation");
        }

        @Override
        public void close() {}
    }

    @Test
    void aFailingRunIsRecordedAndTheOthersFinish() throws Exception {
        List<RunSpec> specs = List.of(RunSpec.of(smallCondition(), "parity", TINY, 1), RunSpec.of(smallCondition(), "parity", TINY, 2),
                RunSpec.of(smallCondition(), "dms", TINY, 1));
        RunSpec bad = specs.get(1);
        Function<RunSpec, Engine> engines = s -> s.equals(bad) ? new ExplodingEngine() : FastEngine.create(1);
        List<RunResult> ended = Collections.synchronizedList(new ArrayList<>());
        RunStore store = RunStore.at(dir);
        List<RunResult> r = Sweep.of(specs).parallelRuns(2).engines(engines).onRunEnd(ended::add).run(store);
        assertEquals(3, r.size());
        assertEquals(3, ended.size(), "every run reports its end, the failed one too");
        assertTrue(r.get(0).complete() && r.get(2).complete());
        assertTrue(r.get(1).failed());
        assertTrue(r.get(1).error().contains("boom at the first step"), r.get(1).error());
        Path failed = store.dirOf(bad).resolve("FAILED");
        assertTrue(Files.readString(failed).contains("IllegalStateException: boom at the first step"));
        // the summary leaves the failed run out of the means; the per-run table lists it
        var perRun = ResultTables.perRun(r, ResultTables.globalMax(r));
        assertEquals("failed", perRun.stringColumn("status").get(1));
        assertEquals(1, ResultTables.summary(r, ResultTables.globalMax(r)).intColumn("n").get(0));
        assertTrue(store.load(bad).orElseThrow().failed());

        // retried with a working engine, the run completes and its FAILED file goes away
        List<RunResult> again = Sweep.of(specs).parallelRuns(2).run(store);
        assertTrue(again.stream().allMatch(RunResult::complete));
        assertFalse(Files.exists(failed));
    }

    @Test
    void theExecutorIsASeam() {
        List<RunSpec> specs = SweepGrid.builder().training(TINY).conditions("cbrnn").seeds(1, 2).build().specs().stream()
                .map(s -> new RunSpec("small", s.task(), smallCondition().model(), s.schedule(), s.curriculum(), s.training(), s.seed()))
                .toList();
        List<String> seen = new ArrayList<>();
        // a trivial in-order executor, standing in for a distributed one: it sees specs and a job, nothing else
        SweepExecutor inOrder = new SweepExecutor() {
            @Override
            public List<RunResult> execute(List<RunSpec> ss, Function<RunSpec, RunResult> job) {
                List<RunResult> out = new ArrayList<>();
                for (RunSpec s : ss) {
                    seen.add(s.id());
                    out.add(job.apply(RunSpec.fromProperties(s.toProperties()))); // as if shipped as text
                }
                return out;
            }

            @Override
            public String describe() {
                return "in order";
            }
        };
        List<RunResult> viaSeam = Sweep.of(specs).executor(inOrder).run(RunStore.at(dir.resolve("a")));
        List<RunResult> local = Sweep.of(specs).executor(LocalExecutor.of(2)).run(RunStore.at(dir.resolve("b")));
        assertEquals(specs.stream().map(RunSpec::id).toList(), seen);
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(recordKey(local.get(i).records()), recordKey(viaSeam.get(i).records()), "same results on either executor");
        }
    }

    @Test
    void anInterruptedSweepKeepsFinishedEpochsAndResumes() throws Exception {
        List<RunSpec> specs = List.of(RunSpec.of(smallCondition(), "parity", tinyTraining().withMaxEpochs(40), 3),
                RunSpec.of(smallCondition(), "dms", tinyTraining().withMaxEpochs(40), 3));
        RunStore store = RunStore.at(dir);
        List<RunResult> partial = new ArrayList<>();
        // interrupt on the event itself: the first run has finished three epochs
        CountDownLatch threeEpochs = new CountDownLatch(3);
        Sweep sweep = Sweep.of(specs).parallelRuns(1)
                .listeners(s -> s.equals(specs.get(0)) ? rec -> threeEpochs.countDown() : null);
        Thread t = new Thread(() -> partial.addAll(sweep.run(store)));
        t.start();
        boolean reached = threeEpochs.await(60, TimeUnit.SECONDS);
        t.interrupt();
        t.join(60_000);
        assertTrue(reached, "the first run did not finish 3 epochs within 60 s");
        assertFalse(t.isAlive());
        assertEquals(1, partial.size(), "the started run is returned with its finished epochs; the queued one had none");
        assertFalse(partial.get(0).complete());
        assertNull(store.load(specs.get(1)).orElse(null), "the queued run was not started");
        List<RunResult> resumed = Sweep.of(specs).parallelRuns(2).run(store);
        List<RunResult> straight = Sweep.of(specs).parallelRuns(2).run(RunStore.at(dir.resolve("straight")));
        for (int i = 0; i < 2; i++) assertEquals(recordKey(straight.get(i).records()), recordKey(resumed.get(i).records()));
    }

    @Test
    void repeatedSpecsAreRefused() {
        RunSpec s = RunSpec.of(smallCondition(), "parity", TINY, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Sweep.of(List.of(s, s)));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    }
}
