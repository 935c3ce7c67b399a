package org.cbrnn.engine.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineChecks;
import org.cbrnn.engine.MultiHeadResult;
import org.cbrnn.engine.StepResult;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.util.Check;

/**
 * The fast engine: hand-written forward/BPTT ({@link Network}) on float arrays with the best available kernels, the
 * batch split into {@code threads} contiguous slices processed in parallel, and the slices' gradients added in slice
 * order. For a given thread count the result is therefore bit-for-bit reproducible; different thread counts agree
 * to float rounding.
 *
 * <pre>{@code
 * try (Engine e = FastEngine.create(2)) { ... }
 * }</pre>
 */
public final class FastEngine implements Engine {
    private final int threads;
    private final Ops<float[]> ops;
    private final ExecutorService pool;
    /** Per-config workers, each with its own workspace. */
    private final Map<ModelConfig, List<Network<float[]>>> workers = new java.util.HashMap<>();
    private final Map<ModelConfig, float[][][]> partials = new java.util.HashMap<>();

    private FastEngine(int threads, Ops<float[]> ops) {
        this.threads = Check.inRange("threads", threads, 1, 256);
        this.ops = ops;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "cbrnn-fast-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The fast engine with the best kernels and {@code threads} batch slices. */
    public static FastEngine create(int threads) {
        return new FastEngine(threads, Kernels.bestFloat());
    }

    /** One thread per available core, at most 2 on the machines the kit targets (measured fastest). */
    public static FastEngine create() {
        return create(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    /** The fast engine forced onto the scalar float kernels (for comparisons). */
    public static FastEngine scalar(int threads) {
        return new FastEngine(threads, Kernels.scalarFloat());
    }

    @Override
    public String name() {
        return "fast[" + (ops instanceof FloatVectorOps ? "vector" : "scalar") + ", " + threads + " thread" + (threads > 1 ? "s" : "") + "]";
    }

    public int threads() {
        return threads;
    }

    @Override
    public synchronized StepResult gradients(Model model, Batch batch, float[] initialState, Set<Module> trainable, float[][] gradients) {
        EngineChecks.gradients(model, batch, initialState, trainable, gradients);
        Parameters p = model.parameters();
        boolean[] tr = new boolean[p.size()];
        for (int i = 0; i < tr.length; i++) tr[i] = p.inModules(i, trainable);
        double[] r = run(model, batch, new int[][]{batch.labels()}, initialState, tr, gradients, true);
        return new StepResult(r[0] / batch.batchSize(), (int) r[1], batch.batchSize());
    }

    @Override
    public synchronized StepResult evaluate(Model model, Batch batch, float[] initialState, boolean cerebellumEnabled) {
        EngineChecks.evaluate(model, batch, initialState);
        double[] r = run(model, batch, new int[][]{batch.labels()}, initialState, new boolean[model.parameters().size()], null, cerebellumEnabled);
        return new StepResult(r[0] / batch.batchSize(), (int) r[1], batch.batchSize());
    }

    @Override
    public synchronized MultiHeadResult gradients(Model model, MultiHeadBatch batch, float[] initialState, Set<Module> trainable,
                                                  float[][] gradients) {
        EngineChecks.gradients(model, batch, initialState, trainable, gradients);
        boolean[] tr = Engine.learningTensors(model, batch, trainable);
        return result(run(model, batch.inputs(), batch.labels(), initialState, tr, gradients, true), batch);
    }

    @Override
    public synchronized MultiHeadResult evaluate(Model model, MultiHeadBatch batch, float[] initialState, boolean cerebellumEnabled) {
        EngineChecks.evaluate(model, batch, initialState);
        double[] r = run(model, batch.inputs(), batch.labels(), initialState, new boolean[model.parameters().size()], null, cerebellumEnabled);
        return result(r, batch);
    }

    /** The per-head sums of {@link #run} as mean losses and counts. */
    private static MultiHeadResult result(double[] r, MultiHeadBatch batch) {
        int B = batch.inputs().batchSize();
        StepResult[] heads = new StepResult[batch.numHeads()];
        double loss = 0;
        for (int k = 0; k < heads.length; k++) {
            if (!batch.active(k)) continue;
            heads[k] = new StepResult(r[2 + 2 * k] / B, (int) r[3 + 2 * k], B);
            loss += heads[k].loss();
        }
        return new MultiHeadResult(loss, heads);
    }

    /** The batch's step over the worker slices; returns the slices' sums in the layout of {@link Network#run}. */
    private double[] run(Model model, Batch batch, int[][] labels, float[] h0, boolean[] tr, float[][] out, boolean cbEnabled) {
        ModelConfig cfg = model.config();
        if (!model.hasConfigLayout()) {
            throw new IllegalArgumentException("model has a custom parameter layout that the fast engine cannot run; use the engine of the cell that defines it (SameDiffEngine)");
        }
        int B = batch.batchSize(), T = batch.steps();
        float[][] params = model.parameters().arrays();
        List<Network<float[]>> nets = workers.computeIfAbsent(cfg, c -> {
            List<Network<float[]>> l = new ArrayList<>();
            for (int w = 0; w < threads; w++) l.add(Network.create(c, ops));
            return l;
        });
        int n = Math.min(threads, B);
        float[][][] part = out == null ? null : partials.computeIfAbsent(cfg, c -> {
            float[][][] g = new float[threads][params.length][];
            for (int w = 0; w < threads; w++) for (int i = 0; i < params.length; i++) g[w][i] = new float[params[i].length];
            return g;
        });
        Object prepared = nets.get(0).prepare(params);
        double[][] res = new double[n][];
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            final int wi = w, b0 = (int) ((long) B * w / n), b1 = (int) ((long) B * (w + 1) / n);
            Runnable job = () -> {
                float[][] g = null;
                if (part != null) {
                    g = part[wi];
                    for (int i = 0; i < g.length; i++) if (tr[i]) java.util.Arrays.fill(g[i], 0f);
                }
                res[wi] = nets.get(wi).run(params, prepared, batch.inputs(), labels, h0, T, B, b0, b1, g, tr, cbEnabled);
            };
            if (w == n - 1) job.run();
            else futures.add(pool.submit(job));
        }
        // Finish the step even if this thread is interrupted (the step is cheap); the flag is restored so the caller
        // (the trainer) sees it at its next check and stops cleanly instead of failing mid-step.
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("engine worker failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        // fixed reduction order over the slices, for the totals and each head
        double[] sum = new double[res[0].length];
        for (int w = 0; w < n; w++) for (int j = 0; j < sum.length; j++) sum[j] += res[w][j];
        if (out != null) {
            // fixed reduction order: slice 0 + slice 1 + ...
            for (int i = 0; i < out.length; i++) {
                if (!tr[i]) continue;
                System.arraycopy(part[0][i], 0, out[i], 0, out[i].length);
                for (int w = 1; w < n; w++) {
                    float[] s = part[w][i], d = out[i];
                    for (int j = 0; j < d.length; j++) d[j] += s[j];
                }
            }
        }
        return sum;
    }

    @Override
    public synchronized void close() {
        if (pool != null) pool.shutdownNow();
        workers.clear();
        partials.clear();
    }
}
