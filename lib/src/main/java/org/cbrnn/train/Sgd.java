package org.cbrnn.train;

import java.util.EnumMap;
import java.util.Map;
import org.cbrnn.engine.EngineChecks;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.util.Check;

/**
 * SGD with (Nesterov) momentum and global gradient-norm clipping, with PyTorch's semantics (docs/protocol.md §4.3-4.4):
 * <pre>
 *   clip:     c = maxNorm / (||g|| + 1e-6); if c < 1: g *= c        (norm over all tensors that have a gradient)
 *   momentum: buf = g on a tensor's first step, then buf = mu * buf + g
 *   update:   p -= lr_module * (g + mu * buf)    (Nesterov)   or   p -= lr_module * buf   (classical)
 * </pre>
 * Tensors that do not learn this step are skipped entirely: their values and momentum buffers stay bit-identical.
 */
public final class Sgd {
    private final Map<Module, Double> learningRates;
    private final double momentum;
    private final boolean nesterov;
    private final double maxGradNorm;
    private final float[][] buffers;

    /**
     * @param learningRates per-module learning rate
     * @param momentum      momentum factor mu in [0, 1)
     * @param nesterov      Nesterov form (the paper's)
     * @param maxGradNorm   global-norm clip threshold; {@code Double.POSITIVE_INFINITY} disables clipping
     */
    public Sgd(Parameters params, Map<Module, Double> learningRates, double momentum, boolean nesterov, double maxGradNorm) {
        Check.notNull("params", params);
        Check.notNull("learningRates", learningRates);
        for (Module m : Module.values()) {
            Double lr = learningRates.get(m);
            if (lr == null) throw new IllegalArgumentException("learningRates must give a rate for module " + m);
            Check.inRange("learning rate of " + m, lr, 0.0, 100.0);
        }
        this.learningRates = new EnumMap<>(learningRates);
        this.momentum = Check.inRange("momentum", momentum, 0.0, 0.999999);
        this.nesterov = nesterov;
        if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be > 0, got " + maxGradNorm);
        this.maxGradNorm = maxGradNorm;
        this.buffers = new float[params.size()][];
    }

    /** lr 0.01 for every module, momentum 0.1, Nesterov, clip 7.5: the paper's optimiser. */
    public static Sgd paperDefaults(Parameters params) {
        Check.notNull("params", params);
        return new Sgd(params, uniformRates(0.01), 0.1, true, 7.5);
    }

    /** The same learning rate for every module. */
    public static Map<Module, Double> uniformRates(double lr) {
        Map<Module, Double> m = new EnumMap<>(Module.class);
        for (Module mod : Module.values()) m.put(mod, lr);
        return m;
    }

    /**
     * One update. Gradients of learning tensors are clipped in place.
     *
     * @param learning which tensors learn this step (spec order)
     * @return the global gradient norm before clipping; if it is not finite, nothing is updated
     */
    public double step(Parameters params, float[][] grads, boolean[] learning) {
        Check.notNull("params", params);
        Check.notNull("grads", grads);
        Check.notNull("learning", learning);
        // shapes first: a mismatch found halfway through would leave some tensors updated and others not
        if (params.size() != buffers.length) {
            throw new IllegalArgumentException("params must have the " + buffers.length + " tensors this optimiser was built for, got " + params.size());
        }
        EngineChecks.tensors("grads", params.specs(), grads);
        if (learning.length != params.size()) {
            throw new IllegalArgumentException("learning must have " + params.size() + " entries (one per tensor), got " + learning.length);
        }
        double sq = 0;
        for (int i = 0; i < grads.length; i++) {
            if (!learning[i]) continue;
            float[] g = grads[i];
            for (float v : g) sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) return norm;
        double coef = maxGradNorm / (norm + 1e-6);
        float c = (float) Math.min(coef, 1.0);
        float mu = (float) momentum;
        for (int i = 0; i < grads.length; i++) {
            if (!learning[i]) continue;
            float[] g = grads[i], p = params.get(i);
            if (coef < 1) for (int j = 0; j < g.length; j++) g[j] *= c;
            float lr = (float) (double) learningRates.get(params.spec(i).module());
            float[] buf = buffers[i];
            if (momentum == 0) {
                for (int j = 0; j < g.length; j++) p[j] -= lr * g[j];
                continue;
            }
            if (buf == null) {
                buf = g.clone();
                buffers[i] = buf;
            } else {
                for (int j = 0; j < g.length; j++) buf[j] = buf[j] * mu + g[j];
            }
            if (nesterov) {
                for (int j = 0; j < g.length; j++) p[j] -= lr * (g[j] + mu * buf[j]);
            } else {
                for (int j = 0; j < g.length; j++) p[j] -= lr * buf[j];
            }
        }
        return norm;
    }

    /** The momentum buffers (null for tensors that never learned), for checkpoints. */
    public float[][] buffers() {
        return buffers;
    }

    /** Restores buffers saved with {@link #buffers()}. */
    public void restoreBuffers(float[][] saved) {
        Check.notNull("saved", saved);
        if (saved.length != buffers.length) throw new IllegalArgumentException("saved buffers have " + saved.length + " tensors, expected " + buffers.length);
        for (int i = 0; i < saved.length; i++) buffers[i] = saved[i] == null ? null : saved[i].clone();
    }

    public Map<Module, Double> learningRates() {
        return Map.copyOf(learningRates);
    }
}
