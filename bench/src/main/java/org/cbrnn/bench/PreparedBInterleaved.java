package org.cbrnn.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.engine.fast.Network;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.task.Batch;

/**
 * One JVM, one thread, the same training step twice, step by step interleaved: the fast engine's weights prepared
 * once per step ({@link Ops#prepareB}: packed at the narrower widths) against the same kernels with every product
 * repacking B itself (the kernels before the prepared operands). Both sides call the kernels through the same kind of
 * forwarding proxy, so the dispatch cost cancels; the two give the same numbers bit for bit (checked here on the
 * first step's loss). On a machine whose speed drifts, only the per-pair ratios mean something: the report gives
 * their median and quartiles beside each side's median and 10th percentile.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp 'bench/target/cbrnn-bench.jar:bench/target/deps/*' \
 *        org.cbrnn.bench.PreparedBInterleaved [pairs=200] [models=cbrnn,rnn202] [BxT=64x60]
 * </pre>
 */
public final class PreparedBInterleaved {
    private PreparedBInterleaved() {}

    /** Runs the comparison; arguments as in the class comment. */
    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String[] models = (args.length > 1 ? args[1] : "cbrnn,rnn202").split(",");
        String[] bt = (args.length > 2 ? args[2] : "64x60").split("x");
        int batch = Integer.parseInt(bt[0]), steps = Integer.parseInt(bt[1]);
        if (pairs < 10 || pairs > 100_000) throw new IllegalArgumentException("pairs must be in [10, 100000], not " + pairs);
        System.out.println("kernels " + Kernels.describe() + ", java " + System.getProperty("java.version") + ", " + pairs
                + " interleaved pairs per model after 10 s of warm-up, B" + batch + " T" + steps);
        for (String model : models) {
            StepRunner rp = new StepRunner(model, batch, steps, 1), rq = new StepRunner(model, batch, steps, 1);
            Network<float[]> prepared = Network.create(rp.config, forwarding(false));
            Network<float[]> perCall = Network.create(rq.config, forwarding(true));
            double lp = step(rp, prepared), lq = step(rq, perCall);
            if (Double.doubleToLongBits(lp) != Double.doubleToLongBits(lq)) {
                throw new IllegalStateException(model + ": the two sides differ (" + lp + " vs " + lq + ")");
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until) {
                step(rp, prepared);
                step(rq, perCall);
            }
            double[] a = new double[pairs], b = new double[pairs], ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                boolean preparedFirst = (i & 1) == 0; // alternate the order so neither side always runs second
                if (preparedFirst) {
                    a[i] = timed(rp, prepared);
                    b[i] = timed(rq, perCall);
                } else {
                    b[i] = timed(rq, perCall);
                    a[i] = timed(rp, prepared);
                }
                ratio[i] = a[i] / b[i];
            }
            System.out.printf(Locale.ROOT, "%-7s prepared once: median %6.2f ms p10 %6.2f | repacked per call: median %6.2f ms p10 %6.2f"
                            + " | ratio per pair: median %.3f, IQR %.3f-%.3f%n", model, q(a, .5), q(a, .1), q(b, .5), q(b, .1),
                    q(ratio, .5), q(ratio, .25), q(ratio, .75));
        }
    }

    private static double timed(StepRunner r, Network<float[]> net) {
        long t0 = System.nanoTime();
        step(r, net);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Forward + BPTT of the next batch (the optimiser is left out: it is the same code on both sides). */
    private static double step(StepRunner r, Network<float[]> net) {
        Batch b = r.nextBatch();
        float[] h0 = r.model.initialState(r.batch, r.rng);
        float[][] params = r.model.parameters().arrays();
        Object prep = net.prepare(params);
        for (float[] g : r.grads) Arrays.fill(g, 0f);
        return net.run(params, prep, b.inputs(), b.labels(), h0, b.steps(), b.batchSize(), 0, b.batchSize(), r.grads, r.learning, true)[0];
    }

    /** The best float kernels behind a proxy; with {@code perCall}, {@code prepareB} keeps B unprepared. */
    @SuppressWarnings("unchecked")
    private static Ops<float[]> forwarding(boolean perCall) {
        Ops<float[]> target = Kernels.bestFloat();
        return (Ops<float[]>) Proxy.newProxyInstance(PreparedBInterleaved.class.getClassLoader(), new Class<?>[]{Ops.class}, (p, m, a) -> {
            if (perCall && m.getName().equals("prepareB")) {
                return new Ops.PreparedB<>(a[0], (Integer) a[1], (Integer) a[2], (Integer) a[3], (Integer) a[4], null);
            }
            try {
                return m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static double q(double[] x, double p) {
        double[] s = x.clone();
        Arrays.sort(s);
        double pos = p * (s.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < s.length ? s[i] + (pos - i) * (s[i + 1] - s[i]) : s[i];
    }
}
