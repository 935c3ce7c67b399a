package org.cbrnn.spark;

import org.cbrnn.experiment.SweepExecutor;
import org.cbrnn.experiment.SweepExecutorProvider;

/**
 * {@code --executor spark}: found by {@link java.util.ServiceLoader}. Refers to Spark only inside {@link #open}, so a
 * class path with this module but without Spark gets a clear error instead of a {@link NoClassDefFoundError}.
 */
public final class SparkExecutorProvider implements SweepExecutorProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SweepExecutor open(String master, int parallelRuns) {
        try {
            Class.forName("org.apache.spark.SparkConf", false, SparkExecutorProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--executor spark: Apache Spark is not on the class path. Start through ./cbrnn (which adds"
                    + " spark/target/spark-deps), or with spark-submit on a cluster (README, 'Running on a cluster').");
        }
        SparkExecutor.Builder b = SparkExecutor.builder();
        // spark-submit passes its --master as the system property spark.master; without either, as many local task
        // slots as --parallel
        if (master != null) b.master(master);
        else if (System.getProperty("spark.master") == null) b.master("local[" + parallelRuns + "]");
        return b.start();
    }
}
