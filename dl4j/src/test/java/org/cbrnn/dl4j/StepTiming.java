package org.cbrnn.dl4j;

import java.util.Arrays;
import java.util.EnumSet;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.Sgd;
import org.cbrnn.util.Rng;

/**
 * Quick timing of one training step (forward, backward, the kit's SGD update) of the default CB-RNN, median over
 * repeats. Not a test; run with OMP_NUM_THREADS=1:
 * {@code java -cp dl4j/target/test-classes:dl4j/target/classes:dl4j/target/deps/* org.cbrnn.dl4j.StepTiming [engine] [B] [T]...}
 */
public final class StepTiming {
    public static void main(String[] args) {
        String engineName = args.length > 0 ? args[0] : "samediff";
        int B = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int[] Ts = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[]{30, 60};
        Model m = Model.create(ModelConfig.cbRnn(), 1);
        Sgd sgd = Sgd.paperDefaults(m.parameters());
        boolean[] all = new boolean[m.parameters().size()];
        Arrays.fill(all, true);
        float[][] g = new float[all.length][];
        for (int i = 0; i < g.length; i++) g[i] = new float[m.parameters().get(i).length];
        Rng rng = new Rng(1);
        try (Engine e = engineName.equals("samediff-exact")
                ? SameDiffEngine.builder().lengthBuckets(LengthBuckets.exact()).build() : Engines.byName(engineName)) {
            for (int T : Ts) {
                Batch batch = TaskRegistry.of("parity").sample(10, B, T, rng);
                float[] h0 = m.initialState(B, rng);
                long b0 = System.nanoTime();
                e.gradients(m, batch, h0, EnumSet.allOf(Module.class), g);
                double first = (System.nanoTime() - b0) / 1e6;
                for (int i = 0; i < 20; i++) e.gradients(m, batch, h0, EnumSet.allOf(Module.class), g);
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                double[] ms = new double[40], cpu = new double[40];
                for (int i = 0; i < ms.length; i++) {
                    long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    e.gradients(m, batch, h0, EnumSet.allOf(Module.class), g);
                    sgd.step(m.parameters(), g, all);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                }
                Arrays.sort(ms);
                Arrays.sort(cpu);
                System.out.printf("%s B%d T%d: median %.1f ms/step wall (min %.1f), %.1f ms thread CPU; first call incl. graph build %.0f ms%n",
                        e.name(), B, T, ms[ms.length / 2], ms[0], cpu[cpu.length / 2], first);
            }
        }
    }
}
