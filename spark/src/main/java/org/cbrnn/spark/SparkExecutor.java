package org.cbrnn.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.cbrnn.experiment.PortableRun;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.SweepExecutor;
import org.cbrnn.experiment.SweepJob;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.util.Check;

/**
 * Runs a sweep's runs as Apache Spark tasks: one Spark job of one task per run, the spec shipped as its canonical
 * text ({@link RunSpec#toText()}), each task training single-threaded ({@code spark.task.cpus = 1}) into the sweep's
 * run store, whose path must name the same directory on the driver and every worker (a shared file system). The
 * driver collects each run's result as its job ends, and shows progress by reading the epochs the workers write
 * into the store, so the sweep's progress bar and summary are those of a local sweep.
 *
 * <p>Faults:
 * <ul>
 *   <li>a run that throws is recorded as FAILED (its {@code FAILED} file and a failed result) inside its task, which
 *       returns normally: the other runs go on;</li>
 *   <li>a task lost with its executor or worker is retried by Spark (standalone: up to {@code spark.task.maxFailures},
 *       default 4; local mode: {@code local[N,TRIES]}); the retry resumes the run from its last checkpoint in the
 *       store, so no finished epoch is lost or repeated;</li>
 *   <li>two attempts of one run never write its directory at once: each holds the run's {@code RunLock} while
 *       writing; an attempt that finds the lock held by a live earlier attempt waits (up to {@code lockWait}) until it
 *       is released or stale (the holder's process gone on the same machine, or no heartbeat for
 *       {@code RunLock.STALE_AFTER} from another host);</li>
 *   <li>if the driver stops, running tasks are cancelled (they keep their checkpoints) and the same command resumes.</li>
 * </ul>
 * Spark is a {@code provided} dependency: {@code spark-submit} brings it on a cluster; {@code ./cbrnn} adds the
 * module's copy for a local master or a standalone cluster.
 */
public final class SparkExecutor implements SweepExecutor, AutoCloseable {
    private final JavaSparkContext sc;
    private final String master;
    private final Duration lockWait;
    private final Duration poll;

    private SparkExecutor(JavaSparkContext sc, String master, Duration lockWait, Duration poll) {
        this.sc = sc;
        this.master = master;
        this.lockWait = lockWait;
        this.poll = poll;
    }

    /** Settings of a {@link SparkExecutor}; {@link #start()} connects. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable staging for a {@link SparkExecutor}. */
    public static final class Builder {
        private String master;
        private String appName = "cbrnn sweep";
        private List<String> jars;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration registerTimeout = Duration.ofSeconds(60);
        private Duration lockWait = Duration.ofMinutes(10);
        private Duration poll = Duration.ofMillis(500);

        private Builder() {}

        /** {@code local[N]}, {@code local[N,TRIES]} or {@code spark://host:port}; default: spark-submit's, else {@code local[*]}. */
        public Builder master(String master) {
            this.master = Check.notNull("master", master);
            return this;
        }

        public Builder appName(String name) {
            this.appName = Check.notNull("name", name);
            return this;
        }

        /** Jars the executors load (default: spark-submit's, else the jar this class was loaded from). */
        public Builder jars(List<String> jars) {
            this.jars = List.copyOf(Check.notNull("jars", jars));
            return this;
        }

        /** Any other Spark setting, e.g. {@code spark.executor.memory}. */
        public Builder set(String key, String value) {
            conf.put(Check.notNull("key", key), Check.notNull("value", value));
            return this;
        }

        /** How long to try to open a connection to a standalone master before failing (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /** How long to wait for the first executor to register (default 60 s). */
        public Builder registerTimeout(Duration d) {
            this.registerTimeout = positive("registerTimeout", d);
            return this;
        }

        /** How long a task waits for a run locked by a live earlier attempt (default 10 min, above {@code RunLock.STALE_AFTER}). */
        public Builder lockWait(Duration d) {
            this.lockWait = positive("lockWait", d);
            return this;
        }

        /** How often the driver reads the store for progress (default 0.5 s). */
        public Builder poll(Duration d) {
            this.poll = positive("poll", d);
            return this;
        }

        private static Duration positive(String name, Duration d) {
            Check.notNull(name, d);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
            return d;
        }

        /**
         * Connects to the master and waits until an executor can take tasks.
         *
         * @throws IllegalArgumentException naming the master if it cannot be reached within the connect timeout, or no
         *                                  executor registers within the register timeout
         */
        public SparkExecutor start() {
            SparkConf c = new SparkConf().setAppName(appName);
            if (master != null) c.setMaster(master);
            else if (!c.contains("spark.master")) c.setMaster("local[*]");
            String m = c.get("spark.master");
            if (m.startsWith("spark://")) checkReachable(m, connectTimeout);
            // one single-threaded run per core; a straggler is a long run, not a slow machine: never run it twice
            c.setIfMissing("spark.task.cpus", "1");
            c.set("spark.speculation", "false");
            c.setIfMissing("spark.ui.enabled", "false");
            // executors use the same SIMD kernels as a local run (the Vector API module), so records are the same
            c.setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector -Djava.awt.headless=true");
            c.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
            if (m.startsWith("local")) {
                // one JVM: listen on loopback only (Spark would otherwise bind the address the host name resolves to)
                c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
                c.setIfMissing("spark.driver.host", "127.0.0.1");
            }
            conf.forEach(c::set);
            if (jars != null) c.setJars(jars.toArray(String[]::new));
            else if (!c.contains("spark.jars") && !m.startsWith("local")) {
                String[] own = JavaSparkContext.jarOfClass(SparkExecutor.class);
                if (own.length == 0) {
                    throw new IllegalArgumentException("--master " + m + ": the executors need the application jar, but cbrnn runs from class"
                            + " directories; build spark/target/cbrnn-spark-app.jar (mvn -pl spark -am package) and start from it");
                }
                c.setJars(own);
            }
            JavaSparkContext sc = new JavaSparkContext(c);
            try {
                if (!m.startsWith("local")) awaitExecutor(sc, m, registerTimeout);
            } catch (RuntimeException e) {
                sc.stop();
                throw e;
            }
            return new SparkExecutor(sc, m, lockWait, poll);
        }
    }

    /** Fails fast, naming the master, if none of its host:port addresses accepts a connection. */
    static void checkReachable(String master, Duration timeout) {
        List<String> errors = new ArrayList<>();
        for (String hp : master.substring("spark://".length()).split(",")) {
            int colon = hp.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("--master " + master + ": '" + hp + "' needs host:port");
            String host = hp.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--master " + master + ": port of '" + hp + "' is not a number");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return;
            } catch (IOException e) {
                errors.add(hp + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("--master " + master + ": cannot reach the Spark master within " + timeout.toSeconds() + " s ("
                + String.join("; ", errors) + "). Is it running (sbin/start-master.sh) and is the address right?");
    }

    private static void awaitExecutor(JavaSparkContext sc, String master, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            // the driver itself is listed too
            if (sc.sc().statusTracker().getExecutorInfos().length > 1) return;
            if (sc.sc().isStopped()) break;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("--master " + master + ": interrupted while waiting for an executor");
            }
        }
        throw new IllegalArgumentException("--master " + master + ": the master answered, but no executor registered within "
                + timeout.toSeconds() + " s. Are workers running with a free core and at least spark.executor.memory ("
                + sc.getConf().get("spark.executor.memory", "1g") + ") free?");
    }

    /** The master URL in use. */
    public String master() {
        return master;
    }

    /** The Spark context (e.g. for its status tracker). */
    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public String describe() {
        return "spark, master " + master + ", one task per run";
    }

    /**
     * Runs every spec as its own Spark job; {@code job} must be a {@link SweepJob} (the sweep's job), whose store and
     * settings travel to the workers as a {@link PortableRun}.
     *
     * @throws IllegalArgumentException if the job cannot be shipped (custom engines, a custom task registry)
     */
    @Override
    public List<RunResult> execute(List<RunSpec> specs, Function<RunSpec, RunResult> job) {
        Check.notNull("specs", specs);
        Check.notNull("job", job);
        if (!(job instanceof SweepJob sweepJob)) {
            throw new IllegalArgumentException("SparkExecutor runs the jobs of a Sweep (Sweep.executor(...)); got " + job.getClass().getName());
        }
        PortableRun portable = sweepJob.portable().orElseThrow(() -> new IllegalArgumentException("cannot run this sweep on Spark: "
                + sweepJob.notPortableReason()));
        RunTask task = new RunTask(portable, lockWait);
        RunStore store = sweepJob.store();
        int[] fed = new int[specs.size()];
        TrainingListener[] listeners = new TrainingListener[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            listeners[i] = sweepJob.listener(specs.get(i));
            // epochs stored before this sweep are restored, not trained now: the listener sees only new ones (as a
            // local run's listener does after a resume). Read before the jobs start, or a worker's first epoch
            // written in between would be counted as old and never shown.
            if (listeners[i] != null) fed[i] = stored(store, specs.get(i)).size();
        }
        String group = "cbrnn-" + UUID.randomUUID();
        sc.setJobGroup(group, "cbrnn sweep of " + specs.size() + " runs", true);
        List<JavaFutureAction<List<String>>> futures = new ArrayList<>();
        try {
            for (RunSpec s : specs) futures.add(sc.parallelize(List.of(RunTask.message(s)), 1).map(task).collectAsync());
        } finally {
            sc.clearJobGroup();
        }
        RunResult[] out = new RunResult[specs.size()];
        boolean[] ended = new boolean[specs.size()];
        int left = specs.size();
        while (left > 0) {
            for (int i = 0; i < specs.size(); i++) {
                if (ended[i]) continue;
                JavaFutureAction<List<String>> f = futures.get(i);
                if (f.isDone()) {
                    out[i] = resultOf(store, specs.get(i), f);
                    if (out[i] != null) {
                        feed(listeners[i], out[i].records(), fed, i);
                        sweepJob.ended(out[i]);
                    }
                    ended[i] = true;
                    left--;
                } else if (listeners[i] != null) {
                    feed(listeners[i], stored(store, specs.get(i)), fed, i);
                }
            }
            if (left == 0) break;
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                // stop: cancel the jobs (their tasks are interrupted and keep their checkpoints), wait for them, report
                sc.cancelJobGroup(group);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (int i = 0; i < specs.size(); i++) {
                    if (ended[i]) continue;
                    try {
                        List<String> r = futures.get(i).get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                        out[i] = ResultText.decode(specs.get(i), r.get(0));
                    } catch (Exception cancelled) {
                        out[i] = null;
                    }
                }
                Thread.currentThread().interrupt();
                return Arrays.asList(out);
            }
        }
        return Arrays.asList(out);
    }

    /** A finished job's result; a failed result with the stored epochs if the job failed as a whole. */
    private static RunResult resultOf(RunStore store, RunSpec spec, JavaFutureAction<List<String>> f) {
        try {
            return ResultText.decode(spec, f.get().get(0));
        } catch (ExecutionException | RuntimeException e) {
            // every attempt lost (spark.task.maxFailures) or the context stopped: the run keeps its checkpoint
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return RunResult.failed(spec, stored(store, spec), "Spark job failed (the run keeps its checkpoint; run again to resume): " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<EpochRecord> stored(RunStore store, RunSpec spec) {
        try {
            return store.load(spec).map(RunResult::records).orElse(List.of());
        } catch (RuntimeException unreadable) {
            return List.of(); // being written or damaged: the next poll or the result tells
        }
    }

    /** Passes the records of run {@code i} not yet shown to its listener. */
    private static void feed(TrainingListener l, List<EpochRecord> records, int[] fed, int i) {
        if (l == null) return;
        for (EpochRecord r : records) {
            if (r.epoch() > fed[i]) {
                l.onEpoch(r);
                fed[i] = r.epoch();
            }
        }
    }

    /** Stops the Spark context (and, in local mode, its executor threads). */
    @Override
    public void close() {
        sc.stop();
    }
}
