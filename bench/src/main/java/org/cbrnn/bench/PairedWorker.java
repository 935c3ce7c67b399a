package org.cbrnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.EnumSet;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.Sgd;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.Rng;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.engine.fast.Ops;

/**
 * The Java side of the paired-rounds benchmark ({@code bench/python/paired.py}): a long-lived process that measures
 * one cell per command, so the driver can alternate it with PyTorch round by round while both stay warm. Commands,
 * one per line on stdin, each answered by one JSON line on stdout:
 * <pre>
 *   env
 *   step ENGINE MODEL BATCH STEPS REPS     e.g. step fast1 cbrnn 64 60 10
 *   gemm M K N TRANS REPS                  C[m x n] = A * B (TRANS = 1: A is stored k x m, as in weight gradients)
 *   epoch MODEL TASK LEVEL SEED            one paper-protocol epoch at a fixed level on fast1: 100 SGD steps at B64,
 *                                          then 50 evaluation batches of 64, each batch with its own length drawn by
 *                                          the task (T ~ U{N+2 .. 4N+1}); answers the epoch's seconds
 *   quit
 * </pre>
 * The first command of a cell warms it up for {@link #FIRST_WARMUP_MS} ms (C2 compiles the kernels); every later
 * one runs two untimed repetitions first. A bad command is answered with {@code {"kind": "error", ...}}.
 */
public final class PairedWorker {
    static final int FIRST_WARMUP_MS = 1500;

    private final Map<String, Engine> engines = new HashMap<>();
    private final Map<String, StepRunner> runners = new HashMap<>();
    private final Map<String, float[][]> gemms = new HashMap<>();
    private final Ops<float[]> ops = Kernels.bestFloat();
    private final Map<String, Object[]> epochs = new HashMap<>();

    private PairedWorker() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PairedWorker w = new PairedWorker();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            line = line.trim();
            if (line.isEmpty()) continue;
            if (line.equals("quit")) break;
            String reply;
            try {
                reply = w.handle(line.split("\\s+"));
            } catch (RuntimeException e) {
                reply = "{\"kind\": \"error\", \"command\": " + Json.str(line) + ", \"message\": " + Json.str(String.valueOf(e.getMessage())) + "}";
            }
            out.println(reply);
        }
        for (Engine e : w.engines.values()) e.close();
    }

    private String handle(String[] c) {
        switch (c[0]) {
            case "env":
                return StepBenchmark.envJson();
            case "step": {
                need(c, 6);
                String engineName = c[1], model = c[2];
                int batch = Integer.parseInt(c[3]), steps = Integer.parseInt(c[4]), reps = Integer.parseInt(c[5]);
                BenchEngine be = BenchEngines.resolve(engineName);
                Engine engine = engines.computeIfAbsent(be.name(), k -> be.open());
                String key = be.name() + " " + model + " " + batch + " " + steps;
                boolean first = !runners.containsKey(key);
                StepRunner r = runners.computeIfAbsent(key, k -> new StepRunner(model, batch, steps, 1));
                long start = System.nanoTime();
                for (int i = 0; i < 2 || (first && System.nanoTime() - start < FIRST_WARMUP_MS * 1_000_000L); i++) r.step(engine);
                double[] ms = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    r.step(engine);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                return "{\"kind\": \"step\", \"engine\": " + Json.str(be.name()) + ", \"model\": " + Json.str(model) + ", \"batch\": " + batch
                        + ", \"steps\": " + steps + ", \"reps\": " + reps + ", \"median_ms\": " + Json.num(StepBenchmark.median(ms))
                        + ", \"min_ms\": " + Json.num(Arrays.stream(ms).min().orElseThrow()) + "}";
            }
            case "gemm": {
                need(c, 6);
                int m = Integer.parseInt(c[1]), k = Integer.parseInt(c[2]), n = Integer.parseInt(c[3]), reps = Integer.parseInt(c[5]);
                boolean trans = c[4].equals("1");
                String key = m + " " + k + " " + n + " " + trans;
                boolean first = !gemms.containsKey(key);
                float[][] abc = gemms.computeIfAbsent(key, x -> data(m, k, n));
                float[] a = abc[0], b = abc[1], cc = abc[2];
                int ars = trans ? 1 : k, acs = trans ? m : 1;
                long start = System.nanoTime();
                for (int i = 0; i < 3 || (first && System.nanoTime() - start < FIRST_WARMUP_MS * 1_000_000L); i++) {
                    ops.gemm(m, n, k, a, 0, ars, acs, b, 0, n, cc, 0, n, false);
                }
                // time batches of calls so that one sample is ~1 ms even for the smallest shapes
                double flop = 2.0 * m * n * k;
                int inner = (int) Math.max(1, Math.min(10_000, 5e7 / flop));
                double[] gf = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    for (int j = 0; j < inner; j++) ops.gemm(m, n, k, a, 0, ars, acs, b, 0, n, cc, 0, n, false);
                    gf[i] = flop * inner / (System.nanoTime() - t0);
                }
                return "{\"kind\": \"gemm\", \"m\": " + m + ", \"k\": " + k + ", \"n\": " + n + ", \"trans\": " + (trans ? 1 : 0) + ", \"reps\": " + reps
                        + ", \"gflops_median\": " + Json.num(StepBenchmark.median(gf)) + ", \"gflops_best\": " + Json.num(Arrays.stream(gf).max().orElseThrow()) + "}";
            }
            case "epoch": {
                need(c, 5);
                String model = c[1], task = c[2];
                int level = Integer.parseInt(c[3]);
                long seed = Long.parseLong(c[4]);
                Engine engine = engines.computeIfAbsent("fast1", k -> BenchEngines.resolve("fast1").open());
                TrainingConfig tc = TrainingConfig.paper();
                Object[] st = epochs.computeIfAbsent(model + " " + task + " " + level + " " + seed, k -> {
                    Model mdl = Model.create(StepRunner.config(model), seed);
                    Parameters p = mdl.parameters();
                    return new Object[] {mdl, Sgd.paperDefaults(p), Parameters.zerosLike(p).arrays(), TaskRegistry.of(task), Rng.of(seed, "epoch")};
                });
                Model mdl = (Model) st[0];
                Sgd sgd = (Sgd) st[1];
                float[][] grads = (float[][]) st[2];
                Task t = (Task) st[3];
                Rng rng = (Rng) st[4];
                boolean[] learning = new boolean[mdl.parameters().size()];
                java.util.Arrays.fill(learning, true);
                long t0 = System.nanoTime();
                for (int i = 0; i < tc.stepsPerEpoch(); i++) {
                    Batch b = t.sample(level, tc.batchSize(), rng);
                    engine.gradients(mdl, b, mdl.initialState(tc.batchSize(), rng), EnumSet.allOf(Module.class), grads);
                    sgd.step(mdl.parameters(), grads, learning);
                }
                for (int i = 0; i < tc.evalBatches(); i++) {
                    Batch b = t.sample(level, tc.evalBatchSize(), rng);
                    engine.evaluate(mdl, b, mdl.initialState(tc.evalBatchSize(), rng));
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                return "{\"kind\": \"epoch\", \"model\": " + Json.str(model) + ", \"task\": " + Json.str(task) + ", \"level\": " + level
                        + ", \"seconds\": " + Json.num(sec) + "}";
            }
            default:
                throw new IllegalArgumentException("unknown command '" + c[0] + "' (env, step, gemm, epoch, quit)");
        }
    }

    private static void need(String[] c, int n) {
        if (c.length != n) throw new IllegalArgumentException(c[0] + " takes " + (n - 1) + " arguments, got " + (c.length - 1));
    }

    private static float[][] data(int m, int k, int n) {
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = ((i * 7) % 13 - 6) * 0.01f;
        for (int i = 0; i < b.length; i++) b[i] = ((i * 5) % 11 - 5) * 0.02f;
        return new float[][] {a, b, c};
    }
}
