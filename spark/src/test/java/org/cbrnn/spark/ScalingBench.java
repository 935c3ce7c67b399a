package org.cbrnn.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cbrnn.experiment.Condition;
import org.cbrnn.experiment.LocalExecutor;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.experiment.SweepExecutor;
import org.cbrnn.train.TrainingConfig;

/**
 * The scaling benchmark of the Spark executor (not a test; {@code spark/bench.sh} runs it): the same sweep of 8 short
 * runs (paper-size CB-RNN on parity, {@code EPOCHS} epochs of {@code STEPS} steps) on LocalExecutor with 1 and 2
 * threads, on Spark's {@code local[1]} and {@code local[2]} (tasks in this JVM), and on a standalone cluster on 127.0.0.1 of 1 worker x 1 core and of 2 workers x 1 core. Prints wall times
 * (cluster and context start-up excluded and reported apart), the speed-up from 1 to 2 workers, and Spark's
 * overhead per run against LocalExecutor. Every sweep writes a fresh store, and every run's records are checked
 * equal across the configurations.
 */
public final class ScalingBench {
    private ScalingBench() {}

    public static void main(String[] args) throws Exception {
        int epochs = Integer.getInteger("epochs", 3), steps = Integer.getInteger("steps", 20);
        Path appJar = Path.of(System.getProperty("cbrnn.spark.app.jar", "spark/target/cbrnn-spark-app.jar")).toAbsolutePath();
        Path sparkJars = Path.of(System.getProperty("cbrnn.spark.deps", "spark/target/spark-deps")).toAbsolutePath();
        Path tmp = Files.createTempDirectory("cbrnn-spark-bench");
        List<RunSpec> specs = new ArrayList<>();
        TrainingConfig t = TrainingConfig.paper().withMaxEpochs(epochs).withStepsPerEpoch(steps);
        for (int s = 1; s <= 8; s++) specs.add(RunSpec.of(Condition.cbRnn(), "parity", t, s));
        System.out.printf(Locale.ROOT, "sweep: 8 runs of %s, %d epochs x %d steps, one engine thread per run; %d cores on this machine%n",
                specs.get(0).id().replaceAll("__s1__.*", ""), epochs, steps, Runtime.getRuntime().availableProcessors());

        List<List<String>> reference = new ArrayList<>();
        double local1 = time("local, 1 run at a time", LocalExecutor.of(1), specs, tmp.resolve("local1"), reference);
        double local2 = time("local, 2 runs at a time", LocalExecutor.of(2), specs, tmp.resolve("local2"), reference);
        double[] inJvm = new double[3];
        for (int n = 1; n <= 2; n++) {
            try (SparkExecutor ex = SparkExecutor.builder().master("local[" + n + "]").start()) {
                inJvm[n] = time("spark local[" + n + "] (executor in this JVM)", ex, specs, tmp.resolve("sparklocal" + n), reference);
            }
        }
        double[] spark = new double[3];
        for (int workers = 1; workers <= 2; workers++) {
            try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("cluster" + workers), sparkJars, workers)) {
                long t0 = System.nanoTime();
                try (SparkExecutor ex = SparkExecutor.builder().master(cluster.url()).jars(List.of(appJar.toString()))
                        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.executor.memory", "512m")
                        .set("spark.executor.extraJavaOptions", cluster.executorJavaOptions()).start()) {
                    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (ex.context().sc().statusTracker().getExecutorInfos().length < workers + 1 && System.nanoTime() < until) Thread.sleep(50);
                    System.out.printf(Locale.ROOT, "  spark context and %d executor(s) up in %.2f s (not in the sweep's time)%n", workers,
                            (System.nanoTime() - t0) / 1e9);
                    spark[workers] = time("spark, " + workers + " worker(s) x 1 core", ex, specs, tmp.resolve("spark" + workers), reference);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nspeed-up 1 -> 2 workers: %.2fx;  local 1 -> 2 threads: %.2fx%n", spark[1] / spark[2], local1 / local2);
        System.out.printf(Locale.ROOT, "Spark's overhead per run in one JVM (local[1] vs 1 at a time): %.0f ms; (local[2] vs 2 at a time): %.0f ms%n",
                (inJvm[1] - local1) / specs.size() * 1000, (inJvm[2] - local2) / specs.size() * 1000);
        System.out.printf(Locale.ROOT, "Spark's overhead per run (1 worker x 1 core vs local, 1 at a time): %.0f ms (%+.1f%%)%n",
                (spark[1] - local1) / specs.size() * 1000, 100 * (spark[1] / local1 - 1));
        System.out.printf(Locale.ROOT, "Spark's overhead per run (2 workers x 1 core vs local, 2 at a time): %.0f ms (%+.1f%%)%n",
                (spark[2] - local2) / specs.size() * 1000, 100 * (spark[2] / local2 - 1));
        try (java.util.stream.Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static double time(String what, SweepExecutor ex, List<RunSpec> specs, Path store, List<List<String>> reference) {
        long t0 = System.nanoTime();
        List<RunResult> rs = Sweep.of(specs).executor(ex).run(RunStore.at(store).withNotices(m -> {}));
        double s = (System.nanoTime() - t0) / 1e9;
        List<List<String>> keys = rs.stream().map(r -> org.cbrnn.testing.Fixtures.recordKey(r.records())).toList();
        if (rs.size() != specs.size() || !rs.stream().allMatch(RunResult::complete)) throw new IllegalStateException(what + ": not every run completed");
        if (reference.isEmpty()) reference.addAll(keys);
        else if (!reference.equals(keys)) throw new IllegalStateException(what + ": records differ from the first configuration's");
        System.out.printf(Locale.ROOT, "%-40s %7.2f s wall  (%.2f s per run)%n", what, s, s / specs.size());
        return s;
    }
}
