package org.cbrnn.bench;

import java.util.EnumSet;
import java.util.Set;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.Sgd;
import org.cbrnn.util.Rng;

/**
 * One training step as the trainer does it: draw h_0, forward + BPTT through the engine, then the paper's optimiser
 * (SGD lr 0.01, Nesterov momentum 0.1, global-norm clip 7.5) on every tensor. Batches (parity, level 2, fixed B and
 * T) are drawn up front and cycled, so sampling is not timed; h_0 is drawn inside the step as the model does on
 * every forward call.
 */
final class StepRunner {
    static final int POOL = 4, LEVEL = 2;
    private static final Set<Module> ALL = EnumSet.allOf(Module.class);

    final String modelName;
    final ModelConfig config;
    final Model model;
    final Sgd sgd;
    final float[][] grads;
    final boolean[] learning;
    final Batch[] batches;
    /** For a model with K > 1 heads: the batches with every head labelled (the protocols' multi-head step). */
    final MultiHeadBatch[] multi;
    final Rng rng;
    final int batch, steps;
    private int next;
    double lastLoss = Double.NaN;

    StepRunner(String modelName, int batch, int steps, long seed) {
        this.modelName = modelName;
        this.config = config(modelName);
        this.batch = batch;
        this.steps = steps;
        this.model = Model.create(config, seed);
        Parameters p = model.parameters();
        this.sgd = Sgd.paperDefaults(p);
        this.grads = Parameters.zerosLike(p).arrays();
        this.learning = new boolean[p.size()];
        for (int i = 0; i < learning.length; i++) learning[i] = p.inModules(i, ALL);
        this.rng = Rng.of(seed, "bench");
        Task task = TaskRegistry.of("parity");
        int level = Math.min(LEVEL, steps);
        this.batches = new Batch[POOL];
        for (int i = 0; i < POOL; i++) batches[i] = task.sample(level, batch, steps, rng);
        int K = config.numHeads();
        this.multi = new MultiHeadBatch[K > 1 ? POOL : 0];
        for (int i = 0; i < multi.length; i++) {
            int[][] y = new int[K][];
            for (int k = 0; k < K; k++) y[k] = batches[i].labels();
            multi[i] = new MultiHeadBatch(batches[i], y);
        }
    }

    static ModelConfig config(String modelName) {
        int k = modelName.indexOf("-k");
        if (k > 0) return config(modelName.substring(0, k)).withNumHeads(Integer.parseInt(modelName.substring(k + 2)));
        return switch (modelName) {
            case "cbrnn" -> ModelConfig.cbRnn();
            case "rnn202" -> ModelConfig.matchedElman(ModelConfig.cbRnn());
            default -> throw new IllegalArgumentException("model must be one of " + BenchArgs.MODELS + ", got '" + modelName + "'");
        };
    }

    Batch nextBatch() {
        Batch b = batches[next];
        next = (next + 1) % POOL;
        return b;
    }

    /** One full training step on {@code engine}; returns the loss. */
    double step(Engine engine) {
        int i = next;
        Batch b = nextBatch();
        float[] h0 = model.initialState(batch, rng);
        double loss = multi.length > 0 ? engine.gradients(model, multi[i], h0, ALL, grads).loss() : engine.gradients(model, b, h0, ALL, grads).loss();
        sgd.step(model.parameters(), grads, learning);
        lastLoss = loss;
        return loss;
    }

    /**
     * Multiply-add FLOPs of the matrix products of one step (forward + the two backward products per weight matrix):
     * 6 * B * (T * sum of the per-step weight matrices + the head's).
     */
    double gflop() {
        long perStep = 0, head = 0;
        for (ParamSpec s : config.parameterSpecs()) {
            if (!s.name().endsWith(".weight")) continue;
            if (s.name().startsWith("head")) head += s.size();
            else perStep += s.size();
        }
        return 6.0 * batch * ((double) steps * perStep + head) / 1e9;
    }
}
