package org.cbrnn.spark;

import static org.cbrnn.testing.Fixtures.recordKey;
import static org.cbrnn.testing.Fixtures.smallCondition;
import static org.cbrnn.testing.Fixtures.tinyTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.cbrnn.experiment.LocalExecutor;
import org.cbrnn.experiment.RunLock;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 (a master and two one-core workers from the Maven-resolved Spark jars): a
 * sweep of short runs, one worker JVM and its executor killed with SIGKILL while their runs are mid-epoch, and the
 * sweep still completes with every run's records equal to an uninterrupted local sweep; the killed runs resumed from
 * their checkpoints on the other worker (no finished epoch lost or repeated).
 */
class SparkClusterIT {
    @TempDir
    Path dir;

    private static void log(long t0, String what) {
        System.out.printf("SparkClusterIT %5.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    @Test
    void aSweepSurvivesAWorkerKilledMidEpoch() throws Exception {
        Path appJar = Path.of(System.getProperty("cbrnn.spark.app.jar", "target/cbrnn-spark-app.jar"));
        Path sparkJars = Path.of(System.getProperty("cbrnn.spark.deps", "target/spark-deps"));
        assertTrue(Files.isRegularFile(appJar), "built by mvn package: " + appJar);
        // runs of 8 epochs of ~0.1-0.3 s: long enough to be caught mid-run, short enough for CI
        List<RunSpec> specs = new ArrayList<>();
        for (int s = 1; s <= 4; s++) specs.add(RunSpec.of(smallCondition(), "parity", tinyTraining().withStepsPerEpoch(30).withMaxEpochs(8), s));
        long t0 = System.nanoTime();
        List<RunResult> local = Sweep.of(specs).executor(LocalExecutor.of(2)).run(RunStore.at(dir.resolve("local")));
        log(t0, "local reference sweep done");

        Path storeDir = dir.resolve("shared-store");
        RunStore store = RunStore.at(storeDir);
        try (StandaloneCluster cluster = new StandaloneCluster(dir.resolve("cluster"), sparkJars, 2)) {
            log(t0, "cluster up: master and 2 workers registered");
            SparkExecutor spark;
            try {
                spark = SparkExecutor.builder().master(cluster.url()).jars(List.of(appJar.toAbsolutePath().toString()))
                        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                        .set("spark.executor.memory", "512m").set("spark.executor.extraJavaOptions", cluster.executorJavaOptions())
                        .poll(Duration.ofMillis(200)).start();
            } catch (RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nmaster log:\n" + cluster.log("master") + "\nworker1 log:\n" + cluster.log("worker1"), e);
            }
            try (spark) {
                // both executors up before the sweep, so runs go to both workers
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (spark.context().sc().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < until) Thread.sleep(100);
                assertEquals(3, spark.context().sc().statusTracker().getExecutorInfos().length, "driver + 2 executors");

                log(t0, "2 executors registered");
                CompletableFuture<List<RunResult>> sweep = CompletableFuture.supplyAsync(() -> Sweep.of(specs).executor(spark).run(store));
                // wait until a run written by worker 1's executor has finished two epochs and is still running
                Process victim = cluster.workers.get(0);
                Set<Long> victimPids = Set.of();
                RunSpec caught = null;
                int epochsAtKill = 0;
                until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (caught == null && System.nanoTime() < until && !sweep.isDone()) {
                    victimPids = cluster.executorsOf(victim).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
                    for (RunSpec s : specs) {
                        Optional<RunLock.Holder> h = RunLock.holder(store.dirOf(s));
                        if (h.isEmpty() || !victimPids.contains(h.get().pid())) continue;
                        int done = store.load(s).map(r -> r.records().size()).orElse(0);
                        if (done >= 2 && done < 7) {
                            caught = s;
                            epochsAtKill = done;
                        }
                    }
                    if (caught == null) Thread.sleep(20);
                }
                assertNotNull(caught, "no run of worker 1 was caught mid-run (executors " + victimPids + ")");
                List<Long> killed = cluster.killWorker(victim);
                log(t0, "SIGKILL of worker 1 and its executor " + killed + " while " + caught.id() + " had " + epochsAtKill + " epochs");
                List<RunResult> results = sweep.get();
                log(t0, "sweep done");

                assertEquals(specs.size(), results.size());
                for (int i = 0; i < specs.size(); i++) {
                    RunResult r = results.get(i);
                    assertTrue(r.complete(), specs.get(i).id() + ": " + r.error());
                    assertEquals(recordKey(local.get(i).records()), recordKey(r.records()), "run " + specs.get(i).id() + " equals the local run");
                    assertEquals(recordKey(local.get(i).records()), recordKey(store.load(specs.get(i)).orElseThrow().records()));
                }
                // the caught run was resumed, not restarted: a second session started at an epoch the first had finished
                List<String> sessions = Files.readAllLines(store.dirOf(caught).resolve("sessions.csv"));
                assertTrue(sessions.size() >= 3, "the killed run had a second session: " + sessions);
                int resumedAt = Integer.parseInt(sessions.get(sessions.size() - 1).split(",")[1]);
                assertTrue(resumedAt >= epochsAtKill, "resumed at epoch " + resumedAt + ", the kill came after epoch " + epochsAtKill
                        + " (killed pids " + killed + ")");
            }
        }
        // the teardown left no process of the cluster behind
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!StandaloneCluster.marked("-D" + StandaloneCluster.MARKER_PROPERTY + "=cbrnn-spark-it-").isEmpty() && System.nanoTime() < until) Thread.sleep(100);
        assertEquals(List.of(), StandaloneCluster.marked("-D" + StandaloneCluster.MARKER_PROPERTY + "=cbrnn-spark-it-").stream().map(ProcessHandle::pid).toList());
    }
}
