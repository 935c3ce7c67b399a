package org.cbrnn.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 made of the Maven-resolved Spark jars (target/spark-deps as its
 * SPARK_HOME/jars): a master and {@code workers} workers of one core each, every process started with a marker
 * ({@code -Dcbrnn.spark.it=<id>}, also given to the executors through the driver's settings). {@link #close()} kills
 * every process of the cluster (and, by the marker, any left over by an earlier test JVM); a shutdown hook does the
 * same if the JVM ends first.
 */
final class StandaloneCluster implements AutoCloseable {
    static final String MARKER_PROPERTY = "cbrnn.spark.it";
    final String marker = "cbrnn-spark-it-" + UUID.randomUUID();
    final Path home;
    final int port;
    final int webPort;
    private final List<Process> processes = new ArrayList<>();
    final List<Process> workers = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "spark-cluster-teardown");

    StandaloneCluster(Path dir, Path sparkJars, int workerCount) throws IOException, InterruptedException {
        killLeftovers(); // of an earlier test JVM that was itself killed
        Runtime.getRuntime().addShutdownHook(hook);
        home = dir.resolve("sparkhome");
        Files.createDirectories(home.resolve("conf"));
        Files.createSymbolicLink(home.resolve("jars"), sparkJars.toAbsolutePath());
        port = freePort();
        webPort = freePort();
        processes.add(start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(webPort)));
        awaitPort(port, Duration.ofSeconds(60));
        for (int i = 1; i <= workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("work" + i));
            Process w = start("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), url());
            processes.add(w);
            workers.add(w);
        }
        awaitAliveWorkers(workerCount, Duration.ofSeconds(60));
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The JVM options an executor gets: the marker, and the Vector API module the local runs use. */
    String executorJavaOptions() {
        return "--add-modules=jdk.incubator.vector -Djava.awt.headless=true -D" + MARKER_PROPERTY + "=" + marker;
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-D" + MARKER_PROPERTY + "=" + marker, "-cp", home.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        // without it a worker cannot build an executor's class path ("Cannot find any build directories")
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        return pb.start();
    }

    /** The worker's executor processes (its descendants), found before the worker goes. */
    List<ProcessHandle> executorsOf(Process worker) {
        return worker.toHandle().descendants().toList();
    }

    /** SIGKILL of a worker JVM and its executors, as when the machine they run on dies. */
    List<Long> killWorker(Process worker) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(executorsOf(worker));
        all.add(worker.toHandle());
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle h : all) {
            pids.add(h.pid());
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        return pids;
    }

    String log(String name) {
        try {
            return Files.readString(home.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitAliveWorkers(int n, Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(json);
                if (m.find() && Integer.parseInt(m.group(1)) >= n) return;
            } catch (IOException notYet) {
                // the web UI starts after the RPC port
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(n + " workers did not register within " + timeout + "; master log:\n" + log("master"));
    }

    private static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the master did not open port " + port + " within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            all.addAll(p.toHandle().descendants().toList());
            all.add(p.toHandle());
        }
        all.addAll(marked(marker));
        for (ProcessHandle h : all) h.destroyForcibly();
        for (ProcessHandle h : all) h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
    }

    /** Processes of this machine whose command line carries {@code marker} (any test cluster's if it is the property prefix). */
    static List<ProcessHandle> marked(String marker) {
        return ProcessHandle.allProcesses().filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    /** Marked processes whose starter is gone (a test JVM killed before its teardown), and their children. */
    private static void killLeftovers() {
        for (ProcessHandle h : marked("-D" + MARKER_PROPERTY + "=cbrnn-spark-it-")) {
            boolean orphan = h.parent().map(p -> p.pid() == 1 || !p.isAlive()).orElse(true);
            if (!orphan) continue; // a cluster of a test that is running now
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
    }
}
