package org.cbrnn.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.engine.fast.Network;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;

/**
 * An instrumented single-thread training step: the fast engine's own {@link Network} code driven directly (as
 * {@code FastEngine} does for one batch slice) on the best float kernels wrapped in a timing proxy. Every kernel call
 * is timed and filed under a phase and a shape, so the result says where a step's time goes:
 * <ul>
 *   <li>prepare: the per-step transposed weight copies;</li>
 *   <li>forward: the time loop (input/recurrent/CB GEMMs, bias rows, ReLUs, leaky integration) and the logits;</li>
 *   <li>loss+head: head gradient and dh_T;</li>
 *   <li>bptt: the reverse time loop (dz, W_hh^T dz, the CB backward GEMMs per step);</li>
 *   <li>weight grads: the weight-gradient GEMMs over all T*B rows and bias column sums after the loop;</li>
 *   <li>optimiser: {@code Sgd.step} (clip + Nesterov);</li>
 *   <li>glue: wall time of the step outside timed kernels (loop control, the double-precision cross-entropy through
 *       get/set, h_0, the proxy's own dispatch).</li>
 * </ul>
 * The proxy adds a little dispatch time per call, so the instrumented total is somewhat above the plain step.
 */
final class StepProfile {
    static final String[] PHASES = {"prepare", "forward", "loss+head", "bptt", "weight grads", "optimiser", "glue"};
    private static final Set<String> UNTIMED = Set.of("get", "set", "alloc", "length", "hashCode", "equals", "toString");

    /** Per-kernel totals. */
    record Kernel(String phase, String op, String shape, long calls, long nanos, double flop) {}

    /** Per-step means. */
    record Result(String model, int batch, int steps, int reps, double plainMs, Map<String, Double> phaseMs,
                  List<Kernel> kernels, double instrumentedMs) {}

    private static final class Timing implements InvocationHandler {
        final Ops<float[]> target;
        String phase = "prepare";
        int rowsTotal, classes;
        boolean on;
        final Map<String, long[]> byKey = new LinkedHashMap<>();
        final Map<String, Double> flopByKey = new LinkedHashMap<>();

        Timing(Ops<float[]> target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (!on || UNTIMED.contains(name) || args == null) return call(m, args);
            String shape = "";
            double flop = 0;
            if (name.equals("gemm")) {
                int mm = (Integer) args[0], n = (Integer) args[1], k = (Integer) args[2];
                if (phase.equals("forward") && mm == classes) phase = "loss+head";
                if (phase.equals("bptt") && k == rowsTotal) phase = "weight grads";
                shape = mm + "x" + n + "x" + k + ((Integer) args[6] == 1 ? "" : " A^T");
                flop = 2.0 * mm * n * k;
            } else if (name.equals("leakyIntegrateBackward") && (phase.equals("forward") || phase.equals("loss+head"))) {
                phase = "bptt";
            }
            if (!name.equals("gemm")) shape = elementwiseShape(name, args);
            long t0 = System.nanoTime();
            Object r = call(m, args);
            long dt = System.nanoTime() - t0;
            String key = phase + "\u0000" + name + "\u0000" + shape;
            long[] acc = byKey.computeIfAbsent(key, x -> new long[2]);
            acc[0]++;
            acc[1] += dt;
            flopByKey.merge(key, flop, Double::sum);
            return r;
        }

        private Object call(Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static String elementwiseShape(String name, Object[] args) {
            // the element count is the int argument named n / rows*cols; report the first ints that describe size
            return switch (name) {
                case "setRows", "colSumAdd" -> "rows " + args[2] + " x " + args[3];
                case "setRows2" -> "rows " + args[2] + " x " + args[3];
                case "copy" -> "n " + args[4];
                case "fill" -> "n " + args[2];
                case "transpose" -> args[2] + "x" + args[3];
                case "reluInPlace", "scale" -> "n " + args[2];
                case "reluMask", "axpy" -> "n " + args[args.length - 1];
                case "leakyIntegrate", "leakyIntegrateBackward" -> "n " + args[6];
                default -> "";
            };
        }
    }

    private StepProfile() {}

    /**
     * Profiles {@code reps} steps of {@code model} at B x T after {@code warmup} (plus {@code warmupMs}) untimed ones.
     *
     * @param plainMs the un-instrumented median of the same step on fast1 (for comparison; NaN if unknown)
     */
    @SuppressWarnings("unchecked")
    static Result run(String model, int batch, int steps, long seed, int warmup, int warmupMs, int reps, double plainMs) {
        StepRunner r = new StepRunner(model, batch, steps, seed);
        Timing timing = new Timing(Kernels.bestFloat());
        Ops<float[]> ops = (Ops<float[]>) Proxy.newProxyInstance(StepProfile.class.getClassLoader(), new Class<?>[]{Ops.class}, timing);
        Network<float[]> net = Network.create(r.config, ops);
        timing.rowsTotal = steps * batch;
        timing.classes = r.config.numClasses();
        float[][] params = r.model.parameters().arrays();
        long optNanos = 0, wallNanos = 0;
        long start = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - start < warmupMs * 1_000_000L; i++) {
            oneStep(r, net, params, timing);
        }
        timing.byKey.clear();
        timing.flopByKey.clear();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            long opt = oneStep(r, net, params, timing);
            wallNanos += System.nanoTime() - t0;
            optNanos += opt;
        }
        Map<String, Double> phase = new LinkedHashMap<>();
        for (String p : PHASES) phase.put(p, 0.0);
        List<Kernel> kernels = new ArrayList<>();
        double timed = 0;
        for (Map.Entry<String, long[]> e : timing.byKey.entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            long[] v = e.getValue();
            kernels.add(new Kernel(k[0], k[1], k[2], v[0] / reps, v[1] / reps, timing.flopByKey.get(e.getKey()) / reps));
            phase.merge(k[0], v[1] / 1e6 / reps, Double::sum);
            timed += v[1] / 1e6 / reps;
        }
        double opt = optNanos / 1e6 / reps, wall = wallNanos / 1e6 / reps;
        phase.put("optimiser", opt);
        phase.put("glue", Math.max(0, wall - timed - opt));
        kernels.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
        return new Result(model, batch, steps, reps, plainMs, phase, kernels, wall);
    }

    /** Returns the optimiser's nanoseconds. */
    private static long oneStep(StepRunner r, Network<float[]> net, float[][] params, Timing timing) {
        Batch b = r.nextBatch();
        float[] h0 = r.model.initialState(r.batch, r.rng);
        timing.on = true;
        timing.phase = "prepare";
        Object prepared = net.prepare(params);
        for (float[] g : r.grads) Arrays.fill(g, 0f);
        timing.phase = "forward";
        boolean[] tr = r.learning;
        double[] lc = net.run(params, prepared, b.inputs(), b.labels(), h0, b.steps(), b.batchSize(), 0, b.batchSize(), r.grads, tr, true);
        timing.on = false;
        r.lastLoss = lc[0] / b.batchSize();
        long t0 = System.nanoTime();
        r.sgd.step(r.model.parameters(), r.grads, r.learning);
        return System.nanoTime() - t0;
    }

    static String text(Result res) {
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (double v : res.phaseMs().values()) total += v;
        sb.append(String.format(Locale.ROOT, "profile %s B%d T%d, 1 thread, instrumented, mean of %d steps: %.2f ms/step "
                + "(un-instrumented fast1 median %.2f ms)%n", res.model(), res.batch(), res.steps(), res.reps(), res.instrumentedMs(), res.plainMs()));
        for (Map.Entry<String, Double> e : res.phaseMs().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-13s %8.3f ms  %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total));
        }
        sb.append("  top kernels (phase, op, shape m x n x k, calls/step, ms/step, GFLOP/s):\n");
        int shown = 0;
        for (Kernel k : res.kernels()) {
            if (shown++ == 14) break;
            sb.append(String.format(Locale.ROOT, "    %-12s %-22s %-16s %6d %8.3f %s%n", k.phase(), k.op(), k.shape(), k.calls(), k.nanos() / 1e6,
                    k.flop() > 0 ? String.format(Locale.ROOT, "%6.1f", k.flop() / k.nanos()) : ""));
        }
        return sb.toString();
    }

    static String json(Result res) {
        StringBuilder sb = new StringBuilder("{\"kind\": \"profile\", \"engine\": \"fast1-instrumented\"");
        sb.append(", \"model\": ").append(Json.str(res.model())).append(", \"batch\": ").append(res.batch())
                .append(", \"steps\": ").append(res.steps()).append(", \"reps\": ").append(res.reps())
                .append(", \"plain_ms\": ").append(Json.num(res.plainMs())).append(", \"instrumented_ms\": ").append(Json.num(res.instrumentedMs()))
                .append(", \"phases_ms\": {");
        int i = 0;
        for (Map.Entry<String, Double> e : res.phaseMs().entrySet()) {
            sb.append(i++ > 0 ? ", " : "").append(Json.str(e.getKey())).append(": ").append(Json.num(e.getValue()));
        }
        sb.append("}, \"kernels\": [");
        i = 0;
        for (Kernel k : res.kernels()) {
            if (i == 14) break;
            sb.append(i++ > 0 ? ", " : "").append("{\"phase\": ").append(Json.str(k.phase())).append(", \"op\": ").append(Json.str(k.op()))
                    .append(", \"shape\": ").append(Json.str(k.shape())).append(", \"calls\": ").append(k.calls())
                    .append(", \"ms\": ").append(Json.num(k.nanos() / 1e6))
                    .append(", \"gflops\": ").append(k.flop() > 0 ? Json.num(k.flop() / k.nanos()) : "null").append("}");
        }
        return sb.append("]}").toString();
    }
}
