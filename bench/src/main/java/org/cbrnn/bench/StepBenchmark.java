package org.cbrnn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.engine.fast.Ops;

/**
 * Median milliseconds per training step (h_0 draw + forward + BPTT + clip + Nesterov SGD update) of the Java engines,
 * for the CB-RNN and the parameter-matched RNN-202, at several batch sizes and sequence lengths. A harness, not a
 * test: {@code bench/run.sh} runs it next to {@code bench/python/torch_reference.py} and prints one table.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/cbrnn-bench.jar:bench/target/deps/* \
 *      org.cbrnn.bench.StepBenchmark --engines fast1,fast2 --sizes 64x30,64x60,256x60 --gemm --json
 * </pre>
 *
 * Output lines: with {@code --json} one JSON object per line ({@code "kind"} is {@code env}, {@code step},
 * {@code gemm} or {@code profile}); otherwise aligned text. Step lines carry {@code median_ms} and {@code min_ms}.
 */
public final class StepBenchmark {

    /** One step measurement. */
    public record Measurement(String engine, int threads, String model, int batch, int steps, int warmup, int reps,
                              double medianMs, double minMs, int params, double loss, double gflop) {

        public String json() {
            return "{\"kind\": \"step\", \"engine\": " + Json.str(engine) + ", \"threads\": " + threads + ", \"model\": " + Json.str(model)
                    + ", \"batch\": " + batch + ", \"steps\": " + steps + ", \"warmup\": " + warmup + ", \"reps\": " + reps
                    + ", \"median_ms\": " + Json.num(medianMs) + ", \"min_ms\": " + Json.num(minMs) + ", \"params\": " + params
                    + ", \"loss\": " + Json.num(loss) + ", \"gflop\": " + Json.num(gflop)
                    + ", \"gflops\": " + Json.num(gflop / (medianMs / 1e3)) + "}";
        }

        public String text() {
            return String.format(Locale.ROOT, "%-8s %-7s B%-4d T%-4d median %8.2f ms  min %8.2f ms  %6.1f GFLOP/s  (%d reps, loss %.4f)",
                    engine, model, batch, steps, medianMs, minMs, gflop / (medianMs / 1e3), reps, loss);
        }
    }

    /** Float GEMM throughput. */
    public record GemmMeasurement(String what, int size, int threads, double gflopsMedian, double gflopsBest) {
        public String json() {
            return "{\"kind\": \"gemm\", \"engine\": " + Json.str(what) + ", \"m\": " + size + ", \"n\": " + size + ", \"k\": " + size
                    + ", \"threads\": " + threads + ", \"gflops_median\": " + Json.num(gflopsMedian) + ", \"gflops_best\": " + Json.num(gflopsBest) + "}";
        }

        public String text() {
            return String.format(Locale.ROOT, "%-8s sgemm %dx%dx%d, %d thread%s: %.1f GFLOP/s median, %.1f best", what, size, size, size,
                    threads, threads > 1 ? "s (independent GEMMs, aggregate)" : "", gflopsMedian, gflopsBest);
        }
    }

    private StepBenchmark() {}

    public static void main(String[] args) {
        BenchArgs a;
        try {
            a = BenchArgs.parse(args);
        } catch (BenchArgs.HelpRequested h) {
            System.out.println(BenchArgs.usage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("StepBenchmark: " + e.getMessage());
            System.err.println("run with --help for the options");
            System.exit(2);
            return;
        }
        run(a, System.out);
    }

    /** Runs everything {@code a} asks for, printing each result line as soon as it is known. */
    public static List<Measurement> run(BenchArgs a, PrintStream out) {
        out.println(a.json() ? envJson() : envText());
        out.flush();
        if (a.gemm()) {
            for (GemmMeasurement g : gemm(a.gemmSize())) {
                out.println(a.json() ? g.json() : g.text());
                out.flush();
            }
        }
        List<Measurement> results = new ArrayList<>();
        if (a.steps()) {
            for (String engineName : a.engines()) {
                BenchEngine be = BenchEngines.resolve(engineName);
                try (Engine engine = be.open()) {
                    for (String model : a.models()) {
                        for (BenchArgs.Size s : a.sizes()) {
                            Measurement m = measure(be, engine, model, s.batch(), s.steps(), a);
                            results.add(m);
                            out.println(a.json() ? m.json() : m.text());
                            out.flush();
                        }
                    }
                }
            }
        }
        if (a.profile()) {
            for (String model : a.models()) {
                for (BenchArgs.Size s : a.sizes()) {
                    double plain = results.stream().filter(m -> m.engine().equals("fast1") && m.model().equals(model)
                            && m.batch() == s.batch() && m.steps() == s.steps()).mapToDouble(Measurement::medianMs).findFirst().orElse(Double.NaN);
                    StepProfile.Result p = StepProfile.run(model, s.batch(), s.steps(), a.seed(), a.warmup(), a.warmupMs(), a.reps(), plain);
                    out.print(a.json() ? StepProfile.json(p) + "\n" : StepProfile.text(p));
                    out.flush();
                }
            }
        }
        return results;
    }

    /** Warm-up (at least {@code warmup} steps and {@code warmupMs}), then {@code reps} timed steps. */
    static Measurement measure(BenchEngine be, Engine engine, String model, int batch, int steps, BenchArgs a) {
        StepRunner r = new StepRunner(model, batch, steps, a.seed());
        long start = System.nanoTime();
        for (int i = 0; i < a.warmup() || System.nanoTime() - start < a.warmupMs() * 1_000_000L; i++) r.step(engine);
        System.gc();
        double[] ms = new double[a.reps()];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            r.step(engine);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Measurement(be.name(), be.threads(), model, batch, steps, a.warmup(), a.reps(), median(ms),
                Arrays.stream(ms).min().orElse(Double.NaN), r.model.parameterCount(), r.lastLoss, r.gflop());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** GFLOP/s of the best float kernel on n x n x n: one thread, then two threads each running its own GEMM. */
    static List<GemmMeasurement> gemm(int n) {
        Ops<float[]> ops = Kernels.bestFloat();
        String name = "java";
        List<GemmMeasurement> out = new ArrayList<>();
        double flop = 2.0 * n * n * n;
        int reps = (int) Math.max(20, Math.min(2000, 2e9 / flop)); // ~1 s at 60 GFLOP/s
        double[] one = gemmLoop(ops, n, reps, 500);
        out.add(new GemmMeasurement(name, n, 1, flop / median(one) / 1e9 * 1e3, flop / Arrays.stream(one).min().orElseThrow() / 1e9 * 1e3));
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        if (threads > 1) {
            double[][] per = new double[threads][];
            CyclicBarrier barrier = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            long[] wall = new long[threads];
            for (int t = 0; t < threads; t++) {
                final int ti = t;
                Thread th = new Thread(() -> {
                    try {
                        gemmLoop(ops, n, 20, 300); // own warm-up
                        barrier.await();
                        long t0 = System.nanoTime();
                        per[ti] = gemmLoop(ops, n, reps, 0);
                        wall[ti] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return out;
                }
            }
            double agg = 0, best = 0;
            for (int t = 0; t < threads; t++) {
                agg += flop * reps / (wall[t] / 1e9) / 1e9;
                best += flop / Arrays.stream(per[t]).min().orElseThrow() / 1e9 * 1e3;
            }
            out.add(new GemmMeasurement(name, n, threads, agg, best));
        }
        return out;
    }

    /** Per-call milliseconds of {@code reps} GEMMs, after at least {@code warmupMs} of untimed ones. */
    private static double[] gemmLoop(Ops<float[]> ops, int n, int reps, int warmupMs) {
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 13) * 0.01f;
            b[i] = (i % 7) * 0.02f;
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < warmupMs * 1_000_000L) ops.gemm(n, n, n, a, 0, n, 1, b, 0, n, c, 0, n, false);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            ops.gemm(n, n, n, a, 0, n, 1, b, 0, n, c, 0, n, false);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String envJson() {
        return "{\"kind\": \"env\", \"java\": " + Json.str(System.getProperty("java.version")) + ", \"vm\": "
                + Json.str(System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"))
                + ", \"kernels\": " + Json.str(Kernels.describe()) + ", \"processors\": " + Runtime.getRuntime().availableProcessors()
                + ", \"cpu\": " + Json.str(cpuModel()) + "}";
    }

    static String envText() {
        return "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), kernels: " + Kernels.describe()
                + ", " + Runtime.getRuntime().availableProcessors() + " processors, " + cpuModel();
    }
}
