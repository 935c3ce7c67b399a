package org.cbrnn.model;

import org.cbrnn.util.Check;

/** Parameter-count matching for baselines (docs/protocol.md §2.10, the rules of the authors' count_params.py, re-derived). */
public final class ParameterMatching {
    private ParameterMatching() {}

    /**
     * The plain Elman RNN (same I, C and number of heads K) whose parameter count is closest to {@code reference}'s; ties
     * go to the smaller. For the paper's two-head models this is H = 202 again: 42,222 against the multitask CB-RNN's
     * 42,052 (I = 1), 42,424 against the task-switching CB-RNN's 42,372 (I = 2).
     */
    public static ModelConfig matchedElman(ModelConfig reference) {
        Check.notNull("reference", reference);
        int target = reference.parameterCount();
        ModelConfig base = ModelConfig.elman(1).withInputSize(reference.inputSize()).withNumClasses(reference.numClasses())
                .withNumHeads(reference.numHeads())
                .withTau(reference.tau()).withLeakSlope(reference.leakSlope());
        ModelConfig best = null;
        long bestDiff = Long.MAX_VALUE;
        for (int h = 1; h <= 4096; h++) {
            ModelConfig c = base.withHiddenSize(h);
            long diff = Math.abs((long) c.parameterCount() - target);
            if (diff < bestDiff) {
                bestDiff = diff;
                best = c;
            }
            if (c.parameterCount() > target) break;
        }
        return best;
    }

    /** The auxiliary-control width in 2..399 whose module size is closest to the feedforward CB of {@code reference}. */
    public static int matchedAuxSize(ModelConfig reference) {
        Check.notNull("reference", reference);
        if (reference.coupling() != ModelConfig.Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("reference must have coupling CEREBELLAR_BIAS, got " + reference.coupling());
        }
        int cb = reference.parameterBreakdown().get(Module.CEREBELLUM);
        int best = 2;
        long bestDiff = Long.MAX_VALUE;
        for (int a = 2; a <= 399; a++) {
            int u = reference.cbInputWidth();
            int aux = u * a + a + a * a + a + a * reference.hiddenSize() + reference.hiddenSize();
            long diff = Math.abs((long) aux - cb);
            if (diff < bestDiff) {
                bestDiff = diff;
                best = a;
            }
        }
        return best;
    }
}
